package io.nightshift.jobs.ingest;

import io.nightshift.common.testing.TestSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** silver.sales_daily from three-row frames: dense zeros, stock-outs, revenue, and uncovered days left out. */
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
        // 2026-01-01 has neither a snapshot nor an order line: unknown, so no row at all.
        Dataset<Row> days = frame("day", "(date'2026-01-01')", "(date'2026-01-02')", "(date'2026-01-03')");

        Dataset<Row> expected = spark.sql("select * from values "
                + "(1, date'2026-01-02', 3L, cast(27.00 as decimal(16,2)), cast(9.00 as decimal(12,2)), 2L, false, 0L), "
                + "(1, date'2026-01-03', 0L, cast(0 as decimal(16,2)), cast(null as decimal(12,2)), 0L, true, 0L), "
                + "(2, date'2026-01-03', 0L, cast(0 as decimal(16,2)), cast(null as decimal(12,2)), 0L, false, 0L) "
                + "as t(product_id, day, units, revenue, avg_unit_price, orders, stockout, returned_units)");
        Frames.assertSameRows(expected, SalesDaily.build(lines, products, stock, days));
    }

    @Test
    void returnsNetOutOfTheDaysSalesDownToZeroAndAreCountedOnTheirOwn() {
        Dataset<Row> lines = frame(
                "day, product_id, order_id, quantity, unit_price",
                // Day 2: 80 sold on one order and credited back the same day (a one-off order cancelled by a
                // credit note), 3 sold on another: demand is 3, at the price buyers paid.
                "(date'2026-01-02', 1, 'A', 80, cast(2.00 as decimal(12,2)))",
                "(date'2026-01-02', 1, 'C-A', -80, cast(2.00 as decimal(12,2)))",
                "(date'2026-01-02', 1, 'B', 3, cast(2.50 as decimal(12,2)))",
                // Day 3: only a return of an earlier sale: no demand, never negative.
                "(date'2026-01-03', 1, 'C-B', -2, cast(2.50 as decimal(12,2)))");
        Dataset<Row> products = frame("product_id, launched_on", "(1, cast(null as date))");
        Dataset<Row> stock = frame("product_id, day, stockout", "(1, date'2026-01-02', false)");
        Dataset<Row> days = frame("day", "(date'2026-01-02')", "(date'2026-01-03')");

        Dataset<Row> expected = spark.sql("select * from values "
                + "(1, date'2026-01-02', 3L, cast(7.50 as decimal(16,2)), cast(2.02 as decimal(12,2)), 2L, false, 80L), "
                + "(1, date'2026-01-03', 0L, cast(0 as decimal(16,2)), cast(null as decimal(12,2)), 0L, false, 2L) "
                + "as t(product_id, day, units, revenue, avg_unit_price, orders, stockout, returned_units)");
        Frames.assertSameRows(expected, SalesDaily.build(lines, products, stock, days));
    }
}
