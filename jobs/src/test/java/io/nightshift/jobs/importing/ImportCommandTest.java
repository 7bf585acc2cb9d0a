package io.nightshift.jobs.importing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.common.catalog.TableCatalog;
import io.nightshift.common.catalog.Tables;
import io.nightshift.common.testing.TestPostgres;
import io.nightshift.common.testing.TestSpark;
import io.nightshift.jobs.cli.CliRun;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/pipeline import end to end: real Spark, Delta and PostgreSQL, on the real-shaped example files. */
class ImportCommandTest {
    @TempDir
    Path root;

    static Path resource(String name) {
        try {
            return Path.of(
                    ImportCommandTest.class.getResource("/import/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> env(String database) throws SQLException {
        return env(root, database);
    }

    /** The environment of an import into an empty database of that name, with its warehouse under {@code root}. */
    static Map<String, String> env(Path root, String database) throws SQLException {
        TestPostgres.emptyDatabase(database);
        return new HashMap<>(Map.of(
                "NIGHTSHIFT_HOME", root.toString(),
                "NIGHTSHIFT_WAREHOUSE", root.resolve("wh").toString(),
                "NIGHTSHIFT_JDBC_URL", TestPostgres.jdbcUrl(database),
                "NIGHTSHIFT_JDBC_USER", "postgres"));
    }

    static DataSource db(String database) {
        return TestPostgres.server().getDatabase("postgres", database);
    }

    static List<String> rows(DataSource db, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    values.add(String.valueOf(rs.getObject(i)));
                }
                out.add(String.join("|", values));
            }
        }
        return out;
    }

    private List<Row> quarantine(String table) {
        TableCatalog catalog = new TableCatalog(root.resolve("wh").toString());
        return catalog.read(
                        TestSpark.session(),
                        switch (table) {
                            case "lines" -> Tables.IMPORT_ORDER_LINES_QUARANTINE;
                            case "price list" -> Tables.IMPORT_PRICE_LIST_QUARANTINE;
                            case "stock" -> Tables.IMPORT_STOCK_QUARANTINE;
                            default -> Tables.IMPORT_PRODUCTS_QUARANTINE;
                        })
                .orderBy("line_number")
                .collectAsList();
    }

    /** Quarantine rows as line number -> the rule each broke. */
    private static Map<Long, String> ruleByRow(List<Row> quarantined) {
        Map<Long, String> rules = new HashMap<>();
        quarantined.forEach(r -> rules.put(r.getLong(r.fieldIndex("line_number")), r.getString(r.fieldIndex("rule"))));
        return rules;
    }

