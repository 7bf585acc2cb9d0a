package io.nightshift.common.db;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Orders and their lines, and how a marketplace's orders are applied to them: the key
 * {@code marketplace_applied_lines (marketplace, external_order_id, line_id)} records each marketplace line
 * applied (and what it took from stock), so applying it again changes nothing. A page of orders is applied
 * in one transaction ({@link #inOneTransaction}): orders, lines, keys and stock moves commit together.
 */
public final class OrderRepository {
    /** An order as the commerce database holds it. */
    public record Order(
            String orderId,
            String channel,
            String externalId,
            String customerEmail,
            Instant orderedAt,
            String status,
            String currency,
            BigDecimal totalPrice,
            Instant updatedAt) {}

    /** An order line. */
    public record Line(
            String orderId,
            int lineNo,
            int productId,
            int quantity,
            BigDecimal unitPrice,
            String channel,
            Instant orderedAt,
            Instant updatedAt) {}

    /** The key of one marketplace order line. */
    public record MarketplaceLine(String marketplace, String externalOrderId, String lineId) {}

    /** What a released line had taken: its product and the units to give back. */
    public record Taken(int productId, int units) {}

    /** Work done in one transaction. */
    public interface Work<T> {
        T run(Application application) throws SQLException;
    }

    private final DataSource db;

    public OrderRepository(DataSource db) {
        this.db = db;
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T inOneTransaction(Work<T> work) throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(new Application(c));
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** The statements of applying marketplace orders, on one transaction's connection. */
    public static final class Application {
        private final Connection c;

        private Application(Connection c) {
            this.c = c;
        }

        /** Inserts the order, or updates its status and update time unless the stored version is newer. */
        public void upsertOrder(Order o) throws SQLException {
            try (PreparedStatement s =
                    c.prepareStatement("INSERT INTO orders (order_id, channel, external_id, customer_email, "
                            + "ordered_at, status, currency, total_price, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                            + "ON CONFLICT (order_id) DO UPDATE SET status = EXCLUDED.status, updated_at = EXCLUDED.updated_at "
                            + "WHERE orders.updated_at <= EXCLUDED.updated_at")) {
                s.setString(1, o.orderId());
                s.setString(2, o.channel());
                s.setString(3, o.externalId());
                s.setString(4, o.customerEmail());
                s.setTimestamp(5, Timestamp.from(o.orderedAt()));
                s.setString(6, o.status());
                s.setString(7, o.currency());
                s.setBigDecimal(8, o.totalPrice());
                s.setTimestamp(9, Timestamp.from(o.updatedAt()));
                s.executeUpdate();
            }
        }

        public boolean isApplied(MarketplaceLine key) throws SQLException {
            try (PreparedStatement s =
                    c.prepareStatement("SELECT 1 FROM marketplace_applied_lines WHERE marketplace = ? "
                            + "AND external_order_id = ? AND line_id = ?")) {
                bindKey(s, 1, key);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next();
                }
            }
        }

        /** The line number a new line of the order gets. */
        public int nextLineNo(String orderId) throws SQLException {
            try (PreparedStatement s =
                    c.prepareStatement("SELECT COALESCE(MAX(line_no), 0) + 1 FROM order_lines WHERE order_id = ?")) {
                s.setString(1, orderId);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        }

        /**
         * Records {@code key} as applied as {@code line}; {@code released}: first seen already cancelled or
         * refunded (nothing taken, nothing to give back). False when the key was there already.
         */
        public boolean insertApplied(MarketplaceLine key, Line line, boolean released) throws SQLException {
            try (PreparedStatement s =
                    c.prepareStatement("INSERT INTO marketplace_applied_lines (marketplace, external_order_id, "
                            + "line_id, order_id, line_no, product_id, quantity, restored, restored_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                            + "CASE WHEN ? THEN now() END) ON CONFLICT DO NOTHING")) {
                bindKey(s, 1, key);
                s.setString(4, line.orderId());
                s.setInt(5, line.lineNo());
                s.setInt(6, line.productId());
                s.setInt(7, line.quantity());
                s.setBoolean(8, released);
                s.setBoolean(9, released);
                return s.executeUpdate() > 0;
            }
        }

        public void insertLine(Line l) throws SQLException {
            try (PreparedStatement s =
                    c.prepareStatement("INSERT INTO order_lines (order_id, line_no, product_id, quantity, "
                            + "unit_price, channel, ordered_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, l.orderId());
                s.setInt(2, l.lineNo());
                s.setInt(3, l.productId());
                s.setInt(4, l.quantity());
                s.setBigDecimal(5, l.unitPrice());
                s.setString(6, l.channel());
                s.setTimestamp(7, Timestamp.from(l.orderedAt()));
                s.setTimestamp(8, Timestamp.from(l.updatedAt()));
                s.executeUpdate();
            }
        }

        /**
         * Takes up to {@code units} of the product from on_hand (never below zero) and records it on the key; returns
         * the units taken.
         */
        public int takeStock(MarketplaceLine key, int productId, int units) throws SQLException {
            int taken = InventoryRepository.take(c, productId, units);
            try (PreparedStatement s = c.prepareStatement("UPDATE marketplace_applied_lines SET decremented = ? "
                    + "WHERE marketplace = ? AND external_order_id = ? AND line_id = ?")) {
                s.setInt(1, taken);
                bindKey(s, 2, key);
                s.executeUpdate();
            }
            return taken;
        }

        /**
         * Marks the key's line restored, once: what it took, or empty when it was restored before (or never applied).
         */
        public Optional<Taken> markRestored(MarketplaceLine key) throws SQLException {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE marketplace_applied_lines SET restored = true, restored_at = now() "
                            + "WHERE marketplace = ? AND external_order_id = ? AND line_id = ? AND NOT restored RETURNING product_id, decremented")) {
                bindKey(s, 1, key);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(new Taken(rs.getInt(1), rs.getInt(2))) : Optional.empty();
                }
            }
        }

        /** Puts {@code units} of the product back on hand. */
        public void giveBackStock(int productId, int units) throws SQLException {
            InventoryRepository.giveBack(c, productId, units);
        }

        /** Logs a stock change (reason marketplace_order or marketplace_release). */
        public void recordMovement(int productId, int delta, String reason, String reference) throws SQLException {
            InventoryRepository.recordMovement(c, productId, delta, reason, reference);
        }

        private static void bindKey(PreparedStatement s, int from, MarketplaceLine key) throws SQLException {
            s.setString(from, key.marketplace());
            s.setString(from + 1, key.externalOrderId());
            s.setString(from + 2, key.lineId());
        }
    }
}
