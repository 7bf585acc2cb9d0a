package io.nightshift.sandbox.cli;

import io.nightshift.common.config.NightshiftConfig;
import io.nightshift.common.config.PricingSettings;
import io.nightshift.jobs.cli.BaseCommand;
import io.nightshift.jobs.cli.ExtraCommand;
import io.nightshift.jobs.cli.Launch;
import io.nightshift.jobs.cli.UsageException;
import io.nightshift.jobs.stage.StageContext;
import io.nightshift.sandbox.pricing.PricingSimulation;
import io.nightshift.sandbox.pricing.SimulationShop;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code simulate-pricing --days N [--strategy rules|optimize|both]}: the what-if on the sample shop's true
 * demand (see {@link PricingSimulation} for the model and its one shortcut).
 */
@Command(
        name = "simulate-pricing",
        mixinStandardHelpOptions = true,
        description = "replay the sample shop's last N days on its true demand, repricing nightly, per strategy")
public final class SimulatePricingCommand extends BaseCommand {
    /** Registers {@code simulate-pricing} with the command line (META-INF/services). */
    public static final class Registration implements ExtraCommand {
        @Override
        public String name() {
            return "simulate-pricing";
        }

        @Override
        public String description() {
            return "replay the sample shop's last N days on its true demand, per pricing strategy";
        }

        @Override
        public Object create(Launch launch) {
            return new SimulatePricingCommand(launch);
        }
    }

    @Option(
            names = "--days",
            paramLabel = "N",
            description = "days to replay, ending on the sample's last day (default 60)")
    int days = 60;

    @Option(names = "--strategy", paramLabel = "rules|optimize|both", description = "strategy to replay (default both)")
    String strategy = "both";

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
