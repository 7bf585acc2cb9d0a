package io.nightshift.jobs.pricing;

import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Iterator;

/**
 * Replaces {@code storefront.product_prices} with a new price set in one transaction:
 * <ol>
 *   <li>take the publish lock ({@code EXCLUSIVE}: one publisher at a time, readers never blocked);</li>
 *   <li>COPY the set into a temporary staging table (pgjdbc's CopyManager);</li>
 *   <li>measure it against the live table and let the {@link CircuitBreaker} judge;</li>
 *   <li>refused: roll back (the live table is untouched) and log the refusal; identical to the live table:
 *       roll back, nothing to do; else DELETE the live rows and INSERT the staged ones, log, COMMIT.</li>
 * </ol>
 * PostgreSQL's MVCC makes the swap atomic for readers: every statement sees the complete old set until the
 * commit and the complete new set after it, never a mix. A publisher killed at any point leaves an
 * uncommitted transaction, which the server rolls back: the old set stays.
 */
public final class PricePublisher {
    private static final Logger LOG = LoggerFactory.getLogger(PricePublisher.class);
    static final String LIVE = "storefront.product_prices";
    private static final int COPY_BUFFER = 1 << 16;

    /** One storefront price, with what the breaker checks it against. */
    public record PriceRow(int productId, String sku, BigDecimal price, String currency, LocalDate runDate,
                           BigDecimal unitCost, BigDecimal cap, BigDecimal basePrice) {
    }

    public enum Kind {
        PUBLISH, ROLLBACK;

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

    public enum Status {PUBLISHED, UNCHANGED, DRY_RUN}

    public record Outcome(Status status, long rows, CircuitBreaker.Counts counts, CircuitBreaker.Verdict verdict) {
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

    public PricePublisher(PricingSettings settings) {
        this(settings.publish(), settings.rules().unknownCostRatio());
    }

    public PricePublisher(PricingSettings.PublishSettings limits, BigDecimal unknownCostRatio) {
        this.limits = limits;
        this.unknownCostRatio = unknownCostRatio;
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
                log(connection, request, "unchanged", 0, null);
                connection.commit();
            }
            return outcome;
        } catch (RefusedException refused) {
            connection.rollback();
            if (!request.dryRun()) {
                log(connection, request, "refused", 0, refused.verdict().summary());
                connection.commit();
            }
            throw refused;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private Outcome publishInTransaction(Connection connection, Iterator<PriceRow> rows, Request request) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("LOCK TABLE " + LIVE + " IN EXCLUSIVE MODE");
            s.execute("CREATE TEMP TABLE price_staging (product_id integer, sku text, price numeric(12,2), currency text,"
                    + " run_date date, unit_cost numeric(12,2), cap numeric(12,2), base_price numeric(12,2)) ON COMMIT DROP");
        }
        long copied = copy(connection, rows);
        CircuitBreaker.Counts counts = measure(connection);
        CircuitBreaker.Verdict verdict = CircuitBreaker.judge(counts, limits, request.kind() == Kind.PUBLISH);
        String what = (request.kind() == Kind.ROLLBACK ? "rollback to " : "publishing ") + request.runDate();
        if (verdict.refused() && (!request.force() || !verdict.hard().isEmpty())) {
            String override = verdict.hard().isEmpty() ? " (override: --force --reason \"...\")" : "";
            throw new RefusedException("circuit breaker refused " + what + ": " + verdict.summary() + "; " + LIVE
                    + " unchanged" + override, verdict);
        }
        if (verdict.refused()) {
            LOG.warn("{} FORCED past the circuit breaker ({}), reason: {}", what, verdict.summary(), request.reason());
        }
        if (request.dryRun()) {
            LOG.info("dry run: {} would publish {} rows", what, copied);
            return new Outcome(Status.DRY_RUN, copied, counts, verdict);
        }
        if (sameAsLive(connection)) {
            LOG.info("{}: {} already holds these {} prices, nothing to do", what, LIVE, copied);
            return new Outcome(Status.UNCHANGED, copied, counts, verdict);
        }
        try (Statement s = connection.createStatement()) {
            s.executeUpdate("DELETE FROM " + LIVE);
            s.executeUpdate("INSERT INTO " + LIVE + " (product_id, sku, price, currency, updated_at, run_date)"
                    + " SELECT product_id, sku, price, currency, now(), run_date FROM price_staging");
        }
        log(connection, request, "published", copied, verdict.refused() ? verdict.summary() : null);
        LOG.info("{}: {} prices in {}", what, copied, LIVE);
        return new Outcome(Status.PUBLISHED, copied, counts, verdict);
    }

