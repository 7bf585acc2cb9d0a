package io.nightshift.jobs.ops;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.nightshift.common.catalog.TableCatalog;
import io.nightshift.common.catalog.TableChecksum;
import io.nightshift.common.catalog.Tables;
import io.nightshift.common.config.NightshiftConfig;
import io.nightshift.common.db.CommerceDatabase;
import io.nightshift.common.testing.TestPostgres;
import io.nightshift.common.testing.TestSpark;
import io.nightshift.jobs.cli.CliRun;
import io.nightshift.sandbox.marketplace.WooCommerceFake;
import io.nightshift.sandbox.sample.ContractExport;
import io.nightshift.sandbox.sample.ShopExport;
import io.nightshift.sandbox.sample.WooCommerceApiExport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The round trip of issue 20: the generated shop exported in each format a real shop brings (the contract's CSV and
 * Parquet, the Shopify admin's CSV exports, WooCommerce's REST API served by its fake), imported into a commerce
 * database of its own and ingested, gives the silver tables of the route the demo takes (ingesting the generated
 * database itself: {@link TinyShop}'s history), for the history and for the night after (the day's orders imported
 * as contract CSV and ingested, then as Parquet and Shopify CSV, which must change nothing; WooCommerce's pulled by
 * {@code modified_after} into its own database and ingested).
 *
 * <p>What no format carries, and so what the import route's tables hold instead, is spelled out by
 * {@link #expectedProducts} and {@link #expectedSales}; everything else is compared column for column. The contract
 * CSV carries the shop's end-of-day stock too, so its route's silver.inventory_daily and sales_daily's stock-out flags
 * are the direct route's; WooCommerce's API has no stock history, so its route has none. One
 * warehouse-building pass serves the three file formats: Parquet and Shopify are imported into the contract CSV
 * route's database after its history is ingested and must change nothing there, with every row of theirs imported.
 * Since ingest reads only the commerce database (and the landing zone, the same for every route), their silver
 * tables are that route's, without ingesting the same rows three times. WooCommerce's lines have ids of their own
 * (its line item ids), so it gets its own database and ingest.
 */
class RoundTripTest {
    static final LocalDate FIRST_DAY = TinyShop.LAST_DAY.minusDays(TinyShop.DAYS - 1);
    static final LocalDate HISTORY_END = TinyShop.LAST_DAY.minusDays(1);
    static final String KEY = "ck_0123456789abcdef0123456789abcdef01234567";
    static final String SECRET = "cs_fedcba9876543210fedcba9876543210fedcba98";
    /**
     * The tiny shop reading only what the exports give, its orders and products: the landing feeds (traffic,
     * competitor prices, indicators) are the same files whatever format the orders come in, and keyed by the product
     * ids silver.products shows the routes agree on. The fake WooCommerce answers as fast as it is asked.
     */
    static final String CONF = TinyShop.CONF
            + "nightshift.ingest.on-missing-feed { traffic = none, competitor_prices = none,"
            + " economic_indicators = none }\n"
            + "nightshift.import.woocommerce.rate-limit { per-second = 1000, burst = 1000 }\n";

    @TempDir
    Path home;

    SparkSession spark;

    @Test
    void everyExportFormatImportsToTheSilverTablesOfTheDirectRoute() throws Exception {
        spark = TestSpark.session();
        Path generated = TinyShop.copyGeneratedTo(home.resolve("generated"));
        Path direct = TinyShop.copyTo(home.resolve("direct"));
        Path conf = Files.writeString(home.resolve("shop.conf"), CONF);
        NightshiftConfig config = NightshiftConfig.load(Optional.of(conf), Map.of());
        ZoneId zone = config.shop().timeZone();
        String currency = config.shop().currency();

        // The shop as it stands at the end of the history, and the last day's orders apart for the nightly.
        ContractExport.Days history = ContractExport.Days.through(HISTORY_END, zone);
        Map<ShopExport.Format, Long> exported = new HashMap<>();
        WooCommerceApiExport.Shop woo;
        long lastDayLines;
        try (CommerceDatabase shop =
                CommerceDatabase.startEmbedded(generated.resolve(CommerceDatabase.EMBEDDED_FOLDER))) {
            for (ShopExport.Format format : ShopExport.Format.values()) {
                exported.put(
                        format,
                        ShopExport.write(
                                format, shop.dataSource(), home.resolve(format.label()), history, zone, currency));
            }
            lastDayLines = ShopExport.write(
                    ShopExport.Format.CONTRACT_CSV,
                    shop.dataSource(),
                    home.resolve("last-day"),
                    ContractExport.Days.on(TinyShop.LAST_DAY, zone),
                    zone,
                    currency);
            for (ShopExport.Format format :
                    List.of(ShopExport.Format.CONTRACT_PARQUET, ShopExport.Format.SHOPIFY_CSV)) {
                ShopExport.write(
                        format,
                        shop.dataSource(),
                        home.resolve("last-day-" + format.label()),
                        ContractExport.Days.on(TinyShop.LAST_DAY, zone),
                        zone,
                        currency);
            }
            // Through the last day in one read (order ids are numbered per read); the fake gets the last day's
            // orders the night after.
            woo = WooCommerceApiExport.read(
                    shop.dataSource(), ContractExport.Days.through(TinyShop.LAST_DAY, zone), zone, currency);
        }
        long lines = exported.get(ShopExport.Format.CONTRACT_CSV);
        assertTrue(lines > 1_000 && lastDayLines > 0, "order lines exported: " + lines + " and " + lastDayLines);
        ArrayNode wooHistory = JsonNodeFactory.instance.arrayNode();
        ArrayNode wooLastDay = JsonNodeFactory.instance.arrayNode();
        for (JsonNode order : woo.orders()) {
            boolean lastDay = order.get("date_created").asText().startsWith(TinyShop.LAST_DAY.toString());
            (lastDay ? wooLastDay : wooHistory).add(order);
        }
        assertEquals(lines, lineItems(wooHistory), "WooCommerce's line items of the history");
        assertEquals(lastDayLines, lineItems(wooLastDay), "WooCommerce's line items of the last day");
        Expected historyTables = expected(direct);

        // Contract CSV: imported into an empty database, the history ingested.
        Map<String, String> contract = env("contract");
        String imported = importFiles(contract, conf, ShopExport.Format.CONTRACT_CSV, home.resolve("contract-csv"));
        assertAllImported(imported, "order lines", lines);
        assertAllImported(imported, "products", 25);
        assertAllImported(imported, "stock", historyTables.stockDays());
        ingest(contract, conf, "--from", FIRST_DAY.toString(), "--to", HISTORY_END.toString());
        Path contractWarehouse = Path.of(contract.get("NIGHTSHIFT_WAREHOUSE"));
        assertSameSilver(historyTables, contractWarehouse, true, "contract CSV, history");

        // Parquet and Shopify into the same database: every row imported, and not one differs from contract CSV's.
        for (ShopExport.Format format : List.of(ShopExport.Format.CONTRACT_PARQUET, ShopExport.Format.SHOPIFY_CSV)) {
            assertEquals(lines, exported.get(format), format.label() + " order lines exported");
            String again = importFiles(contract, conf, format, home.resolve(format.label()));
            assertAllImported(again, "order lines", lines);
            assertAllImported(again, "products", 25);
            assertTrue(again.contains("(nothing changed)"), format.label() + ": " + again);
        }

        // WooCommerce's REST API through its fake: its own database and ingest.
        try (WooCommerceFake fake = new WooCommerceFake(KEY, SECRET, zone)) {
            fake.addOrders(wooHistory);
            fake.addProducts(woo.products());
            Map<String, String> wooEnv = new HashMap<>(env("woocommerce"));
            wooEnv.put("NIGHTSHIFT_WOOCOMMERCE_URL", fake.baseUrl());
            wooEnv.put("NIGHTSHIFT_WOOCOMMERCE_KEY", KEY);
            wooEnv.put("NIGHTSHIFT_WOOCOMMERCE_SECRET", SECRET);
            CliRun pulled = CliRun.run(wooEnv, "import", "--source", "woocommerce-api", "--conf", conf.toString());
            assertEquals(0, pulled.exitCode(), pulled.err());
            assertAllImported(pulled.out(), "order lines", lines);
            assertAllImported(pulled.out(), "products", 25);
            ingest(wooEnv, conf, "--from", FIRST_DAY.toString(), "--to", HISTORY_END.toString());
            Path wooWarehouse = Path.of(wooEnv.get("NIGHTSHIFT_WAREHOUSE"));
            assertSameSilver(historyTables, wooWarehouse, false, "WooCommerce API, history");

            // The night after, as a shop runs it: the day's orders exported and imported, then the nightly's
            // ingest (the stages after it write gold tables only); the direct route runs the same ingest on its own
            // database.
            nightAfter(contract, conf, direct, lastDayLines, contractWarehouse);
            // WooCommerce's night after: the day's orders appear in the shop and are pulled by modification time.
            fake.addOrders(wooLastDay);
            String since = TinyShop.LAST_DAY.atStartOfDay(zone).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            CliRun night = CliRun.run(
                    wooEnv,
                    "import",
                    "--source",
                    "woocommerce-api",
                    "--modified-after",
                    since,
                    "--conf",
                    conf.toString());
            assertEquals(0, night.exitCode(), night.err());
            assertAllImported(night.out(), "order lines", lastDayLines);
            ingest(wooEnv, conf, "--date", TinyShop.LAST_DAY.toString());
            assertSameSilver(expected(direct), wooWarehouse, false, "WooCommerce API, nightly");
        }
    }

    /** The last day imported as contract CSV, then Parquet and Shopify CSV; ingested on both routes and compared. */
    void nightAfter(Map<String, String> contract, Path conf, Path direct, long lastDayLines, Path contractWarehouse) {
        String lastDay = importFiles(contract, conf, ShopExport.Format.CONTRACT_CSV, home.resolve("last-day"));
        assertAllImported(lastDay, "order lines", lastDayLines);
        // The same day's Parquet and Shopify exports find every row already there, as for the history.
        for (ShopExport.Format format : List.of(ShopExport.Format.CONTRACT_PARQUET, ShopExport.Format.SHOPIFY_CSV)) {
            String again = importFiles(contract, conf, format, home.resolve("last-day-" + format.label()));
            assertAllImported(again, "order lines", lastDayLines);
            assertTrue(again.contains("(nothing changed)"), format.label() + ", the last day: " + again);
        }
        ingest(contract, conf, "--date", TinyShop.LAST_DAY.toString());
        ingest(
                Map.of("NIGHTSHIFT_HOME", home.toString(), "NIGHTSHIFT_WAREHOUSE", direct.toString()),
                conf,
                "--date",
                TinyShop.LAST_DAY.toString());
        assertSameSilver(expected(direct), contractWarehouse, true, "contract CSV, nightly");
    }

    static long lineItems(ArrayNode orders) {
        long items = 0;
        for (JsonNode order : orders) {
            items += order.get("line_items").size();
        }
        return items;
    }

    /** The import's summary says every one of the feed's rows was imported: none skipped, none quarantined. */
    static void assertAllImported(String summary, String feed, long rows) {
        String line = String.format(Locale.ROOT, "%s: %,d rows in = %,d imported + 0 ", feed, rows, rows);
        assertTrue(
                summary.lines().anyMatch(l -> l.startsWith(line) && l.endsWith(" + 0 quarantined")),
                "all " + rows + " " + feed + " imported: " + summary);
    }

    /**
     * The direct route's silver tables as the import route must reproduce them, as checksums: what no format
     * carries replaced by what the import makes of its absence ({@link #expectedProducts}, {@link #expectedSales}).
     */
    record Expected(
            TableChecksum products,
            TableChecksum productsWithoutBrandAndCost,
            TableChecksum sales,
            TableChecksum salesWithoutStock,
            TableChecksum inventory,
            long stockDays,
            Path direct) {}

    Expected expected(Path direct) {
        TableCatalog tables = new TableCatalog(direct.toUri().toString());
        Dataset<Row> inventory = tables.read(spark, Tables.INVENTORY_DAILY);
        return new Expected(
                TableChecksum.of(expectedProducts(tables, true), "updated_at"),
                TableChecksum.of(expectedProducts(tables, false), "updated_at"),
                TableChecksum.of(expectedSales(tables, true)),
                TableChecksum.of(expectedSales(tables, false)),
                TableChecksum.of(inventory),
                inventory.count(),
                direct);
    }

    /**
     * Each silver table the orders, products and stock decide, against the direct route's; {@code contractCsv}: the
     * route imported contract CSV, which carries the products' brand and unit cost and the end-of-day stock (the
     * WooCommerce API route has neither).
     */
    void assertSameSilver(Expected expected, Path imported, boolean contractCsv, String route) {
        TableCatalog direct = new TableCatalog(expected.direct().toUri().toString());
        TableCatalog tables = new TableCatalog(imported.toUri().toString());
        assertSame(
                contractCsv ? expected.products() : expected.productsWithoutBrandAndCost(),
                tables.read(spark, Tables.PRODUCTS),
                () -> expectedProducts(direct, contractCsv),
                route + ": silver.products");
        assertSame(
                contractCsv ? expected.sales() : expected.salesWithoutStock(),
                tables.read(spark, Tables.SALES_DAILY),
                () -> expectedSales(direct, contractCsv),
                route + ": silver.sales_daily");
        if (contractCsv) {
            // Every end-of-day snapshot, from each product's launch (before its first sale too).
            assertSame(
                    expected.inventory(),
                    tables.read(spark, Tables.INVENTORY_DAILY),
                    () -> direct.read(spark, Tables.INVENTORY_DAILY),
                    route + ": silver.inventory_daily");
        } else {
            assertEquals(0, tables.read(spark, Tables.INVENTORY_DAILY).count(), route + ": silver.inventory_daily");
        }
    }

    /** The first day each product sold (its first order line: the generated shop's orders are all demand). */
    Dataset<Row> firstSales(TableCatalog direct) {
        return direct.read(spark, Tables.SALES_DAILY)
                .filter(col("orders").gt(0))
                .groupBy("product_id")
                .agg(min("day").as("first_sale"));
    }

    /**
     * The direct route's silver.products as an import makes them. No format has a launch date: a product is launched
     * on its first order line's day. (Every product of the tiny shop sells in the history; one that did not would
     * have none, and this comparison would fail rather than pass silently.) Without brand and cost (WooCommerce's
     * products as the import reads them), those are unknown.
     */
    Dataset<Row> expectedProducts(TableCatalog direct, boolean brandAndCost) {
        Dataset<Row> products = direct.read(spark, Tables.PRODUCTS)
                .drop("launched_on")
                .join(firstSales(direct), "product_id")
                .withColumnRenamed("first_sale", "launched_on");
        if (!brandAndCost) {
            products = products.withColumn("brand", lit(null).cast(DataTypes.StringType))
                    .withColumn("unit_cost", lit(null).cast(DataTypes.createDecimalType(12, 2)));
        }
        return products;
    }

    /**
     * The direct route's silver.sales_daily as an import makes it: a product's days from its first sale (no launch
     * date in any format), and without {@code stock} (a format without stock history) no stock-out flag; units,
     * revenue, price, orders and returns as they are.
     */
    Dataset<Row> expectedSales(TableCatalog direct, boolean stock) {
        Dataset<Row> sales = direct.read(spark, Tables.SALES_DAILY)
                .join(firstSales(direct), "product_id")
                .filter(col("day").geq(col("first_sale")))
                .drop("first_sale");
        return stock ? sales : sales.withColumn("stockout", lit(false));
    }

    /** The table's checksum (updated_at: when a row was written) is the expected one; if not, the rows that differ. */
    static void assertSame(TableChecksum want, Dataset<Row> actual, Supplier<Dataset<Row>> expected, String what) {
        TableChecksum got = TableChecksum.of(actual, "updated_at");
        if (!want.equals(got)) {
            Dataset<Row> e = expected.get().drop("updated_at");
            Dataset<Row> a = actual.drop("updated_at").selectExpr(e.columns());
            assertEquals(
                    want,
                    got,
                    what + ": only expected " + e.exceptAll(a).limit(5).collectAsList() + ", only imported "
                            + a.exceptAll(e).limit(5).collectAsList());
        }
    }

    /** Runs {@code import} on a file format's export; returns what it printed. */
    String importFiles(Map<String, String> env, Path conf, ShopExport.Format format, Path folder) {
        List<String> args = new ArrayList<>(ShopExport.importArguments(format, folder));
        args.addAll(List.of("--conf", conf.toString()));
        CliRun run = CliRun.run(env, args.toArray(new String[0]));
        assertEquals(0, run.exitCode(), format.label() + ": " + run.err());
        return run.out();
    }

    static void ingest(Map<String, String> env, Path conf, String... dates) {
        List<String> args = new ArrayList<>(List.of("ingest"));
        args.addAll(List.of(dates));
        args.addAll(List.of("--conf", conf.toString()));
        CliRun run = CliRun.run(env, args.toArray(new String[0]));
        assertEquals(0, run.exitCode(), run.err());
    }

    /** A route's warehouse, with an empty database of its own on the test JVM's PostgreSQL server. */
    Map<String, String> env(String route) {
        String database = "round_trip_" + route;
        TestPostgres.emptyDatabase(database);
        return Map.of(
                "NIGHTSHIFT_HOME", home.toString(),
                "NIGHTSHIFT_WAREHOUSE", home.resolve("wh-" + route).toString(),
                "NIGHTSHIFT_JDBC_URL", TestPostgres.jdbcUrl(database),
                "NIGHTSHIFT_JDBC_USER", "postgres");
    }
}
