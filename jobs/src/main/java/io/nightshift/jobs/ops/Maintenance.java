package io.nightshift.jobs.ops;

import io.delta.tables.DeltaTable;
import io.nightshift.common.catalog.TableCatalog;
import io.nightshift.common.config.MaintainSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OPTIMIZE and VACUUM for every Delta table of the warehouse, one table at a time.
 * <ul>
 *   <li>OPTIMIZE compacts small files (every nightly write adds a few per table). A table with fewer than
 *       {@code min-files-to-optimize} active files is left alone: there is nothing to compact, and Z-ordering a
 *       single file buys no data skipping. Tables with a {@code zorder-by} column (product_id: the forecast,
 *       pricing and box queries filter and join on it) are Z-ordered by it, the rest compacted.</li>
 *   <li>VACUUM deletes files no version within the retention needs. Time travel to versions older than the
 *       retention stops working for the files it removed.</li>
 * </ul>
 * Both are Delta commits (OPTIMIZE) or deletes of unreferenced files (VACUUM): readers are never disturbed.
 */
public final class Maintenance {
    private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);
    private static final String LISTING_PARALLELISM = "spark.sql.sources.parallelPartitionDiscovery.parallelism";
    private static final String RETENTION_CHECK = "spark.databricks.delta.retentionDurationCheck.enabled";

    private Maintenance() {}

    /**
     * What maintenance did to one table: active files (in the current version) and files on storage (every
     * data file, referenced or not), before and after.
     */
    public record Result(
            String table,
            long activeFilesBefore,
            long activeFilesAfter,
            long storedFilesBefore,
            long storedFilesAfter,
            long bytesBefore,
            long bytesAfter,
            String optimized) {}

    /** Maintains every table registered from the warehouse ({@code layer.name}), in name order. */
    public static List<Result> run(SparkSession spark, TableCatalog catalog, MaintainSettings settings) {
        List<Result> results = new ArrayList<>();
        for (String table : catalog.registerExisting(spark)) {
            String location = catalog.warehouse() + "/" + table.replace('.', '/');
            results.add(maintain(spark, table, location, settings));
        }
        return results;
    }

    static Result maintain(SparkSession spark, String table, String location, MaintainSettings settings) {
        DeltaTable delta = DeltaTable.forPath(spark, location);
        Row before = delta.detail().select("numFiles", "sizeInBytes").head();
        long storedBefore = storedDataFiles(spark, location);
        String optimized = "no";
        if (settings.optimize() && before.getLong(0) >= settings.minFilesToOptimize()) {
            List<String> columns = Arrays.asList(delta.toDF().columns());
            String[] zorder =
                    settings.zorderBy().stream().filter(columns::contains).toArray(String[]::new);
            if (zorder.length > 0) {
                delta.optimize().executeZOrderBy(zorder);
                optimized = "zorder by " + String.join(", ", zorder);
            } else {
                delta.optimize().executeCompaction();
                optimized = "compacted";
            }
        }
        if (settings.vacuum()) {
            vacuum(spark, delta, settings);
        }
        Row after = DeltaTable.forPath(spark, location)
                .detail()
                .select("numFiles", "sizeInBytes")
                .head();
        Result result = new Result(
                table,
                before.getLong(0),
                after.getLong(0),
                storedBefore,
                storedDataFiles(spark, location),
                before.getLong(1),
                after.getLong(1),
                optimized);
        LOG.info(
                "maintained {}: active files {} -> {}, stored files {} -> {} ({})",
                table,
                result.activeFilesBefore(),
                result.activeFilesAfter(),
                result.storedFilesBefore(),
                result.storedFilesAfter(),
                optimized);
        return result;
    }

    /**
     * VACUUM with the configured retention. Below the safe 168 h (allowed only with allow-unsafe-retention)
     * Delta's own check must be switched off for the call; it is restored afterwards.
     */
    private static void vacuum(SparkSession spark, DeltaTable delta, MaintainSettings settings) {
        boolean unsafe = settings.retentionHours() < MaintainSettings.SAFE_RETENTION_HOURS;
        String previousCheck = spark.conf().get(RETENTION_CHECK, "true");
        String previousListing = spark.conf().get(LISTING_PARALLELISM, null);
        if (unsafe) {
            LOG.warn(
                    "VACUUM with {} h retention, below Delta's safe 168 h (nightshift.maintain.allow-unsafe-retention)",
                    settings.retentionHours());
            spark.conf().set(RETENTION_CHECK, "false");
        }
        // VACUUM lists the table's folders in this many tasks (Spark's default: 10,000, whatever the table's
        // size): tens of seconds of empty tasks per table on a few cores. The cluster's cores are enough.
        spark.conf()
                .set(LISTING_PARALLELISM, Integer.toString(spark.sparkContext().defaultParallelism()));
        try {
            delta.vacuum(settings.retentionHours());
        } finally {
            if (unsafe) {
                spark.conf().set(RETENTION_CHECK, previousCheck);
            }
            if (previousListing == null) {
                spark.conf().unset(LISTING_PARALLELISM);
            } else {
                spark.conf().set(LISTING_PARALLELISM, previousListing);
            }
        }
    }

    /** Data files on storage under the table's folder (not the transaction log). */
    static long storedDataFiles(SparkSession spark, String location) {
        Path root = new Path(location);
        try {
            FileSystem fs = root.getFileSystem(spark.sessionState().newHadoopConf());
            long files = 0;
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
            while (it.hasNext()) {
                Path path = it.next().getPath();
                if (path.getName().endsWith(".parquet") && !path.toString().contains("/_delta_log/")) {
                    files++;
                }
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + location, e);
        }
    }
}
