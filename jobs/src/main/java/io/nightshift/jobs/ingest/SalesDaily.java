package io.nightshift.jobs.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.negate;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * silver.sales_daily: one row per product and day from its launch on, dense (a day without sales is a row
 * with 0 units), with the stock-out flag: a stock-out day's units are censored demand, not zero demand.
 * Returned lines (negative quantities, e.g. an imported credit note) are netted out of the day's units and
 * revenue, down to zero, and counted in returned_units.
 *
 * <p>The day's price ({@code avg_unit_price}, with {@code price_source} saying where it came from) is the shop's
 * price list's price for the day when it has one ({@value #FROM_PRICE_LIST}); otherwise the price the most sale
 * lines of the day paid, the highest of equally common ones ({@value #FROM_ORDER_LINES}). Counting lines, not
 * units, keeps quantity breaks from dragging it: one order of 500 units at the wholesale price is one line
 * among the day's retail ones. Free lines (unit price 0: samples, replacements) say nothing of the price and
 * are left out of it. When every sale line of a day paid one price, it is that price, as the units-weighted mean
 * was. {@code revenue} stays the sum the lines paid, so it is not the price times the units when breaks exist.
 */
public final class SalesDaily {
    /** price_source of a price taken from the shop's price list. */
    public static final String FROM_PRICE_LIST = "price_list";
    /** price_source of a price taken from the day's order lines. */
    public static final String FROM_ORDER_LINES = "order_lines";

    /** A price list's rows: the list price of a product on a day. */
    public static final StructType PRICE_LIST = new StructType()
            .add("product_id", DataTypes.IntegerType, false)
            .add("day", DataTypes.DateType, false)
            .add("list_price", DataTypes.createDecimalType(12, 2), false);

    private SalesDaily() {}

    /** Without a price list: every day's price comes from its order lines. */
    public static Dataset<Row> build(
            Dataset<Row> demandLines, Dataset<Row> products, Dataset<Row> stock, Dataset<Row> days) {
        return build(
                demandLines, demandLines.sparkSession().createDataFrame(List.of(), PRICE_LIST), products, stock, days);
    }

    /**
     * @param demandLines order lines that are demand: day, product_id, order_id, quantity (negative: returned),
     *                    unit_price
     * @param priceList   product_id, day, list_price: the shop's price list as of each day (none: no rows)
     * @param products    product_id, launched_on (null: sold from before the history)
     * @param stock       silver.inventory_daily-like rows with day, product_id and a stockout flag
     * @param days        one column "day": the days to build
     */
    public static Dataset<Row> build(
            Dataset<Row> demandLines,
            Dataset<Row> priceList,
            Dataset<Row> products,
            Dataset<Row> stock,
            Dataset<Row> days) {
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
                                lit(0)));
        // The price the most sale lines paid (the highest of equally common ones): a struct compares its
        // fields in order, so the largest (lines, unit_price) is the commonest price, ties to the higher.
        Dataset<Row> linePrice = demandLines
                .filter(sale.and(col("unit_price").gt(0)))
                .groupBy("product_id", "day", "unit_price")
                .agg(count(lit(1)).as("lines"))
                .groupBy("product_id", "day")
                .agg(max(struct(col("lines"), col("unit_price")))
                        .getField("unit_price")
                        .as("line_price"));
        Dataset<Row> listed = priceList.select(col("product_id"), col("day"), col("list_price"));
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
                .join(linePrice, new String[] {"product_id", "day"}, "left")
                .join(listed, new String[] {"product_id", "day"}, "left")
                .join(stockouts, new String[] {"product_id", "day"}, "left")
                .select(
                        col("product_id"),
                        col("day"),
                        coalesce(col("units"), lit(0L)).as("units"),
                        coalesce(col("revenue"), lit(0)).cast("decimal(16,2)").as("revenue"),
                        coalesce(col("list_price"), col("line_price"))
                                .cast("decimal(12,2)")
                                .as("avg_unit_price"),
                        coalesce(col("orders"), lit(0L)).as("orders"),
                        coalesce(col("stockout"), lit(false)).as("stockout"),
                        coalesce(col("returned_units"), lit(0L)).as("returned_units"),
                        when(col("list_price").isNotNull(), lit(FROM_PRICE_LIST))
                                .when(col("line_price").isNotNull(), lit(FROM_ORDER_LINES))
                                .as("price_source"));
    }
}
