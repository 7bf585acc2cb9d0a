package io.nightshift.jobs.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.negate;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * silver.sales_daily: one row per product and day from its launch on, dense (a day without sales is a row
 * with 0 units), with the stock-out flag: a stock-out day's units are censored demand, not zero demand.
 * Returned lines (negative quantities, e.g. an imported credit note) are netted out of the day's units and
 * revenue, down to zero, and counted in returned_units.
 */
public final class SalesDaily {
    private SalesDaily() {}

    /**
     * @param demandLines order lines that are demand: day, product_id, order_id, quantity (negative: returned),
     *                    unit_price
     * @param products    product_id, launched_on (null: sold from before the history)
     * @param stock       silver.inventory_daily-like rows with day, product_id and a stockout flag
     * @param days        one column "day": the days to build
     */
    public static Dataset<Row> build(
            Dataset<Row> demandLines, Dataset<Row> products, Dataset<Row> stock, Dataset<Row> days) {
        Column sale = col("quantity").gt(0);
        Column lineValue = col("quantity").multiply(col("unit_price"));
        Dataset<Row> sold = demandLines
                .groupBy("product_id", "day")
                .agg(
                        sum(when(sale, col("quantity")).otherwise(0))
                                .cast("long")
                                .as("sold_units"),
                        sum(when(not(sale), negate(col("quantity"))).otherwise(0))
                                .cast("long")
                                .as("returned_units"),
                        sum(when(sale, lineValue)).cast("decimal(16,2)").as("sold_revenue"),
                        sum(when(not(sale), negate(lineValue)))
                                .cast("decimal(16,2)")
                                .as("returned_revenue"),
                        countDistinct(when(sale, col("order_id"))).as("orders"))
                // A return cancels the day's sales first (an order cancelled the same day by a credit note is
                // not demand); returns beyond them are of earlier days' sales and never make a day negative.
                .withColumn("units", greatest(col("sold_units").minus(col("returned_units")), lit(0L)))
                .withColumn(
                        "revenue",
                        greatest(
                                coalesce(col("sold_revenue"), lit(0)).minus(coalesce(col("returned_revenue"), lit(0))),
                                lit(0)))
                // The day's price is what buyers paid: sale lines only.
                .withColumn(
                        "avg_unit_price",
                        when(col("sold_units").gt(0), round(col("sold_revenue").divide(col("sold_units")), 2)));
        // Only days the shop's records cover (some stock snapshot or order line): a day before the history
        // began is unknown, not a day of zero sales.
        Dataset<Row> coveredDays =
                days.join(stock.select("day").union(demandLines.select("day")).distinct(), "day");
        Dataset<Row> grid = products.select("product_id", "launched_on")
                .crossJoin(coveredDays)
                .filter(col("launched_on").isNull().or(col("launched_on").leq(col("day"))))
                .select("product_id", "day");
        Dataset<Row> stockouts = stock.select(col("product_id"), col("day"), col("stockout"));
        return grid.join(sold, new String[] {"product_id", "day"}, "left")
                .join(stockouts, new String[] {"product_id", "day"}, "left")
                .select(
                        col("product_id"),
                        col("day"),
                        coalesce(col("units"), lit(0L)).as("units"),
                        coalesce(col("revenue"), lit(0)).cast("decimal(16,2)").as("revenue"),
                        col("avg_unit_price").cast("decimal(12,2)").as("avg_unit_price"),
                        coalesce(col("orders"), lit(0L)).as("orders"),
                        coalesce(col("stockout"), lit(false)).as("stockout"),
                        coalesce(col("returned_units"), lit(0L)).as("returned_units"));
    }
}
