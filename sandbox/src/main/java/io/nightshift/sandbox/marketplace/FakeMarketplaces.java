package io.nightshift.sandbox.marketplace;

import com.typesafe.config.ConfigFactory;
import io.nightshift.common.config.NightshiftConfig;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.sql.DataSource;

/**
 * The four marketplace fakes started together, each listing what commerce {@code marketplace_listings} says
 * it lists, with a seeded set of orders for a run: the demo, the end-to-end test and the benchmark use it.
 * {@link #configOverrides} gives the {@code nightshift.marketplaces} keys that point the connectors at them;
 * credentials go through files, as they would in production.
 */
public final class FakeMarketplaces implements AutoCloseable {
    public static final String SELLER_ID = "nightshift-seller";
    public static final String AMAZON_MARKETPLACE = "ATVPDKIKX0DER";
    public static final String SHOPIFY_VERSION = "2026-04";
    public static final String SHOPIFY_LOCATION = "gid://shopify/Location/1";
    private double rateFactor = 1;
    private final Map<String, FakeMarketplace> fakes = new LinkedHashMap<>();
    private final Map<String, Path> credentialFiles = new LinkedHashMap<>();
    /** product id -> units the seeded valid, live orders take (what central stock should lose). */
    private final Map<Integer, Integer> expectedUnits = new HashMap<>();

    private int invalidOrders;

    public FakeMarketplaces(Path secretsFolder, List<String> names) throws IOException {
        Files.createDirectories(secretsFolder);
        for (String name : names) {
            String credential = "fake-" + name + "-" + Long.toHexString(new Random(name.hashCode()).nextLong());
            FakeMarketplace fake = switch (name) {
                case "rest" -> new RestFake(credential, SELLER_ID);
                case "ebay" -> new EbayFake(credential);
                case "amazon" -> new AmazonFake(credential, SELLER_ID, AMAZON_MARKETPLACE);
                case "shopify" -> new ShopifyFake(credential, SHOPIFY_VERSION, SHOPIFY_LOCATION);
                default -> throw new IllegalArgumentException("no fake for " + name);
            };
            fakes.put(name, fake);
            Path file = secretsFolder.resolve(name + ".credential");
            Files.writeString(file, credential, StandardCharsets.UTF_8);
            credentialFiles.put(name, file);
            if (name.equals("ebay") || name.equals("amazon")) {
                // The credential is the refresh token; the OAuth client's id and secret go through files too.
                fake.oauthClient(
                        "client-" + name, "secret-" + Long.toHexString(new Random(name.hashCode() + 1).nextLong()));
                Files.writeString(secretsFolder.resolve(name + ".client-id"), fake.clientId(), StandardCharsets.UTF_8);
                Files.writeString(
                        secretsFolder.resolve(name + ".client-secret"), fake.clientSecret(), StandardCharsets.UTF_8);
            }
        }
    }

    public FakeMarketplace get(String name) {
        return fakes.get(name);
    }

    public Map<String, FakeMarketplace> all() {
        return fakes;
    }

    /** Config keys pointing every connector at its fake; other marketplaces are disabled. */
    public Map<String, Object> configOverrides() {
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("nightshift.marketplaces.enabled", new ArrayList<>(fakes.keySet()));
        for (var e : fakes.entrySet()) {
            String p = "nightshift.marketplaces." + e.getKey() + ".";
            keys.put(p + "base-url", e.getValue().baseUrl());
            keys.put(p + "credential-file", credentialFiles.get(e.getKey()).toString());
            if (e.getKey().equals("ebay") || e.getKey().equals("amazon")) {
                Path folder = credentialFiles.get(e.getKey()).getParent();
                keys.put(
                        p + "client-id-file",
                        folder.resolve(e.getKey() + ".client-id").toString());
                keys.put(
                        p + "client-secret-file",
                        folder.resolve(e.getKey() + ".client-secret").toString());
                keys.put(
                        p + "token-url",
                        e.getValue().baseUrl()
                                + (e.getKey().equals("ebay") ? "/identity/v1/oauth2/token" : "/auth/o2/token"));
            }
            if (e.getKey().equals("rest") || e.getKey().equals("amazon")) {
                // Only these two identify the seller in their requests (reference.conf has no such key for the others).
                keys.put(p + "seller-id", SELLER_ID);
            }
            if (rateFactor != 1) {
                com.typesafe.config.Config limits = ConfigFactory.defaultReference()
                        .getConfig("nightshift.marketplaces." + e.getKey() + ".rate-limits");
                for (String op : limits.root().keySet()) {
                    keys.put(
                            p + "rate-limits." + op + ".per-second", limits.getDouble(op + ".per-second") * rateFactor);
                }
            }
        }
        keys.put("nightshift.marketplaces.amazon.marketplace-id", AMAZON_MARKETPLACE);
        keys.put("nightshift.marketplaces.shopify.api-version", SHOPIFY_VERSION);
        keys.put("nightshift.marketplaces.shopify.location-id", SHOPIFY_LOCATION);
        return keys;
    }

