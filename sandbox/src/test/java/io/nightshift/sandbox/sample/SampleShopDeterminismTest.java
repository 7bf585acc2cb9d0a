package io.nightshift.sandbox.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleShopDeterminismTest {
    static final Map<String, String> TABLES_BY_KEY = new TreeMap<>(Map.ofEntries(
            Map.entry("products", "product_id"), Map.entry("product_attributes", "attribute_id"),
            Map.entry("product_tiers", "product_id, tier_id"),
                    Map.entry("marketplace_listings", "marketplace, product_id"),
            Map.entry("inventory", "product_id"), Map.entry("inventory_snapshots", "product_id, snapshot_date"),
            Map.entry("customers", "customer_id"), Map.entry("customer_preferences", "preference_id"),
            Map.entry("subscription_box_items", "box_item_id"), Map.entry("orders", "order_id"),
            Map.entry("order_lines", "order_id, line_no"), Map.entry("subscription_tiers", "tier_id")));

    @Test
    void sameSpecGivesIdenticalFilesAndRows(@TempDir Path first, @TempDir Path second) throws Exception {
        SampleShopSpec spec = GeneratedShop.spec(50, 120, 200, 3);
        try (GeneratedShop a = new GeneratedShop(first, spec);
                GeneratedShop b = new GeneratedShop(second, spec)) {
            Map<String, String> filesA = fileHashes(first);
            Map<String, String> filesB = fileHashes(second);
            assertTrue(filesA.size() > 200, "landing and truth files: " + filesA.size());
            assertEquals(filesA, filesB);
            Map<String, String> tablesA = tableHashes(a);
            assertEquals(tablesA, tableHashes(b));
            assertEquals(a.summary, b.summary);

            // Regenerating into the same folders and database changes nothing.
            SampleShopSummary again = new SampleShopGenerator(spec).generate(a.landing, a.truth, a.db);
            assertEquals(a.summary, again);
            assertEquals(filesA, fileHashes(first));
            assertEquals(tablesA, tableHashes(a));
        }
    }

    static Map<String, String> fileHashes(Path root) throws Exception {
        Map<String, String> hashes = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                hashes.put(root.relativize(file).toString(), sha256(Files.readAllBytes(file)));
            }
        }
        return hashes;
    }

    static Map<String, String> tableHashes(GeneratedShop shop) throws Exception {
        Map<String, String> hashes = new TreeMap<>();
        try (Connection c = shop.db.getConnection();
                Statement s = c.createStatement()) {
            s.execute("SET TIME ZONE 'UTC'");
            for (var table : TABLES_BY_KEY.entrySet()) {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                long rows = 0;
                try (ResultSet rs =
                        s.executeQuery("SELECT t::text FROM " + table.getKey() + " t ORDER BY " + table.getValue())) {
                    while (rs.next()) {
                        digest.update(rs.getString(1).getBytes(StandardCharsets.UTF_8));
                        digest.update((byte) '\n');
                        rows++;
                    }
                }
                assertTrue(rows > 0, table.getKey() + " is empty");
                hashes.put(table.getKey(), rows + ":" + HexFormat.of().formatHex(digest.digest()));
            }
        }
        return hashes;
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
