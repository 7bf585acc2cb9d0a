package io.nightshift.jobs.ingest;

import io.nightshift.common.testing.TestSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * silver.sales_daily from three-row frames: dense zeros, stock-outs, revenue, uncovered days left out, and the
 * day's price: the price list's, or else the price most sale lines paid, which quantity breaks do not drag.
 */
class SalesDailyTest {
    private final SparkSession spark = TestSpark.session();

    private Dataset<Row> frame(String ddl, String... rows) {
        return spark.sql("select * from values " + String.join(", ", rows) + " as t(" + ddl + ")");
    }

    @Test
    void daysWithoutSalesAreZeroStockoutsAreFlaggedAndUncoveredDaysAreLeftOut() {
        Dataset<Row> lines = frame(
                "day, product_id, order_id, quantity, unit_price",
                "(date'2026-01-02', 1, 'A', 2, cast(10.00 as decimal(12,2)))",
                "(date'2026-01-02', 1, 'B', 1, cast(7.00 as decimal(12,2)))");
        Dataset<Row> products = frame("product_id, launched_on", "(1, cast(null as date))", "(2, date'2026-01-03')");
        Dataset<Row> stock = frame(
                "product_id, day, stockout",
                "(1, date'2026-01-02', false)",
                "(1, date'2026-01-03', true)",
                "(2, date'2026-01-03', false)");
        // 2026-01-01 has neither a snapshot nor an order line: unknown, so no row at all. Day 2's two lines paid
        // 10.00 and 7.00, one line each: the price is the higher (revenue stays what they paid, 27.00).
        Dataset<Row> days = frame("day", "(date'2026-01-01')", "(date'2026-01-02')", "(date'2026-01-03')");

        Dataset<Row> expected = spark.sql(
                "select * from values "
                        + "(1, date'2026-01-02', 3L, cast(27.00 as decimal(16,2)), cast(10.00 as decimal(12,2)), 2L, false, 0L, 'order_lines'), "
                        + "(1, date'2026-01-03', 0L, cast(0 as decimal(16,2)), cast(null as decimal(12,2)), 0L, true, 0L, cast(null as string)), "
                        + "(2, date'2026-01-03', 0L, cast(0 as decimal(16,2)), cast(null as decimal(12,2)), 0L, false, 0L, cast(null as string)) "
                        + "as t(product_id, day, units, revenue, avg_unit_price, orders, stockout, returned_units, price_source)");
        Frames.assertSameRows(expected, SalesDaily.build(lines, products, stock, days));
    }

    @Test
    void returnsNetOutOfTheDaysSalesDownToZeroAndAreCountedOnTheirOwn() {
        Dataset<Row> lines = frame(
                "day, product_id, order_id, quantity, unit_price",
                // Day 2: 80 sold on one order and credited back the same day (a one-off order cancelled by a
                // credit note), 3 sold on another: demand is 3. The credit note's line is no sale, so it does not
                // make 2.00 the commoner price: one sale line each, the higher wins.
                "(date'2026-01-02', 1, 'A', 80, cast(2.00 as decimal(12,2)))",
                "(date'2026-01-02', 1, 'C-A', -80, cast(2.00 as decimal(12,2)))",
                "(date'2026-01-02', 1, 'B', 3, cast(2.50 as decimal(12,2)))",
                // Day 3: only a return of an earlier sale: no demand, never negative.
                "(date'2026-01-03', 1, 'C-B', -2, cast(2.50 as decimal(12,2)))");
        Dataset<Row> products = frame("product_id, launched_on", "(1, cast(null as date))");
        Dataset<Row> stock = frame("product_id, day, stockout", "(1, date'2026-01-02', false)");
        Dataset<Row> days = frame("day", "(date'2026-01-02')", "(date'2026-01-03')");

        Dataset<Row> expected = spark.sql(
                "select * from values "
                        + "(1, date'2026-01-02', 3L, cast(7.50 as decimal(16,2)), cast(2.50 as decimal(12,2)), 2L, false, 80L, 'order_lines'), "
                        + "(1, date'2026-01-03', 0L, cast(0 as decimal(16,2)), cast(null as decimal(12,2)), 0L, false, 2L, cast(null as string)) "
                        + "as t(product_id, day, units, revenue, avg_unit_price, orders, stockout, returned_units, price_source)");
        Frames.assertSameRows(expected, SalesDaily.build(lines, products, stock, days));
    }

    /** Expected rows in silver.sales_daily's columns. */
    private Dataset<Row> salesDaily(String... rows) {
        return spark.sql("select * from values " + String.join(", ", rows)
                + " as t(product_id, day, units, revenue, avg_unit_price, orders, stockout, returned_units,"
                + " price_source)");
    }

    private static String row(String day, long units, String revenue, String price, long orders, String source) {
        return "(1, date'" + day + "', " + units + "L, cast(" + revenue + " as decimal(16,2)), cast(" + price
                + " as decimal(12,2)), " + orders + "L, false, 0L, cast(" + source + " as string))";
    }

    private Dataset<Row> oneProduct() {
        return frame("product_id, launched_on", "(1, cast(null as date))");
    }

    private Dataset<Row> noStock() {
        return frame("product_id, day, stockout", "(1, date'2026-01-02', false)")
                .filter("false");
    }

