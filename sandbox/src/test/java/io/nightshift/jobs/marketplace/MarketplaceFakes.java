package io.nightshift.jobs.marketplace;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.nightshift.common.config.MarketplaceSettings;
import io.nightshift.common.testing.TestPostgres;
import io.nightshift.sandbox.marketplace.FakeMarketplace;
import io.nightshift.sandbox.marketplace.FakeMarketplaces;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Test helpers: a small commerce database with listings on every fake, and connectors pointed at the fakes. */
final class MarketplaceFakes {
    static final int PRODUCTS = 40;
    static final int ON_HAND = 1000;

    private MarketplaceFakes() {}

    /** A fresh commerce database: PRODUCTS products with ON_HAND units each, listed on every marketplace. */
    static DataSource shop() throws Exception {
        DataSource db = TestPostgres.freshCommerceDatabase();
        try (Connection c = db.getConnection();
                Statement s = c.createStatement()) {
            s.execute(
                    "insert into products (product_id, sku, name, category, brand, base_price) select g, 'SKU-' || g, "
                            + "'product ' || g, 'home', 'acme', 10 + g from generate_series(1, " + PRODUCTS + ") g");
            s.execute("insert into inventory (product_id, on_hand) select g, " + ON_HAND + " from generate_series(1, "
                    + PRODUCTS + ") g");
            for (String[] m : new String[][] {{"rest", "RS"}, {"ebay", "EB"}, {"amazon", "AZ"}, {"shopify", "SH"}}) {
                s.execute(
                        "insert into marketplace_listings (marketplace, product_id, marketplace_sku, listing_id) select '"
                                + m[0] + "', g, '" + m[1] + "-SKU-' || g, '" + m[1]
                                + "-L' || lpad(g::text, 8, '0') from generate_series(1, "
                                + PRODUCTS + ") g");
            }
        }
        return db;
    }

    /** Settings pointing at the fakes, with fast retries and a short request timeout (for the timeout faults). */
    static MarketplaceSettings settings(FakeMarketplaces fakes, Map<String, Object> more) {
        Map<String, Object> keys = new HashMap<>(fakes.configOverrides());
        keys.put("nightshift.marketplaces.http.backoff-base", "5 milliseconds");
        keys.put("nightshift.marketplaces.http.backoff-max", "200 milliseconds");
        keys.put("nightshift.marketplaces.http.request-timeout", "1 second");
        keys.put("nightshift.marketplaces.http.max-retries", 12);
        keys.putAll(more);
        Config config = ConfigFactory.parseMap(keys)
                .withFallback(ConfigFactory.defaultReference())
                .resolve();
        return MarketplaceSettings.from(config, "USD", Map.of());
    }

    static MarketplaceConnector connector(MarketplaceSettings settings, String name) {
        return Connectors.of(settings).stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    static List<StockUpdate> updates(String marketplace, int quantityBase) {
        String prefix = switch (marketplace) {
            case "rest" -> "RS";
            case "ebay" -> "EB";
            case "amazon" -> "AZ";
            default -> "SH";
        };
        List<StockUpdate> updates = new ArrayList<>();
        for (int p = 1; p <= PRODUCTS; p++) {
            updates.add(new StockUpdate(
                    prefix + "-SKU-" + p, p, prefix + "-L" + String.format("%08d", p), quantityBase + p, null));
        }
        return updates;
    }

    static Map<String, Integer> productBySku(DataSource db, String marketplace) throws Exception {
        Map<String, Integer> result = new HashMap<>();
        try (Connection c = db.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "select marketplace_sku, product_id from marketplace_listings where marketplace = '"
                                + marketplace + "'")) {
            while (rs.next()) {
                result.put(rs.getString(1), rs.getInt(2));
            }
        }
        return result;
    }

    static long sum(DataSource db, String sql) throws Exception {
        try (Connection c = db.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Puts {@code n} paid single-line orders of quantity 1 on the fake, updated one second apart from {@code start}.
     */
    static void orders(FakeMarketplace fake, String prefix, int n, Instant start) {
        for (int i = 0; i < n; i++) {
            int product = 1 + i % PRODUCTS;
            Instant at = start.plusSeconds(i);
            fake.addOrder(new FakeMarketplace.Order(
                    "T" + prefix + i,
                    at,
                    at,
                    "paid",
                    "USD",
                    "b" + i + "@example.com",
                    List.of(new FakeMarketplace.Line(
                            "T" + prefix + i + "-1", prefix + "-SKU-" + product, 1, BigDecimal.TEN))));
        }
    }
}
