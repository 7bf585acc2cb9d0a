package io.nightshift.common.db;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The marketplace push journal ({@code marketplace_push_journal}): one row per push attempt of one SKU, keyed
 * by (run date, marketplace, SKU, attempt). sync-inventory commits a SENT row before a request leaves,
 * updates it with the answer and the item's outcome, and folds the rows into
 * {@code gold.marketplace_push_ledger}. Every write that touches several rows is one transaction.
 */
public final class PushJournalRepository {
    /** The error column's width (varchar(400)): longer messages are cut with an ellipsis. */
    static final int ERROR_WIDTH = 400;

    private static final String INSERT =
            "insert into marketplace_push_journal (run_date, marketplace, sku, quantity, attempt, "
                    + "status, http_status, error, sent_at, acknowledged_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String KEY = "run_date = ? and marketplace = ? and sku = ? and attempt = ?";

    /** One journal row. */
    public record Attempt(
            LocalDate runDate,
            String marketplace,
            String sku,
            int quantity,
            int attempt,
            String status,
            Integer httpStatus,
            String error,
            Instant sentAt,
            Instant acknowledgedAt) {}

    /**
     * An item's outcome written onto its attempts: the {@code superseded} attempt numbers (followed by another
     * one) become RETRYING unless already settled; attempt {@code last} gets the final status.
     */
    public record Settlement(
            String sku,
            List<Integer> superseded,
            int last,
            String status,
            Integer httpStatus,
            String error,
            Instant acknowledgedAt) {}

    private final DataSource db;

    public PushJournalRepository(DataSource db) {
        this.db = db;
    }

    /** SKU -> the highest attempt number journaled for {@code marketplace} on {@code runDate}. */
    public Map<String, Integer> lastAttempts(LocalDate runDate, String marketplace) throws SQLException {
        Map<String, Integer> last = new HashMap<>();
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "select sku, max(attempt) from marketplace_push_journal where run_date = ? and marketplace = ? group by sku")) {
            s.setDate(1, Date.valueOf(runDate));
            s.setString(2, marketplace);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    last.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return last;
    }

    /** Inserts the rows in one transaction (SENT rows before a request leaves). */
    public void insert(List<Attempt> attempts) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(INSERT)) {
            c.setAutoCommit(false);
            for (Attempt a : attempts) {
                bindRow(s, a);
                s.addBatch();
            }
            s.executeBatch();
            c.commit();
        }
    }

    /**
     * Writes a call's answer onto the attempts it carried ({@code attempts}: SKU -> attempt number), in one
     * transaction.
     */
    public void recordAnswer(
            LocalDate runDate,
            String marketplace,
            Map<String, Integer> attempts,
            String status,
            Integer httpStatus,
            String error)
            throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "update marketplace_push_journal set status = ?, http_status = ?, error = ? where " + KEY)) {
            c.setAutoCommit(false);
            for (var e : attempts.entrySet()) {
                s.setString(1, status);
                setInteger(s, 2, httpStatus);
                s.setString(3, clip(error));
                bindKey(s, 4, runDate, marketplace, e.getKey(), e.getValue());
                s.addBatch();
            }
            s.executeBatch();
            c.commit();
        }
    }

    /**
     * Writes final outcomes onto their attempts and inserts the rows of outcomes no call carried, in one transaction.
     */
    public void settle(LocalDate runDate, String marketplace, List<Settlement> settlements, List<Attempt> uncarried)
            throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement superseded =
                            c.prepareStatement("update marketplace_push_journal set status = 'RETRYING' " + "where "
                                    + KEY + " and status in ('SENT', 'FAILED')");
                    PreparedStatement last = c.prepareStatement("update marketplace_push_journal set status = ?, "
                            + "http_status = coalesce(?, http_status), error = ?, acknowledged_at = ? where " + KEY);
                    PreparedStatement insert = c.prepareStatement(INSERT)) {
                for (Settlement o : settlements) {
                    for (int attempt : o.superseded()) {
                        bindKey(superseded, 1, runDate, marketplace, o.sku(), attempt);
                        superseded.addBatch();
                    }
                    last.setString(1, o.status());
                    setInteger(last, 2, o.httpStatus());
                    last.setString(3, clip(o.error()));
                    last.setTimestamp(4, timestamp(o.acknowledgedAt()));
                    bindKey(last, 5, runDate, marketplace, o.sku(), o.last());
                    last.addBatch();
                }
                for (Attempt a : uncarried) {
                    bindRow(insert, a);
                    insert.addBatch();
                }
                superseded.executeBatch();
                last.executeBatch();
                insert.executeBatch();
            }
            c.commit();
        }
    }

    /** Every journal row, for the fold into the ledger. */
    public List<Attempt> all() throws SQLException {
        List<Attempt> rows = new ArrayList<>();
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "select run_date, marketplace, sku, "
                                + "quantity, attempt, status, http_status, error, sent_at, acknowledged_at from marketplace_push_journal");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                Integer http = rs.getInt(7);
                if (rs.wasNull()) {
                    http = null;
                }
                Timestamp sentAt = rs.getTimestamp(9);
                Timestamp acknowledgedAt = rs.getTimestamp(10);
                rows.add(new Attempt(
                        rs.getDate(1).toLocalDate(),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getInt(4),
                        rs.getInt(5),
                        rs.getString(6),
                        http,
                        rs.getString(8),
                        sentAt == null ? null : sentAt.toInstant(),
                        acknowledgedAt == null ? null : acknowledgedAt.toInstant()));
            }
        }
        return rows;
    }

    /** Deletes the rows of run dates before {@code runDate}; returns how many. */
    public int deleteBefore(LocalDate runDate) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("delete from marketplace_push_journal where run_date < ?")) {
            s.setDate(1, Date.valueOf(runDate));
            return s.executeUpdate();
        }
    }

    private static void bindRow(PreparedStatement s, Attempt a) throws SQLException {
        s.setDate(1, Date.valueOf(a.runDate()));
        s.setString(2, a.marketplace());
        s.setString(3, a.sku());
        s.setInt(4, a.quantity());
        s.setInt(5, a.attempt());
        s.setString(6, a.status());
        setInteger(s, 7, a.httpStatus());
        s.setString(8, clip(a.error()));
        s.setTimestamp(9, timestamp(a.sentAt()));
        s.setTimestamp(10, timestamp(a.acknowledgedAt()));
    }

    private static void bindKey(
            PreparedStatement s, int from, LocalDate runDate, String marketplace, String sku, int attempt)
            throws SQLException {
        s.setDate(from, Date.valueOf(runDate));
        s.setString(from + 1, marketplace);
        s.setString(from + 2, sku);
        s.setInt(from + 3, attempt);
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static void setInteger(PreparedStatement s, int index, Integer value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.INTEGER);
        } else {
            s.setInt(index, value);
        }
    }

    static String clip(String error) {
        return error == null || error.length() <= ERROR_WIDTH ? error : error.substring(0, ERROR_WIDTH - 3) + "...";
    }
}
