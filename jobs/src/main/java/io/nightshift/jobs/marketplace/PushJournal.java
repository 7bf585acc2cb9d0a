package io.nightshift.jobs.marketplace;

import io.nightshift.common.db.PushJournalRepository;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

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

    private final PushJournalRepository db;
    private final LocalDate runDate;
    private final String marketplace;
    /** SKU -> the last attempt number used on this run date (the journal's and the ledger's, whichever is higher). */
    private final Map<String, Integer> lastAttempt = new ConcurrentHashMap<>();

    private PushJournal(PushJournalRepository db, LocalDate runDate, String marketplace) {
        this.db = db;
        this.runDate = runDate;
        this.marketplace = marketplace;
    }

    /**
     * Opens the journal of {@code marketplace} for {@code runDate}. Attempt numbers continue after the highest
     * one already journaled for that date, or in {@code ledgerAttempts} (attempts of that date already in the
     * ledger), so a rerun never reuses a key.
     */
    public static PushJournal open(
            DataSource db, LocalDate runDate, String marketplace, Map<String, Integer> ledgerAttempts) {
        PushJournal journal = new PushJournal(new PushJournalRepository(db), runDate, marketplace);
        journal.lastAttempt.putAll(ledgerAttempts);
        try {
            journal.db
                    .lastAttempts(runDate, marketplace)
                    .forEach((sku, n) -> journal.lastAttempt.merge(sku, n, Math::max));
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
        /**
         * SKUs whose outcome is already written (a connector may settle items early, as Amazon's per-SKU patches end).
         */
        private final Set<String> settled = ConcurrentHashMap.newKeySet();

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
                        current.forEach((sku, n) -> attempts.computeIfAbsent(sku, k -> new ArrayList<>())
                                .add(n));
                    }
                }

                @Override
                public void answered(HttpCalls.Attempt attempt) {
                    boolean answered2xx = attempt.httpStatus() != null && attempt.httpStatus() / 100 == 2;
                    // SENT until the item's outcome is settled; a retried whole-call failure (429, 5xx, timeout,
                    // reset, Shopify's THROTTLED 200) is RETRYING until the outcome says the retries ran out.
                    String status = answered2xx && attempt.error() == null
                            ? "SENT"
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
                if (settled.contains(o.sku())) {
                    continue;
                }
                if (made.containsKey(o.sku())) {
                    finalOutcome.put(o.sku(), o);
                } else {
                    uncarried.computeIfAbsent(o.sku(), k -> new ArrayList<>()).add(o);
                }
            }
            List<PushJournalRepository.Settlement> settlements = new ArrayList<>();
            for (var e : finalOutcome.entrySet()) {
                List<Integer> numbers = made.get(e.getKey());
                PushOutcome o = e.getValue();
                settlements.add(new PushJournalRepository.Settlement(
                        e.getKey(),
                        numbers.subList(0, numbers.size() - 1),
                        numbers.get(numbers.size() - 1),
                        o.status().name(),
                        o.httpStatus(),
                        o.error(),
                        o.acknowledgedAt()));
            }
            List<PushJournalRepository.Attempt> rows = new ArrayList<>();
            for (var e : uncarried.entrySet()) {
                for (PushOutcome o : e.getValue()) {
                    rows.add(row(
                            o.sku(),
                            o.quantity(),
                            nextAttempt(o.sku()),
                            o.status().name(),
                            o.httpStatus(),
                            o.error(),
                            o.sentAt(),
                            o.acknowledgedAt()));
                }
            }
            try {
                db.settle(runDate, marketplace, settlements, rows);
                settled.addAll(finalOutcome.keySet());
                settled.addAll(uncarried.keySet());
            } catch (SQLException e) {
                throw new MarketplaceException(
                        marketplace + ": cannot write outcomes to the push journal: " + e.getMessage());
            }
        }
    }

    private int nextAttempt(String sku) {
        return lastAttempt.merge(sku, 1, Integer::sum);
    }

    /** Commits a SENT row per item, before the request leaves. Returns SKU -> attempt number. */
    private Map<String, Integer> journalSent(List<StockUpdate> items, Instant sentAt) {
        Map<String, Integer> numbers = new LinkedHashMap<>();
        List<PushJournalRepository.Attempt> rows = new ArrayList<>();
        for (StockUpdate u : items) {
            int n = nextAttempt(u.sku());
            numbers.put(u.sku(), n);
            rows.add(row(u.sku(), u.quantity(), n, "SENT", null, null, sentAt, null));
        }
        try {
            db.insert(rows);
        } catch (SQLException e) {
            throw new MarketplaceException(
                    marketplace + ": cannot journal a push attempt, not sending it: " + e.getMessage());
        }
        return numbers;
    }

    private void journalAnswer(Map<String, Integer> numbers, String status, Integer httpStatus, String error) {
        try {
            db.recordAnswer(runDate, marketplace, numbers, status, httpStatus, error);
        } catch (SQLException e) {
            throw new MarketplaceException(marketplace + ": cannot journal a push answer: " + e.getMessage());
        }
    }

    private PushJournalRepository.Attempt row(
            String sku,
            int quantity,
            int attempt,
            String status,
            Integer httpStatus,
            String error,
            Instant sentAt,
            Instant acknowledgedAt) {
        return new PushJournalRepository.Attempt(
                runDate, marketplace, sku, quantity, attempt, status, httpStatus, error, sentAt, acknowledgedAt);
    }
}
