package io.nightshift.common.testing;

import io.nightshift.common.config.NightshiftConfig;
import io.nightshift.common.spark.SparkSessions;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** The one SparkSession of a test JVM: local[2], Delta, small shuffles, no UI. */
public final class TestSpark {
    private static SparkSession session;

    private TestSpark() {}

    public static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSessions.create(new NightshiftConfig.SparkSettings(
                    "local[2]",
                    "nightshift-tests",
                    Map.of(
                            "spark.ui.enabled", "false",
                            "spark.sql.shuffle.partitions", "2",
                            "spark.default.parallelism", "2",
                            "spark.databricks.delta.snapshotPartitions", "2",
                            "spark.sql.session.timeZone", "UTC",
                            "spark.driver.host", "127.0.0.1")));
        }
        return session;
    }
}
