package io.nightshift.jobs.marketplace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.common.catalog.TableCatalog;
import io.nightshift.common.catalog.Tables;
import io.nightshift.common.config.NightshiftConfig;
import io.nightshift.common.testing.TestPostgres;
import io.nightshift.common.testing.TestSpark;
import io.nightshift.jobs.stage.Stage;
import io.nightshift.jobs.stage.StageContext;
import io.nightshift.sandbox.marketplace.FakeMarketplace;
import io.nightshift.sandbox.marketplace.FakeMarketplaces;
import io.nightshift.sandbox.sample.SampleShopGenerator;
import io.nightshift.sandbox.sample.SampleShopSpec;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ingest-orders then sync-inventory end to end on a generated shop against the marketplace fakes: orders
 * applied exactly once across reruns, a cancellation restoring once, bad orders quarantined, every
 * marketplace showing what central stock allows, the ledger holding every attempt, reruns pushing nothing.
 */
class MarketplaceStagesTest {
    static final LocalDate LAST_DAY = LocalDate.of(2026, 10, 31);
    static final Instant RUN_START = Instant.parse("2026-10-31T04:00:00Z");
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-01T07:00:00Z"), ZoneOffset.UTC);
    static final List<String> MARKETPLACES = List.of("rest", "ebay", "amazon", "shopify");

    @TempDir
    static Path root;

    static SparkSession spark;
    static DataSource db;
    static String jdbcUrl;
    static FakeMarketplaces fakes;

    @BeforeAll
    static void shopAndFakes() throws Exception {
        spark = TestSpark.session();
        String database = "marketplace_shop";
        db = TestPostgres.commerceDatabase(database);
        jdbcUrl = TestPostgres.jdbcUrl(database);
        SampleShopSpec spec = new SampleShopSpec(30, 30, 20, 11, LAST_DAY, "US", "USD", ZoneId.of("America/New_York"));
        new SampleShopGenerator(spec).generate(root.resolve("landing"), root.resolve("truth"), db);
        fakes = new FakeMarketplaces(root.resolve("secrets"), MARKETPLACES).scaleRates(20);
        fakes.listFrom(db);
        fakes.all().values().forEach(f -> f.clock(CLOCK)); // eBay's 90-day filter limit, on the simulated calendar
        fakes.seedOrders(db, 12, RUN_START, RUN_START.plusSeconds(86_400), 5, "USD");
    }

    @AfterAll
    static void stopFakes() {
        if (fakes != null) {
            fakes.close();
        }
    }

    NightshiftConfig config() {
        Map<String, String> env = new HashMap<>(Map.of(
                "NIGHTSHIFT_HOME",
                root.toString(),
                "NIGHTSHIFT_WAREHOUSE",
                root.resolve("wh").toString(),
                "NIGHTSHIFT_JDBC_URL",
                jdbcUrl,
                "NIGHTSHIFT_JDBC_USER",
                "postgres"));
        NightshiftConfig config = fakes.pointAt(NightshiftConfig.load(Optional.empty(), env));
        return config.withOverrides(Map.of("nightshift.marketplaces.http.backoff-base", "10 milliseconds"));
    }

