package io.nightshift.common.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Products and their stock: the central {@code inventory} row per product (on hand, reserved, safety
 * stock), the {@code stock_movements} log of every change a marketplace order made, and the products'
 * marketplace listings. The statements that move stock take the caller's connection, so they commit with
 * the order lines or box reservations that caused them ({@link OrderRepository}).
 */
public final class InventoryRepository {
    /** One product's current stock. */
    public record Stock(int productId, int onHand, int reserved, int safetyStock) {}

    private final DataSource db;

    public InventoryRepository(DataSource db) {
        this.db = db;
    }

    /** The marketplace's listings: its SKU -> our product id (active or not). */
    public Map<String, Integer> listedProducts(String marketplace) throws SQLException {
        Map<String, Integer> result = new HashMap<>();
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "select marketplace_sku, product_id from marketplace_listings where marketplace = ?")) {
            s.setString(1, marketplace);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    result.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return result;
    }

    /** The product's current stock, if it has an inventory row. */
    public Optional<Stock> stock(int productId) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "select product_id, on_hand, reserved, safety_stock from inventory where product_id = ?")) {
            s.setInt(1, productId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Stock(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getInt(4)))
                        : Optional.empty();
            }
        }
    }

    /**
     * Takes up to {@code units} from on_hand (never below zero), locking the row; returns the units taken
     * (0 when the product has no inventory row).
     */
    static int take(Connection c, int productId, int units) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "WITH old AS (SELECT product_id, on_hand FROM inventory WHERE product_id = ? FOR UPDATE) "
                        + "UPDATE inventory i SET on_hand = GREATEST(i.on_hand - ?, 0), updated_at = now() FROM old "
                        + "WHERE i.product_id = old.product_id RETURNING old.on_hand - i.on_hand")) {
            s.setInt(1, productId);
            s.setInt(2, units);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    /** Puts {@code units} back on hand. */
    static void giveBack(Connection c, int productId, int units) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE inventory SET on_hand = on_hand + ?, updated_at = now() WHERE product_id = ?")) {
            s.setInt(1, units);
            s.setInt(2, productId);
            s.executeUpdate();
        }
    }

    /** Logs a stock change; {@code reference} (what caused it) is cut to the column's 300 characters. */
    static void recordMovement(Connection c, int productId, int delta, String reason, String reference)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO stock_movements (product_id, delta, reason, reference) " + "VALUES (?, ?, ?, ?)")) {
            s.setInt(1, productId);
            s.setInt(2, delta);
            s.setString(3, reason);
            s.setString(4, reference.length() > 300 ? reference.substring(0, 300) : reference);
            s.executeUpdate();
        }
    }
}
