package io.nightshift.jobs.stage;

import io.nightshift.common.catalog.TableCatalog;
import io.nightshift.common.catalog.TableWriter;
import io.nightshift.common.config.NightshiftConfig;
import io.nightshift.common.db.CommerceDatabase;
import io.nightshift.common.spark.SparkSessions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a command runs with: the configuration, and, started on first use, the Spark session (with every
 * existing table registered as layer.name) and the commerce database. In --dry-run mode Delta writes go
 * to a scratch catalog under {@code <warehouse>/_scratch/dry-run}, and stages skip their other side effects.
 */
public final class StageContext implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StageContext.class);
    public static final String SCRATCH = "_scratch/dry-run";

    private final NightshiftConfig config;
    private final boolean dryRun;
    private final Clock clock;
    private final TableCatalog catalog;
    private SparkSession spark;
    private TableWriter writer;
    private CommerceDatabase commerce;

    public StageContext(NightshiftConfig config, boolean dryRun, Clock clock) {
        this.config = config;
        this.dryRun = dryRun;
        this.clock = clock;
        this.catalog = new TableCatalog(config.storage().warehouse());
    }

    public NightshiftConfig config() {
        return config;
    }

    public boolean dryRun() {
        return dryRun;
    }

    public Clock clock() {
        return clock;
    }

    /** The catalog tables are read from (always the real warehouse). */
    public TableCatalog catalog() {
        return catalog;
    }

    public synchronized SparkSession spark() {
        if (spark == null) {
            spark = SparkSessions.create(config);
            catalog.registerExisting(spark);
        }
        return spark;
    }

    /** The writer: the real warehouse, or the scratch catalog in --dry-run mode. */
    public synchronized TableWriter writer() {
        if (writer == null) {
            if (dryRun) {
                String scratch = config.storage().warehouse() + "/" + SCRATCH;
                deleteRecursively(scratch);
                LOG.info("dry run: tables are written to {} only", scratch);
                writer = new TableWriter(spark(), new TableCatalog(scratch), false);
            } else {
                writer = new TableWriter(spark(), catalog, true);
            }
        }
        return writer;
    }

    public synchronized CommerceDatabase commerce() {
        if (commerce == null) {
            commerce = CommerceDatabase.open(config);
        }
        return commerce;
    }

    private void deleteRecursively(String location) {
        Path path = new Path(location);
        try {
            path.getFileSystem(spark().sessionState().newHadoopConf()).delete(path, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + location, e);
        }
    }

    /** Stops the database if this context started an embedded one. The Spark session outlives it. */
    @Override
    public synchronized void close() {
        if (commerce != null) {
            commerce.close();
            commerce = null;
        }
    }
}
