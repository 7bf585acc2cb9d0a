package io.nightshift.jobs.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import java.sql.Timestamp;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Economic indicators (one CSV for all days): the lines of the window [from, to] -> bronze, accepted lines,
 * silver (day, indicator, value) and quarantine, by the rules of {@link EconomicIndicatorRules}. Lines dated outside
 * the window belong to other runs and appear nowhere; lines whose date cannot be read, and an empty file, belong to
 * the run date. Pure: builds plans (it collects the header, one row, to check it).
 */
public final class EconomicIndicatorFeed {
    public static final String SOURCE = "economic_indicators";

    private EconomicIndicatorFeed() {}

    public static FeedResult validate(
            Dataset<Row> lines, LocalDate from, LocalDate to, LocalDate runDate, Timestamp ingestedAt) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("window " + from + ".." + to + " is empty");
        }
        Column runDay = FeedFrames.date(runDate);
        Dataset<Row> headers = CsvLines.headers(
                lines, EconomicIndicatorRules.REQUIRED_COLUMNS, EconomicIndicatorRules.REQUIRED_COLUMNS);

        Dataset<Row> prepared = CsvLines.dataLines(lines, headers)
                .withColumn("date_text", expr("fields['date']"))
                .withColumn("indicator", expr("fields['indicator']"))
                .withColumn("value_text", expr("fields['value']"))
                .withColumn(
                        "date",
                        expr(
                                "CASE WHEN date_text RLIKE '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN try_cast(date_text AS DATE) END"))
                .filter(col("date").isNull().or(col("date").between(FeedFrames.date(from), FeedFrames.date(to))))
                .withColumn("day", coalesce(col("date"), runDay))
                .withColumn("missing_what", expr("""
                        CASE WHEN value_count < column_count
                                  THEN concat('row has ', value_count, ' values, the header has ', column_count,
                                      ' columns')
                             WHEN coalesce(date_text, '') = '' THEN 'date is empty'
                             WHEN coalesce(indicator, '') = '' THEN 'indicator is empty'
                             WHEN coalesce(value_text, '') = '' THEN 'value is empty' END"""))
                .withColumn(
                        "value",
                        expr(
                                "CASE WHEN value_text RLIKE '^-?[0-9]+([.][0-9]+)?$' THEN try_cast(value_text AS DOUBLE) END"));

        Dataset<Row> lineChecked = Rules.firstBroken(prepared, EconomicIndicatorRules.lineRules())
                .withColumn("first_line", expr("min(line_number) OVER (PARTITION BY rule IS NULL, date, indicator)"));
        Dataset<Row> checked = Rules.firstBroken(lineChecked, EconomicIndicatorRules.keyRules());

        Dataset<Row> accepted = FeedFrames.accepted(checked)
                .select(col("day"), col("source_file"), col("line_number"), col("indicator"), col("value"));
        Dataset<Row> silver = accepted.select("day", "indicator", "value");
        Dataset<Row> emptyFiles = CsvLines.emptyFiles(lines, headers).withColumn("day", runDay);
        return new FeedResult(
                FeedFrames.bronze(checked, runDate, ingestedAt),
                accepted,
                silver,
                FeedFrames.quarantine(checked, emptyFiles, runDate, ingestedAt));
    }
}
