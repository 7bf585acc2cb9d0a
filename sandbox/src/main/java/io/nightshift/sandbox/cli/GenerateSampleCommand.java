package io.nightshift.sandbox.cli;

import io.nightshift.common.config.NightshiftConfig;
import io.nightshift.common.db.CommerceDatabase;
import io.nightshift.common.time.RunDates;
import io.nightshift.jobs.cli.BaseCommand;
import io.nightshift.jobs.cli.DateConverter;
import io.nightshift.jobs.cli.ExtraCommand;
import io.nightshift.jobs.cli.Launch;
import io.nightshift.jobs.cli.UsageException;
import io.nightshift.sandbox.sample.ContractExport;
import io.nightshift.sandbox.sample.SampleShopGenerator;
import io.nightshift.sandbox.sample.SampleShopSpec;
import io.nightshift.sandbox.sample.SampleShopSummary;
import io.nightshift.sandbox.sample.ShopExport;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code generate-sample}: the deterministic sample shop, its landing files, database rows and ground truth. */
@Command(
        name = "generate-sample",
        mixinStandardHelpOptions = true,
        description = "generate the deterministic sample shop and its ground truth")
public final class GenerateSampleCommand extends BaseCommand {
    /** Registers {@code generate-sample} with the command line (META-INF/services). */
    public static final class Registration implements ExtraCommand {
        @Override
        public String name() {
            return "generate-sample";
        }

        @Override
        public String description() {
            return "generate the deterministic sample shop and its ground truth";
        }

        @Override
        public Object create(Launch launch) {
            return new GenerateSampleCommand(launch);
        }
    }

    /** Written last, so its presence means a complete sample. */
    static final String MARKER = "sample.properties";

    @Option(
            names = "--products",
            paramLabel = "N",
            description = "number of products (default: nightshift.sample.products, 200)")
    Integer products;

    @Option(names = "--days", paramLabel = "N", description = "days of history (default: nightshift.sample.days, 730)")
    Integer days;

    @Option(
            names = "--customers",
            paramLabel = "N",
            description = "subscribers (default: nightshift.sample.customers, 2000)")
    Integer customers;

    @Option(names = "--seed", paramLabel = "N", description = "random seed (default: nightshift.sample.seed, 1)")
    Long seed;

    @Option(
            names = "--last-day",
            paramLabel = "YYYY-MM-DD",
            converter = DateConverter.class,
            description = "last day of history (default: yesterday in the shop's time zone)")
    LocalDate lastDay;

    @Option(
            names = "--export-contract",
            paramLabel = "FOLDER",
            description = "also write the shop's orders and products in the import contract's columns"
                    + " (FOLDER/orders.csv, FOLDER/products.csv, and its end-of-day stock in FOLDER/stock.csv), as a"
                    + " shop would give them to import; --export-format picks another format")
    Path exportContract;

    @Option(
            names = "--export-format",
            paramLabel = "contract-csv|contract-parquet|shopify-csv",
            defaultValue = "contract-csv",
            description =
                    "the format --export-contract writes: the contract's CSV (orders.csv, products.csv, stock.csv) or"
                            + " Parquet (orders.parquet, products.parquet), or the Shopify admin's CSV exports"
                            + " (orders_export.csv, products_export.csv) (default: ${DEFAULT-VALUE})")
    String exportFormat;

    GenerateSampleCommand(Launch launch) {
        super(launch);
    }

