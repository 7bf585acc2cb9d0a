package io.nightshift.common.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.Locale;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * Subscription boxes: one box date's items in {@code subscription_box_items} and the units they reserve
 * ({@code subscription_box_reservations}, counted into {@code inventory.reserved}). A box date is replaced
 * in one transaction: a rerun first gives back that date's earlier reservation and deletes its rows, so
 * nothing is duplicated or reserved twice.
 */
public final class SubscriptionRepository {
    /** One item of a customer's box. */
    public record BoxItem(String customerId, int productId, int tierId, double curationScore) {}

    /** What a replacement wrote: box items, products reserved, units reserved. */
    public record Written(long items, long products, long units) {}

    private final DataSource db;

    public SubscriptionRepository(DataSource db) {
        this.db = db;
    }

    /**
     * Replaces the items of {@code boxDate} with {@code items} and moves the reservation with them. Fails,
     * writing nothing, when the stock has since fallen below what the boxes use.
     */
    public Written replaceBoxes(LocalDate boxDate, Iterator<BoxItem> items) throws SQLException, IOException {
        try (Connection connection = db.getConnection()) {
            connection.setAutoCommit(false);
            try {
                // One curation writer at a time per database; other inventory writers take row locks as usual.
                execute(connection, "LOCK TABLE subscription_box_reservations IN EXCLUSIVE MODE");
                execute(
                        connection,
                        "CREATE TEMP TABLE new_box_items (customer_id uuid, product_id integer, tier_id integer,"
                                + " curation_score numeric(8,4)) ON COMMIT DROP");
                copy(connection, items);
                try (PreparedStatement p = connection.prepareStatement(
                        "UPDATE inventory i SET reserved = i.reserved - r.units, updated_at = now()"
                                + " FROM subscription_box_reservations r WHERE r.box_date = ? AND r.product_id = i.product_id")) {
                    p.setObject(1, boxDate);
                    p.executeUpdate();
                }
                delete(connection, "DELETE FROM subscription_box_reservations WHERE box_date = ?", boxDate);
                delete(connection, "DELETE FROM subscription_box_items WHERE box_date = ?", boxDate);
                long inserted;
                try (PreparedStatement p = connection.prepareStatement(
                        "INSERT INTO subscription_box_items (customer_id, product_id, box_date, tier_id, curation_score)"
                                + " SELECT customer_id, product_id, ?, tier_id, curation_score FROM new_box_items")) {
                    p.setObject(1, boxDate);
                    inserted = p.executeUpdate();
                }
                long products;
                try (PreparedStatement p = connection.prepareStatement(
                        "INSERT INTO subscription_box_reservations (box_date, product_id, units)"
                                + " SELECT ?, product_id, count(*) FROM new_box_items GROUP BY product_id")) {
                    p.setObject(1, boxDate);
                    products = p.executeUpdate();
                }
                try (PreparedStatement p = connection.prepareStatement(
                        "UPDATE inventory i SET reserved = i.reserved + r.units, updated_at = now()"
                                + " FROM subscription_box_reservations r WHERE r.box_date = ? AND r.product_id = i.product_id")) {
                    p.setObject(1, boxDate);
                    p.executeUpdate();
                }
                // The stock was read before this transaction: if it has since fallen below what the boxes use, stop.
                try (PreparedStatement p = connection.prepareStatement(
                        "SELECT i.product_id, r.units, i.on_hand, i.reserved, i.safety_stock FROM inventory i"
                                + " JOIN subscription_box_reservations r ON r.product_id = i.product_id AND r.box_date = ?"
                                + " WHERE i.reserved + i.safety_stock > i.on_hand ORDER BY i.product_id LIMIT 1")) {
                    p.setObject(1, boxDate);
                    try (ResultSet rs = p.executeQuery()) {
                        if (rs.next()) {
                            throw new IllegalStateException(String.format(
                                    Locale.ROOT,
                                    "stock of product %d changed while boxes were curated: %d units for boxes but on_hand %d,"
                                            + " reserved %d, safety_stock %d; nothing was written, rerun curate-boxes",
                                    rs.getInt(1),
                                    rs.getInt(2),
                                    rs.getInt(3),
                                    rs.getInt(4),
                                    rs.getInt(5)));
                        }
                    }
                }
                long units;
                try (PreparedStatement p = connection.prepareStatement(
                        "SELECT coalesce(sum(units), 0) FROM subscription_box_reservations WHERE box_date = ?")) {
                    p.setObject(1, boxDate);
                    try (ResultSet rs = p.executeQuery()) {
                        rs.next();
                        units = rs.getLong(1);
                    }
                }
                connection.commit();
                return new Written(inserted, products, units);
            } catch (SQLException | IOException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private static void copy(Connection connection, Iterator<BoxItem> items) throws SQLException, IOException {
        var copy = connection.unwrap(PGConnection.class).getCopyAPI();
        StringBuilder chunk = new StringBuilder(1 << 16);
        var in = copy.copyIn("COPY new_box_items (customer_id, product_id, tier_id, curation_score) FROM STDIN");
        try {
            while (items.hasNext()) {
                BoxItem item = items.next();
                chunk.append(item.customerId())
                        .append('\t')
                        .append(item.productId())
                        .append('\t')
                        .append(item.tierId())
                        .append('\t')
                        .append(String.format(Locale.ROOT, "%.4f", item.curationScore()))
                        .append('\n');
                if (chunk.length() > (1 << 16)) {
                    byte[] bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
                    in.writeToCopy(bytes, 0, bytes.length);
                    chunk.setLength(0);
                }
            }
            byte[] bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
            in.writeToCopy(bytes, 0, bytes.length);
            in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement(sql)) {
            p.execute();
        }
    }

    private static void delete(Connection connection, String sql, LocalDate boxDate) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement(sql)) {
            p.setObject(1, boxDate);
            p.executeUpdate();
        }
    }
}
