package io.nightshift.jobs.ops;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;

/**
 * Realised outcomes of the prices: the rows of {@code gold.pricing_performance} for one monitoring run. Each
 * product-day's sales are joined to the price that was in force that day (the latest price run before the day:
 * run D's price is on the storefront from D + 1 until the next run's replaces it), and summed per day,
 * strategy and control group. Pure: frames in, frame out.
 */
public final class PricingPerformance {
    /** The cost basis when a product's unit cost is unknown: the same 70% of base price the rules floor uses. */
    static final String UNKNOWN_COST_SHARE_OF_BASE = "0.70";

    static final String CONTROL_GROUP_REASON = "CONTROL_GROUP";

    private PricingPerformance() {}

    /**
     * @param prices     gold.prices rows (run_date, product_id, price, strategy, reason_codes, unit_cost, base_price)
     * @param sales      silver.sales_daily rows (product_id, day, units, revenue, stockout)
     * @param runDate    the monitoring run's date: days in (runDate - windowDays, runDate] are measured
     * @param windowDays how many days back each run measures
     */
    public static Dataset<Row> measure(Dataset<Row> prices, Dataset<Row> sales, LocalDate runDate, int windowDays) {
        Column first = lit(Date.valueOf(runDate.minusDays(windowDays - 1L)));
        Column last = lit(Date.valueOf(runDate));
        // Only runs before the run date can be in force on a measured day, so a backfill (where later runs
        // already exist) measures exactly what the night itself did. A run is in force from the day after it
        // until the day of the product's next run, inclusive.
        Dataset<Row> runs = prices.where(col("run_date").lt(last))
                .select(
                        col("product_id"),
                        col("run_date"),
                        col("price"),
                        col("strategy"),
                        array_contains(col("reason_codes"), CONTROL_GROUP_REASON)
                                .as("control_group"),
                        coalesce(
                                        col("unit_cost"),
                                        col("base_price").multiply(lit(new BigDecimal(UNKNOWN_COST_SHARE_OF_BASE))))
                                .cast(DataTypes.createDecimalType(12, 2))
                                .as("cost_basis"))
                .withColumn(
                        "next_run_date",
                        lead(col("run_date"), 1)
                                .over(Window.partitionBy("product_id").orderBy("run_date")))
                .where(col("next_run_date").isNull().or(col("next_run_date").geq(first)));
        Dataset<Row> days = sales.where(col("day").between(first, last))
                .select(
                        col("product_id").as("sold_product_id"),
                        col("day"),
                        col("units"),
                        col("revenue"),
                        col("stockout"));
        Dataset<Row> inForce = days.join(
                runs,
                col("sold_product_id")
                        .equalTo(col("product_id"))
                        .and(col("run_date").lt(col("day")))
                        .and(col("next_run_date").isNull().or(col("day").leq(col("next_run_date")))));
        Column cost = col("units").cast(DataTypes.createDecimalType(20, 0)).multiply(col("cost_basis"));
        Dataset<Row> totals = inForce.groupBy("day", "strategy", "control_group")
                .agg(
                        count(lit(1)).as("products"),
                        sum(when(col("stockout"), 1L).otherwise(0L)).as("stockout_products"),
                        sum("units").as("units"),
                        sum("revenue").cast(DataTypes.createDecimalType(18, 2)).as("revenue"),
                        sum(cost).cast(DataTypes.createDecimalType(18, 2)).as("cost"),
                        sum(col("price").cast(DataTypes.DoubleType)).as("price_sum"));
        Column products = col("products").cast(DataTypes.DoubleType);
        return totals.withColumn("margin", col("revenue").minus(col("cost")).cast(DataTypes.createDecimalType(18, 2)))
                .select(
                        last.as("run_date"),
                        col("day"),
                        col("strategy"),
                        col("control_group"),
                        col("products"),
                        col("stockout_products"),
                        col("units"),
                        col("revenue"),
                        col("cost"),
                        col("margin"),
                        col("price_sum").divide(products).as("avg_price"),
                        col("units").cast(DataTypes.DoubleType).divide(products).as("units_per_product"),
                        col("revenue")
                                .cast(DataTypes.DoubleType)
                                .divide(products)
                                .as("revenue_per_product"),
                        col("margin")
                                .cast(DataTypes.DoubleType)
                                .divide(products)
                                .as("margin_per_product"));
    }
}
