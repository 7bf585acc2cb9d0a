package io.nightshift.common.spark;

import io.nightshift.common.config.NightshiftConfig;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** Builds the Spark session every job uses: Delta enabled, settings from the configuration. */
public final class SparkSessions {
    private SparkSessions() {}

    public static SparkSession create(NightshiftConfig config) {
        return create(config.spark());
    }

    public static SparkSession create(NightshiftConfig.SparkSettings settings) {
        SparkConf conf = new SparkConf(true); // picks up spark.* system properties set by spark-submit
        SparkSession.Builder builder = SparkSession.builder()
                .appName(settings.appName())
                .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                // Runs read exactly what was written and nothing is ever deleted under a reader's feet.
                .config("spark.databricks.delta.schema.autoMerge.enabled", "false")
                .config("spark.sql.sources.partitionOverwriteMode", "static");
        if (!conf.contains("spark.sql.warehouse.dir")) {
            // Only Spark SQL's database folders go here; the tables themselves live in the Nightshift warehouse.
            builder.config(
                    "spark.sql.warehouse.dir",
                    Path.of(System.getProperty("java.io.tmpdir"), "nightshift-spark-sql")
                            .toUri()
                            .toString());
        }
        // Local folders without a chmod or readlink process per file (LocalFileSystems says why).
        setUnlessGiven(
                builder,
                conf,
                "spark.hadoop." + LocalFileSystems.FILE_SYSTEM_KEY,
                LocalFileSystems.NioLocalFileSystem.class.getName());
        setUnlessGiven(
                builder,
                conf,
                "spark.hadoop." + LocalFileSystems.ABSTRACT_FILE_SYSTEM_KEY,
                LocalFileSystems.NioLocalFs.class.getName());
        if (!conf.contains("spark.master")) {
            builder.master(settings.master());
        }
        for (Map.Entry<String, String> entry : settings.conf().entrySet()) {
            // spark-submit's own --conf wins over our defaults on a cluster.
            setUnlessGiven(builder, conf, entry.getKey(), entry.getValue());
        }
        return builder.getOrCreate();
    }

    private static void setUnlessGiven(SparkSession.Builder builder, SparkConf given, String key, String value) {
        if (!given.contains(key)) {
            builder.config(key, value);
        }
    }
}
