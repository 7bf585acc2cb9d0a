package io.nightshift.sandbox.marketplace;

import io.nightshift.common.catalog.TableCatalog;
import io.nightshift.common.catalog.Tables;
import io.nightshift.common.config.NightshiftConfig;
import io.nightshift.jobs.stage.StageContext;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The demo's marketplaces: when no marketplace is configured, the four fakes start in-process, list what
 * commerce {@code marketplace_listings} lists, and carry seeded orders of the run day; after nightly the
 * summary shows the ledger per marketplace, the lines ingested, duplicates (0) and whether central stock
 * equals the stock before minus the valid orders' units.
 */
public final class MarketplaceDemo implements AutoCloseable {
    public static final List<String> MARKETPLACES = List.of("rest", "ebay", "amazon", "shopify");
    /** Documented refill rates x this in the demo's fakes and connectors (Amazon getOrders: 1 a minute otherwise). */
    static final double RATE_FACTOR = 20;

    static final int ORDERS_PER_MARKETPLACE = 40;
    private final FakeMarketplaces fakes;
    private final Map<Integer, Integer> onHandBefore;
    private final boolean firstIngest;

    private MarketplaceDemo(FakeMarketplaces fakes, Map<Integer, Integer> onHandBefore, boolean firstIngest) {
        this.fakes = fakes;
        this.onHandBefore = onHandBefore;
        this.firstIngest = firstIngest;
    }

    /** Whether the configuration connects any marketplace (then the demo uses those and starts no fake). */
    public static boolean configured(NightshiftConfig config) {
        return !config.marketplaces().channels().isEmpty();
    }

    /** Starts the fakes for {@code day} using the context's database; {@link #config} then points at them. */
    public static MarketplaceDemo start(StageContext context, LocalDate day, ZoneId zone) throws Exception {
        Path secrets = NightshiftConfig.Storage.localPath(
                        context.config().storage().warehouse())
                .resolve("_fakes");
        FakeMarketplaces fakes = new FakeMarketplaces(secrets, MARKETPLACES).scaleRates(RATE_FACTOR);
        DataSource db = context.commerce().dataSource();
        fakes.listFrom(db);
        fakes.all().values().forEach(f -> f.clock(context.clock()));
        Instant from = day.atStartOfDay(zone).toInstant();
        fakes.seedOrders(
                db,
                ORDERS_PER_MARKETPLACE,
                from,
                from.plusSeconds(86_400),
                day.toEpochDay(),
                context.config().shop().currency());
        boolean first = !context.catalog().exists(context.spark(), Tables.MARKETPLACE_ORDER_WATERMARKS);
        return new MarketplaceDemo(fakes, onHand(db), first);
    }

    public NightshiftConfig config(NightshiftConfig config) {
        return fakes.pointAt(config);
    }

    public void printSummary(StageContext context, PrintStream out) throws Exception {
        SparkSession spark = context.spark();
        TableCatalog catalog = context.catalog();
        out.println("Marketplaces (in-process fakes: " + String.join(", ", MARKETPLACES) + "; documented rates x"
                + (int) RATE_FACTOR + "):");
        Map<String, Long> ledger = new HashMap<>();
        Map<String, Long> acked = new HashMap<>();
        if (catalog.exists(spark, Tables.MARKETPLACE_PUSH_LEDGER)) {
            for (Row r : catalog.read(spark, Tables.MARKETPLACE_PUSH_LEDGER)
                    .groupBy("marketplace")
                    .agg(
                            org.apache.spark.sql.functions.count("*").as("rows"),
                            org.apache
                                    .spark
                                    .sql
                                    .functions
                                    .sum(org.apache
                                            .spark
                                            .sql
                                            .functions
                                            .when(
                                                    org.apache
                                                            .spark
                                                            .sql
                                                            .functions
                                                            .col("status")
                                                            .equalTo("ACKNOWLEDGED"),
                                                    1)
                                            .otherwise(0))
                                    .as("acked"))
                    .collectAsList()) {
                ledger.put(r.getString(0), r.getLong(1));
                acked.put(r.getString(0), r.getLong(2));
            }
        }
        DataSource db = context.commerce().dataSource();
        for (String m : MARKETPLACES) {
            long lines = count(db, "select count(*) from marketplace_applied_lines where marketplace = '" + m + "'");
            out.printf(
                    Locale.ROOT,
                    "  %-8s ledger rows %,7d (acknowledged %,7d)   order lines applied %,6d%n",
                    m,
                    ledger.getOrDefault(m, 0L),
                    acked.getOrDefault(m, 0L),
                    lines);
        }
        long duplicated = count(
                        db,
                        "select count(*) from (select order_id, product_id, count(*) from order_lines "
                                + "where order_id like 'M%' group by order_id, line_no, product_id having count(*) > 1) d")
                + (catalog.exists(spark, Tables.MARKETPLACE_ORDERS)
                        ? catalog.read(spark, Tables.MARKETPLACE_ORDERS).count()
                                - catalog.read(spark, Tables.MARKETPLACE_ORDERS)
                                        .dropDuplicates("marketplace", "order_id", "line_id")
                                        .count()
                        : 0);
        out.printf(Locale.ROOT, "  duplicated order lines: %d%n", duplicated);
        Map<Integer, Integer> after = onHand(db);
        int mismatches = 0;
        for (var e : onHandBefore.entrySet()) {
            int expected = firstIngest
                    ? Math.max(0, e.getValue() - fakes.expectedUnits().getOrDefault(e.getKey(), 0))
                    : e.getValue();
            if (!Integer.valueOf(expected).equals(after.get(e.getKey()))) {
                mismatches++;
            }
        }
        out.printf(
                Locale.ROOT,
                "  central stock %s: %d of %d products differ%n",
                firstIngest
                        ? "equals the stock before minus the valid orders' units"
                        : "unchanged by this rerun (orders already applied)",
                mismatches,
                onHandBefore.size());
    }

    private static Map<Integer, Integer> onHand(DataSource db) throws Exception {
        Map<Integer, Integer> result = new HashMap<>();
        try (Connection c = db.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select product_id, on_hand from inventory")) {
            while (rs.next()) {
                result.put(rs.getInt(1), rs.getInt(2));
            }
        }
        return result;
    }

    private static long count(DataSource db, String sql) throws Exception {
        try (Connection c = db.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() {
        fakes.close();
    }
}
