package io.nightshift.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.min;

import io.nightshift.common.catalog.Tables;
import java.sql.Timestamp;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Competitor price feeds: landing lines -> bronze, accepted lines, silver {@link Tables#COMPETITOR_PRICES} and
 * quarantine, by the rules of {@link CompetitorPriceRules}. Pure: builds plans only (it collects the files'
 * headers, one row per file, to check them).
 */
public final class CompetitorPriceFeed {
    public static final String SOURCE = "competitor_prices";

    private CompetitorPriceFeed() {}

    /**
     * @param lines      {@link LandingRead#lines()} of competitor_prices
     * @param products   silver.products: at least product_id int, sku string
     * @param runDate    the run's date (quarantine and bronze run_date)
     * @param ingestedAt stamped on bronze and quarantine rows
     * @throws LandingFileException when a file's header lacks a required column
     */
    public static FeedResult validate(
            Dataset<Row> lines, Dataset<Row> products, LocalDate runDate, Timestamp ingestedAt, LandingLimits limits) {
        FeedFrames.requireColumns(products, "products", "product_id", "sku");
        Dataset<Row> headers =
                CsvLines.headers(lines, CompetitorPriceRules.REQUIRED_COLUMNS, CompetitorPriceRules.KNOWN_COLUMNS);
        Dataset<Row> catalogue = products.groupBy(col("sku").as("catalogue_sku"))
                .agg(min(col("product_id").cast("int")).as("product_id"));

        Dataset<Row> prepared = CsvLines.dataLines(lines, headers)
                .withColumn("competitor", expr("trim(fields['competitor'])"))
                .withColumn("sku", expr("trim(fields['sku'])"))
                .withColumn("price_text", expr("fields['price']"))
                .withColumn("currency", expr("fields['currency']"))
                .withColumn("captured_at_text", expr("fields['captured_at']"))
                .withColumn("missing_what", expr("""
                        CASE WHEN value_count < column_count
                                  THEN concat('row has ', value_count, ' values, the header has ', column_count,
                                      ' columns')
                             WHEN coalesce(competitor, '') = '' THEN 'competitor is empty'
                             WHEN coalesce(sku, '') = '' THEN 'sku is empty'
                             WHEN coalesce(price_text, '') = '' THEN 'price is empty'
                             WHEN coalesce(currency, '') = '' THEN 'currency is empty'
                             WHEN coalesce(captured_at_text, '') = '' THEN 'captured_at is empty' END"""))
                .withColumn(
                        "price_number",
                        expr("CASE WHEN price_text RLIKE '" + CompetitorPriceRules.PRICE_PATTERN
                                + "' THEN try_cast(price_text AS DECIMAL(38,4)) END"))
                .withColumn(
                        "captured_at",
                        expr("CASE WHEN captured_at_text RLIKE '" + CompetitorPriceRules.TIMESTAMP_PATTERN
                                + "' THEN try_cast(captured_at_text AS TIMESTAMP) END"))
                // The day as written in the capture's own offset, which is the feed's local day.
                .withColumn(
                        "captured_day",
                        expr(
                                "CASE WHEN captured_at IS NOT NULL THEN try_cast(substr(captured_at_text, 1, 10) AS DATE) END"))
                .join(catalogue, col("sku").equalTo(col("catalogue_sku")), "left")
                .withColumn("first_line", expr("min(line_number) OVER (PARTITION BY source_file, line)"));

        Dataset<Row> lineChecked = Rules.firstBroken(prepared, CompetitorPriceRules.lineRules(limits))
                .withColumn(
                        "price",
                        expr("CASE WHEN rule IS NULL THEN try_cast(round(price_number, 2) AS DECIMAL(12,2)) END"))
                .withColumn(
                        "winner",
                        expr("max_by(named_struct('price', price, 'file', source_file, 'line', line_number, "
                                + "'captured_at', captured_at_text), named_struct('at', captured_at, 'file', source_file, 'line', line_number)) "
                                + "OVER (PARTITION BY rule IS NULL, product_id, competitor, day)"))
                .withColumn("winner_price", col("winner.price"))
                .withColumn("winner_file", col("winner.file"))
                .withColumn("winner_line", col("winner.line"))
                .withColumn("winner_captured_at", col("winner.captured_at"));
        Dataset<Row> checked = Rules.firstBroken(lineChecked, CompetitorPriceRules.keyRules());

        Dataset<Row> accepted = FeedFrames.accepted(checked)
                .select(
                        col("day"),
                        col("source_file"),
                        col("line_number"),
                        col("competitor"),
                        col("sku"),
                        col("product_id"),
                        col("price"),
                        col("currency"),
                        col("captured_at"),
                        col("source_file")
                                .equalTo(col("winner_file"))
                                .and(col("line_number").equalTo(col("winner_line")))
                                .as("kept"));
        Dataset<Row> silver =
                accepted.filter(col("kept")).select(col("product_id"), col("competitor"), col("day"), col("price"));
        return new FeedResult(
                FeedFrames.bronze(checked, runDate, ingestedAt),
                accepted.drop("kept"),
                silver,
                FeedFrames.quarantine(checked, CsvLines.emptyFiles(lines, headers), runDate, ingestedAt));
    }
}
