package io.nightshift.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import io.nightshift.common.catalog.Tables;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.StructType;

/** Pure transformations of the commerce database's rows: bronze form, quality checks, accepted rows. */
public final class CommerceFeeds {
    public static final String PRODUCTS_SOURCE = "commerce.products";
    public static final String ORDER_LINES_SOURCE = "commerce.order_lines";
    public static final String SNAPSHOTS_SOURCE = "commerce.inventory_snapshots";

    private CommerceFeeds() {}

    /** Bronze rows, the rows that passed every rule, and the quarantined ones ({@link Tables#QUARANTINE_SCHEMA}). */
    public record Checked(Dataset<Row> bronze, Dataset<Row> accepted, Dataset<Row> quarantine) {}

    public static Checked products(Dataset<Row> products, LocalDate runDate, Timestamp ingestedAt) {
        Dataset<Row> received = products.withColumn("day", lit(Date.valueOf(runDate)));
        Dataset<Row> bronze = withMetadata(
                received,
                runDate,
                PRODUCTS_SOURCE,
                ingestedAt,
                Tables.BRONZE_PRODUCTS.schema().orElseThrow());
        Dataset<Row> marked = occurrences(received, "product_id");
        return check(bronze, marked, CommerceRules.PRODUCTS, runDate, PRODUCTS_SOURCE, ingestedAt, received.columns());
    }

    public static Checked orderLines(
            Dataset<Row> lines, Dataset<Row> products, LocalDate runDate, Timestamp ingestedAt, BigDecimal maxPrice) {
        Dataset<Row> bronze = withMetadata(
                lines,
                runDate,
                ORDER_LINES_SOURCE,
                ingestedAt,
                Tables.BRONZE_ORDER_LINES.schema().orElseThrow());
        Dataset<Row> marked = occurrences(knownProduct(lines, products), "order_id", "line_no")
                .withColumn("_max_price", lit(maxPrice));
        return check(
                bronze, marked, CommerceRules.ORDER_LINES, runDate, ORDER_LINES_SOURCE, ingestedAt, lines.columns());
    }

    public static Checked inventorySnapshots(
            Dataset<Row> snapshots, Dataset<Row> products, LocalDate runDate, Timestamp ingestedAt) {
        Dataset<Row> bronze = withMetadata(
                snapshots,
                runDate,
                SNAPSHOTS_SOURCE,
                ingestedAt,
                Tables.BRONZE_INVENTORY_SNAPSHOTS.schema().orElseThrow());
        Dataset<Row> marked = occurrences(knownProduct(snapshots, products), "product_id", "day");
        return check(
                bronze,
                marked,
                CommerceRules.INVENTORY_SNAPSHOTS,
                runDate,
                SNAPSHOTS_SOURCE,
                ingestedAt,
                snapshots.columns());
    }

    /** The accepted order lines that are demand (not cancelled or refunded). */
    public static Dataset<Row> demandLines(Dataset<Row> acceptedLines) {
        return acceptedLines.filter(col("status").isin(CommerceRules.DEMAND_STATUSES.toArray()));
    }

    private static Checked check(
            Dataset<Row> bronze,
            Dataset<Row> marked,
            List<Rule> rules,
            LocalDate runDate,
            String source,
            Timestamp ingestedAt,
            String[] receivedColumns) {
        Dataset<Row> checked = Rules.firstBroken(marked, rules);
        Column[] original = Arrays.stream(receivedColumns).map(c -> col(c)).toArray(Column[]::new);
        Dataset<Row> accepted = checked.filter(col(Rules.RULE).isNull()).select(original);
        Dataset<Row> quarantine = checked.filter(col(Rules.RULE).isNotNull())
                .select(
                        col("day"),
                        lit(Date.valueOf(runDate)).as("run_date"),
                        lit(source).as("source_file"),
                        lit(null).cast("long").as("line_number"),
                        to_json(struct(original)).as("raw"),
                        col(Rules.RULE).as("rule"),
                        col(Rules.REASON).as("reason"),
                        lit(ingestedAt).as("ingested_at"));
        // A row whose day is unknown belongs to the run that read it.
        quarantine = quarantine.withColumn(
                "day", org.apache.spark.sql.functions.coalesce(col("day"), lit(Date.valueOf(runDate))));
        return new Checked(bronze, accepted, quarantine);
    }

    private static Dataset<Row> withMetadata(
            Dataset<Row> rows, LocalDate runDate, String source, Timestamp ingestedAt, StructType schema) {
        Dataset<Row> withMeta = rows.withColumn("run_date", lit(Date.valueOf(runDate)))
                .withColumn("source", lit(source))
                .withColumn("ingested_at", lit(ingestedAt));
        return withMeta.select(
                Arrays.stream(schema.fieldNames()).map(c -> col(c)).toArray(Column[]::new));
    }

    /** Adds _occurrence (1 for the first row of each key) and _occurrences (how many rows share the key). */
    private static Dataset<Row> occurrences(Dataset<Row> rows, String... key) {
        Column[] keyColumns = Arrays.stream(key).map(c -> col(c)).toArray(Column[]::new);
        String[] all = rows.columns();
        Column[] order = Arrays.stream(all).map(c -> col(c).asc_nulls_last()).toArray(Column[]::new);
        return rows.withColumn(
                        "_occurrence",
                        row_number().over(Window.partitionBy(keyColumns).orderBy(order)))
                .withColumn("_occurrences", count(lit(1)).over(Window.partitionBy(keyColumns)));
    }

    private static Dataset<Row> knownProduct(Dataset<Row> rows, Dataset<Row> products) {
        Dataset<Row> known =
                products.select(col("product_id").as("_known_id")).distinct().withColumn("_known_product", lit(true));
        return rows.join(known, rows.col("product_id").equalTo(known.col("_known_id")), "left")
                .drop("_known_id")
                .withColumn(
                        "_known_product", org.apache.spark.sql.functions.coalesce(col("_known_product"), lit(false)));
    }
}
