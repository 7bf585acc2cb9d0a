package io.nightshift.jobs.importing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.common.catalog.TableCatalog;
import io.nightshift.common.catalog.Tables;
import io.nightshift.common.testing.TestSpark;
import io.nightshift.jobs.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/pipeline import --source woocommerce: the built-in product CSV export through the contract. */
class WooCommerceImportTest {
    @TempDir
    Path root;

    private Map<String, String> env(String database) throws Exception {
        return ImportCommandTest.env(root, database);
    }

    private static DataSource db(String database) {
        return ImportCommandTest.db(database);
    }

    @Test
    void theProductExportIsImportedVariationsTakeTheirParentsCategoryAndRejectsAreQuarantined() throws Exception {
        Map<String, String> env = env("import_woo_csv");
        String export =
                ImportCommandTest.resource("woocommerce/wc-product-export.csv").toString();
        CliRun run = CliRun.run(env, "import", "--source", "woocommerce", "--products", export);
        assertEquals(0, run.exitCode(), run.err());
        String out = run.out();
        assertTrue(
                out.contains("products: 11 rows in = 4 imported + 3 variable, grouped or external rows + 4 quarantined"
                        + " (conflicting_duplicate 2, bad_number 1, missing_value 1;"),
                out);
        assertTrue(out.contains("order lines: 0 rows in"), out);
        DataSource db = db("import_woo_csv");
        assertEquals(
                List.of(
                        "=PIN-1|Enamel Pin|null|null|3.00|null|false",
                        "WOO-MUG|Enamel Mug|Mugs|enamel, camping|12.50|4.10|true",
                        "WOO-TEE-S|Logo Tee - Small|T-shirts|cotton|20.00|7.00|true",
                        "id:13|Logo Tee - Large|T-shirts|cotton|22.00|null|false"),
                ImportCommandTest.rows(
                        db,
                        "select sku, name, category, tags, base_price, unit_cost, active from products order by sku"));

        TableCatalog catalog = new TableCatalog(root.resolve("wh").toString());
        Map<Long, String> ruleByRow = new TreeMap<>();
        for (Row r : catalog.read(TestSpark.session(), Tables.IMPORT_PRODUCTS_QUARANTINE)
                .collectAsList()) {
            ruleByRow.put(r.getLong(r.fieldIndex("line_number")), r.getString(r.fieldIndex("rule")));
        }
        assertEquals(
                Map.of(
                        9L, "bad_number",
                        10L, "conflicting_duplicate",
                        11L, "conflicting_duplicate",
                        12L, "missing_value"),
                ruleByRow);

        CliRun again = CliRun.run(env, "import", "--source", "woocommerce", "--products", export);
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().contains("(nothing changed)"), again.out());
    }

    @Test
    void aShopWritingDecimalCommasIsReadWithItsSeparator() throws Exception {
        Map<String, String> env = env("import_woo_comma");
        Path conf = root.resolve("shop.conf");
        Files.writeString(conf, "nightshift.import.woocommerce.decimal-separator = \",\"\n");
        Path export = root.resolve("in/wc-product-export.csv");
        Files.createDirectories(export.getParent());
        Files.writeString(
                export,
                "ID,Type,SKU,Name,Published,\"Regular price\",Categories\n"
                        + "1,simple,DE-1,Becher,1,\"12,30\",\"Küche > Becher\"\n");
        CliRun run = CliRun.run(
                env, "import", "--source", "woocommerce", "--products", export.toString(), "--conf", conf.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(
                List.of("DE-1|12.30|Becher"),
                ImportCommandTest.rows(db("import_woo_comma"), "select sku, base_price, category from products"));
    }

    @Test
    void optionsAndFilesThatCannotWorkAreOneLineErrors() throws Exception {
        Map<String, String> env = env("import_woo_errors");
        Path export = root.resolve("in/wc-product-export.csv");
        Files.createDirectories(export.getParent());
        Files.writeString(export, "ID,Type,SKU,Name\n1,simple,A,Mug\n");

        CliRun missing = CliRun.run(env, "import", "--source", "woocommerce", "--products", export.toString());
        assertEquals(1, missing.exitCode(), missing.err());
        assertEquals(1, missing.errLines().size(), missing.err());
        assertTrue(
                missing.err().contains("wc-product-export.csv: missing required column 'Regular price'"),
                missing.err());

        CliRun orders = CliRun.run(
                env,
                "import",
                "--source",
                "woocommerce",
                "--orders",
                export.toString(),
                "--products",
                export.toString());
        assertEquals(2, orders.exitCode(), orders.err());
        assertTrue(orders.err().contains("WooCommerce has no built-in orders CSV export"), orders.err());

        CliRun noUrl = CliRun.run(env, "import", "--source", "woocommerce-api");
        assertEquals(2, noUrl.exitCode(), noUrl.err());
        assertEquals(
                "error: --source woocommerce-api needs the shop's address: set NIGHTSHIFT_WOOCOMMERCE_URL"
                        + " (or nightshift.import.woocommerce.base-url)",
                noUrl.err().strip());

        env.put("NIGHTSHIFT_WOOCOMMERCE_URL", "http://shop.example.com");
        CliRun plain = CliRun.run(env, "import", "--source", "woocommerce-api");
        assertEquals(2, plain.exitCode(), plain.err());
        assertTrue(plain.err().contains("must be https://"), plain.err());

        env.put("NIGHTSHIFT_WOOCOMMERCE_URL", "https://shop.example.com");
        CliRun noKey = CliRun.run(env, "import", "--source", "woocommerce-api");
        assertEquals(2, noKey.exitCode(), noKey.err());
        assertTrue(
                noKey.err().contains("set NIGHTSHIFT_WOOCOMMERCE_KEY and NIGHTSHIFT_WOOCOMMERCE_SECRET"), noKey.err());

        CliRun after = CliRun.run(env, "import", "--source", "woocommerce-api", "--modified-after", "2026-01-05");
        assertEquals(2, after.exitCode(), after.err());
        assertTrue(after.err().contains("--modified-after must be an ISO-8601 time with offset"), after.err());
    }
}
