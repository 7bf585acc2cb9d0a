package io.nightshift.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.nightshift.common.catalog.TableChecksum;
import io.nightshift.common.testing.TestSpark;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The checksum bench/cluster.sh compares: maps hash by content, wall-clock columns are left out. */
class ChecksumsCommandTest {
    private static final StructType SCHEMA = new StructType()
            .add("id", DataTypes.IntegerType)
            .add("fields", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType))
            .add("ingested_at", DataTypes.TimestampType);

    private static Dataset<Row> frame(Map<String, String> fields, String ingestedAt, int id) {
        SparkSession spark = TestSpark.session();
        return spark.createDataFrame(List.of(RowFactory.create(id, fields, Timestamp.valueOf(ingestedAt))), SCHEMA);
    }

    @Test
    void equalMapsInAnyOrderAndDifferentIngestionTimesGiveTheSameChecksum() {
        Map<String, String> ab = new LinkedHashMap<>();
        ab.put("a", "1");
        ab.put("b", "2");
        Map<String, String> ba = new LinkedHashMap<>();
        ba.put("b", "2");
        ba.put("a", "1");
        Set<String> ignore = Set.of("ingested_at");
        TableChecksum first = ChecksumsCommand.checksum(frame(ab, "2026-11-25 01:00:00", 1), ignore);
        assertEquals(first, ChecksumsCommand.checksum(frame(ba, "2026-11-25 02:00:00", 1), ignore));
        assertEquals(1, first.rows());
        assertNotEquals(
                first, ChecksumsCommand.checksum(frame(Map.of("a", "1", "b", "3"), "2026-11-25 01:00:00", 1), ignore));
        assertNotEquals(first, ChecksumsCommand.checksum(frame(ab, "2026-11-25 01:00:00", 2), ignore));
    }

    @Test
    void aTableQualifiedColumnIsLeftOutOfThatTableOnly() {
        Set<String> ignore = Set.of("ingested_at", "silver.marketplace_order_watermarks.updated_at");
        assertEquals(
                Set.of("ingested_at", "updated_at"),
                ChecksumsCommand.columnsIgnoredIn("silver.marketplace_order_watermarks", ignore));
        assertEquals(Set.of("ingested_at"), ChecksumsCommand.columnsIgnoredIn("silver.products", ignore));
        assertEquals(Set.of("ingested_at"), ChecksumsCommand.columnsIgnoredIn("silver.marketplace_orders", ignore));
    }
}
