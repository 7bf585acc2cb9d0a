package io.nightshift.jobs.ingest;

import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What was read from the landing zone for some days: one row per line ({@link LandingFiles#LINES_SCHEMA}),
 * the files read (relative to the landing root, sorted), and the days whose folder held no file.
 */
public record LandingRead(Dataset<Row> lines, List<String> files, List<LocalDate> daysWithoutFiles) {}