    @Test
    void contractFilesAreImportedRejectsQuarantinedAndAReimportChangesNothing() throws Exception {
        Map<String, String> env = env("import_contract");
        String orders = resource("contract/orders.csv").toString();
        String products = resource("contract/products.csv").toString();
        String prices = resource("contract/price_list.csv").toString();
        String stock = resource("contract/stock.csv").toString();

        CliRun dry = CliRun.run(env, "import", "--orders", orders, "--products", products, "--dry-run");
        assertEquals(0, dry.exitCode(), dry.err());
        assertTrue(dry.out().contains("commerce database: not written (dry run)"), dry.out());
        assertEquals(List.of("0"), rows(db("import_contract"), "select count(*) from order_lines"));

        CliRun first = CliRun.run(
                env, "import", "--orders", orders, "--products", products, "--price-list", prices, "--stock", stock);
        assertEquals(0, first.exitCode(), first.err());
        String out = first.out();
        assertTrue(out.contains("order lines: 18 rows in = 6 imported + 1 not products + 11 quarantined"), out);
        assertTrue(
                out.contains("products: 4 rows in = 3 imported + 0 image rows + 1 quarantined (not_positive 1"), out);

        List<Row> rejected = quarantine("lines");
        Map<Long, String> ruleByRow = ruleByRow(rejected);
        assertEquals(
                Map.ofEntries(
                        Map.entry(8L, "timestamp_without_zone"),
                        Map.entry(9L, "unknown_currency"),
                        Map.entry(10L, "bad_integer"),
                        Map.entry(11L, "conflicting_duplicate"),
                        Map.entry(12L, "conflicting_duplicate"),
                        Map.entry(14L, "duplicate"),
                        Map.entry(15L, "unknown_product"),
                        Map.entry(16L, "inconsistent_order"),
                        Map.entry(17L, "inconsistent_order"),
                        Map.entry(18L, "missing_value"),
                        Map.entry(19L, "malformed_row")),
                ruleByRow);
        String currency = rejected.stream()
                .filter(r -> r.getString(r.fieldIndex("rule")).equals("unknown_currency"))
                .map(r -> r.getString(r.fieldIndex("reason")))
                .findFirst()
                .orElseThrow();
        assertEquals("currency 'XYZ' is not an ISO 4217 currency code", currency);
        assertTrue(rejected.get(0)
                .getString(rejected.get(0).fieldIndex("source_file"))
                .endsWith("contract/orders.csv"));

        DataSource db = db("import_contract");
        assertEquals(
                List.of(
                        "536365|1|85123A|6|2.55|0.00|web",
                        "536365|2|71053|6|3.39|0.00|web",
                        "536366|1|22633|6|1.85|0.50|pos",
                        "536380|1|71053|2|3.39|0.00|web",
                        "536385|1|71053|1|3.39|0.00|web",
                        "C536379|1|85123A|-1|2.55|0.00|web"),
                rows(
                        db,
                        "select l.order_id, l.line_no, p.sku, l.quantity, l.unit_price, l.discount, l.channel from order_lines l"
                                + " join products p using (product_id) order by l.order_id, l.line_no"));
        assertEquals(
                List.of(
                        "536365|17850|paid|GBP|35.64",
                        "536366|null|shipped|GBP|10.60",
                        "536380|null|cancelled|GBP|6.78",
                        "C536379|14527|paid|GBP|-2.55"),
                rows(
                        db,
                        "select order_id, customer_key, status, currency, total_price from orders"
                                + " where order_id in ('536365', '536366', '536380', '536387', 'C536379') order by order_id"));
        assertEquals(
                List.of(
                        "22633|HAND WARMER UNION JACK|null|2.10|null|true|2010-12-01",
                        "71053|WHITE METAL LANTERN|Home|3.39|null|true|2010-12-01",
                        "85123A|WHITE HANGING HEART T-LIGHT HOLDER|Home|2.95|1.20|true|2010-12-01"),
                rows(
                        db,
                        "select sku, name, category, base_price, unit_cost, active, launched_on from products"
                                + " where sku in ('22633', '71053', '85123A') order by sku"));
        assertEquals(List.of(), rows(db, "select sku from products where sku in ('POST', 'BADPRICE', 'FREEGIFT')"));

        // The price list: rows checked by the contract's rules, accepted ones into price_list.
        assertTrue(
                out.contains(
                        "price list: 14 rows in = 4 imported + 10 quarantined (bad_date 2, conflicting_duplicate 2,"
                                + " not_positive 2, currency_mismatch 1, duplicate 1, missing_value 1, unknown_product 1;"
                                + " see quarantine.import_price_list)"),
                out);
        assertTrue(out.contains("; price list 4 inserted, 0 updated"), out);
        String priceList = "select p.sku, l.valid_from, l.price from price_list l join products p using (product_id)"
                + " order by 1, 2";
        assertEquals(
                List.of(
                        "22633|2010-12-01|2.10",
                        "22633|2010-12-05|1.95",
                        "71053|2010-12-01|3.39",
                        "85123A|2010-12-01|2.95"),
                rows(db, priceList));
        List<Row> refusedPrices = quarantine("price list");
        Map<Long, String> priceRuleByRow = ruleByRow(refusedPrices);
        assertEquals(
                Map.ofEntries(
                        Map.entry(6L, "duplicate"),
                        Map.entry(7L, "conflicting_duplicate"),
                        Map.entry(8L, "conflicting_duplicate"),
                        Map.entry(9L, "bad_date"),
                        Map.entry(10L, "not_positive"),
                        Map.entry(11L, "not_positive"),
                        Map.entry(12L, "unknown_product"),
                        Map.entry(13L, "currency_mismatch"),
                        Map.entry(14L, "bad_date"),
                        Map.entry(15L, "missing_value")),
                priceRuleByRow);
        List<String> reasons = refusedPrices.stream()
                .map(r -> r.getString(r.fieldIndex("reason")))
                .toList();
        assertTrue(reasons.contains("valid_from '2010-13-01' is not a date YYYY-MM-DD"), reasons.toString());
        assertTrue(reasons.contains("currency USD is not the product's currency GBP"), reasons.toString());

        // The stock: end-of-day counts checked by the contract's rules, accepted ones into inventory_snapshots,
        // stockout the shop's flag or else on_hand = 0.
        assertTrue(
                out.contains("stock: 17 rows in = 6 imported + 11 quarantined (bad_date 2, conflicting_duplicate 2,"
                        + " negative_stock 2, bad_boolean 1, bad_integer 1, duplicate 1, missing_value 1,"
                        + " unknown_product 1; see quarantine.import_stock)"),
                out);
        assertTrue(out.contains("; stock 6 inserted, 0 updated"), out);
        String snapshots = "select p.sku, s.snapshot_date, s.on_hand, s.reserved, s.stockout from inventory_snapshots s"
                + " join products p using (product_id) order by 1, 2";
        assertEquals(
                List.of(
                        "22633|2010-12-01|12|0|false",
                        "22633|2010-12-02|11|1|false",
                        "71053|2010-12-01|0|0|true",
                        "71053|2010-12-02|0|0|false",
                        "85123A|2010-12-01|24|2|false",
                        "85123A|2010-12-02|18|0|false"),
                rows(db, snapshots));
        List<Row> refusedStock = quarantine("stock");
        Map<Long, String> stockRuleByRow = ruleByRow(refusedStock);
        assertEquals(
                Map.ofEntries(
                        Map.entry(8L, "duplicate"),
                        Map.entry(9L, "conflicting_duplicate"),
                        Map.entry(10L, "conflicting_duplicate"),
                        Map.entry(11L, "bad_date"),
                        Map.entry(12L, "bad_date"),
                        Map.entry(13L, "negative_stock"),
                        Map.entry(14L, "negative_stock"),
                        Map.entry(15L, "bad_integer"),
                        Map.entry(16L, "unknown_product"),
                        Map.entry(17L, "missing_value"),
                        Map.entry(18L, "bad_boolean")),
                stockRuleByRow);
        List<String> stockReasons = refusedStock.stream()
                .map(r -> r.getString(r.fieldIndex("reason")))
                .toList();
        assertTrue(stockReasons.contains("reserved -1 is negative"), stockReasons.toString());
        assertTrue(
                stockReasons.contains("stock of sku 22633 on 2010-12-03 appears 2 times with 2 different contents"),
                stockReasons.toString());

        CliRun again = CliRun.run(
                env, "import", "--orders", orders, "--products", products, "--price-list", prices, "--stock", stock);
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(
                again.out()
                        .contains("; price list 0 inserted, 0 updated; stock 0 inserted, 0 updated (nothing changed)"),
                again.out());
        assertEquals(rejected.size(), quarantine("lines").size(), "a re-import adds no quarantine rows");
        assertEquals(refusedPrices.size(), quarantine("price list").size(), "nor price list ones");
        assertEquals(refusedStock.size(), quarantine("stock").size(), "nor stock ones");

        // A price list and stock without orders: a changed price or count is updated, a new day inserted, the rest
        // left as they are.
        Path changed = root.resolve("prices/price_list.csv");
        Files.createDirectories(changed.getParent());
        Files.writeString(
                changed, "SKU,Valid_From,Price,Currency\n22633,2010-12-05,1.99,GBP\n22633,2010-12-20,2.05,GBP\n");
        Path changedStock = Files.writeString(
                root.resolve("stock.csv"), "SKU,Day,On_Hand\n71053,2010-12-02,3\n71053,2010-12-03,0\n");
        CliRun alone = CliRun.run(
                env, "import", "--price-list", changed.getParent().toString(), "--stock", changedStock.toString());
        assertEquals(0, alone.exitCode(), alone.err());
        assertTrue(alone.out().contains("price list: 2 rows in = 2 imported + 0 quarantined"), alone.out());
        assertTrue(alone.out().contains("stock: 2 rows in = 2 imported + 0 quarantined"), alone.out());
        assertTrue(
                alone.out().contains("; price list 1 inserted, 1 updated; stock 1 inserted, 1 updated"), alone.out());
        assertEquals(
                List.of(
                        "22633|2010-12-01|2.10",
                        "22633|2010-12-05|1.99",
                        "22633|2010-12-20|2.05",
                        "71053|2010-12-01|3.39",
                        "85123A|2010-12-01|2.95"),
                rows(db, priceList));
    }

