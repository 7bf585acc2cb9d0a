package io.nightshift.jobs.marketplace;

import javax.sql.DataSource;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The write-ahead journal of one marketplace's push attempts in one run (table
 * {@code marketplace_push_journal}, commerce database). Before a request carrying stock updates leaves, a
 * row per SKU is committed with status SENT and the next attempt number; the answer and then the item's
 * outcome update it. A run killed mid-push therefore leaves every attempt it made, in flight ones as SENT,
 * and {@link PushLedgerFold} brings them into {@code gold.marketplace_push_ledger}. If the journal cannot be
 * written the request is not sent (the exception ends the push).
 */
public final class PushJournal {
    /** No journal: for tests that look at the outcomes alone. */
    public static final PushJournal NONE = new PushJournal(null, null, null);

    private final DataSource db;
    private final LocalDate runDate;
    private final String marketplace;
    /** SKU -> the last attempt number used on this run date (the journal's and the ledger's, whichever is higher). */
    private final Map<String, Integer> lastAttempt = new ConcurrentHashMap<>();

    private PushJournal(DataSource db, LocalDate runDate, String marketplace) {
        this.db = db;
        this.runDate = runDate;
        this.marketplace = marketplace;
    }

    /**
     * Opens the journal of {@code marketplace} for {@code runDate}. Attempt numbers continue after the highest
     * one already journaled for that date, or in {@code ledgerAttempts} (attempts of that date already in the
     * ledger), so a rerun never reuses a key.
     */
    public static PushJournal open(DataSource db, LocalDate runDate, String marketplace, Map<String, Integer> ledgerAttempts) {
        PushJournal journal = new PushJournal(db, runDate, marketplace);
        journal.lastAttempt.putAll(ledgerAttempts);
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "select sku, max(attempt) from marketplace_push_journal where run_date = ? and marketplace = ? group by sku")) {
            s.setDate(1, Date.valueOf(runDate));
            s.setString(2, marketplace);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) journal.lastAttempt.merge(rs.getString(1), rs.getInt(2), Math::max);
            }
        } catch (SQLException e) {
            throw new MarketplaceException(marketplace + ": cannot read the push journal: " + e.getMessage());
        }
        return journal;
    }

    /** The journal of one batch handed to a connector: which attempts carried which SKU, to settle them after. */
    public Batch batch() {
        return new Batch();
    }

    public final class Batch {
        /** SKU -> the attempt numbers journaled for it in this batch, oldest first. */
        private final Map<String, List<Integer>> attempts = new LinkedHashMap<>();
        /** SKUs whose outcome is already written (a connector may settle items early, as Amazon's per-SKU patches end). */
        private final java.util.Set<String> settled = ConcurrentHashMap.newKeySet();

        /**
         * The listener for one call that carries {@code items}: journals every attempt of it before it is
         * sent and its answer when it comes. Calls that carry no quantities (reads, feed polls) get none.
         */
        public HttpCalls.AttemptListener carrying(List<StockUpdate> items) {
            if (db == null) {
                return HttpCalls.AttemptListener.NONE;
            }
            return new HttpCalls.AttemptListener() {
                private Map<String, Integer> current = Map.of();

                @Override
                public void sending(Instant sentAt) {
                    current = journalSent(items, sentAt);
                    synchronized (attempts) {
                        current.forEach((sku, n) -> attempts.computeIfAbsent(sku, k -> new ArrayList<>()).add(n));
                    }
                }

                @Override
                public void answered(HttpCalls.Attempt attempt) {
                    boolean answered2xx = attempt.httpStatus() != null && attempt.httpStatus() / 100 == 2;
                    // SENT until the item's outcome is settled; a retried whole-call failure (429, 5xx, timeout,
                    // reset, Shopify's THROTTLED 200) is RETRYING until the outcome says the retries ran out.
                    String status = answered2xx && attempt.error() == null ? "SENT"
                            : attempt.retryable() || answered2xx ? "RETRYING" : "FAILED";
                    journalAnswer(current, status, attempt.httpStatus(), attempt.error());
                }
            };
        }

        /**
         * Writes each item's outcome onto its journaled attempts: the last one gets the final status (and the
         * acknowledgement time); earlier ones were followed by another attempt, so one still SENT (answered
         * but superseded: Shopify's stale compare-and-swap) or FAILED (a refused access token, sent again with
         * a fresh one) becomes RETRYING. Outcomes of SKUs no call carried (a feed that failed
         * before its submission) are journaled as rows of their own.
         */
        public void settle(List<PushOutcome> outcomes) {
            // Settled at most once per SKU: the batch's final settle skips what a connector settled early.
            if (db == null) {
                return;
            }
            Map<String, PushOutcome> finalOutcome = new LinkedHashMap<>();
            Map<String, List<PushOutcome>> uncarried = new LinkedHashMap<>();
            Map<String, List<Integer>> made;
            synchronized (attempts) {
                made = new LinkedHashMap<>(attempts);
            }
            for (PushOutcome o : outcomes) {
                if (settled.contains(o.sku())) continue;
                if (made.containsKey(o.sku())) finalOutcome.put(o.sku(), o);
                else uncarried.computeIfAbsent(o.sku(), k -> new ArrayList<>()).add(o);
            }
            try (Connection c = db.getConnection()) {
                c.setAutoCommit(false);
                try (PreparedStatement superseded = c.prepareStatement("update marketplace_push_journal set status = 'RETRYING' "
                        + "where run_date = ? and marketplace = ? and sku = ? and attempt = ? and status in ('SENT', 'FAILED')");
                     PreparedStatement last = c.prepareStatement("update marketplace_push_journal set status = ?, "
                             + "http_status = coalesce(?, http_status), error = ?, acknowledged_at = ? "
                             + "where run_date = ? and marketplace = ? and sku = ? and attempt = ?");
                     PreparedStatement insert = c.prepareStatement(INSERT)) {
                    for (var e : finalOutcome.entrySet()) {
                        List<Integer> numbers = made.get(e.getKey());
                        for (int i = 0; i < numbers.size() - 1; i++) {
                            key(superseded, 1, e.getKey(), numbers.get(i));
                            superseded.addBatch();
                        }
                        PushOutcome o = e.getValue();
                        last.setString(1, o.status().name());
                        setInteger(last, 2, o.httpStatus());
                        last.setString(3, clip(o.error()));
                        last.setTimestamp(4, o.acknowledgedAt() == null ? null : Timestamp.from(o.acknowledgedAt()));
                        key(last, 5, e.getKey(), numbers.get(numbers.size() - 1));
                        last.addBatch();
                    }
                    for (var e : uncarried.entrySet()) {
                        for (PushOutcome o : e.getValue()) {
                            insertRow(insert, o.sku(), o.quantity(), nextAttempt(o.sku()), o.status().name(), o.httpStatus(),
                                    o.error(), o.sentAt(), o.acknowledgedAt());
                        }
                    }
                    superseded.executeBatch();
                    last.executeBatch();
                    insert.executeBatch();
                }
                c.commit();
                settled.addAll(finalOutcome.keySet());
                settled.addAll(uncarried.keySet());
            } catch (SQLException e) {
                throw new MarketplaceException(marketplace + ": cannot write outcomes to the push journal: " + e.getMessage());
            }
        }
    }

    static final String INSERT = "insert into marketplace_push_journal (run_date, marketplace, sku, quantity, attempt, status, "
            + "http_status, error, sent_at, acknowledged_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private int nextAttempt(String sku) {
        return lastAttempt.merge(sku, 1, Integer::sum);
    }

    /** Commits a SENT row per item, before the request leaves. Returns SKU -> attempt number. */
    private Map<String, Integer> journalSent(List<StockUpdate> items, Instant sentAt) {
        Map<String, Integer> numbers = new LinkedHashMap<>();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(INSERT)) {
            c.setAutoCommit(false);
            for (StockUpdate u : items) {
                int n = nextAttempt(u.sku());
                numbers.put(u.sku(), n);
                insertRow(s, u.sku(), u.quantity(), n, "SENT", null, null, sentAt, null);
            }
            s.executeBatch();
            c.commit();
        } catch (SQLException e) {
            throw new MarketplaceException(marketplace + ": cannot journal a push attempt, not sending it: " + e.getMessage());
        }
        return numbers;
    }

    private void journalAnswer(Map<String, Integer> numbers, String status, Integer httpStatus, String error) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("update marketplace_push_journal "
                + "set status = ?, http_status = ?, error = ? where run_date = ? and marketplace = ? and sku = ? and attempt = ?")) {
            c.setAutoCommit(false);
            for (var e : numbers.entrySet()) {
                s.setString(1, status);
                setInteger(s, 2, httpStatus);
                s.setString(3, clip(error));
                key(s, 4, e.getKey(), e.getValue());
                s.addBatch();
            }
            s.executeBatch();
            c.commit();
        } catch (SQLException e) {
            throw new MarketplaceException(marketplace + ": cannot journal a push answer: " + e.getMessage());
        }
    }

    private void insertRow(PreparedStatement s, String sku, int quantity, int attempt, String status, Integer httpStatus,
                           String error, Instant sentAt, Instant acknowledgedAt) throws SQLException {
        s.setDate(1, Date.valueOf(runDate));
        s.setString(2, marketplace);
        s.setString(3, sku);
        s.setInt(4, quantity);
        s.setInt(5, attempt);
        s.setString(6, status);
        setInteger(s, 7, httpStatus);
        s.setString(8, clip(error));
        s.setTimestamp(9, sentAt == null ? null : Timestamp.from(sentAt));
        s.setTimestamp(10, acknowledgedAt == null ? null : Timestamp.from(acknowledgedAt));
        s.addBatch();
    }

    private void key(PreparedStatement s, int from, String sku, int attempt) throws SQLException {
        s.setDate(from, Date.valueOf(runDate));
        s.setString(from + 1, marketplace);
        s.setString(from + 2, sku);
        s.setInt(from + 3, attempt);
    }

    private static void setInteger(PreparedStatement s, int index, Integer value) throws SQLException {
        if (value == null) s.setNull(index, Types.INTEGER);
        else s.setInt(index, value);
    }

    private static String clip(String error) {
        return error == null || error.length() <= 400 ? error : error.substring(0, 397) + "...";
    }
}
