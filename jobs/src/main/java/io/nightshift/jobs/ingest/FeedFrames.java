package io.nightshift.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.nightshift.common.catalog.Tables;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * The bronze and quarantine frames every feed produces, from its checked lines: columns day, source_file,
 * line_number, line, fields, rule, reason.
 */
final class FeedFrames {
    static final String EMPTY_FILE_REASON = "file has no data lines";

    private FeedFrames() {}

    /** Every data line as received: {@link Tables#LANDING_BRONZE_SCHEMA}. */
    static Dataset<Row> bronze(Dataset<Row> checked, LocalDate runDate, Timestamp ingestedAt) {
        return checked.select(
                col("day"),
                runDateColumn(runDate),
                col("source_file"),
                col("line_number"),
                col("line").as("raw"),
                col("fields"),
                lit(ingestedAt).as("ingested_at"));
    }

    /** The rejected lines, then one row per empty file: {@link Tables#QUARANTINE_SCHEMA}. */
    static Dataset<Row> quarantine(
            Dataset<Row> checked, Dataset<Row> emptyFiles, LocalDate runDate, Timestamp ingestedAt) {
        Dataset<Row> rejected = checked.filter(col(Rules.RULE).isNotNull())
                .select(
                        col("day"),
                        runDateColumn(runDate),
                        col("source_file"),
                        col("line_number"),
                        col("line").as("raw"),
                        col(Rules.RULE),
                        col(Rules.REASON),
                        lit(ingestedAt).as("ingested_at"));
        Dataset<Row> empty = emptyFiles.select(
                col("day"),
                runDateColumn(runDate),
                col("source_file"),
                lit(null).cast(DataTypes.LongType).as("line_number"),
                lit(null).cast(DataTypes.StringType).as("raw"),
                lit(LandingFiles.EMPTY_FILE).as(Rules.RULE),
                lit(EMPTY_FILE_REASON).as(Rules.REASON),
                lit(ingestedAt).as("ingested_at"));
        return rejected.unionByName(empty);
    }

    /** The lines that broke no rule. */
    static Dataset<Row> accepted(Dataset<Row> checked) {
        return checked.filter(col(Rules.RULE).isNull());
    }

    static Column date(LocalDate day) {
        return lit(Date.valueOf(day));
    }

    private static Column runDateColumn(LocalDate runDate) {
        return date(runDate).as("run_date");
    }

    static void requireColumns(Dataset<Row> frame, String what, String... columns) {
        for (String c : columns) {
            if (!Arrays.asList(frame.columns()).contains(c)) {
                throw new IllegalArgumentException(
                        what + " lacks column " + c + "; it has " + Arrays.toString(frame.columns()));
            }
        }
    }
}