    @Test
    void fileProblemsAreOneLineErrorsNamingTheFileAndColumn() throws Exception {
        Map<String, String> env = env("import_errors");
        Path bad = root.resolve("in/orders.csv");
        Files.createDirectories(bad.getParent());
        Files.writeString(
                bad, "order_id,line_id,ordered_at,quantity,unit_price,currency\n1,1,2026-01-01T00:00:00Z,1,1.00,USD\n");
        CliRun missing =
                CliRun.run(env, "import", "--orders", root.resolve("in").toString());
        assertEquals(1, missing.exitCode(), missing.err());
        assertEquals(1, missing.errLines().size(), missing.err());
        assertTrue(missing.err().contains("orders.csv: missing required column 'sku'"), missing.err());

        CliRun nowhere = CliRun.run(
                env, "import", "--orders", root.resolve("nothing-here").toString());
        assertEquals(2, nowhere.exitCode(), nowhere.err());
        assertTrue(nowhere.err().startsWith("error: no such file or folder: "), nowhere.err());

        CliRun source = CliRun.run(env, "import", "--source", "woo", "--orders", bad.toString());
        assertEquals(2, source.exitCode(), source.err());
        assertEquals(
                "error: --source must be contract, shopify, shopify-api, woocommerce, woocommerce-api or database, got 'woo'",
                source.err().strip());

        Path gz = root.resolve("in2/orders.csv.gz");
        Files.createDirectories(gz.getParent());
        Files.write(gz, new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0});
        CliRun truncated = CliRun.run(env, "import", "--orders", gz.toString());
        assertEquals(1, truncated.exitCode(), truncated.err());
        assertTrue(truncated.err().contains("orders.csv.gz: cannot be read"), truncated.err());
        assertFalse(truncated.err().contains("\tat "), truncated.err());
    }

    @Test
    void aShopifyExportIsImportedThroughTheSameContract() throws Exception {
        Map<String, String> env = env("import_shopify");
        CliRun run = CliRun.run(
                env,
                "import",
                "--source",
                "shopify",
                "--orders",
                resource("shopify/orders_export.csv").toString(),
                "--products",
                resource("shopify/products_export.csv").toString());
        assertEquals(0, run.exitCode(), run.err());
        String out = run.out();
        assertTrue(out.contains("order lines: 8 rows in = 5 imported + 1 not products + 2 quarantined"), out);
        assertTrue(out.contains("timestamp_without_zone 1") && out.contains("unknown_currency 1"), out);
        assertTrue(
                out.contains("products: 6 rows in = 4 imported + 1 image rows + 1 quarantined (missing_value 1"), out);
        DataSource db = db("import_shopify");
        assertEquals(
                List.of(
                        "#1001|ada@example.com|web|shipped|50.00",
                        "#1002|null|pos|paid|25.00",
                        "#1003|cy@example.com|web|refunded|16.00",
                        "#1004|dee@example.com|web|cancelled|60.00"),
                rows(db, "select order_id, customer_key, channel, status, total_price from orders order by order_id"));
        assertEquals(
                List.of(
                        "#1001|1|FERN-1|2|16.00|0.00",
                        "#1001|2|TOTE-1|1|20.00|2.00",
                        "#1002|1|MUG-1-BLUE|1|25.00|0.00",
                        "#1003|1|FERN-1|1|16.00|0.00",
                        "#1004|1|TOTE-1|3|20.00|0.00"),
                rows(
                        db,
                        "select l.order_id, l.line_no, p.sku, l.quantity, l.unit_price, l.discount from order_lines l"
                                + " join products p using (product_id) order by l.order_id, l.line_no"));
        assertEquals(
                List.of(
                        "FERN-1|Botanical Fern Print|Home & Garden > Decor > Artwork > Posters, Prints, & Visual Artwork|Example Goods|Print|16.00|5.50|true",
                        "MUG-1-BLUE|Speckled Mug - Blue|null|Clay Co|Mug|25.00|9.00|false",
                        "MUG-1-GREEN|Speckled Mug - Green|null|Clay Co|Mug|25.00|9.00|false",
                        "TOTE-1|Canvas Tote Bag|Apparel & Accessories > Handbags, Wallets & Cases > Handbags|Example Goods|Bag|20.00|null|true"),
                rows(
                        db,
                        "select sku, name, category, brand, product_type, base_price, unit_cost, active from products order by sku"));
    }
}
