package io.nightshift.sandbox.cli;

import io.nightshift.common.config.NightshiftConfig;
import io.nightshift.common.config.PricingSettings;
import io.nightshift.common.time.RunDates;
import io.nightshift.jobs.cli.BaseCommand;
import io.nightshift.jobs.cli.DateConverter;
import io.nightshift.jobs.cli.ExtraCommand;
import io.nightshift.jobs.cli.Launch;
import io.nightshift.jobs.cli.UsageException;
import io.nightshift.jobs.stage.StageContext;
import io.nightshift.sandbox.pricing.ClosedLoopReport;
import io.nightshift.sandbox.pricing.ClosedLoopSimulation;
import io.nightshift.sandbox.pricing.LoopStrategy;
import io.nightshift.sandbox.pricing.PricingSimulation;
import io.nightshift.sandbox.pricing.SimulationShop;
import io.nightshift.sandbox.sample.SampleShopSpec;
import io.nightshift.sandbox.sample.ShopHistory;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code simulate-pricing}: the what-if on the sample shop's true demand. {@code --mode replay} (the default) replays
 * the last N days with prices set nightly from a shortcut forecast ({@link PricingSimulation}); {@code --mode
 * closed-loop} runs the stages' own model code every simulated night on the history including the simulated sales
 * ({@link ClosedLoopSimulation}).
 */
@Command(
        name = "simulate-pricing",
        mixinStandardHelpOptions = true,
        description = "simulate the sample shop's last N days on its true demand, repricing nightly, per strategy")
public final class SimulatePricingCommand extends BaseCommand {
    /** Registers {@code simulate-pricing} with the command line (META-INF/services). */
    public static final class Registration implements ExtraCommand {
        @Override
        public String name() {
            return "simulate-pricing";
        }

        @Override
        public String description() {
            return "the sample shop's last N days on its true demand per pricing strategy: replayed, or in a closed loop";
        }

        @Override
        public Object create(Launch launch) {
            return new SimulatePricingCommand(launch);
        }
    }

    @Option(
            names = "--mode",
            paramLabel = "replay|closed-loop",
            description =
                    "replay: prices from a shortcut forecast, no model refitted (default); closed-loop: the stages' "
                            + "forecast, elasticity and pricer run on the simulated history every night")
    String mode = "replay";

    @Option(
            names = "--days",
            paramLabel = "N",
            description = "days to simulate, ending on the sample's last day (default 60; closed-loop 180)")
    Integer days;

    @Option(
            names = "--strategy",
            paramLabel = "S",
            description =
                    "replay: rules, optimize or both (default both); closed-loop: all (default) or a comma list of "
                            + "rules, optimize, optimize-truth, optimize-learn")
    String strategy;

    @Option(
            names = "--refit-days",
            paramLabel = "N",
            description =
                    "closed-loop: refit forecasts and elasticities every N nights (default 7; prices every night)")
    int refitDays = 7;

    @Option(
            names = "--shop-seed",
            paramLabel = "N",
            description = "closed-loop: simulate the sample shop of this seed (in memory) instead of the warehouse's")
    Long shopSeed;

