package io.nightshift.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import io.nightshift.common.catalog.Tables;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Web traffic events: landing JSON lines -> bronze, accepted lines, silver {@link Tables#TRAFFIC_DAILY} (per
 * product and day, the sum over channels) and quarantine, by the rules of {@link TrafficRules}. Pure: builds plans.
 */
public final class TrafficFeed {
    public static final String SOURCE = "traffic";

    private TrafficFeed() {}

    /**
     * @param lines    {@link LandingRead#lines()} of traffic
     * @param products silver.products: at least product_id int
     */
    public static FeedResult validate(
            Dataset<Row> lines, Dataset<Row> products, LocalDate runDate, Timestamp ingestedAt, LandingLimits limits) {
        FeedFrames.requireColumns(products, "products", "product_id");
        Dataset<Row> catalogue = products.select(col("product_id").cast("int").as("known_id"))
                .distinct()
                .withColumn("known_product", lit(true));

        Dataset<Row> prepared = lines.filter(col("line_number").isNotNull())
                .withColumn("json", JsonLines.parse(col("line")))
                .withColumn("shape", col("json.shape"))
                .withColumn("json_error", col("json.error"))
                .withColumn("fields", col("json.fields"))
                .withColumn("types", col("json.types"))
                .withColumn(
                        "missing_field",
                        firstField(TrafficRules.REQUIRED_FIELDS, "coalesce(trim(fields['%s']), '') = ''"))
                .withColumn(
                        "bad_number_field",
                        expr("CASE WHEN types['product_id'] <> 'integer' "
                                + "OR try_cast(fields['product_id'] AS INT) IS NULL THEN 'product_id' ELSE "
                                + firstFieldCase(TrafficRules.COUNTS, "types['%s'] <> 'integer'") + " END"))
                .withColumn(
                        "bad_number_value",
                        expr(
                                "CASE WHEN types[bad_number_field] = 'string' "
                                        + "THEN concat('\"', fields[bad_number_field], '\"') ELSE fields[bad_number_field] END"))
                .withColumn("views_number", count("views"))
                .withColumn("sessions_number", count("sessions"))
                .withColumn("add_to_cart_number", count("add_to_cart"))
                .withColumn("negative_field", firstField(TrafficRules.COUNTS, "%s_number < 0"))
                .withColumn("negative_value", expr("fields[negative_field]"))
                .withColumn(
                        "out_of_range_field",
                        firstField(TrafficRules.COUNTS, "%s_number IS NULL OR %1$s_number > " + limits.maxCount()))
                .withColumn("out_of_range_value", expr("fields[out_of_range_field]"))
                .withColumn("event_date_text", expr("fields['event_date']"))
                .withColumn(
                        "event_date",
                        expr("CASE WHEN types['event_date'] = 'string' AND event_date_text "
                                + "RLIKE '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN try_cast(event_date_text AS DATE) END"))
                .withColumn("run_date", FeedFrames.date(runDate))
                .withColumn("product_id", expr("try_cast(fields['product_id'] AS INT)"))
                .withColumn("channel", expr("trim(fields['channel'])"))
                .join(catalogue, col("product_id").equalTo(catalogue.col("known_id")), "left");

        Dataset<Row> lineChecked = Rules.firstBroken(prepared, TrafficRules.lineRules(limits))
                .withColumn(
                        "first",
                        expr("min(named_struct('file', source_file, 'line', line_number)) "
                                + "OVER (PARTITION BY rule IS NULL, product_id, channel, day)"))
                .withColumn("first_file", col("first.file"))
                .withColumn("first_line", col("first.line"));
        Dataset<Row> checked = Rules.firstBroken(lineChecked, TrafficRules.keyRules());

        Dataset<Row> accepted = FeedFrames.accepted(checked)
                .select(
                        col("day"),
                        col("source_file"),
                        col("line_number"),
                        col("product_id"),
                        col("channel"),
                        col("event_date"),
                        col("views_number").cast("long").as("views"),
                        col("sessions_number").cast("long").as("sessions"),
                        col("add_to_cart_number").cast("long").as("add_to_cart"));
        Dataset<Row> silver = accepted.groupBy("product_id", "day")
                .agg(
                        sum("views").as("views"),
                        sum("sessions").as("sessions"),
                        sum("add_to_cart").as("add_to_cart"));
        Dataset<Row> emptyFiles = lines.filter(
                        col("line_number").isNull().and(col("problem").equalTo(LandingFiles.EMPTY_FILE)))
                .select("day", "source_file");
        return new FeedResult(
                FeedFrames.bronze(checked, runDate, ingestedAt),
                accepted,
                silver,
                FeedFrames.quarantine(checked, emptyFiles, runDate, ingestedAt));
    }

    /** A count as a number when it is a JSON integer (DECIMAL(38,0): null beyond 38 digits, so out of range). */
    private static Column count(String field) {
        return expr("CASE WHEN types['" + field + "'] = 'integer' THEN try_cast(fields['" + field
                + "'] AS DECIMAL(38,0)) END");
    }

    /** The first field for which {@code condition} (with %s for the field's name) holds, or null. */
    private static Column firstField(List<String> fields, String condition) {
        return expr(firstFieldCase(fields, condition));
    }

    private static String firstFieldCase(List<String> fields, String condition) {
        return fields.stream()
                .map(f -> "WHEN " + String.format(condition, f) + " THEN '" + f + "'")
                .collect(Collectors.joining(" ", "CASE ", " END"));
    }
}
