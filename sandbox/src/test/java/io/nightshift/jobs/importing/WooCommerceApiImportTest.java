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
import io.nightshift.sandbox.marketplace.WooCommerceFake;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/pipeline import --source woocommerce-api against the contract-enforcing WooCommerce fake: the documented
 * order, refund, product and variation JSON (src/test/resources/woocommerce), pages of 2, real Spark, Delta and
 * PostgreSQL. Order 1001 has a partial refund of one mug (a credit note), one of money on a line without units and
 * an amount-only one; refunded order 1004's refund is a credit note that is not demand, like its order.
 */
class WooCommerceApiImportTest {
    static final String KEY = "ck_0123456789abcdef0123456789abcdef01234567";
    static final String SECRET = "cs_fedcba9876543210fedcba9876543210fedcba98";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    WooCommerceFake shop;

    static JsonNode fixture(String name) throws Exception {
        try (InputStream in = WooCommerceApiImportTest.class.getResourceAsStream("/woocommerce/" + name)) {
            return JSON.readTree(in);
        }
    }

    @BeforeEach
    void open() throws Exception {
        shop = new WooCommerceFake(KEY, SECRET, ZoneId.of("Europe/Berlin"));
        shop.addOrders(fixture("orders.json"));
        shop.addProducts(fixture("products.json"));
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        fixture("variations.json").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            shop.addVariations(e.getKey(), e.getValue());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = fixture("refunds.json").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            shop.addRefunds(e.getKey(), e.getValue());
        }
    }

    @AfterEach
    void close() {
        shop.close();
    }

    private Map<String, String> env(String database, String secret) throws Exception {
        TestPostgres.emptyDatabase(database);
        Path conf = root.resolve("shop.conf");
        Files.writeString(conf, """
                nightshift.import.woocommerce.page-size = 2
                nightshift.marketplaces.http { backoff-base = 10 milliseconds, max-retry-after = 1 second }
                """);
        Map<String, String> env = new HashMap<>(Map.of(
                "NIGHTSHIFT_HOME", root.toString(),
                "NIGHTSHIFT_WAREHOUSE", root.resolve("wh").toString(),
                "NIGHTSHIFT_JDBC_URL", TestPostgres.jdbcUrl(database),
                "NIGHTSHIFT_JDBC_USER", "postgres",
                "NIGHTSHIFT_CONF", conf.toString(),
                "NIGHTSHIFT_WOOCOMMERCE_URL", shop.baseUrl(),
                "NIGHTSHIFT_WOOCOMMERCE_KEY", KEY));
        env.put("NIGHTSHIFT_WOOCOMMERCE_SECRET", secret);
        return env;
    }

    private static DataSource db(String database) {
        return TestPostgres.server().getDatabase("postgres", database);
    }

    private Map<String, String> quarantinedOrders() {
        Map<String, String> rules = new TreeMap<>();
        for (Row r : new TableCatalog(root.resolve("wh").toString())
                .read(TestSpark.session(), Tables.IMPORT_ORDER_LINES_QUARANTINE)
                .collectAsList()) {
            String file = r.getString(r.fieldIndex("source_file"));
            rules.merge(
                    file.substring(file.lastIndexOf('/') + 1),
                    r.getString(r.fieldIndex("rule")),
                    (a, b) -> a + "," + b);
        }
        return rules;
    }

    @Test
    void everyPageOfOrdersAndProductsIsImportedRejectsQuarantinedAndARerunChangesNothing() throws Exception {
        Map<String, String> env = env("import_woo_api", SECRET);
        // A host's 429 (with Retry-After) on the first orders page: retried, then the pull goes on.
        shop.injectFaults("orders", FaultKind.THROTTLE);
        CliRun run = CliRun.run(env, "import", "--source", "woocommerce-api");
        assertEquals(0, run.exitCode(), run.err());
        String out = run.out();
        assertTrue(out.contains("import (woocommerce-api): " + shop.baseUrl()), out);
        assertTrue(out.contains("order lines: 12 rows in = 7 imported + 0 not products + 5 quarantined"), out);
        assertTrue(
                out.contains("refunds: 4 read from 2 orders = 2 credit notes (2 of the order lines above) + 2"
                        + " amount-only (no units returned: not imported); 1 refund line item(s) with quantity 0"
                        + " left out"),
                out);
        assertTrue(
                out.contains("products: 5 rows in = 3 imported + 2 variable, grouped or external rows + 0 quarantined"),
                out);
        assertEquals(1, shop.throttled());
        List<String> orderPages = shop.listRequests().stream()
                .filter(q -> q.get("_operation").equals("orders"))
                .map(q -> q.get("page") + "/" + q.get("per_page") + "/" + q.get("orderby") + "/" + q.get("order"))
                .toList();
        assertEquals(List.of("1/2/id/asc", "2/2/id/asc", "3/2/id/asc", "4/2/id/asc", "5/2/id/asc"), orderPages);
        List<String> refundPages = shop.listRequests().stream()
                .filter(q -> q.get("_operation").equals("refunds"))
                .map(q -> q.get("page") + "/" + q.get("per_page") + "/" + q.get("orderby") + "/" + q.get("order"))
                .toList();
        assertEquals(List.of("1/2/id/asc", "2/2/id/asc", "1/2/id/asc"), refundPages, "1001's 3 refunds, 1004's 1");

        DataSource db = db("import_woo_api");
        assertEquals(
                List.of(
                        "1001|1|WOO-MUG|2|12.50|2.50|26|web|shipped|2026-01-05 09:12:40+00",
                        "1001|2|WOO-TEE-S|1|20.00|0.00|26|web|shipped|2026-01-05 09:12:40+00",
                        "1001-R2002|1|WOO-MUG|-1|11.25|0.00|26|web|shipped|2026-01-09 10:00:00+00",
                        "1002|1|id:13|1|22.00|0.00|null|web|paid|2026-01-06 18:40:00+00",
                        "1003|1|WOO-MUG|1|12.50|0.00|27|web|pending|2026-01-08 07:05:00+00",
                        "1004|1|WOO-MUG|1|12.50|0.00|26|web|refunded|2026-01-09 11:00:00+00",
                        "1004-R2001|1|WOO-MUG|-1|12.50|0.00|26|web|refunded|2026-01-20 08:30:00+00"),
                ImportCommandTest.rows(
                        db,
                        "select l.order_id, row_number() over (partition by l.order_id order by l.line_no), p.sku,"
                                + " l.quantity, l.unit_price, l.discount, o.customer_key, o.channel, o.status,"
                                + " to_char(o.ordered_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS') || '+00'"
                                + " from order_lines l join orders o using (order_id) join products p using (product_id)"
                                + " order by l.order_id, l.line_no"));
        assertEquals(
                List.of(
                        "WOO-MUG|Enamel Mug|Mugs|enamel, camping|12.50|true",
                        "WOO-TEE-S|Logo Tee - Small|T-shirts|cotton|20.00|true",
                        "id:13|Logo Tee - Large|T-shirts|cotton|22.00|false"),
                ImportCommandTest.rows(
                        db, "select sku, name, category, tags, base_price, active from products order by sku"));
        assertEquals(
                Map.of(
                        "1005", "unknown_currency",
                        "1006", "timestamp_without_zone",
                        "1007", "inconsistent_order",
                        "1008", "inconsistent_order",
                        "1009", "unknown_status"),
                quarantinedOrders());

        CliRun again = CliRun.run(env, "import", "--source", "woocommerce-api");
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().contains("(nothing changed)"), again.out());
        assertEquals(5, quarantinedOrders().size(), "a rerun adds no quarantine rows");
        assertTrue(again.out().contains("refunds: 4 read from 2 orders = 2 credit notes"), again.out());
        String log = Files.readString(root.resolve("wh/logs/nightshift.log"));
        assertTrue(
                log.contains("refund 1001-R2004 returns no units (amount 5.00 EUR): amount-only, not imported"), log);
    }

    @Test
    void modifiedAfterPullsOnlyTheOrdersChangedSince() throws Exception {
        Map<String, String> env = env("import_woo_api_since", SECRET);
        CliRun run = CliRun.run(
                env, "import", "--source", "woocommerce-api", "--modified-after", "2026-01-15T00:00:00+01:00");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(
                run.out().contains("order lines: 7 rows in = 2 imported + 0 not products + 5 quarantined"), run.out());
        assertTrue(shop.listRequests().stream()
                .filter(q -> q.get("_operation").equals("orders"))
                .allMatch(q -> "2026-01-14T23:00:00".equals(q.get("modified_after"))
                        && "true".equals(q.get("dates_are_gmt"))));
        assertEquals(
                List.of("1004|refunded", "1004-R2001|refunded"),
                ImportCommandTest.rows(
                        db("import_woo_api_since"), "select order_id, status from orders order by order_id"));
    }

    @Test
    void aWrongSecretIsOneLineThatNamesTheVariablesAndNeverTheSecret() throws Exception {
        String wrong = "cs_not_the_right_secret_0000000000000000000";
        Map<String, String> env = env("import_woo_api_auth", wrong);
        CliRun run = CliRun.run(env, "import", "--source", "woocommerce-api");
        assertEquals(1, run.exitCode(), run.err());
        assertEquals(1, run.errLines().size(), run.err());
        assertEquals(
                "error: woocommerce: GET /wp-json/wc/v3/orders page 1 was refused (HTTP 401"
                        + " woocommerce_rest_authentication_error: Consumer secret is invalid.): check the consumer key"
                        + " and secret in NIGHTSHIFT_WOOCOMMERCE_KEY and NIGHTSHIFT_WOOCOMMERCE_SECRET (a key with"
                        + " Read access, WooCommerce > Settings > Advanced > REST API)",
                run.err().strip());
        String log = Files.readString(root.resolve("wh/logs/nightshift.log"));
        for (String text : List.of(run.out(), run.err(), log)) {
            assertFalse(text.contains(wrong) || text.contains(KEY), "no credential is printed or logged");
        }
        assertEquals(List.of(), shop.listRequests(), "no page was served");

        env.put("NIGHTSHIFT_WOOCOMMERCE_KEY", "ck_unknown");
        CliRun unknown = CliRun.run(env, "import", "--source", "woocommerce-api");
        assertEquals(1, unknown.exitCode(), unknown.err());
        assertTrue(
                unknown.err().contains("HTTP 401 woocommerce_rest_cannot_view: Sorry, you cannot list resources."),
                unknown.err());
    }
}
