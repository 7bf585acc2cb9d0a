package io.nightshift.jobs.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Whole-frame comparison. spark-testing-base's JavaDataFrameSuiteBase.assertDataFrameNoOrderEquals needs JUnit 4's
 * org.junit.Assert, which the build excludes, so this is the small equivalent: same column names and types
 * (nullability aside), same rows in any order.
 */
final class Frames {
    private Frames() {}

    static void assertSameRows(Dataset<Row> expected, Dataset<Row> actual) {
        assertEquals(columns(expected), columns(actual), "columns");
        assertEquals(LandingZone.rows(expected), LandingZone.rows(actual), "rows");
    }

    private static List<String> columns(Dataset<Row> frame) {
        return Arrays.stream(frame.schema().fields())
                .map(f -> f.name() + " " + f.dataType().simpleString())
                .toList();
    }
}
