package io.nightshift.jobs.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * silver.sales_daily: one row per product and day from its launch on, dense (a day without sales is a row
 * with 0 units), with the stock-out flag: a stock-out day's units are censored demand, not zero demand.
 */
public final class SalesDaily {
    private SalesDaily() {}

    /**
     * @param demandLines order lines that are demand: day, product_id, order_id, quantity, unit_price
     * @param products    product_id, launched_on (null: sold from before the history)
     * @param stock       silver.inventory_daily-like rows with day, product_id and a stockout flag
     * @param days        one column "day": the days to build
     */
    public static Dataset<Row> build(
            Dataset<Row> demandLines, Dataset<Row> products, Dataset<Row> stock, Dataset<Row> days) {
        Dataset<Row> sold = demandLines
                .groupBy("product_id", "day")
                .agg(
                        sum("quantity").cast("long").as("units"),
                        sum(col("quantity").multiply(col("unit_price")))
                                .cast("decimal(16,2)")
                                .as("revenue"),
                        countDistinct("order_id").as("orders"));
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
                        coalesce(col("revenue"), lit(0).cast("decimal(16,2)")).as("revenue"),
                        when(col("units").gt(0), round(col("revenue").divide(col("units")), 2))
                                .cast("decimal(12,2)")
                                .as("avg_unit_price"),
                        coalesce(col("orders"), lit(0L)).as("orders"),
                        coalesce(col("stockout"), lit(false)).as("stockout"));
    }
}
