package io.nightshift.sandbox.sample;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The commerce tables the sample shop fills, and the rows for everything except the daily streams
 * (orders, order lines, inventory snapshots). Timestamps come from the simulated calendar, never
 * from the clock, so the rows are the same on every run.
 */
final class CommerceRows {
    /** Emptied before every generation; subscription_tiers keeps its three seeded tiers. */
    static final String TABLES = "order_lines, orders, subscription_box_items, customer_preferences, customers, "
            + "marketplace_listings, product_tiers, product_attributes, inventory_snapshots, inventory, products";

    private CommerceRows() {}

    static void empty(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE " + TABLES + " RESTART IDENTITY CASCADE");
        }
    }

    static void catalogue(
            Connection connection,
            List<ProductProfile> products,
            String currency,
            long asOfEpochSecond,
            Map<String, Long> rowsByTable)
            throws SQLException {
        try (CopyStream copy = new CopyStream(
                connection,
                "products",
                "product_id, sku, name, category, brand, base_price, unit_cost, currency, active, launched_on, updated_at")) {
            for (ProductProfile p : products) {
                StringBuilder row = copy.row()
                        .append(p.productId())
                        .append('\t')
                        .append(p.sku())
                        .append('\t')
                        .append(p.name())
                        .append('\t')
                        .append(p.category().label)
                        .append('\t')
                        .append(p.brand())
                        .append('\t');
                Text.cents(row, p.basePriceCents()).append('\t');
                Text.cents(row, p.unitCostCents())
                        .append('\t')
                        .append(currency)
                        .append("\tt\t")
                        .append(p.launchedOn())
                        .append('\t');
                Text.utcTimestamp(row, asOfEpochSecond);
                copy.endRow();
            }
            rowsByTable.put("products", copy.finish());
        }
        try (CopyStream copy =
                new CopyStream(connection, "product_attributes", "product_id, attribute_key, attribute_value")) {
            for (ProductProfile p : products) {
                for (String[] kv : p.attributes()) {
                    copy.row()
                            .append(p.productId())
                            .append('\t')
                            .append(kv[0])
                            .append('\t')
                            .append(kv[1]);
                    copy.endRow();
                }
            }
            rowsByTable.put("product_attributes", copy.finish());
        }
        try (CopyStream copy = new CopyStream(connection, "product_tiers", "product_id, tier_id")) {
            for (ProductProfile p : products) {
                for (int tier : p.tiers()) {
                    copy.row().append(p.productId()).append('\t').append(tier);
                    copy.endRow();
                }
            }
            rowsByTable.put("product_tiers", copy.finish());
        }
        try (CopyStream copy = new CopyStream(
                connection,
                "marketplace_listings",
                "marketplace, product_id, marketplace_sku, listing_id, active, updated_at")) {
            for (Marketplace m : Marketplace.values()) {
                for (ProductProfile p : products) {
                    if (!p.marketplaces()[m.ordinal()]) {
                        continue;
                    }
                    StringBuilder row = copy.row()
                            .append(m.channel)
                            .append('\t')
                            .append(p.productId())
                            .append('\t')
                            .append(m.prefix)
                            .append('-')
                            .append(p.sku())
                            .append('\t')
                            .append(String.format(Locale.ROOT, "%s-L%08d", m.prefix, p.productId()))
                            .append("\tt\t");
                    Text.utcTimestamp(row, asOfEpochSecond);
                    copy.endRow();
                }
            }
            rowsByTable.put("marketplace_listings", copy.finish());
        }
    }

    static void customers(
            Connection connection, Subscribers subscribers, SampleShopSpec spec, Map<String, Long> rowsByTable)
            throws SQLException {
        try (CopyStream copy = new CopyStream(
                connection,
                "customers",
                "customer_id, email, first_name, last_name, "
                        + "subscription_tier_id, subscription_status, next_box_date, created_at, updated_at")) {
            for (Subscribers.Customer c : subscribers.customers) {
                long created = c.createdOn().atStartOfDay(spec.zone()).toEpochSecond() + c.createdSecond();
                StringBuilder row = copy.row()
                        .append(c.id())
                        .append('\t')
                        .append(c.email())
                        .append('\t')
                        .append(c.firstName())
                        .append('\t')
                        .append(c.lastName())
                        .append('\t')
                        .append(c.tier())
                        .append('\t')
                        .append(c.status())
                        .append('\t')
                        .append(spec.nextBoxDate())
                        .append('\t');
                Text.utcTimestamp(row, created).append('\t');
                Text.utcTimestamp(row, created);
                copy.endRow();
            }
            rowsByTable.put("customers", copy.finish());
        }
        try (CopyStream copy = new CopyStream(
                connection, "customer_preferences", "customer_id, preference_key, preference_value, strength")) {
            for (Subscribers.Customer c : subscribers.customers) {
                for (Subscribers.Taste taste : c.tastes()) {
                    if (!taste.stated()) {
                        continue;
                    }
                    int strength = Math.max(-5, Math.min(5, taste.weight()));
                    copy.row()
                            .append(c.id())
                            .append('\t')
                            .append(taste.key())
                            .append('\t')
                            .append(taste.value())
                            .append('\t')
                            .append(strength);
                    copy.endRow();
                }
            }
            rowsByTable.put("customer_preferences", copy.finish());
        }
    }

    static void boxes(
            Connection connection, List<Subscribers.BoxItem> items, SampleShopSpec spec, Map<String, Long> rowsByTable)
            throws SQLException {
        try (CopyStream copy = new CopyStream(
                connection,
                "subscription_box_items",
                "customer_id, product_id, box_date, tier_id, curation_score, rating, created_at")) {
            for (Subscribers.BoxItem item : items) {
                // Curated three days before the box ships, at 02:00 (a nightly run).
                long created =
                        item.boxDate().minusDays(3).atStartOfDay(spec.zone()).toEpochSecond() + 2 * 3600;
                StringBuilder row = copy.row()
                        .append(item.customer().id())
                        .append('\t')
                        .append(item.product().productId())
                        .append('\t')
                        .append(item.boxDate())
                        .append('\t')
                        .append(item.customer().tier())
                        .append('\t');
                Text.decimal(row, item.curationScore(), 4)
                        .append('\t')
                        .append(item.rating())
                        .append('\t');
                Text.utcTimestamp(row, created);
                copy.endRow();
            }
            rowsByTable.put("subscription_box_items", copy.finish());
        }
    }

    static void inventory(
            Connection connection,
            List<ProductSimulator> simulators,
            long asOfEpochSecond,
            Map<String, Long> rowsByTable)
            throws SQLException {
        try (CopyStream copy =
                new CopyStream(connection, "inventory", "product_id, on_hand, reserved, safety_stock, updated_at")) {
            for (ProductSimulator s : simulators) {
                StringBuilder row = copy.row()
                        .append(s.product.productId())
                        .append('\t')
                        .append(s.onHand())
                        .append("\t0\t")
                        .append(s.safetyStock)
                        .append('\t');
                Text.utcTimestamp(row, asOfEpochSecond);
                copy.endRow();
            }
            rowsByTable.put("inventory", copy.finish());
        }
    }

    /** End-of-day stock per launched product, appended block by block to one COPY. */
    static void snapshots(CopyStream copy, DayBlock block, ShopCalendar calendar, int[] productIds)
            throws SQLException {
        for (int d = 0; d < block.dayCount; d++) {
            int t = block.firstDay + d;
            long endOfDay = calendar.startEpochSecond[t] + calendar.secondsInDay[t] - 1;
            for (int p = 0; p < block.products; p++) {
                int slot = block.slot(d, p);
                if (!block.launched[slot]) {
                    continue;
                }
                StringBuilder row = copy.row()
                        .append(productIds[p])
                        .append('\t')
                        .append(calendar.isoDate[t])
                        .append('\t')
                        .append(block.onHand[slot])
                        .append("\t0\t")
                        .append(block.received[slot])
                        .append('\t')
                        .append(block.stockout[slot] ? 't' : 'f')
                        .append('\t');
                Text.utcTimestamp(row, endOfDay);
                copy.endRow();
            }
        }
    }

    /** The big tables streamed day by day; their secondary indexes and foreign keys are rebuilt once after loading. */
    static final String STREAMED_TABLES = "'orders', 'order_lines', 'inventory_snapshots'";

    /**
     * Drops the streamed tables' secondary indexes and foreign keys, inside the caller's
     * transaction, and returns the statements that recreate them. Checking a foreign key per row
     * and maintaining four indexes row by row made loading several times slower than rebuilding
     * them once; since it all happens in one transaction, a failure rolls the drops back too.
     */
    static List<String> dropLoadSlowdowns(Connection connection) throws SQLException {
        List<String> drops = new ArrayList<>();
        List<String> restores = new ArrayList<>();
        List<String> foreignKeys = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            try (var rs = statement.executeQuery(
                    "SELECT i.indexname, i.indexdef FROM pg_indexes i "
                            + "WHERE i.schemaname = current_schema() AND i.tablename IN (" + STREAMED_TABLES + ") "
                            + "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname) ORDER BY i.indexname")) {
                while (rs.next()) {
                    drops.add("DROP INDEX " + quote(rs.getString(1)));
                    restores.add(rs.getString(2));
                }
            }
            try (var rs =
                    statement.executeQuery("SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) "
                            + "FROM pg_constraint c WHERE c.contype = 'f' AND c.conrelid::regclass::text IN ("
                            + STREAMED_TABLES + ") "
                            + "ORDER BY 1, 2")) {
                while (rs.next()) {
                    drops.add("ALTER TABLE " + rs.getString(1) + " DROP CONSTRAINT " + quote(rs.getString(2)));
                    foreignKeys.add("ALTER TABLE " + rs.getString(1) + " ADD CONSTRAINT " + quote(rs.getString(2)) + " "
                            + rs.getString(3));
                }
            }
            for (String drop : drops) {
                statement.execute(drop);
            }
        }
        restores.addAll(foreignKeys);
        return restores;
    }

    static void restore(Connection connection, List<String> statements) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