    @Option(
            names = "--last-day",
            paramLabel = "YYYY-MM-DD",
            converter = DateConverter.class,
            description =
                    "closed-loop with --shop-seed, or without a sample in the warehouse: the shop's last day (default: the warehouse sample's, else yesterday)")
    LocalDate lastDay;

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "closed-loop: threads for the model fits (default: the cores)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(
            names = "--html",
            paramLabel = "FILE",
            description =
                    "closed-loop: where to write the HTML page (default <warehouse>/reports/closed-loop-<cut-off>-<seed>.html)")
    Path html;

    @Option(
            names = "--elasticity",
            paramLabel = "auto|table|truth|default",
            description =
                    "elasticities the strategy is told: the elasticity stage's table, the truth, or the default (default auto: the table when present, else the truth)")
    String elasticity = "auto";

    @Option(names = "--seed", description = "seed of the demand draws (default 1)")
    long seed = 1;

    SimulatePricingCommand(Launch launch) {
        super(launch);
    }

    @Override
    protected Integer run() throws Exception {
        return switch (mode) {
            case "replay" -> replay();
            case "closed-loop" -> closedLoop();
            default -> throw new UsageException("--mode must be replay or closed-loop, not '" + mode + "'");
        };
    }

    private Integer closedLoop() throws Exception {
        int nights = days == null ? 180 : days;
        List<LoopStrategy> strategies = new ArrayList<>();
        try {
            if (strategy == null || strategy.equals("all")) {
                strategies.addAll(List.of(LoopStrategy.values()));
            } else {
                for (String label : strategy.split(",")) {
                    strategies.add(LoopStrategy.parse(label));
                }
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException("--strategy: " + e.getMessage());
        }
        if (nights < 1) {
            throw new UsageException("--days must be at least 1");
        }
        if (refitDays < 1) {
            throw new UsageException("--refit-days must be at least 1");
        }
        if (threads < 1) {
            throw new UsageException("--threads must be at least 1");
        }
        Optional<SampleShopSpec> existing = GenerateSampleCommand.existing(config);
        SampleShopSpec spec = existing.orElseGet(() -> new SampleShopSpec(
                config.sample().products(),
                config.sample().days(),
                config.sample().customers(),
                config.sample().seed(),
                RunDates.yesterday(launch.clock(), config.shop().timeZone()),
                config.shop().country(),
                config.shop().currency(),
                config.shop().timeZone()));
        if (shopSeed != null || lastDay != null) {
            spec = new SampleShopSpec(
                    spec.products(),
                    spec.days(),
                    spec.customers(),
                    shopSeed != null ? shopSeed : spec.seed(),
                    lastDay != null ? lastDay : spec.lastDay(),
                    spec.countryCode(),
                    spec.currency(),
                    spec.zone());
        }
        String shop = String.format(
                Locale.ROOT,
                "sample shop seed %d: %d products x %d days ending %s (%s)",
                spec.seed(),
                spec.products(),
                spec.days(),
                spec.lastDay(),
                existing.isPresent() && shopSeed == null && lastDay == null
                        ? "the warehouse's, simulated again in memory"
                        : "simulated in memory");
        long start = System.nanoTime();
        ShopHistory history = ShopHistory.simulate(spec);
        ClosedLoopSimulation.Settings settings = new ClosedLoopSimulation.Settings(
                config.pricing(),
                config.forecast(),
                config.elasticity(),
                config.shop().country(),
                config.shop().region());
        ClosedLoopSimulation.Result result;
        try {
            result = ClosedLoopSimulation.run(
                    history,
                    new ClosedLoopSimulation.Plan(nights, refitDays, seed, strategies, threads),
                    settings,
                    null);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        PrintStream out = launch.out();
        ClosedLoopReport.print(result, shop, seed, out);
        Path page = html != null
                ? html
                : NightshiftConfig.Storage.localPath(config.storage().warehouse())
                        .resolve("reports")
                        .resolve("closed-loop-" + result.cutoff() + "-seed" + spec.seed() + ".html");
        if (page.getParent() != null) {
            Files.createDirectories(page.getParent());
        }
        Files.writeString(
                page,
                ClosedLoopReport.html(
                        result, shop, seed, Instant.now(launch.clock()).toString()),
                StandardCharsets.UTF_8);
        out.printf(Locale.ROOT, "page: %s%ntotal %.1f s%n", page, (System.nanoTime() - start) / 1e9);
        return 0;
    }

    private Integer replay() throws Exception {
        int days = this.days == null ? 60 : this.days;
        String strategy = this.strategy == null ? "both" : this.strategy;
        List<PricingSettings.Strategy> strategies = switch (strategy) {
            case "both" -> List.of(PricingSettings.Strategy.RULES, PricingSettings.Strategy.OPTIMIZE);
            case "rules" -> List.of(PricingSettings.Strategy.RULES);
            case "optimize" -> List.of(PricingSettings.Strategy.OPTIMIZE);
            default -> throw new UsageException("--strategy must be rules, optimize or both, not '" + strategy + "'");
        };
        SimulationShop.ElasticitySource source;
        try {
            source = SimulationShop.ElasticitySource.valueOf(elasticity.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--elasticity must be auto, table, truth or default, not '" + elasticity + "'");
        }
        if (days < 1) {
            throw new UsageException("--days must be at least 1");
        }
        String truth = config.storage().groundTruth();
        if (!truth.startsWith("file:") || !config.storage().landingZone().startsWith("file:")) {
            throw new UsageException("simulate-pricing reads the ground truth and landing zone from local folders");
        }
        Path truthFolder = NightshiftConfig.Storage.localPath(truth);
        if (!Files.isRegularFile(truthFolder.resolve("demand_daily.csv"))) {
            throw new UsageException("no sample shop ground truth in " + truthFolder
                    + ": run 'bin/pipeline generate-sample' (or demo) first");
        }
        PricingSettings settings = config.pricing().withControlGroupShare(0);
        PricingSimulation.Shop shop;
        try (StageContext context = newContext(false)) {
            try {
                shop = SimulationShop.load(
                        context.spark(),
                        context.catalog(),
                        truthFolder,
                        NightshiftConfig.Storage.localPath(config.storage().landingZone()),
                        days,
                        source);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        int start = SimulationShop.startIndex(shop, days);
        PrintStream out = launch.out();
        out.printf(
                Locale.ROOT,
                "simulate-pricing: %d days (%s .. %s), %d products, true demand from %s%n",
                days,
                shop.firstDay().plusDays(start),
                shop.firstDay().plusDays(start + days - 1L),
                shop.products().size(),
                truthFolder);
        out.println("elasticities: " + shop.elasticitySource());
        out.println(
                "competitor prices: the landing zone's feeds; stock at the start: silver.inventory_daily, else reorder point + half an order");
        out.println("forecast: mean of the last 28 days' sales without stock-out (a shortcut; see README)");
        out.println();
        out.printf(
                Locale.ROOT,
                "%-9s %14s %14s %10s %14s %11s %10s %14s%n",
                "strategy",
                "revenue",
                "profit",
                "units",
                "stock-out days",
                "below cost",
                "above cap",
                "price changes");
        List<PricingSimulation.Result> results = new ArrayList<>();
        for (PricingSettings.Strategy s : strategies) {
            PricingSimulation.Result r = PricingSimulation.run(shop, start, days, settings.withStrategy(s), seed);
            results.add(r);
            out.printf(
                    Locale.ROOT,
                    "%-9s %,14.2f %,14.2f %,10d %,14d %,11d %,10d %,14d%n",
                    r.strategy(),
                    r.revenue(),
                    r.profit(),
                    r.units(),
                    r.stockoutDays(),
                    r.belowCost(),
                    r.aboveCap(),
                    r.priceChanges());
        }
        if (results.size() == 2) {
            PricingSimulation.Result rules = results.get(0);
            PricingSimulation.Result optimize = results.get(1);
            out.println();
            out.printf(
                    Locale.ROOT,
                    "lift of optimize over rules: profit %+.1f%%, revenue %+.1f%%, units %+.1f%%, stock-out days %+d%n",
                    100 * PricingSimulation.lift(optimize.profit(), rules.profit()),
                    100 * PricingSimulation.lift(optimize.revenue(), rules.revenue()),
                    100 * PricingSimulation.lift(optimize.units(), rules.units()),
                    optimize.stockoutDays() - rules.stockoutDays());
        }
        for (PricingSimulation.Result r : results) {
            out.println("reasons (" + r.strategy() + "): "
                    + String.join(", ", PricingSimulation.topReasons(r.reasons(), 6)));
        }
        return 0;
    }
}
