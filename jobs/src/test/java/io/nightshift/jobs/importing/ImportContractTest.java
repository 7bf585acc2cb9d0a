package io.nightshift.jobs.importing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.common.testing.TestSpark;
import io.nightshift.jobs.ingest.Rule;
import io.nightshift.jobs.ingest.Rules;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract as data: documented column by column and rule by rule, and read the same from Parquet as from CSV. */
class ImportContractTest {
    @TempDir
    Path tmp;

    static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("airflow-dags"))) {
            dir = dir.getParent();
        }
        return dir;
    }

    @Test
    void everyColumnRuleAndShopifyColumnIsDocumented() throws Exception {
        String doc = Files.readString(projectRoot().resolve("docs/input-contract.md"));
        List<String> missing = new ArrayList<>();
        for (ContractColumn c : ImportContract.ORDER_LINES) {
            if (!doc.contains("| `" + c.name() + "` |")) {
                missing.add("order lines column " + c.name());
            }
        }
        for (ContractColumn c : ImportContract.PRODUCTS) {
            if (!doc.contains("| `" + c.name() + "` |")) {
                missing.add("products column " + c.name());
            }
        }
        // The price list's columns share names with the others' (sku, price): its own section lists them.
        int priceListAt = doc.indexOf("### Price list (optional)");
        String priceListSection =
                priceListAt < 0 ? "" : doc.substring(priceListAt, doc.indexOf("\n### ", priceListAt + 1));
        for (ContractColumn c : ImportContract.PRICE_LIST) {
            if (!priceListSection.contains("| `" + c.name() + "` |")) {
                missing.add("price list column " + c.name());
            }
        }
        int stockAt = doc.indexOf("### Stock (optional)");
        String stockSection = stockAt < 0 ? "" : doc.substring(stockAt, doc.indexOf("\n### ", stockAt + 1));
        for (ContractColumn c : ImportContract.STOCK) {
            if (!stockSection.contains("| `" + c.name() + "` |")) {
                missing.add("stock column " + c.name());
            }
        }
        List<Rule> rules = new ArrayList<>(ContractValidation.orderLineRules(BigDecimal.TEN));
        rules.addAll(ImportContract.rowRules(ImportContract.PRODUCTS, BigDecimal.TEN));
        rules.addAll(ContractValidation.priceListRules(BigDecimal.TEN));
        rules.addAll(ContractValidation.stockRules());
        for (Rule r : rules) {
            if (!doc.contains("`" + r.name() + "`")) {
                missing.add("rule " + r.name());
            }
        }
        for (Map<String, String> columns : List.of(
                ShopifyExport.MAPPED_ORDER_COLUMNS,
                ShopifyExport.IGNORED_ORDER_COLUMNS,
                ShopifyExport.MAPPED_PRODUCT_COLUMNS,
                ShopifyExport.IGNORED_PRODUCT_COLUMNS)) {
            for (String c : columns.keySet()) {
                if (!doc.contains("`" + c + "`")) {
                    missing.add("Shopify column " + c);
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void everyColumnOfTheShopifyExamplesIsMappedOrIgnored() throws Exception {
        for (String file : List.of("orders_export.csv", "products_export.csv")) {
            String header = Files.readAllLines(ImportCommandTest.resource("shopify/" + file))
                    .get(0);
            for (String column : ImportFiles.splitCsvLine(header)) {
                String name = ShopifyExport.productColumn(column);
                boolean known = ShopifyExport.MAPPED_ORDER_COLUMNS.containsKey(name)
                        || ShopifyExport.IGNORED_ORDER_COLUMNS.containsKey(name)
                        || ShopifyExport.MAPPED_PRODUCT_COLUMNS.containsKey(name)
                        || ShopifyExport.IGNORED_PRODUCT_COLUMNS.containsKey(name)
                        || name.matches("Tax [1-5] (Name|Value)")
                        || name.matches("(Included|Price|Compare At Price) / .+");
                assertTrue(known, file + ": " + column);
            }
        }
    }

    @Test
    void everyWooCommerceColumnAndFieldIsDocumentedAndTheExampleHeaderIsKnown() throws Exception {
        String doc = Files.readString(projectRoot().resolve("docs/input-contract.md"));
        List<String> missing = new ArrayList<>();
        for (Map<String, String> columns : List.of(
                WooCommerceExport.MAPPED_PRODUCT_COLUMNS,
                WooCommerceExport.IGNORED_PRODUCT_COLUMNS,
                WooCommerceOrders.MAPPED_ORDER_FIELDS,
                WooCommerceOrders.IGNORED_ORDER_FIELDS,
                WooCommerceOrders.MAPPED_LINE_ITEM_FIELDS,
                WooCommerceOrders.IGNORED_LINE_ITEM_FIELDS,
                WooCommerceOrders.MAPPED_REFUND_FIELDS,
                WooCommerceOrders.IGNORED_REFUND_FIELDS,
                WooCommerceOrders.MAPPED_REFUND_LINE_ITEM_FIELDS,
                WooCommerceOrders.IGNORED_REFUND_LINE_ITEM_FIELDS)) {
            for (String c : columns.keySet()) {
                if (!doc.contains("`" + c + "`")) {
                    missing.add("WooCommerce column or field " + c);
                }
            }
        }
        for (String c : WooCommerceExport.IGNORED_PRODUCT_PATTERNS.keySet()) {
            if (!doc.contains(c)) {
                missing.add("WooCommerce columns " + c);
            }
        }
        for (String status : WooCommerceOrders.STATUSES.keySet()) {
            if (!doc.contains("`" + status + "`")) {
                missing.add("WooCommerce status " + status);
            }
        }
        assertEquals(List.of(), missing);
        String header = Files.readAllLines(ImportCommandTest.resource("woocommerce/wc-product-export.csv"))
                .get(0)
                .replace("\uFEFF", "");
        for (String column : ImportFiles.splitCsvLine(header)) {
            assertTrue(WooCommerceExport.isKnownColumn(column), column);
        }
    }

    @Test
    void parquetIsReadAsTheSameTextAndALocalTimestampHasNoZone() throws Exception {
        SparkSession spark = TestSpark.session();
        Path dir = tmp.resolve("orders");
        Dataset<Row> instants = spark.sql("""
                SELECT * FROM VALUES
                  ('A1', 1, TIMESTAMP '2026-01-05 10:00:00', 'SKU-1', 2, 3.5D, 'EUR'),
                  ('A1', 2, TIMESTAMP '2026-01-05 10:00:00', 'SKU-2', 1, 0.1D + 0.2D, 'EUR')
                  AS t(order_id, line_id, ordered_at, sku, quantity, unit_price, currency)""");
        instants.coalesce(1).write().parquet(dir.resolve("instants").toString());
        spark.sql(
                        "SELECT 'B1' AS order_id, 1 AS line_id, TIMESTAMP_NTZ '2026-01-05 10:00:00' AS ordered_at, 'SKU-1' AS sku,"
                                + " 1 AS quantity, CAST(3.50 AS DECIMAL(12,2)) AS unit_price, 'EUR' AS currency")
                .write()
                .parquet(dir.resolve("local").toString());

        List<String> files = ImportFiles.list(spark, dir.toString());
        Dataset<Row> rows = ImportFiles.read(
                spark,
                files,
                new ImportFiles.Options(
                        ImportContract.requiredNames(ImportContract.ORDER_LINES), ImportRun::contractName, false));
        Dataset<Row> known = spark.createDataset(List.of("SKU-1", "SKU-2"), Encoders.STRING())
                .toDF("sku");
        Dataset<Row> checked = ContractValidation.orderLines(rows, known, new BigDecimal("100000"), "(?!)");
        Map<String, String> outcome = new TreeMap<>();
        for (Row r : checked.collectAsList()) {
            outcome.put(
                    r.getString(r.fieldIndex("order_id")) + "/" + r.getAs("line_id"),
                    r.getString(r.fieldIndex(ContractValidation.OUTCOME)) + " " + r.getAs(Rules.RULE) + " "
                            + r.getAs("unit_price") + " " + r.getAs(ImportFiles.ROW));
        }
        assertEquals(
                Map.of(
                        "A1/1", "imported null 3.50 1",
                        "A1/2", "imported null 0.30 2",
                        "B1/1", "quarantined timestamp_without_zone 3.50 1"),
                outcome);
    }

    @Test
    void activeIsReadAsPostgresPrintsABooleanAndAsTheOtherWords() {
        SparkSession spark = TestSpark.session();
        // A contract CSV written by PostgreSQL's COPY (or psql) holds a boolean as t or f.
        List<String> actives = List.of("t", "f", "T", "true", "No", "archived", "maybe");
        List<SourceRow> rows = new ArrayList<>();
        for (int i = 0; i < actives.size(); i++) {
            rows.add(new SourceRow(
                    "products.csv", i + 2, "{}", Map.of("sku", "SKU-" + i, "price", "9.99", "active", actives.get(i))));
        }
        Dataset<Row> checked = ContractValidation.products(
                ImportRun.frame(spark, ImportContract.names(ImportContract.PRODUCTS), rows),
                new BigDecimal("100000"),
                "USD");
        Map<String, String> outcome = new TreeMap<>();
        for (Row r : checked.collectAsList()) {
            outcome.put(
                    r.getString(r.fieldIndex("sku")),
                    r.getString(r.fieldIndex(ContractValidation.OUTCOME)) + " " + r.getAs(Rules.RULE));
        }
        Map<String, Boolean> imported = new TreeMap<>();
        for (Row r : ContractValidation.imported(checked, ContractValidation.PRODUCT_OUTPUT)
                .collectAsList()) {
            imported.put(r.getString(0), r.getBoolean(r.fieldIndex("active")));
        }
        assertEquals("quarantined bad_boolean", outcome.get("SKU-6"), "maybe is neither");
        assertEquals(
                Map.of(
                        "SKU-0", true,
                        "SKU-1", false,
                        "SKU-2", true,
                        "SKU-3", true,
                        "SKU-4", false,
                        "SKU-5", false),
                imported);
    }

    @Test
    void stockRowsAreCheckedByTheirRulesAndAnEmptyStockoutIsOnHandZero() {
        SparkSession spark = TestSpark.session();
        String[][] stock = {
            // sku, day, on_hand, reserved, stockout
            {"A", "2026-01-05", "5", "", ""},
            {"A", "2026-01-06", "0", "", ""},
            {"A", "2026-01-07", "0", "0", "f"},
            {"A", "2026-01-08", "+3", "1", "yes"},
            {"A", "2026-01-09", "-1", "0", ""},
            {"A", "2026-01-10", "2", "-2", ""},
            {"A", "2026-01-11", "1.5", "0", ""},
            {"A", "2026-02-30", "1", "0", ""},
            {"A", "2026-01-12", "1", "0", "maybe"},
            {"GHOST", "2026-01-05", "1", "0", ""},
            {"A", "2026-01-13", "", "0", ""},
            {"B", "2026-01-05", "4", "0", ""},
            {"B", "2026-01-05", "4", "1", ""},
            {"B", "2026-01-06", "7", "0", ""},
            {"B", "2026-01-06", "7", "0", ""}
        };
        List<SourceRow> rows = new ArrayList<>();
        for (int i = 0; i < stock.length; i++) {
            String[] v = stock[i];
            rows.add(new SourceRow(
                    "stock.csv",
                    i + 2,
                    "{}",
                    Map.of("sku", v[0], "day", v[1], "on_hand", v[2], "reserved", v[3], "stockout", v[4])));
        }
        Dataset<Row> known =
                spark.createDataset(List.of("A", "B"), Encoders.STRING()).toDF("sku");
        Dataset<Row> checked = ContractValidation.stock(
                ImportRun.frame(spark, ImportContract.names(ImportContract.STOCK), rows), known);
        Map<Long, String> outcome = new TreeMap<>();
        for (Row r : checked.collectAsList()) {
            outcome.put(
                    r.getLong(r.fieldIndex(ImportFiles.ROW)),
                    r.getString(r.fieldIndex(ContractValidation.OUTCOME)).equals(ContractValidation.IMPORTED)
                            ? r.getAs("on_hand") + " " + r.getAs("reserved") + " " + r.getAs("stockout")
                            : r.getString(r.fieldIndex(Rules.RULE)));
        }
        assertEquals(
                Map.ofEntries(
                        Map.entry(2L, "5 0 false"),
                        Map.entry(3L, "0 0 true"),
                        Map.entry(4L, "0 0 false"),
                        Map.entry(5L, "3 1 true"),
                        Map.entry(6L, "negative_stock"),
                        Map.entry(7L, "negative_stock"),
                        Map.entry(8L, "bad_integer"),
                        Map.entry(9L, "bad_date"),
                        Map.entry(10L, "bad_boolean"),
                        Map.entry(11L, "unknown_product"),
                        Map.entry(12L, "missing_value"),
                        Map.entry(13L, "conflicting_duplicate"),
                        Map.entry(14L, "conflicting_duplicate"),
                        Map.entry(15L, "7 0 false"),
                        Map.entry(16L, "duplicate")),
                outcome);
    }
}
