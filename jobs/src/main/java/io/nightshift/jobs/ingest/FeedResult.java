package io.nightshift.jobs.ingest;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Landing lines turned into bronze (every data line as received), the accepted lines typed, silver rows at the
 * table's grain, and quarantine (every rejected line with the first rule it broke, plus one row per empty file).
 * By construction {@code bronze.count() == accepted.count() + quarantine rows that have a line_number}.
 */
public record FeedResult(Dataset<Row> bronze, Dataset<Row> accepted, Dataset<Row> silver, Dataset<Row> quarantine) {}