    static Map<Integer, Integer> onHand() throws Exception {
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

    static long count(String sql) throws Exception {
        try (Connection c = db.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    void run(boolean dryRun, Stage... stages) throws Exception {
        try (StageContext context = new StageContext(config(), dryRun, CLOCK)) {
            for (var stage : stages) {
                stage.run(context, LAST_DAY);
            }
        }
    }

    @Test
    void ordersApplyOnceCancellationsRestoreOnceAndEveryMarketplaceShowsCentralStock() throws Exception {
        Map<Integer, Integer> before = onHand();
        run(false, new IngestOrdersStage());
        Map<Integer, Integer> after = onHand();
        for (var e : before.entrySet()) {
            int expected = Math.max(0, e.getValue() - fakes.expectedUnits().getOrDefault(e.getKey(), 0));
            assertEquals(expected, after.get(e.getKey()), "on hand of product " + e.getKey());
        }
        long appliedLines = count("select count(*) from marketplace_applied_lines");
        long orderLines = count("select count(*) from order_lines where order_id like 'M%'");
        assertEquals(appliedLines, orderLines);
        TableCatalog catalog = new TableCatalog(config().storage().warehouse());
        long silverLines = catalog.read(spark, Tables.MARKETPLACE_ORDERS).count();
        assertEquals(appliedLines, silverLines);
        assertEquals(
                3L * MARKETPLACES.size(),
                catalog.read(spark, Tables.MARKETPLACE_ORDERS_QUARANTINE).count());

        // The same orders again (the overlap window, a rerun): nothing moves twice.
        run(false, new IngestOrdersStage());
        assertEquals(after, onHand());
        assertEquals(silverLines, catalog.read(spark, Tables.MARKETPLACE_ORDERS).count());
        assertEquals(appliedLines, count("select count(*) from marketplace_applied_lines"));

        // A cancellation seen on a later run gives the stock back once.
        FakeMarketplace ebay = fakes.get("ebay");
        Row line = catalog.read(spark, Tables.MARKETPLACE_ORDERS)
                .filter("marketplace = 'ebay' and status = 'paid'")
                .orderBy("order_id")
                .first();
        String orderId = line.getAs("order_id");
        ebay.setStatus(orderId, "cancelled", RUN_START.plusSeconds(86_400 + 600));
        run(false, new IngestOrdersStage());
        long returned = count("select coalesce(sum(decremented), 0) from marketplace_applied_lines where restored and "
                + "marketplace = 'ebay' and external_order_id = '" + orderId + "'");
        assertTrue(returned > 0 || after.get(line.<Integer>getAs("product_id")) == 0);
        Map<Integer, Integer> restored = onHand();
        run(false, new IngestOrdersStage());
        assertEquals(restored, onHand(), "a cancellation seen twice restores once");
        assertEquals(
                "cancelled",
                catalog.read(spark, Tables.MARKETPLACE_ORDERS)
                        .filter("marketplace = 'ebay' and order_id = '" + orderId + "'")
                        .first()
                        .getAs("status"));

        // sync-inventory: every marketplace shows on hand - reserved - safety stock - boxed, every attempt in the
        // ledger.
        run(false, new SyncInventoryStage());
        Map<String, Integer> desired = desiredQuantities();
        for (String m : MARKETPLACES) {
            FakeMarketplace fake = fakes.get(m);
            for (var e : desired.entrySet()) {
                if (e.getKey().startsWith(m + ":")) {
                    assertEquals(e.getValue(), fake.quantity(e.getKey().substring(m.length() + 1)), e.getKey());
                }
            }
            assertTrue(catalog.read(spark, Tables.MARKETPLACE_PUSH_LEDGER)
                            .filter("marketplace = '" + m + "'")
                            .count()
                    > 0);
        }
        long ledgerRows = catalog.read(spark, Tables.MARKETPLACE_PUSH_LEDGER).count();
        run(false, new SyncInventoryStage());
        assertEquals(
                ledgerRows,
                catalog.read(spark, Tables.MARKETPLACE_PUSH_LEDGER).count(),
                "nothing changed, nothing pushed");

        // One product's stock changes: only its listings are pushed; a dry run sends nothing.
        int product;
        try (Connection c = db.getConnection();
                Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery(
                    "select product_id from marketplace_listings where marketplace = 'ebay' order by product_id limit 1");
            rs.next();
            product = rs.getInt(1);
            s.execute("update inventory set on_hand = on_hand + 7 where product_id = " + product);
        }
        long requests = fakes.get("ebay").requests();
        run(true, new SyncInventoryStage());
        assertEquals(requests, fakes.get("ebay").requests(), "a dry run sends nothing");
        run(false, new SyncInventoryStage());
        long listingsOfProduct = count("select count(*) from marketplace_listings where product_id = " + product + "");
        assertEquals(
                ledgerRows + listingsOfProduct,
                catalog.read(spark, Tables.MARKETPLACE_PUSH_LEDGER).count());
    }

    static Map<String, Integer> desiredQuantities() throws Exception {
        Map<String, Integer> result = new HashMap<>();
        try (Connection c = db.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "select l.marketplace, l.marketplace_sku, greatest(0, i.on_hand - i.reserved - i.safety_stock "
                                + "- coalesce((select count(*) from subscription_box_items b where b.product_id = l.product_id "
                                + "and b.box_date > date '" + LAST_DAY
                                + "'), 0)) from marketplace_listings l join inventory i using (product_id)")) {
            while (rs.next()) {
                result.put(rs.getString(1) + ":" + rs.getString(2), rs.getInt(3));
            }
        }
        return result;
    }
}
