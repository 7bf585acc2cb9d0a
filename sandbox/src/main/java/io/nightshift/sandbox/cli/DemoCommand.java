package io.nightshift.sandbox.cli;

import io.nightshift.common.catalog.Tables;
import io.nightshift.common.db.CommerceDatabase;
import io.nightshift.common.time.RunDates;
import io.nightshift.jobs.cli.BaseCommand;
import io.nightshift.jobs.cli.ExtraCommand;
import io.nightshift.jobs.cli.Launch;
import io.nightshift.jobs.ops.RunLog;
import io.nightshift.jobs.stage.Stage;
import io.nightshift.jobs.stage.StageContext;
import io.nightshift.jobs.stage.Stages;
import io.nightshift.sandbox.marketplace.MarketplaceDemo;
import io.nightshift.sandbox.sample.SampleShopSpec;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;

/** {@code demo}: the sample shop (generated if missing), nightly for its last day, and a summary. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "generate the sample shop if missing, run nightly for its last day, print a summary")
public final class DemoCommand extends BaseCommand {
    /** Registers {@code demo} with the command line (META-INF/services). */
    public static final class Registration implements ExtraCommand {
        @Override
        public String name() {
            return "demo";
        }

        @Override
        public String description() {
            return "generate the sample shop if missing, run nightly for its last day, print a summary";
        }

        @Override
        public Object create(Launch launch) {
            return new DemoCommand(launch);
        }
    }

    /** The commerce tables the summary counts. */
    private static final List<String> COMMERCE_TABLES = List.of(
            "products",
            "inventory",
            "inventory_snapshots",
            "orders",
            "order_lines",
            "customers",
            "customer_preferences",
            "subscription_box_items",
            "marketplace_listings",
            "storefront.product_prices");

    DemoCommand(Launch launch) {
        super(launch);
    }

    @Override
    protected Integer run() throws Exception {
        long start = System.nanoTime();
        PrintStream out = launch.out();
        Optional<SampleShopSpec> existing = GenerateSampleCommand.existing(config);
        SampleShopSpec spec;
        if (existing.isPresent()) {
            spec = existing.get();
            launch.err()
                    .println("using the sample shop already in "
                            + config.storage().warehouse() + " (last day " + spec.lastDay() + ")");
        } else {
            spec = new SampleShopSpec(
                    config.sample().products(),
                    config.sample().days(),
                    config.sample().customers(),
                    config.sample().seed(),
                    RunDates.yesterday(launch.clock(), config.shop().timeZone()),
                    config.shop().country(),
                    config.shop().currency(),
                    config.shop().timeZone());
            GenerateSampleCommand.generate(config, spec, launch);
        }
        MarketplaceDemo marketplaces = null;
        Optional<String> report;
        try {
            try (StageContext history = newContext(false)) {
                backfillHistory(history, spec);
                // Without configured marketplaces the demo starts the fakes in-process, listing what the database
                // lists.
                if (!MarketplaceDemo.configured(config)) {
                    marketplaces = MarketplaceDemo.start(
                            history, spec.lastDay(), config.shop().timeZone());
                }
            }
            try (StageContext context = marketplaces == null
                    ? newContext(false)
                    : new StageContext(marketplaces.config(config), false, launch.clock())) {
                report = runNightly(context, RunDates.of(spec.lastDay()));
                out.println();
                out.printf(
                        Locale.ROOT,
                        "Nightshift demo: nightly for %s on a sample shop of %d products x %d days%n",
                        spec.lastDay(),
                        spec.products(),
                        spec.days());
                out.println();
                printCommerceCounts(context.commerce(), out);
                printWarehouseCounts(context.spark(), context, out);
                if (marketplaces != null) {
                    out.println();
                    marketplaces.printSummary(context, out);
                }
            }
        } finally {
            if (marketplaces != null) {
                marketplaces.close();
            }
        }
        out.println();
        out.println("Log file:     " + logFile);
        out.println("Run log:      " + config.storage().logDir().resolve(RunLog.FILE_NAME));
        report.ifPresent(location -> out.println("Run report:   " + location));
        out.println("Ground truth: " + config.storage().groundTruth());
        out.println("Try:");
        out.println("  bin/pipeline sql \"show tables in silver\"");
        out.println("  bin/pipeline sql --format csv \"select * from silver.sales_daily order by day desc limit 10\"");
        out.printf(Locale.ROOT, "%nDemo finished in %.1f s%n", (System.nanoTime() - start) / 1e9);
        return 0;
    }

    /**
     * The stages after ingest need the shop's history in silver, so a fresh warehouse first gets the
     * ingest backfill of every day before the last (one pass over the range).
     */
    private void backfillHistory(StageContext context, SampleShopSpec spec) throws Exception {
        Optional<Stage> ingest = Stages.named("ingest");
        if (ingest.isEmpty() || context.catalog().exists(context.spark(), Tables.SALES_DAILY) || spec.days() < 2) {
            return;
        }
        RunDates history = new RunDates(spec.firstDay(), spec.lastDay().minusDays(1));
        launch.err().println("backfilling ingest over the sample's history " + history);
        runStages(context, "demo-backfill", List.of(ingest.get()), history);
    }

    private static void printCommerceCounts(CommerceDatabase commerce, PrintStream out) throws Exception {
        out.println("Commerce database (" + (commerce.isEmbedded() ? "embedded PostgreSQL" : "PostgreSQL") + "):");
        try (Connection connection = commerce.connect();
                Statement statement = connection.createStatement()) {
            for (String table : COMMERCE_TABLES) {
                try (ResultSet rs = statement.executeQuery("select count(*) from " + table)) {
                    rs.next();
                    out.printf(Locale.ROOT, "  %-30s %,12d rows%n", table, rs.getLong(1));
                }
            }
        }
    }

    private static void printWarehouseCounts(SparkSession spark, StageContext context, PrintStream out) {
        List<String> tables = context.catalog().registerExisting(spark);
        out.println("Warehouse tables (" + context.config().storage().warehouse() + "):");
        if (tables.isEmpty()) {
            out.println("  (none yet: no stage that writes Delta tables is implemented)");
        }
        for (String table : tables) {
            long rows = spark.table(table).count();
            out.printf(Locale.ROOT, "  %-30s %,12d rows%n", table, rows);
        }
    }
}
