package io.nightshift.jobs.curation;

import io.nightshift.common.db.CommerceDatabase;
import org.apache.spark.sql.Row;
import org.postgresql.PGConnection;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.Locale;

/**
 * Writes one box date's items into subscription_box_items and reserves their units in inventory.reserved,
 * in one transaction. A rerun for the same box date first gives back that date's earlier reservation
 * (subscription_box_reservations) and deletes its rows, so nothing is duplicated or reserved twice.
 */
final class CommerceBoxes {
    /** What the transaction did. */
    record Written(long items, long products, long units) {
    }

    private CommerceBoxes() {
    }

    /** {@code items}: rows with customer_id, product_id, tier_id, curation_score. */
    static Written replace(CommerceDatabase database, LocalDate boxDate, Iterator<Row> items) throws SQLException, IOException {
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            try (Statement s = connection.createStatement()) {
                // One curation writer at a time per database; other inventory writers take row locks as usual.
                s.execute("LOCK TABLE subscription_box_reservations IN EXCLUSIVE MODE");
                s.execute("CREATE TEMP TABLE new_box_items (customer_id uuid, product_id integer, tier_id integer,"
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
                            throw new IllegalStateException(String.format(Locale.ROOT,
                                    "stock of product %d changed while boxes were curated: %d units for boxes but on_hand %d,"
                                            + " reserved %d, safety_stock %d; nothing was written, rerun curate-boxes",
                                    rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getInt(5)));
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

    private static void copy(Connection connection, Iterator<Row> items) throws SQLException, IOException {
        var copy = connection.unwrap(PGConnection.class).getCopyAPI();
        StringBuilder chunk = new StringBuilder(1 << 16);
        var in = copy.copyIn("COPY new_box_items (customer_id, product_id, tier_id, curation_score) FROM STDIN");
        try {
            while (items.hasNext()) {
                Row r = items.next();
                chunk.append(r.<String>getAs("customer_id")).append('\t').append(r.<Integer>getAs("product_id")).append('\t')
                        .append(r.<Integer>getAs("tier_id")).append('\t')
                        .append(String.format(Locale.ROOT, "%.4f", r.<Double>getAs("curation_score"))).append('\n');
                if (chunk.length() > (1 << 16)) {
                    byte[] bytes = chunk.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    in.writeToCopy(bytes, 0, bytes.length);
                    chunk.setLength(0);
                }
            }
            byte[] bytes = chunk.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            in.writeToCopy(bytes, 0, bytes.length);
            in.endCopy();
        } finally {
            if (in.isActive()) in.cancelCopy();
        }
    }

    private static void delete(Connection connection, String sql, LocalDate boxDate) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement(sql)) {
            p.setObject(1, boxDate);
            p.executeUpdate();
        }
    }
}
