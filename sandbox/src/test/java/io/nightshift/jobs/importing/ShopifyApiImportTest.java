package io.nightshift.jobs.importing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nightshift.common.catalog.TableCatalog;
import io.nightshift.common.catalog.Tables;
import io.nightshift.common.testing.TestPostgres;
import io.nightshift.common.testing.TestSpark;
import io.nightshift.jobs.cli.CliRun;
import io.nightshift.sandbox.marketplace.FakeMarketplace.FaultKind;
import io.nightshift.sandbox.marketplace.FakeMarketplaces;
import io.nightshift.sandbox.marketplace.ShopifyFake;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/pipeline import --source shopify-api against the contract-enforcing Shopify fake: the bulk mutation, the
 * polling (RUNNING, then COMPLETED), the JSONL download, the token and the pinned version, a THROTTLED answer; the
 * orders and variants of src/test/resources/shopify, real Spark, Delta and PostgreSQL. One test, several runs: the
 * suite's time budget.
 */
class ShopifyApiImportTest {
    static final String TOKEN = "shpat_0123456789abcdef0123456789abcdef";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    static JsonNode fixture(String name) throws Exception {
        try (InputStream in = ShopifyApiImportTest.class.getResourceAsStream("/shopify/" + name)) {
            return JSON.readTree(in);
        }
    }

    private Map<String, String> quarantined() {
        Map<String, String> rules = new TreeMap<>();
        for (Row r : new TableCatalog(root.resolve("wh").toString())
                .read(TestSpark.session(), Tables.IMPORT_ORDER_LINES_QUARANTINE)
                .collectAsList()) {
            String file = r.getString(r.fieldIndex("source_file"));
            rules.merge(
                    file.substring(file.lastIndexOf('/') + 1) + "#" + r.getLong(r.fieldIndex("line_number")),
                    r.getString(r.fieldIndex("rule")),
                    (a, b) -> a + "," + b);
        }
        return rules;
    }

