package io.nightshift.jobs.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.nightshift.common.config.InvalidConfigException;
import io.nightshift.common.config.MaintainSettings;
import io.nightshift.common.testing.TestSpark;
import io.nightshift.jobs.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** maintain: OPTIMIZE with Z-order, VACUUM with the configured retention, and the retention guard. */
class MaintenanceTest {
    @TempDir
    Path temp;

    static MaintainSettings settings(double retentionHours, boolean allowUnsafe) {
        return new MaintainSettings(true, List.of("product_id"), 2, true, retentionHours, allowUnsafe);
    }

    @Test
    void optimizeZOrdersSmallFilesIntoOneAndVacuumRemovesTheOldOnes() {
        SparkSession spark = TestSpark.session();
        String location = temp.resolve("gold/small").toUri().toString();
        for (int write = 0; write < 4; write++) { // four nightly writes: four small files
            spark.range(write * 50L, write * 50L + 50)
                    .selectExpr("cast(id as int) as product_id", "id * 2 as units")
                    .coalesce(1)
                    .write()
                    .format("delta")
                    .mode("append")
                    .save(location);
        }
        long rows = spark.read().format("delta").load(location).count();

        // Safe retention: files are compacted, but the replaced ones are younger than 168 h and stay.
        Maintenance.Result safe = Maintenance.maintain(spark, "gold.small", location, settings(168, false));
        assertEquals(4, safe.activeFilesBefore());
        assertEquals(1, safe.activeFilesAfter());
        assertEquals("zorder by product_id", safe.optimized());
        assertEquals(5, safe.storedFilesAfter(), "4 old files kept for time travel + 1 compacted");

        // Zero retention, explicitly allowed: the replaced files go.
        Maintenance.Result unsafe = Maintenance.maintain(spark, "gold.small", location, settings(0, true));
        assertEquals(1, unsafe.activeFilesBefore());
        assertEquals("no", unsafe.optimized(), "one file: nothing to compact");
        assertEquals(5, unsafe.storedFilesBefore());
        assertEquals(1, unsafe.storedFilesAfter());
        assertEquals(rows, spark.read().format("delta").load(location).count(), "no row lost");
        assertEquals(
                "true",
                spark.conf().get("spark.databricks.delta.retentionDurationCheck.enabled", "true"),
                "Delta's check restored");
    }

    @Test
    void retentionBelowDeltasSafe168HoursIsRefusedUnlessExplicitlyAllowed() {
        InvalidConfigException refused = assertThrows(InvalidConfigException.class, () -> settings(24, false));
        assertTrue(
                refused.getMessage().contains("nightshift.maintain.retention-hours")
                        && refused.getMessage().contains("168"),
                refused.getMessage());
        assertEquals(24, settings(24, true).retentionHours());
        MaintainSettings defaults = MaintainSettings.from(ConfigFactory.defaultReference());
        assertEquals(168, defaults.retentionHours());
        assertEquals(List.of("product_id"), defaults.zorderBy());
    }

    @Test
    void maintainCommandRefusesAnUnsafeRetentionAsAUsageError() throws Exception {
        Path conf = temp.resolve("unsafe.conf");
        Files.writeString(conf, "nightshift.maintain.retention-hours = 1\n");
        CliRun run = CliRun.run(
                Map.of(
                        "NIGHTSHIFT_HOME",
                        temp.toString(),
                        "NIGHTSHIFT_WAREHOUSE",
                        temp.resolve("wh").toString()),
                "maintain",
                "--conf",
                conf.toString());
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(
                run.err().contains("nightshift.maintain.retention-hours")
                        && run.err().contains("allow-unsafe-retention"),
                run.err());
    }
}
