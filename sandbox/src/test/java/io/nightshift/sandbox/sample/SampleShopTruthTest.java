package io.nightshift.sandbox.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Checks a generated shop (50 products, a year) against its own ground truth and the seed's rules. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SampleShopTruthTest {
    Path root;
    GeneratedShop shop;
    List<Map<String, String>> products;
    List<Map<String, String>> demand;

    @BeforeAll
    void generate() throws Exception {
        root = Files.createTempDirectory("sample-shop-truth");
        shop = new GeneratedShop(root, GeneratedShop.spec(50, 365, 300, 7));
        products = shop.truthCsv("products.csv");
        demand = shop.truthCsv("demand_daily.csv");
    }

    @AfterAll
    void stop() throws Exception {
        shop.close();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void logLogFitRecoversTrueElasticity() throws Exception {
        Map<Integer, List<Map<String, String>>> byProduct = new HashMap<>();
        for (Map<String, String> row : demand) {
            byProduct
                    .computeIfAbsent(Integer.parseInt(row.get("product_id")), k -> new ArrayList<>())
                    .add(row);
        }
        int best = -1;
        double widest = 0;
        for (var entry : byProduct.entrySet()) {
            List<Map<String, String>> days = entry.getValue();
            boolean neverOut = days.stream().noneMatch(r -> r.get("stockout").equals("true"));
            double meanSold = days.stream()
                    .mapToInt(r -> Integer.parseInt(r.get("sold_units")))
                    .average()
                    .orElse(0);
            double[] logPrices = days.stream()
                    .mapToDouble(r -> Math.log(Double.parseDouble(r.get("price"))))
                    .toArray();
            double spread = sd(logPrices);
            if (neverOut && meanSold >= 10 && days.size() == 365 && spread > widest) {
                widest = spread;
                best = entry.getKey();
            }
        }
        assertTrue(best > 0, "no well-stocked fast mover with price variation");
        Map<String, String> truth = products.get(best - 1);
        double reference = Double.parseDouble(truth.get("reference_price"));
        double trueElasticity = Double.parseDouble(truth.get("true_elasticity"));

        Map<String, Integer> unitsByDay = new HashMap<>();
        try (Connection c = shop.db.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT (ordered_at AT TIME ZONE ?)::date::text, sum(quantity) FROM order_lines WHERE product_id = ? GROUP BY 1")) {
            s.setString(1, GeneratedShop.ZONE.getId());
            s.setInt(2, best);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    unitsByDay.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        List<double[]> points = new ArrayList<>();
        for (Map<String, String> row : byProduct.get(best)) {
            int units = unitsByDay.getOrDefault(row.get("day"), 0);
            assertEquals(Integer.parseInt(row.get("sold_units")), units, "order lines of " + row.get("day"));
            if (units == 0) {
                continue;
            }
            double x = Math.log(Double.parseDouble(row.get("price")) / reference);
            double y = Math.log(units) - Math.log(Double.parseDouble(row.get("baseline_demand")));
            points.add(new double[] {x, y});
        }
        double slope = olsSlope(points);
        System.out.printf(
                "product %d: true elasticity %.3f, log-log fit %.3f on %d days%n",
                best, trueElasticity, slope, points.size());
        assertEquals(trueElasticity, slope, 0.1, "product " + best + " fitted on " + points.size() + " days");
    }

    @Test
    void orderLinesAddUpToSoldUnitsAtThatDaysPrice() throws Exception {
        long sold = demand.stream()
                .mapToLong(r -> Long.parseLong(r.get("sold_units")))
                .sum();
        try (Connection c = shop.db.getConnection();
                Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery(
                    "SELECT sum(quantity), count(*) FILTER (WHERE quantity NOT BETWEEN 1 AND 3) FROM order_lines");
            rs.next();
            assertEquals(sold, rs.getLong(1));
            assertEquals(0, rs.getLong(2));
            rs = s.executeQuery("SELECT count(*) FROM orders o WHERE total_price <> "
                    + "(SELECT sum(quantity * unit_price) FROM order_lines l WHERE l.order_id = o.order_id)");
            rs.next();
            assertEquals(0, rs.getLong(1), "orders whose total is not the sum of their lines");
            rs = s.executeQuery("SELECT count(*) FROM orders WHERE customer_id IS NOT NULL AND channel = 'web'");
            rs.next();
            assertTrue(rs.getLong(1) > 0, "some web orders belong to subscribers");
        }
    }

    @Test
    void stockoutDaysSellLessThanDemandAndStockNeverGoesNegative() throws Exception {
        long stockouts = 0;
        for (Map<String, String> row : demand) {
            int demanded = Integer.parseInt(row.get("true_demand"));
            int sold = Integer.parseInt(row.get("sold_units"));
            assertTrue(sold <= demanded);
            if (row.get("stockout").equals("true")) {
                stockouts++;
                assertTrue(sold < demanded, "stock-out without lost demand: " + row);
            } else {
                assertEquals(demanded, sold, "lost sales without a stock-out: " + row);
            }
        }
        double share = stockouts / (double) demand.size();
        System.out.printf("stock-out share of product-days: %.4f%n", share);
        assertTrue(share > 0.005 && share < 0.08, "stock-out share of product-days " + share);
        try (Connection c = shop.db.getConnection();
                Statement s = c.createStatement()) {
            ResultSet rs =
                    s.executeQuery("SELECT count(*) FILTER (WHERE on_hand < 0), count(*) FILTER (WHERE stockout), "
                            + "count(*) FROM inventory_snapshots");
            rs.next();
            assertEquals(0, rs.getLong(1));
            assertEquals(stockouts, rs.getLong(2));
            assertEquals(demand.size(), rs.getLong(3));
        }
    }

    @Test
    void boxHistoryRespectsTierLimitsEligibilityAndNoRepeatWithin90Days() throws Exception {
        try (Connection c = shop.db.getConnection();
                Statement s = c.createStatement()) {
            assertZero(
                    s,
                    "SELECT count(*) FROM (SELECT b.customer_id, b.box_date, count(*) AS n, max(t.product_limit) AS lim "
                            + "FROM subscription_box_items b JOIN subscription_tiers t USING (tier_id) "
                            + "GROUP BY 1, 2) x WHERE n <> lim",
                    "boxes without exactly the tier's number of items");
            assertZero(
                    s,
                    "SELECT count(*) FROM subscription_box_items b JOIN customers c USING (customer_id) "
                            + "WHERE b.tier_id <> c.subscription_tier_id",
                    "box items of another tier than the customer's");
            assertZero(
                    s,
                    "SELECT count(*) FROM subscription_box_items b WHERE NOT EXISTS (SELECT 1 FROM product_tiers pt "
                            + "WHERE pt.product_id = b.product_id AND pt.tier_id = b.tier_id)",
                    "items not eligible for the tier");
            assertZero(
                    s,
                    "SELECT count(*) FROM subscription_box_items a JOIN subscription_box_items b "
                            + "ON a.customer_id = b.customer_id AND a.product_id = b.product_id AND a.box_date < b.box_date "
                            + "AND b.box_date - a.box_date <= 90",
                    "products repeated within 90 days");
            assertZero(
                    s,
                    "SELECT count(*) FROM subscription_box_items b JOIN products p USING (product_id) "
                            + "WHERE p.launched_on > b.box_date",
                    "products boxed before launch");
            assertZero(
                    s,
                    "SELECT count(*) FROM subscription_box_items b JOIN customer_preferences cp USING (customer_id) "
                            + "JOIN product_attributes pa ON pa.product_id = b.product_id AND pa.attribute_key = cp.preference_key "
                            + "AND pa.attribute_value = cp.preference_value WHERE cp.strength < 0",
                    "disliked products boxed");
            ResultSet rs = s.executeQuery(
                    "SELECT count(DISTINCT box_date), count(DISTINCT customer_id) FROM subscription_box_items");
            rs.next();
            assertEquals(12, rs.getInt(1));
            assertEquals(300, rs.getInt(2));
        }
    }

    @Test
    void ratingsFollowTrueTastesIncludingHiddenOnes() throws Exception {
        // Box items whose product matches a hidden (unstated) liked taste rate higher than ones matching nothing.
        Map<String, Set<String>> hiddenLikes = new HashMap<>();
        Map<String, Set<String>> allTastes = new HashMap<>();
        for (Map<String, String> t : shop.truthCsv("customer_tastes.csv")) {
            String kv = t.get("key") + "=" + t.get("value");
            allTastes
                    .computeIfAbsent(t.get("customer_id"), k -> new HashSet<>())
                    .add(kv);
            if (t.get("stated").equals("false") && Integer.parseInt(t.get("weight")) > 0) {
                hiddenLikes
                        .computeIfAbsent(t.get("customer_id"), k -> new HashSet<>())
                        .add(kv);
            }
        }
        assertTrue(hiddenLikes.size() > 250, "most customers have a hidden taste");
        double[] sum = new double[2];
        int[] n = new int[2];
        try (Connection c = shop.db.getConnection();
                Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("SELECT b.customer_id::text, b.rating, string_agg(pa.attribute_key || '=' || "
                    + "pa.attribute_value, '|') FROM subscription_box_items b JOIN product_attributes pa USING (product_id) "
                    + "GROUP BY b.box_item_id, b.customer_id, b.rating");
            while (rs.next()) {
                Set<String> attributes = Set.of(rs.getString(3).split("\\|"));
                boolean hidden =
                        attributes.stream().anyMatch(hiddenLikes.getOrDefault(rs.getString(1), Set.of())::contains);
                boolean none =
                        attributes.stream().noneMatch(allTastes.getOrDefault(rs.getString(1), Set.of())::contains);
                if (hidden || none) {
                    sum[hidden ? 1 : 0] += rs.getInt(2);
                    n[hidden ? 1 : 0]++;
                }
            }
        }
        assertTrue(
                sum[1] / n[1] > sum[0] / n[0] + 0.5,
                "hidden-taste rating " + sum[1] / n[1] + " vs no-taste rating " + sum[0] / n[0]);
    }

    @Test
    void defectsPointAtLinesThatAreMalformedInTheStatedWay() throws Exception {
        Set<String> skus = new HashSet<>();
        for (Map<String, String> p : products) {
            skus.add(p.get("sku"));
        }
        Map<String, Map<Integer, String>> defects = new HashMap<>();
        for (Map<String, String> d : shop.truthCsv("defects.csv")) {
            defects.computeIfAbsent(d.get("file"), k -> new HashMap<>())
                    .put(Integer.parseInt(d.get("line")), d.get("kind"));
        }
        long dataRows = 0;
        long defectRows = 0;
        Set<String> kindsSeen = new HashSet<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(shop.landing.resolve("competitor_prices"))) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            String relative = shop.landing.relativize(file).toString().replace('\\', '/');
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            assertEquals(CompetitorFeeds.HEADER, lines.get(0));
            Map<Integer, String> expected = defects.getOrDefault(relative, Map.of());
            Set<String> earlier = new HashSet<>();
            for (int i = 1; i < lines.size(); i++) {
                int lineNumber = i + 1;
                String line = lines.get(i);
                String kind = expected.get(lineNumber);
                String actual = defectOf(line, earlier, skus);
                assertEquals(kind, actual, relative + ":" + lineNumber + " " + line);
                if (kind != null) {
                    kindsSeen.add(kind);
                    defectRows++;
                }
                earlier.add(line);
                dataRows++;
            }
        }
        assertEquals(
                defects.values().stream().mapToInt(Map::size).sum(), defectRows, "defects pointing past the files");
        assertEquals(Set.copyOf(CompetitorFeeds.DEFECT_KINDS), kindsSeen);
        double share = defectRows / (double) dataRows;
        assertTrue(share > 0.006 && share < 0.015, "defect share " + share);
    }

    /** How a competitor feed line is malformed, or null when it is a valid, new row. */
    private static String defectOf(String line, Set<String> earlier, Set<String> skus) {
        List<String> fields = splitCsv(line);
        if (fields.size() == 4) {
            return "missing_column";
        }
        BigDecimal price;
        try {
            price = new BigDecimal(fields.get(2));
        } catch (NumberFormatException e) {
            return "bad_number";
        }
        if (price.signum() < 0) {
            return "negative_price";
        }
        if (!skus.contains(fields.get(1))) {
            return "unknown_product";
        }
        try {
            OffsetDateTime.parse(fields.get(4));
        } catch (RuntimeException e) {
            return "bad_date";
        }
        if (earlier.contains(line)) {
            return "duplicate";
        }
        return null;
    }

    private static List<String> splitCsv(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (char ch : line.toCharArray()) {
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == ',' && !quoted) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(ch);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    @Test
    void aboutOneFifthOfProductsAreIntermittentSlowMovers() {
        List<ProductProfile> catalogue = Catalogue.draw(GeneratedShop.spec(2_000, 365, 0, 11));
        double share = catalogue.stream().filter(ProductProfile::intermittent).count() / (double) catalogue.size();
        assertTrue(share > 0.17 && share < 0.23, "intermittent share " + share);
        assertTrue(catalogue.stream()
                .filter(ProductProfile::intermittent)
                .allMatch(p -> p.baseLevel() >= 0.05 && p.baseLevel() <= 0.5));
        long newProducts = catalogue.stream()
                .filter(p -> p.launchedOn()
                        .isAfter(GeneratedShop.spec(1, 365, 0, 11).lastDay().minusDays(181)))
                .count();
        assertTrue(newProducts > 120 && newProducts < 260, "new products " + newProducts);
        assertFalse(catalogue.stream().anyMatch(p -> p.elasticity() < -3.5 || p.elasticity() > -0.5));
    }

    @Test
    void nothingIsSoldBeforeLaunch() throws Exception {
        try (Connection c = shop.db.getConnection();
                Statement s = c.createStatement()) {
            assertZero(
                    s,
                    "SELECT count(*) FROM order_lines l JOIN products p USING (product_id) "
                            + "WHERE (l.ordered_at AT TIME ZONE '" + GeneratedShop.ZONE.getId()
                            + "')::date < p.launched_on",
                    "order lines before launch");
        }
    }

    @Test
    void loadingLeavesEveryIndexAndForeignKeyOfTheSchemaInPlace() throws Exception {
        try (Connection c = shop.db.getConnection();
                Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes "
                    + "WHERE tablename IN ('orders', 'order_lines', 'inventory_snapshots')");
            rs.next();
            assertEquals(
                    "inventory_snapshots_date,inventory_snapshots_pkey,order_lines_ordered_at,order_lines_pkey,"
                            + "orders_channel_external_id_key,orders_ordered_at,orders_pkey,orders_updated_at",
                    rs.getString(1));
            rs = s.executeQuery(
                    "SELECT string_agg(conname, ',' ORDER BY conname) FROM pg_constraint WHERE contype = 'f' "
                            + "AND conrelid::regclass::text IN ('orders', 'order_lines', 'inventory_snapshots')");
            rs.next();
            assertEquals(
                    "inventory_snapshots_product_id_fkey,order_lines_order_id_fkey,order_lines_product_id_fkey,"
                            + "orders_customer_id_fkey",
                    rs.getString(1));
        }
    }

    private static void assertZero(Statement s, String sql, String what) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            assertEquals(0, rs.getLong(1), what);
        }
    }

    private static double sd(double[] xs) {
        double mean = 0;
        for (double x : xs) {
            mean += x / xs.length;
        }
        double v = 0;
        for (double x : xs) {
            v += (x - mean) * (x - mean) / xs.length;
        }
        return Math.sqrt(v);
    }

    private static double olsSlope(List<double[]> points) {
        double mx = 0, my = 0;
        for (double[] p : points) {
            mx += p[0] / points.size();
            my += p[1] / points.size();
        }
        double sxy = 0, sxx = 0;
        for (double[] p : points) {
            sxy += (p[0] - mx) * (p[1] - my);
            sxx += (p[0] - mx) * (p[0] - mx);
        }
        return sxy / sxx;
    }
}
