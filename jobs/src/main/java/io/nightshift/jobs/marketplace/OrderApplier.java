package io.nightshift.jobs.marketplace;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes accepted marketplace orders into the commerce database and moves stock exactly once per line.
 * One transaction per page: the order, its lines, the applied-line key and the inventory change commit
 * together or not at all. The key {@code marketplace_applied_lines (marketplace, external_order_id, line_id)}
 * makes a second application of a line (a repeated page, the overlap window, a later run, a rerun after a
 * crash) change nothing; a cancellation or refund restores what the line took, once.
 */
public final class OrderApplier {
    public static final Map<String, String> PREFIX = Map.of("rest", "RS", "ebay", "EB", "amazon", "AZ", "shopify", "SH");

    /** What one page did to the database. */
    public record Applied(int linesDecremented, int linesRestored, int unitsTaken, int unitsReturned) {
        Applied plus(Applied o) {
            return new Applied(linesDecremented + o.linesDecremented, linesRestored + o.linesRestored,
                    unitsTaken + o.unitsTaken, unitsReturned + o.unitsReturned);
        }
    }

    private OrderApplier() {
    }

    /** The commerce order id of a marketplace order: the marketplace's prefix and its id (hashed when too long). */
    public static String commerceOrderId(String marketplace, String externalId) {
        String id = "M" + PREFIX.get(marketplace) + "-" + externalId;
        if (id.length() <= 64) {
            return id;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(externalId.getBytes(StandardCharsets.UTF_8));
            return "M" + PREFIX.get(marketplace) + "-H" + HexFormat.of().formatHex(digest, 0, 24);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static Applied apply(Connection connection, List<OrderValidation.Accepted> orders) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            Applied total = new Applied(0, 0, 0, 0);
            for (OrderValidation.Accepted a : orders) {
                total = total.plus(applyOrder(connection, a));
            }
            connection.commit();
            return total;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static Applied applyOrder(Connection c, OrderValidation.Accepted a) throws SQLException {
        MarketplaceOrder o = a.order();
        String orderId = commerceOrderId(o.marketplace(), o.orderId());
        BigDecimal total = o.totalPrice();
        if (total == null) {
            total = BigDecimal.ZERO;
            for (MarketplaceOrder.Line l : o.lines()) {
                if (l.unitPrice() != null) total = total.add(l.unitPrice().multiply(BigDecimal.valueOf(l.quantity())));
            }
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO orders (order_id, channel, external_id, customer_email, "
                + "ordered_at, status, currency, total_price, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (order_id) DO UPDATE SET status = EXCLUDED.status, updated_at = EXCLUDED.updated_at "
                + "WHERE orders.updated_at <= EXCLUDED.updated_at")) {
            s.setString(1, orderId);
            s.setString(2, o.marketplace());
            s.setString(3, o.orderId());
            s.setString(4, o.customerEmail());
            s.setTimestamp(5, Timestamp.from(o.orderedAt()));
            s.setString(6, o.status());
            s.setString(7, o.currency() == null ? "USD" : o.currency().toUpperCase(Locale.ROOT));
            s.setBigDecimal(8, total.max(BigDecimal.ZERO));
            s.setTimestamp(9, Timestamp.from(o.updatedAt()));
            s.executeUpdate();
        }
        Applied applied = new Applied(0, 0, 0, 0);
        for (int i = 0; i < o.lines().size(); i++) {
            MarketplaceOrder.Line l = o.lines().get(i);
            int product = a.productIds().get(i);
            String reference = o.marketplace() + ":" + o.orderId() + ":" + l.lineId();
            if (o.releasesStock()) {
                applied = applied.plus(release(c, o, l, orderId, product, reference));
            } else {
                applied = applied.plus(take(c, o, l, orderId, product, reference));
            }
        }
        return applied;
    }

    /** A live line: the first time it is seen, its order line is written and its units leave on_hand. */
    private static Applied take(Connection c, MarketplaceOrder o, MarketplaceOrder.Line l, String orderId, int product,
                                String reference) throws SQLException {
        if (!insertApplied(c, o, l, orderId, product, false)) {
            return new Applied(0, 0, 0, 0);
        }
        int taken = 0;
        try (PreparedStatement s = c.prepareStatement("WITH old AS (SELECT product_id, on_hand FROM inventory WHERE product_id = ? FOR UPDATE) "
                + "UPDATE inventory i SET on_hand = GREATEST(i.on_hand - ?, 0), updated_at = now() FROM old "
                + "WHERE i.product_id = old.product_id RETURNING old.on_hand - i.on_hand")) {
            s.setInt(1, product);
            s.setInt(2, l.quantity());
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) taken = rs.getInt(1);
            }
        }
        try (PreparedStatement s = c.prepareStatement("UPDATE marketplace_applied_lines SET decremented = ? "
                + "WHERE marketplace = ? AND external_order_id = ? AND line_id = ?")) {
            s.setInt(1, taken);
            s.setString(2, o.marketplace());
            s.setString(3, o.orderId());
            s.setString(4, l.lineId());
            s.executeUpdate();
        }
        movement(c, product, -taken, "marketplace_order", reference);
        return new Applied(1, 0, taken, 0);
    }

