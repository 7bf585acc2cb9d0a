package io.nightshift.jobs.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nightshift.common.testing.TestSpark;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The reconciliation's counts, taken in one job, are each frame's own count. */
class SourceCountsTest {
    final SparkSession spark = TestSpark.session();
    final StructType lines = new StructType().add("line_number", DataTypes.IntegerType);

    Dataset<Row> rows(Integer... lineNumbers) {
        return spark.createDataFrame(
                java.util.Arrays.stream(lineNumbers)
                        .map(n -> RowFactory.create(n))
                        .toList(),
                lines);
    }

    @Test
    void eachFrameIsCountedOnItsOwn() {
        Dataset<Row> quarantine = rows(3, null); // a line that broke a rule, and a missing file's row
        IngestStage.SourceCounts landing = IngestStage.SourceCounts.ofLanding(rows(1, 2, 3), rows(1, 2), quarantine);
        assertEquals(new IngestStage.SourceCounts(3, 2, 1, 1), landing);
        assertEquals(2, landing.quarantineRows());

        IngestStage.SourceCounts commerce = IngestStage.SourceCounts.of(rows(1, 2, 3), rows(1, 2), rows(3));
        assertEquals(new IngestStage.SourceCounts(3, 2, 1, 0), commerce);
        assertEquals(1, commerce.quarantineRows());
    }

    @Test
    void emptyFramesCountZero() {
        Dataset<Row> none = spark.createDataFrame(List.of(), lines);
        assertEquals(new IngestStage.SourceCounts(0, 0, 0, 0), IngestStage.SourceCounts.of(none, none, none));
        assertEquals(new IngestStage.SourceCounts(0, 0, 0, 0), IngestStage.SourceCounts.ofLanding(none, none, none));
    }
}
