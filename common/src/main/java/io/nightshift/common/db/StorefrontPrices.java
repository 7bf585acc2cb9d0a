package io.nightshift.common.db;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/**
 * The storefront's price table ({@code storefront.product_prices}) and its publication log
 * ({@code price_publications}), as one publish transaction sees them: the caller owns the connection and
 * commits or rolls back. A publish locks the live table against other publishers, loads the new set into an
 * empty copy, compares the two, and swaps the copy in by renames ({@link TableSwap}).
 */
public final class StorefrontPrices {
    public static final String LIVE = "storefront.product_prices";
    private static final int COPY_BUFFER = 1 << 16;

    /** One storefront price. */
    public record Price(int productId, String sku, BigDecimal price, String currency, LocalDate runDate) {}

    /**
     * The loaded copy against the live table: the live table's rows, those missing from the copy, those matched, those
     * moved more than the threshold; and whether the two are identical.
     */
    public record Comparison(long rows, long missing, long matched, long moved, boolean same) {}

    /** A row of price_publications: what a publish or rollback did and why. */
    public record Publication(
            LocalDate runDate, String kind, String outcome, long rows, boolean forced, String reason, String breaker) {}

    private final Connection connection;
    private final TableSwap swap;

    /** {@code transaction}: a connection with autocommit off; nothing here commits. */
    public StorefrontPrices(Connection transaction) {
        this.connection = transaction;
        this.swap = new TableSwap(transaction, "storefront", "product_prices");
    }

    /** One publisher at a time ({@code EXCLUSIVE}); readers are never blocked by it. */
    public void lockAgainstOtherPublishers() throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("LOCK TABLE " + LIVE + " IN EXCLUSIVE MODE")) {
            s.execute();
        }
    }

    /** The empty copy the new set is loaded into: the live table's columns and checks, no index yet. */
    public void createEmptyCopy() throws SQLException {
        swap.createEmptyCopy();
    }

    /**
     * A COPY into the empty copy, streamed in 64 KB writes. FREEZE: the copy was created in this transaction,
     * so its rows can be written already frozen (no later hint-bit or freeze rewrites), and a reader whose
     * snapshot is older than the swap still sees them.
     */
    public Load load() throws SQLException {
        CopyManager copyManager = new CopyManager(connection.unwrap(BaseConnection.class));
        return new Load(copyManager.copyIn(
                "COPY " + swap.next() + " (product_id, sku, price, currency, run_date) FROM STDIN WITH (FREEZE)"));
    }

    /** An open load: {@link #add} each price, then {@link #finish}; closing an unfinished load cancels it. */
    public static final class Load implements AutoCloseable {
        private final CopyIn copyIn;
        private final StringBuilder buffer = new StringBuilder(COPY_BUFFER + 256);

        private Load(CopyIn copyIn) {
            this.copyIn = copyIn;
        }

        public void add(Price p) throws SQLException {
            buffer.append(p.productId())
                    .append('\t')
                    .append(text(p.sku()))
                    .append('\t')
                    .append(p.price().toPlainString())
                    .append('\t')
                    .append(text(p.currency()))
                    .append('\t')
                    .append(p.runDate())
                    .append('\n');
            if (buffer.length() >= COPY_BUFFER) {
                flush();
            }
        }

        public void finish() throws SQLException {
            flush();
            copyIn.endCopy();
        }

        private void flush() throws SQLException {
            byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
            copyIn.writeToCopy(bytes, 0, bytes.length);
            buffer.setLength(0);
        }

        @Override
        public void close() throws SQLException {
            if (copyIn.isActive()) {
                copyIn.cancelCopy();
            }
        }
    }

    /**
     * The loaded copy against the live table in one pass (a full join on product_id) instead of one scan per
     * question; "moved": the price changed by more than {@code moveThreshold} of the live price.
     */
    public Comparison compareWithLive(BigDecimal moveThreshold) throws SQLException {
        String sql = """
                SELECT count(l.product_id),
                       count(l.product_id) FILTER (WHERE n.product_id IS NULL),
                       count(n.product_id) FILTER (WHERE l.product_id IS NOT NULL),
                       count(*) FILTER (WHERE abs(n.price - l.price) > ? * l.price),
                       coalesce(bool_and((n.product_id, n.sku, n.price, n.currency, n.run_date)
                           IS NOT DISTINCT FROM (l.product_id, l.sku, l.price, l.currency, l.run_date)), true)
                FROM %s n FULL JOIN %s l ON n.product_id = l.product_id
                """.formatted(swap.next(), LIVE);
        try (PreparedStatement p = connection.prepareStatement(sql)) {
            p.setBigDecimal(1, moveThreshold);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return new Comparison(r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getBoolean(5));
            }
        }
    }

    /** The live table's keys, indexes and grants, built on the loaded copy (one sorted build per index). */
    public void buildIndexesAndGrants() throws SQLException {
        swap.buildIndexesAndGrants();
    }

    /** Swaps the copy in by renames, waiting at most {@code lockTimeout} per attempt for the live table. */
    public void swap(Duration lockTimeout, int lockAttempts) throws SQLException, InterruptedException {
        swap.swap(lockTimeout, lockAttempts);
    }

    public void logPublication(Publication p) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("INSERT INTO price_publications"
                + " (run_date, kind, outcome, rows_published, forced, reason, breaker) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            s.setObject(1, p.runDate());
            s.setString(2, p.kind());
            s.setString(3, p.outcome());
            s.setLong(4, p.rows());
            s.setBoolean(5, p.forced());
            s.setString(6, p.reason());
            s.setString(7, p.breaker());
            s.executeUpdate();
        }
    }

    /** COPY text format: backslash, tab, newline and carriage return escaped. */
    private static String text(String value) {
        if (value == null) {
            return "\\N";
        }
        return value.replace("\\", "\\\\")
                .replace("\t", "\\t")
                .replace("\n", "\\n")
                .replace("\r", "\\r");
    }
}