    /** A cancelled or refunded line gives back what it took, once; first seen already released, it takes nothing. */
    private static Applied release(Connection c, MarketplaceOrder o, MarketplaceOrder.Line l, String orderId, int product,
                                   String reference) throws SQLException {
        if (insertApplied(c, o, l, orderId, product, true)) {
            return new Applied(0, 0, 0, 0);
        }
        int returned;
        try (PreparedStatement s = c.prepareStatement("UPDATE marketplace_applied_lines SET restored = true, restored_at = now() "
                + "WHERE marketplace = ? AND external_order_id = ? AND line_id = ? AND NOT restored RETURNING product_id, decremented")) {
            s.setString(1, o.marketplace());
            s.setString(2, o.orderId());
            s.setString(3, l.lineId());
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return new Applied(0, 0, 0, 0);
                }
                product = rs.getInt(1);
                returned = rs.getInt(2);
            }
        }
        try (PreparedStatement s = c.prepareStatement("UPDATE inventory SET on_hand = on_hand + ?, updated_at = now() WHERE product_id = ?")) {
            s.setInt(1, returned);
            s.setInt(2, product);
            s.executeUpdate();
        }
        movement(c, product, returned, "marketplace_release", reference);
        return new Applied(0, 1, 0, returned);
    }

    /** Inserts the applied-line key and, when new, the order line; false when the line was applied before. */
    private static boolean insertApplied(Connection c, MarketplaceOrder o, MarketplaceOrder.Line l, String orderId, int product,
                                         boolean released) throws SQLException {
        int lineNo;
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM marketplace_applied_lines WHERE marketplace = ? "
                + "AND external_order_id = ? AND line_id = ?")) {
            s.setString(1, o.marketplace());
            s.setString(2, o.orderId());
            s.setString(3, l.lineId());
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) return false;
            }
        }
        try (PreparedStatement s = c.prepareStatement("SELECT COALESCE(MAX(line_no), 0) + 1 FROM order_lines WHERE order_id = ?")) {
            s.setString(1, orderId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                lineNo = rs.getInt(1);
            }
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO marketplace_applied_lines (marketplace, external_order_id, "
                + "line_id, order_id, line_no, product_id, quantity, restored, restored_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                + "CASE WHEN ? THEN now() END) ON CONFLICT DO NOTHING")) {
            s.setString(1, o.marketplace());
            s.setString(2, o.orderId());
            s.setString(3, l.lineId());
            s.setString(4, orderId);
            s.setInt(5, lineNo);
            s.setInt(6, product);
            s.setInt(7, l.quantity());
            s.setBoolean(8, released);
            s.setBoolean(9, released);
            if (s.executeUpdate() == 0) {
                return false;
            }
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO order_lines (order_id, line_no, product_id, quantity, "
                + "unit_price, channel, ordered_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, orderId);
            s.setInt(2, lineNo);
            s.setInt(3, product);
            s.setInt(4, l.quantity());
            s.setBigDecimal(5, l.unitPrice() == null ? BigDecimal.ZERO : l.unitPrice());
            s.setString(6, o.marketplace());
            s.setTimestamp(7, Timestamp.from(o.orderedAt()));
            s.setTimestamp(8, Timestamp.from(o.updatedAt() == null ? Instant.now() : o.updatedAt()));
            s.executeUpdate();
        }
        return true;
    }

    private static void movement(Connection c, int product, int delta, String reason, String reference) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO stock_movements (product_id, delta, reason, reference) "
                + "VALUES (?, ?, ?, ?)")) {
            s.setInt(1, product);
            s.setInt(2, delta);
            s.setString(3, reason);
            s.setString(4, reference.length() > 300 ? reference.substring(0, 300) : reference);
            s.executeUpdate();
        }
    }
}
