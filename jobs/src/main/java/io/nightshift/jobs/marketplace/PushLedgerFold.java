package io.nightshift.jobs.marketplace;

import io.nightshift.common.catalog.TableWriter;
import io.nightshift.common.catalog.Tables;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

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

    private PushLedgerFold() {
    }

    /** Folds every journal row into the ledger; returns the rows the ledger did not have. */
    public static long fold(SparkSession spark, TableWriter writer, DataSource db) {
        List<Row> rows = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select run_date, marketplace, sku, quantity, attempt, status, http_status, error, "
                     + "sent_at, acknowledged_at from marketplace_push_journal")) {
            while (rs.next()) {
                Integer http = rs.getInt(7);
                if (rs.wasNull()) http = null;
                rows.add(RowFactory.create(rs.getDate(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5),
                        rs.getString(6), http, rs.getString(8), rs.getTimestamp(9), rs.getTimestamp(10)));
            }
        } catch (SQLException e) {
            throw new MarketplaceException("sync-inventory: cannot read the push journal: " + e.getMessage());
        }
        if (rows.isEmpty()) {
            return 0;
        }
        return writer.write(Tables.MARKETPLACE_PUSH_LEDGER,
                spark.createDataFrame(rows, Tables.MARKETPLACE_PUSH_LEDGER.schema().get())).rowsWritten();
    }

    /** After a successful fold: drops journal rows of run dates more than {@link #KEEP_DAYS} before {@code runDate}. */
    public static void prune(DataSource db, LocalDate runDate) {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("delete from marketplace_push_journal where run_date < ?")) {
            s.setDate(1, java.sql.Date.valueOf(runDate.minusDays(KEEP_DAYS)));
            s.executeUpdate();
        } catch (SQLException e) {
            throw new MarketplaceException("sync-inventory: cannot prune the push journal: " + e.getMessage());
        }
    }
}