    /** Streams the rows into the staging table as COPY text, in 64 KB writes. */
    static long copy(Connection connection, Iterator<PriceRow> rows) throws SQLException {
        CopyManager copyManager = new CopyManager(connection.unwrap(BaseConnection.class));
        CopyIn copyIn = copyManager.copyIn("COPY price_staging (product_id, sku, price, currency, run_date, unit_cost, cap, base_price) FROM STDIN");
        long count = 0;
        try {
            StringBuilder buffer = new StringBuilder(COPY_BUFFER + 256);
            while (rows.hasNext()) {
                PriceRow r = rows.next();
                buffer.append(r.productId()).append('\t').append(text(r.sku())).append('\t').append(nullable(r.price()))
                        .append('\t').append(text(r.currency())).append('\t').append(r.runDate()).append('\t')
                        .append(nullable(r.unitCost())).append('\t').append(nullable(r.cap())).append('\t')
                        .append(nullable(r.basePrice())).append('\n');
                count++;
                if (buffer.length() >= COPY_BUFFER) {
                    byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
                    copyIn.writeToCopy(bytes, 0, bytes.length);
                    buffer.setLength(0);
                }
            }
            byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
            copyIn.writeToCopy(bytes, 0, bytes.length);
            copyIn.endCopy();
        } finally {
            if (copyIn.isActive()) copyIn.cancelCopy();
        }
        return count;
    }

    private CircuitBreaker.Counts measure(Connection connection) throws SQLException {
        String sql = """
                SELECT
                  (SELECT count(*) FROM price_staging),
                  (SELECT count(*) - count(DISTINCT product_id) FROM price_staging),
                  (SELECT count(*) FROM price_staging WHERE price IS NULL OR price <= 0),
                  (SELECT count(*) FROM price_staging WHERE price < coalesce(unit_cost, base_price * ?)),
                  (SELECT count(*) FROM price_staging WHERE price > cap),
                  (SELECT count(*) FROM storefront.product_prices),
                  (SELECT count(*) FROM storefront.product_prices l
                     WHERE NOT EXISTS (SELECT 1 FROM price_staging s WHERE s.product_id = l.product_id)),
                  (SELECT count(*) FROM price_staging s JOIN storefront.product_prices l USING (product_id)),
                  (SELECT count(*) FROM price_staging s JOIN storefront.product_prices l USING (product_id)
                     WHERE abs(s.price - l.price) > ? * l.price)
                """;
        try (PreparedStatement p = connection.prepareStatement(sql)) {
            p.setBigDecimal(1, unknownCostRatio);
            p.setBigDecimal(2, BigDecimal.valueOf(limits.moveThreshold()));
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return new CircuitBreaker.Counts(r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5),
                        r.getLong(6), r.getLong(7), r.getLong(8), r.getLong(9));
            }
        }
    }

    /** Whether the live table already holds exactly the staged set (then a republish changes nothing). */
    private static boolean sameAsLive(Connection connection) throws SQLException {
        String sql = """
                SELECT NOT EXISTS (SELECT product_id, sku, price, currency, run_date FROM price_staging
                                   EXCEPT SELECT product_id, sku, price, currency, run_date FROM storefront.product_prices)
                   AND NOT EXISTS (SELECT product_id, sku, price, currency, run_date FROM storefront.product_prices
                                   EXCEPT SELECT product_id, sku, price, currency, run_date FROM price_staging)
                """;
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getBoolean(1);
        }
    }

    private static void log(Connection connection, Request request, String outcome, long rows, String breaker) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement("INSERT INTO price_publications"
                + " (run_date, kind, outcome, rows_published, forced, reason, breaker) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            p.setObject(1, request.runDate());
            p.setString(2, request.kind().label());
            p.setString(3, outcome);
            p.setLong(4, rows);
            p.setBoolean(5, request.force() && breaker != null && outcome.equals("published"));
            p.setString(6, request.reason());
            p.setString(7, breaker);
            p.executeUpdate();
        }
    }

    private static String nullable(BigDecimal value) {
        return value == null ? "\\N" : value.toPlainString();
    }

    /** COPY text format: backslash, tab, newline and carriage return escaped. */
    private static String text(String value) {
        if (value == null) return "\\N";
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }
}