    @Test
    void ordersAndVariantsComeThroughBulkOperationsAndARerunChangesNothing() throws Exception {
        String database = "import_shopify_api";
        TestPostgres.emptyDatabase(database);
        try (ShopifyFake shop =
                new ShopifyFake(TOKEN, FakeMarketplaces.SHOPIFY_VERSION, FakeMarketplaces.SHOPIFY_LOCATION)) {
            shop.addBulkOrders(fixture("orders.json"));
            shop.addBulkVariants(fixture("variants.json"));
            shop.bulkPollsUntilDone(2);
            Path conf = root.resolve("shop.conf");
            Files.writeString(conf, """
                    nightshift.marketplaces.shopify.base-url = "%s"
                    nightshift.marketplaces.http { backoff-base = 10 milliseconds, max-retry-after = 1 second }
                    nightshift.import.shopify { poll-interval = 10 milliseconds, max-poll-interval = 40 milliseconds }
                    """.formatted(shop.baseUrl()));
            Map<String, String> env = Map.of(
                    "NIGHTSHIFT_HOME", root.toString(),
                    "NIGHTSHIFT_WAREHOUSE", root.resolve("wh").toString(),
                    "NIGHTSHIFT_JDBC_URL", TestPostgres.jdbcUrl(database),
                    "NIGHTSHIFT_JDBC_USER", "postgres",
                    "NIGHTSHIFT_CONF", conf.toString(),
                    "NIGHTSHIFT_SHOPIFY_TOKEN", TOKEN);

            // The first GraphQL call (the orders' bulkOperationRunQuery) is THROTTLED: retried once the bucket refills.
            shop.injectFaults("graphql", FaultKind.THROTTLE);
            CliRun run = CliRun.run(env, "import", "--source", "shopify-api");
            assertEquals(0, run.exitCode(), run.err());
            String out = run.out();
            assertTrue(out.contains("import (shopify-api): " + shop.baseUrl() + " (API 2026-04)"), out);
            assertTrue(out.contains("order lines: 10 rows in = 7 imported + 1 not products + 2 quarantined"), out);
            assertTrue(out.contains("products: 4 rows in = 3 imported + 0 skipped rows + 1 quarantined"), out);
            assertEquals(1, shop.throttled());
            assertEquals(0, shop.refused(), "every request kept the fake's contract");
            assertEquals(2, shop.bulkQueries().size(), "one bulk query for the orders, one for the variants");

            DataSource db = TestPostgres.server().getDatabase("postgres", database);
            assertEquals(
                    List.of(
                            "#1001|1|MUG-1|2|12.50|2.50|7|web|shipped|2026-01-05 09:12:40",
                            "#1001|2|TEE-S|1|20.00|0.00|7|web|shipped|2026-01-05 09:12:40",
                            "#1002|1|MUG-1|3|12.50|0.00|null|web|shipped|2026-01-06 18:40:00",
                            "#1002-R|1|MUG-1|-2|12.50|0.00|null|web|shipped|2026-01-10 12:00:00",
                            "#1003|1|TEE-S|1|20.00|0.00|8|web|refunded|2026-01-08 07:05:00",
                            "#1004|1|MUG-1|1|12.50|0.00|7|web|cancelled|2026-01-09 11:00:00",
                            "#1005|1|MUG-1|1|12.50|0.00|9|pos|pending|2026-01-14 16:30:00"),
                    ImportCommandTest.rows(
                            db,
                            "select l.order_id, l.line_no, p.sku, l.quantity, l.unit_price, l.discount, o.customer_key,"
                                    + " o.channel, o.status,"
                                    + " to_char(o.ordered_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS')"
                                    + " from order_lines l join orders o using (order_id) join products p using (product_id)"
                                    + " order by l.order_id, l.line_no"));
            assertEquals(
                    List.of(
                            "MUG-1|Enamel Mug|Acme|Mugs|enamel, camping|12.50|4.20|true",
                            "TEE-L|Logo Tee - Large|Acme|Shirts|cotton|22.00|8.40|false",
                            "TEE-S|Logo Tee - Small|Acme|Shirts|cotton|20.00|null|true"),
                    ImportCommandTest.rows(
                            db,
                            "select sku, name, brand, product_type, tags, base_price, unit_cost, active from products"
                                    + " order by sku"));
            assertEquals(Map.of("5005#2", "missing_value", "5006#1", "unknown_product"), quarantined());

            CliRun again = CliRun.run(env, "import", "--source", "shopify-api");
            assertEquals(0, again.exitCode(), again.err());
            assertTrue(again.out().contains("(nothing changed)"), again.out());
            assertEquals(2, quarantined().size(), "a rerun adds no quarantine rows");

            // --modified-after filters the orders on updated_at; a FAILED operation is one line naming its errorCode.
            shop.failNextBulk("ACCESS_DENIED");
            CliRun failed = CliRun.run(
                    env, "import", "--source", "shopify-api", "--modified-after", "2026-01-12T09:00:00+01:00");
            assertEquals(1, failed.exitCode(), failed.err());
            assertEquals(1, failed.errLines().size(), failed.err());
            assertTrue(
                    failed.err()
                            .strip()
                            .matches(
                                    "error: shopify: bulk operation gid://shopify/BulkOperation/5 \\(orders\\)"
                                            + " ended FAILED with errorCode ACCESS_DENIED after 0 objects; nothing was imported"),
                    failed.err());
            assertTrue(
                    shop.bulkQueries().get(4).startsWith("{ orders(query: \"updated_at:>'2026-01-12T08:00:00Z'\")"),
                    shop.bulkQueries().get(4));
            String log = Files.readString(root.resolve("wh/logs/nightshift.log"));
            for (String text : List.of(run.out(), run.err(), failed.err(), log)) {
                assertFalse(text.contains(TOKEN), "the access token is never printed or logged");
            }
        }
    }
}