    @Override
    protected Integer run() throws Exception {
        requirePositive("--products", products);
        requirePositive("--days", days);
        requirePositive("--customers", customers);
        ShopExport.Format format;
        try {
            format = ShopExport.Format.parse(exportFormat);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (exportContract == null && format != ShopExport.Format.CONTRACT_CSV) {
            throw new UsageException(
                    "--export-format says how --export-contract FOLDER writes the shop: give the folder too");
        }
        NightshiftConfig.Sample defaults = config.sample();
        SampleShopSpec spec = new SampleShopSpec(
                products != null ? products : defaults.products(),
                days != null ? days : defaults.days(),
                customers != null ? customers : defaults.customers(),
                seed != null ? seed : defaults.seed(),
                lastDay != null
                        ? lastDay
                        : RunDates.yesterday(launch.clock(), config.shop().timeZone()),
                config.shop().country(),
                config.shop().currency(),
                config.shop().timeZone());
        generate(config, spec, launch);
        if (exportContract != null) {
            try (CommerceDatabase database = CommerceDatabase.open(config)) {
                long lines = ShopExport.write(
                        format,
                        database.dataSource(),
                        exportContract,
                        ContractExport.Days.all(),
                        config.shop().timeZone(),
                        config.shop().currency());
                launch.err()
                        .printf(
                                Locale.ROOT,
                                "  %s files: %,d order lines in %s and the products in %s%s; import them with"
                                        + " bin/pipeline %s%n",
                                format.label(),
                                lines,
                                exportContract.resolve(format.ordersFile),
                                exportContract.resolve(format.productsFile),
                                format.stockFile
                                        .map(f -> ", the stock in " + exportContract.resolve(f))
                                        .orElse(""),
                                String.join(" ", ShopExport.importArguments(format, exportContract)));
            }
        }
        return 0;
    }

    static SampleShopSummary generate(NightshiftConfig config, SampleShopSpec spec, Launch launch) throws Exception {
        Path landing = localFolder(config.storage().landingZone(), "nightshift.landing-zone");
        Path truth = localFolder(config.storage().groundTruth(), "nightshift.ground-truth");
        long start = System.nanoTime();
        launch.err()
                .printf(
                        Locale.ROOT,
                        "generating the sample shop: %d products x %d days ending %s, %d subscribers, seed %d%n",
                        spec.products(),
                        spec.days(),
                        spec.lastDay(),
                        spec.customers(),
                        spec.seed());
        Files.deleteIfExists(truth.resolve(MARKER));
        SampleShopSummary summary;
        try (CommerceDatabase database = CommerceDatabase.open(config)) {
            summary = new SampleShopGenerator(spec).generate(landing, truth, database.dataSource());
        }
        writeMarker(truth.resolve(MARKER), spec);
        double seconds = (System.nanoTime() - start) / 1e9;
        for (Map.Entry<String, Long> entry : summary.rowsByTable().entrySet()) {
            launch.err().printf(Locale.ROOT, "  %-26s %,12d rows%n", entry.getKey(), entry.getValue());
        }
        launch.err()
                .printf(
                        Locale.ROOT,
                        "  landing zone: %,d rows in %s; %,d injected defects recorded in %s%n",
                        summary.landingRows(),
                        landing,
                        summary.defects(),
                        truth);
        launch.err().printf(Locale.ROOT, "generated in %.1f s%n", seconds);
        return summary;
    }

    /** The spec of the complete sample in this warehouse, if there is one. */
    static Optional<SampleShopSpec> existing(NightshiftConfig config) throws IOException {
        Path marker = localFolder(config.storage().groundTruth(), "nightshift.ground-truth")
                .resolve(MARKER);
        if (!Files.isRegularFile(marker)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(marker, StandardCharsets.UTF_8)) {
            p.load(reader);
        }
        return Optional.of(new SampleShopSpec(
                Integer.parseInt(p.getProperty("products")),
                Integer.parseInt(p.getProperty("days")),
                Integer.parseInt(p.getProperty("customers")),
                Long.parseLong(p.getProperty("seed")),
                LocalDate.parse(p.getProperty("last_day")),
                config.shop().country(),
                config.shop().currency(),
                config.shop().timeZone()));
    }

    /** Fixed order and no timestamp (Properties.store writes one), so the file is byte-identical per spec. */
    private static void writeMarker(Path marker, SampleShopSpec spec) throws IOException {
        String text = "products=" + spec.products() + "\n"
                + "days=" + spec.days() + "\n"
                + "customers=" + spec.customers() + "\n"
                + "seed=" + spec.seed() + "\n"
                + "last_day=" + spec.lastDay() + "\n";
        Files.createDirectories(marker.getParent());
        Files.writeString(marker, text, StandardCharsets.UTF_8);
    }

    private static Path localFolder(String location, String key) {
        if (!location.startsWith("file:")) {
            throw new UsageException("generate-sample writes local files; " + key + " is " + location
                    + " (generate locally, then copy the landing zone to the bucket)");
        }
        return NightshiftConfig.Storage.localPath(location);
    }

    private static void requirePositive(String option, Number value) {
        if (value != null && value.longValue() <= 0) {
            throw new UsageException(option + " must be positive, got " + value);
        }
    }
}