    /**
     * Multiplies every documented refill rate, in the fakes and in the connectors' configuration, by
     * {@code factor} (bursts stay): Amazon's getOrders refills one token a minute, which would make a demo or a
     * test take hours. The fakes still enforce the scaled limits.
     */
    public FakeMarketplaces scaleRates(double factor) {
        this.rateFactor = factor;
        for (FakeMarketplace f : fakes.values()) {
            f.scaleRates(factor);
        }
        return this;
    }

    /** The configuration with {@link #configOverrides} applied. */
    public NightshiftConfig pointAt(NightshiftConfig config) {
        return config.withOverrides(configOverrides());
    }

    /** Lists every active listing of commerce marketplace_listings on its fake, showing 0 units. */
    public void listFrom(DataSource db) throws SQLException {
        try (Connection c = db.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "select marketplace, marketplace_sku, listing_id from marketplace_listings where active")) {
            while (rs.next()) {
                FakeMarketplace fake = fakes.get(rs.getString(1));
                if (fake != null) {
                    fake.list(rs.getString(2), rs.getString(3), 0);
                }
            }
        }
    }

    /**
     * Puts {@code perMarketplace} seeded orders on every fake, updated in [from, to): live orders of 1-3
     * lines of listed SKUs (quantity 1-2, at base price), one in ten later cancelled, plus three that must be
     * quarantined (an unknown SKU, a foreign currency, a line with quantity 0).
     */
    public void seedOrders(DataSource db, int perMarketplace, Instant from, Instant to, long seed, String currency)
            throws SQLException {
        Map<String, List<Object[]>> listed = new HashMap<>();
        try (Connection c = db.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select l.marketplace, l.marketplace_sku, l.product_id, p.base_price "
                        + "from marketplace_listings l join products p on p.product_id = l.product_id where l.active "
                        + "order by l.marketplace, l.marketplace_sku")) {
            while (rs.next()) {
                listed.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add(new Object[] {rs.getString(2), rs.getInt(3), rs.getBigDecimal(4)});
            }
        }
        long span = Math.max(1, to.toEpochMilli() - from.toEpochMilli());
        for (var e : fakes.entrySet()) {
            List<Object[]> skus = listed.getOrDefault(e.getKey(), List.of());
            if (skus.isEmpty()) {
                continue;
            }
            Random random = new Random(seed * 31 + e.getKey().hashCode());
            FakeMarketplace fake = e.getValue();
            for (int i = 0; i < perMarketplace + 3; i++) {
                Instant created = from.plusMillis((long) (random.nextDouble() * span * 0.8));
                Instant updated = created.plusMillis((long) (random.nextDouble() * span * 0.1));
                String id = orderId(e.getKey(), seed, i);
                List<FakeMarketplace.Line> lines = new ArrayList<>();
                int n = 1 + random.nextInt(3);
                List<Integer> products = new ArrayList<>();
                for (int k = 0; k < n; k++) {
                    Object[] sku = skus.get(random.nextInt(skus.size()));
                    int quantity = 1 + random.nextInt(2);
                    lines.add(new FakeMarketplace.Line(
                            id + "-L" + (k + 1), (String) sku[0], quantity, (BigDecimal) sku[2]));
                    products.add((Integer) sku[1]);
                }
                String orderCurrency = currency;
                if (i == perMarketplace) {
                    lines.set(0, new FakeMarketplace.Line(lines.get(0).lineId(), "NOT-LISTED-" + i, 1, BigDecimal.ONE));
                } else if (i == perMarketplace + 1) {
                    orderCurrency = currency.equals("EUR") ? "GBP" : "EUR";
                } else if (i == perMarketplace + 2) {
                    lines.set(
                            0,
                            new FakeMarketplace.Line(
                                    lines.get(0).lineId(),
                                    lines.get(0).sku(),
                                    0,
                                    lines.get(0).unitPrice()));
                }
                boolean valid = i < perMarketplace;
                boolean cancelled = valid && random.nextInt(10) == 0;
                fake.addOrder(new FakeMarketplace.Order(
                        id,
                        created,
                        updated,
                        cancelled ? "cancelled" : "paid",
                        orderCurrency,
                        "buyer" + i + "@example.com",
                        lines));
                if (!valid) {
                    invalidOrders++;
                } else if (!cancelled) {
                    for (int k = 0; k < lines.size(); k++) {
                        expectedUnits.merge(products.get(k), lines.get(k).quantity(), Integer::sum);
                    }
                }
            }
        }
    }

    /** Marketplace-style order ids: eBay 12-34567-89012, Amazon 3-7-7 digits, Shopify numeric, REST R-... */
    static String orderId(String marketplace, long seed, int i) {
        long n = Math.abs(seed) % 1000 * 100000 + i;
        return switch (marketplace) {
            case "ebay" -> String.format("%02d-%05d-%05d", seed % 100, n / 100000 % 100000, n % 100000);
            case "amazon" -> String.format("%03d-%07d-%07d", 100 + seed % 900, n / 10000000 % 10000000, n % 10000000);
            case "shopify" -> Long.toString(5_000_000_000L + n);
            default -> "R-" + n;
        };
    }

    /** product id -> units the seeded valid live orders take from central stock. */
    public Map<Integer, Integer> expectedUnits() {
        return Map.copyOf(expectedUnits);
    }

    public int invalidOrders() {
        return invalidOrders;
    }

    @Override
    public void close() {
        fakes.values().forEach(FakeMarketplace::close);
    }
}
