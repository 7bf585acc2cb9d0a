package io.nightshift.jobs.marketplace;

import io.nightshift.common.catalog.TableWriter;
import io.nightshift.common.catalog.Tables;
import io.nightshift.common.db.PushJournalRepository;
import java.sql.Date;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Folds the push journal ({@code marketplace_push_journal}) into {@code gold.marketplace_push_ledger}.
 * sync-inventory folds at its start (a killed run's attempts land before the diff is read) and at its end.
 * The ledger is written INSERT_NEW on (run_date, marketplace, sku, attempt), a Delta MERGE that inserts only
 * missing keys, so folding the same rows twice never doubles one. Journal rows are final when folded: the
 * start fold sees only finished or killed runs, the end fold runs after every outcome is settled.
 */
public final class PushLedgerFold {
    /** Journal rows are kept this long after a fold, for reruns of recent dates to continue their attempt numbers. */
    static final int KEEP_DAYS = 7;

    private PushLedgerFold() {}

    /** Folds every journal row into the ledger; returns the rows the ledger did not have. */
    public static long fold(SparkSession spark, TableWriter writer, DataSource db) {
        List<Row> rows = new ArrayList<>();
        try {
            for (PushJournalRepository.Attempt a : new PushJournalRepository(db).all()) {
                rows.add(RowFactory.create(
                        Date.valueOf(a.runDate()),
                        a.marketplace(),
                        a.sku(),
                        a.quantity(),
                        a.attempt(),
                        a.status(),
                        a.httpStatus(),
                        a.error(),
                        timestamp(a.sentAt()),
                        timestamp(a.acknowledgedAt())));
            }
        } catch (SQLException e) {
            throw new MarketplaceException("sync-inventory: cannot read the push journal: " + e.getMessage());
        }
        if (rows.isEmpty()) {
            return 0;
        }
        return writer.write(
                        Tables.MARKETPLACE_PUSH_LEDGER,
                        spark.createDataFrame(
                                rows, Tables.MARKETPLACE_PUSH_LEDGER.schema().get()))
                .rowsWritten();
    }

    /** After a successful fold: drops journal rows of run dates more than {@link #KEEP_DAYS} before {@code runDate}. */
    public static void prune(DataSource db, LocalDate runDate) {
        try {
            new PushJournalRepository(db).deleteBefore(runDate.minusDays(KEEP_DAYS));
        } catch (SQLException e) {
            throw new MarketplaceException("sync-inventory: cannot prune the push journal: " + e.getMessage());
        }
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
