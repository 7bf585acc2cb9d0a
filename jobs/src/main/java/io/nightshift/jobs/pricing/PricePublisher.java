package io.nightshift.jobs.pricing;

import io.nightshift.common.config.PricingSettings;
import io.nightshift.common.db.StorefrontPrices;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Iterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces {@code storefront.product_prices} with a new price set in one transaction, through
 * {@link StorefrontPrices} (every statement of it lives there):
 * <ol>
 *   <li>take the publish lock ({@code EXCLUSIVE}: one publisher at a time, readers never blocked);</li>
 *   <li>create an empty copy of the live table and load the set into it with {@code COPY ... FREEZE}
 *       (pgjdbc's CopyManager), counting the circuit breaker's per-row findings on the way;</li>
 *   <li>compare the copy with the live table in one query and let the {@link CircuitBreaker} judge;</li>
 *   <li>refused: roll back (the live table is untouched) and log the refusal; identical to the live table:
 *       roll back, nothing to do; else build the copy's indexes and grants, swap it in by renames
 *       (milliseconds under an ACCESS EXCLUSIVE lock), log, COMMIT.</li>
 * </ol>
 * Readers see the complete old table until the commit and the complete new one after it, never a mix: a
 * query that meets the swap's lock waits and then resolves the name to the new table. The rows are loaded
 * frozen, so even a reader whose snapshot predates the swap sees the whole new set, not an empty table. A
 * publisher killed at any point leaves an uncommitted transaction, which the server rolls back: the old table
 * stays and the copy vanishes.
 */
public final class PricePublisher {
    private static final Logger LOG = LoggerFactory.getLogger(PricePublisher.class);
    static final String LIVE = StorefrontPrices.LIVE;
    /** How long one attempt to take the live table for the swap may queue readers behind it, and how often to try. */
    static final Duration SWAP_LOCK_TIMEOUT = Duration.ofSeconds(2);

    static final int SWAP_LOCK_ATTEMPTS = 5;

    /** One storefront price, with what the breaker checks it against. */
    public record PriceRow(
            int productId,
            String sku,
            BigDecimal price,
            String currency,
            LocalDate runDate,
            BigDecimal unitCost,
            BigDecimal cap,
            BigDecimal basePrice) {}

    public enum Kind {
        PUBLISH,
        ROLLBACK;

        String label() {
            return name().toLowerCase();
        }
    }

    /**
     * @param force  publish even when the breaker refuses (not for hard findings); needs a reason
     * @param dryRun measure and judge, then roll back whatever the outcome
     */
    public record Request(LocalDate runDate, Kind kind, boolean force, String reason, boolean dryRun) {
        public Request {
            if (force && (reason == null || reason.isBlank())) {
                throw new IllegalArgumentException("--force needs --reason \"why\"");
            }
        }

        public static Request publish(LocalDate runDate) {
            return new Request(runDate, Kind.PUBLISH, false, null, false);
        }
    }

    public enum Status {
        PUBLISHED,
        UNCHANGED,
        DRY_RUN
    }

    public record Outcome(
            Status status, long rows, CircuitBreaker.Counts counts, CircuitBreaker.Verdict verdict, Phases phases) {}

    /** Where a publish spent its time, in milliseconds (0 for phases it did not reach). */
    public record Phases(long loadMillis, long compareMillis, long indexMillis, long swapMillis) {
        @Override
        public String toString() {
            return "load " + loadMillis + " ms, compare " + compareMillis + " ms, indexes " + indexMillis + " ms, swap "
                    + swapMillis + " ms";
        }
    }

    /** The breaker refused: the live table is unchanged. The message is the one line to show. */
    public static final class RefusedException extends RuntimeException {
        private final CircuitBreaker.Verdict verdict;

        RefusedException(String message, CircuitBreaker.Verdict verdict) {
            super(message);
            this.verdict = verdict;
        }

        public CircuitBreaker.Verdict verdict() {
            return verdict;
        }
    }

    private final PricingSettings.PublishSettings limits;
    private final BigDecimal unknownCostRatio;
    private final Duration swapLockTimeout;
    private final int swapLockAttempts;

    public PricePublisher(PricingSettings settings) {
        this(settings.publish(), settings.rules().unknownCostRatio());
    }

    public PricePublisher(PricingSettings.PublishSettings limits, BigDecimal unknownCostRatio) {
        this(limits, unknownCostRatio, SWAP_LOCK_TIMEOUT, SWAP_LOCK_ATTEMPTS);
    }

    PricePublisher(
            PricingSettings.PublishSettings limits,
            BigDecimal unknownCostRatio,
            Duration swapLockTimeout,
            int swapLockAttempts) {
        this.limits = limits;
        this.unknownCostRatio = unknownCostRatio;
        this.swapLockTimeout = swapLockTimeout;
        this.swapLockAttempts = swapLockAttempts;
    }

    public Outcome publish(Connection connection, Iterator<PriceRow> rows, Request request) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            Outcome outcome = publishInTransaction(connection, rows, request);
            if (outcome.status() == Status.PUBLISHED) {
                connection.commit();
            } else {
                connection.rollback();
            }
            if (outcome.status() == Status.UNCHANGED) {
                log(new StorefrontPrices(connection), request, "unchanged", 0, null);
                connection.commit();
            }
            return outcome;
        } catch (RefusedException refused) {
            connection.rollback();
            if (!request.dryRun()) {
                log(
                        new StorefrontPrices(connection),
                        request,
                        "refused",
                        0,
                        refused.verdict().summary());
                connection.commit();
            }
            throw refused;
        } catch (InterruptedException e) {
            connection.rollback();
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting to swap " + LIVE + "; nothing changed", e);
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private Outcome publishInTransaction(Connection connection, Iterator<PriceRow> rows, Request request)
            throws SQLException, InterruptedException {
        long start = System.nanoTime();
        StorefrontPrices storefront = new StorefrontPrices(connection);
        storefront.lockAgainstOtherPublishers();
        storefront.createEmptyCopy();
        RowChecks rowChecks = new RowChecks(unknownCostRatio, limits.moveThreshold());
        long copied = copy(storefront, rows, rowChecks);
        long loaded = System.nanoTime();
        StorefrontPrices.Comparison live = storefront.compareWithLive(BigDecimal.valueOf(limits.moveThreshold()));
        long compared = System.nanoTime();
        CircuitBreaker.Counts counts = new CircuitBreaker.Counts(
                rowChecks.rows,
                rowChecks.duplicates,
                rowChecks.nullOrZero,
                rowChecks.belowCost,
                rowChecks.aboveCap,
                live.rows(),
                live.missing(),
                live.matched(),
                live.moved(),
                // The median sorts every row's move: only a first publish (no live table) is judged by it.
                rowChecks.rowsWithBase(),
                rowChecks.movedFromBase,
                live.rows() == 0 ? rowChecks.medianMoveFromBase() : 0);
        CircuitBreaker.Verdict verdict = CircuitBreaker.judge(counts, limits, request.kind() == Kind.PUBLISH);
        String what = (request.kind() == Kind.ROLLBACK ? "rollback to " : "publishing ") + request.runDate();
        if (verdict.refused() && (!request.force() || !verdict.hard().isEmpty())) {
            String override = verdict.hard().isEmpty() ? " (override: --force --reason \"...\")" : "";
            throw new RefusedException(
                    "circuit breaker refused " + what + ": " + verdict.summary() + "; " + LIVE + " unchanged"
                            + override,
                    verdict);
        }
        if (verdict.refused()) {
            LOG.warn("{} FORCED past the circuit breaker ({}), reason: {}", what, verdict.summary(), request.reason());
        }
        Phases checked = new Phases(millis(start, loaded), millis(loaded, compared), 0, 0);
        if (request.dryRun()) {
            LOG.info("dry run: {} would publish {} rows", what, copied);
            return new Outcome(Status.DRY_RUN, copied, counts, verdict, checked);
        }
        if (live.same()) {
            LOG.info("{}: {} already holds these {} prices, nothing to do", what, LIVE, copied);
            return new Outcome(Status.UNCHANGED, copied, counts, verdict, checked);
        }
        storefront.buildIndexesAndGrants();
        long indexed = System.nanoTime();
        storefront.swap(swapLockTimeout, swapLockAttempts);
        log(storefront, request, "published", copied, verdict.refused() ? verdict.summary() : null);
        Phases phases = new Phases(
                checked.loadMillis(),
                checked.compareMillis(),
                millis(compared, indexed),
                millis(indexed, System.nanoTime()));
        LOG.info("{}: {} prices in {} ({})", what, copied, LIVE, phases);
        return new Outcome(Status.PUBLISHED, copied, counts, verdict, phases);
    }

    /** Loads the storable rows into the empty copy; returns every row seen, storable or not. */
    static long copy(StorefrontPrices storefront, Iterator<PriceRow> rows, RowChecks checks) throws SQLException {
        long count = 0;
        try (StorefrontPrices.Load load = storefront.load()) {
            while (rows.hasNext()) {
                PriceRow r = rows.next();
                count++;
                if (!checks.storable(r)) {
                    continue;
                }
                load.add(new StorefrontPrices.Price(r.productId(), r.sku(), r.price(), r.currency(), r.runDate()));
            }
            load.finish();
        }
        return count;
    }

    private static long millis(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1_000_000;
    }

    private static void log(StorefrontPrices storefront, Request request, String outcome, long rows, String breaker)
            throws SQLException {
        storefront.logPublication(new StorefrontPrices.Publication(
                request.runDate(),
                request.kind().label(),
                outcome,
                rows,
                request.force() && breaker != null && outcome.equals("published"),
                request.reason(),
                breaker));
    }
}