    @Test
    void quantityBreaksDoNotDragTheDaysPriceAndRevenueIsWhatWasPaid() {
        // A wholesale price list: 1-11 units at 2.55, 12+ at 2.10, 100+ at 1.85. Three retail orders, one of
        // 24 and one of 500: by units the mean is 1.87, a price almost nobody paid; by lines it is 2.55.
        Dataset<Row> lines = frame(
                "day, product_id, order_id, quantity, unit_price",
                "(date'2026-01-02', 1, 'A', 1, cast(2.55 as decimal(12,2)))",
                "(date'2026-01-02', 1, 'B', 3, cast(2.55 as decimal(12,2)))",
                "(date'2026-01-02', 1, 'C', 6, cast(2.55 as decimal(12,2)))",
                "(date'2026-01-02', 1, 'D', 24, cast(2.10 as decimal(12,2)))",
                "(date'2026-01-02', 1, 'E', 500, cast(1.85 as decimal(12,2)))",
                // Day 3: a big order's lines outnumber the retail one: the commonest price still wins.
                "(date'2026-01-03', 1, 'F', 1, cast(2.55 as decimal(12,2)))",
                "(date'2026-01-03', 1, 'G', 200, cast(1.85 as decimal(12,2)))",
                "(date'2026-01-03', 1, 'H', 150, cast(1.85 as decimal(12,2)))");
        Dataset<Row> days = frame("day", "(date'2026-01-02')", "(date'2026-01-03')");

        Frames.assertSameRows(
                salesDaily(
                        row("2026-01-02", 534, "1000.90", "2.55", 5, "'order_lines'"),
                        row("2026-01-03", 351, "650.05", "1.85", 3, "'order_lines'")),
                SalesDaily.build(lines, oneProduct(), noStock(), days));
    }

    @Test
    void oneLineOrOnePriceGivesThatPriceAsTheUnitsWeightedMeanDid() {
        Dataset<Row> lines = frame(
                "day, product_id, order_id, quantity, unit_price",
                // Day 2: a single line.
                "(date'2026-01-02', 1, 'A', 7, cast(4.99 as decimal(12,2)))",
                // Day 3: lines of every size at one price (the sample shop's days): that price.
                "(date'2026-01-03', 1, 'B', 1, cast(3.49 as decimal(12,2)))",
                "(date'2026-01-03', 1, 'C', 40, cast(3.49 as decimal(12,2)))",
                // Day 4: a free line (a sample, a replacement) says nothing of the price.
                "(date'2026-01-04', 1, 'D', 1, cast(0.00 as decimal(12,2)))",
                "(date'2026-01-04', 1, 'E', 2, cast(3.49 as decimal(12,2)))",
                // Day 5: only free lines: units, but no price.
                "(date'2026-01-05', 1, 'F', 3, cast(0.00 as decimal(12,2)))");
        Dataset<Row> days =
                frame("day", "(date'2026-01-02')", "(date'2026-01-03')", "(date'2026-01-04')", "(date'2026-01-05')");

        Frames.assertSameRows(
                salesDaily(
                        row("2026-01-02", 7, "34.93", "4.99", 1, "'order_lines'"),
                        row("2026-01-03", 41, "143.09", "3.49", 2, "'order_lines'"),
                        row("2026-01-04", 3, "6.98", "3.49", 2, "'order_lines'"),
                        row("2026-01-05", 3, "0.00", "null", 1, "null")),
                SalesDaily.build(lines, oneProduct(), noStock(), days));
    }

    @Test
    void aPriceListGivesTheDaysPriceEvenOnDaysWithoutASale() {
        Dataset<Row> lines = frame(
                "day, product_id, order_id, quantity, unit_price",
                // Day 2: most lines at the 12+ break; the list says 2.55, and revenue stays what they paid.
                "(date'2026-01-02', 1, 'A', 12, cast(2.10 as decimal(12,2)))",
                "(date'2026-01-02', 1, 'B', 12, cast(2.10 as decimal(12,2)))",
                "(date'2026-01-02', 1, 'C', 1, cast(2.55 as decimal(12,2)))",
                // Day 4: the list has no row for it: the order lines give the price.
                "(date'2026-01-04', 1, 'D', 2, cast(2.49 as decimal(12,2)))");
        Dataset<Row> priceList = spark.createDataFrame(
                frame(
                                "product_id, day, list_price",
                                "(1, date'2026-01-02', cast(2.55 as decimal(12,2)))",
                                "(1, date'2026-01-03', cast(2.55 as decimal(12,2)))")
                        .collectAsList(),
                SalesDaily.PRICE_LIST);
        Dataset<Row> stock = frame("product_id, day, stockout", "(1, date'2026-01-03', false)");
        Dataset<Row> days = frame("day", "(date'2026-01-02')", "(date'2026-01-03')", "(date'2026-01-04')");

        Frames.assertSameRows(
                salesDaily(
                        row("2026-01-02", 25, "52.95", "2.55", 3, "'price_list'"),
                        row("2026-01-03", 0, "0", "2.55", 0, "'price_list'"),
                        row("2026-01-04", 2, "4.98", "2.49", 1, "'order_lines'")),
                SalesDaily.build(lines, priceList, oneProduct(), stock, days));
    }
}
