package io.nightshift.common.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Seeds and reads rows of a test commerce database in plain SQL, independent of the repositories under test. */
final class CommerceRows {
    private CommerceRows() {}

    static void execute(DataSource db, String... statements) throws SQLException {
        try (Connection c = db.getConnection();
                Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    /** A product with an inventory row. */
    static void product(DataSource db, int id, int onHand, int reserved, int safetyStock) throws SQLException {
        execute(
                db,
                "insert into products (product_id, sku, name, category, brand, base_price, unit_cost) values (" + id
                        + ", 'S" + id + "', 'n', 'c', 'b', 10.00, 5.00)",
                "insert into inventory (product_id, on_hand, reserved, safety_stock) values (" + id + ", " + onHand
                        + ", " + reserved + ", " + safetyStock + ")");
    }

    /** The query's first column of its first row, as text (null when no row). */
    static String one(DataSource db, String query) throws SQLException {
        try (Connection c = db.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** Every row of the query, columns joined by a space, rows by ";". */
    static String all(DataSource db, String query) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Connection c = db.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    out.append(i > 1 ? " " : "").append(rs.getString(i));
                }
                out.append(';');
            }
        }
        return out.toString();
    }
}
