package io.nightshift.jobs.elasticity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.nightshift.common.testing.TestSpark;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The stage's frame transformations on tiny hand-written frames. */
class ElasticityFramesTest {
    private final SparkSession spark = TestSpark.session();
    static final LocalDate FROM = LocalDate.of(2026, 1, 2);
    static final LocalDate TO = LocalDate.of(2026, 1, 3);

    private Dataset<Row> frame(String ddl, String... rows) {
        return spark.sql("select * from values " + String.join(", ", rows) + " as t(" + ddl + ")");
    }

    @Test
    void competitorIndexIsEachCompetitorsLogPriceAgainstItsOwnMeanAveragedPerDay() {
        Dataset<Row> prices = frame(
                "product_id, competitor, day, price",
                "(1, 'a', date'2026-01-02', cast(10.00 as decimal(12,2)))",
                "(1, 'a', date'2026-01-03', cast(12.00 as decimal(12,2)))",
                "(1, 'b', date'2026-01-02', cast(50.00 as decimal(12,2)))", // b is absent on the 3rd
                "(1, 'a', date'2026-01-01', cast(99.00 as decimal(12,2)))"); // outside the window
        List<Row> rows = ElasticityFrames.competitorIndex(prices, FROM, TO)
                .orderBy("day")
                .collectAsList();
        double meanA = (Math.log(10) + Math.log(12)) / 2;
        assertEquals(2, rows.size());
        // b's only price is its own mean: it adds 0, so its absence on the 3rd does not move the index.
        assertEquals((Math.log(10) - meanA) / 2, rows.get(0).<Double>getAs("competitor_log_index"), 1e-12);
        assertEquals(Math.log(12) - meanA, rows.get(1).<Double>getAs("competitor_log_index"), 1e-12);
    }

    /** A backfill reads the same rows from other files in another order: the index must be the same bits. */
    @Test
    void competitorIndexIsTheSameBitsWhateverTheOrderOfItsRows() {
        List<String> rows = new ArrayList<>();
        Random random = new Random(7);
        for (int competitor = 0; competitor < 20; competitor++) {
            for (int day = 1; day <= 28; day++) {
                rows.add("(1, 'c" + competitor + "', date'2026-02-" + String.format("%02d", day) + "', cast("
                        + (1 + random.nextInt(100_000)) / 100.0 + " as decimal(12,2)))");
            }
        }
        Dataset<Row> prices = frame("product_id, competitor, day, price", rows.toArray(new String[0]));
        LocalDate from = LocalDate.of(2026, 2, 1);
        LocalDate to = LocalDate.of(2026, 2, 28);
        List<Row> once = ElasticityFrames.competitorIndex(prices, from, to)
                .orderBy("day")
                .collectAsList();
        for (long seed = 1; seed <= 6; seed++) {
            List<String> reordered = new ArrayList<>(rows);
            Collections.shuffle(reordered, new Random(seed));
            Dataset<Row> shuffled = frame("product_id, competitor, day, price", reordered.toArray(new String[0]))
                    .repartition((int) seed);
            assertEquals(
                    once,
                    ElasticityFrames.competitorIndex(shuffled, from, to)
                            .orderBy("day")
                            .collectAsList(),
                    "rows in another order (seed " + seed + ")");
        }
    }

    @Test
    void observationsCarryPriceStockoutHolidayAndADefaultCompetitorIndex() {
        Dataset<Row> sales = frame(
                "product_id, day, units, avg_unit_price, stockout",
                "(1, date'2026-01-02', 3L, cast(9.00 as decimal(12,2)), false)",
                "(1, date'2026-01-03', 0L, cast(null as decimal(12,2)), true)",
                "(1, date'2026-01-04', 5L, cast(9.00 as decimal(12,2)), false)", // after the window
                "(2, date'2026-01-03', 1L, cast(4.00 as decimal(12,2)), false)"); // not an active product
        Dataset<Row> products = frame("product_id, category", "(1, 'tea')");
        Dataset<Row> calendar = frame("day, is_holiday", "(date'2026-01-02', true)", "(date'2026-01-03', false)");
        Dataset<Row> index = frame("product_id, day, competitor_log_index", "(1, date'2026-01-02', 0.25d)");
        Dataset<Row> traffic = frame("product_id, day, views, add_to_cart", "(1, date'2026-01-02', 40L, 6L)");
        List<Row> rows = ElasticityFrames.observations(sales, products, calendar, index, traffic, FROM, TO)
                .orderBy("day")
                .collectAsList();
        assertEquals(2, rows.size());
        Row first = rows.get(0);
        assertEquals("tea", first.getAs("category"));
        assertEquals(9.0, first.<Double>getAs("price"));
        assertEquals(true, first.getAs("is_holiday"));
        assertEquals(0.25, first.<Double>getAs("competitor_log_index"));
        assertEquals(6L, first.<Long>getAs("add_to_cart"));
        assertNull(rows.get(1).getAs("views"));
        Row second = rows.get(1);
        assertNull(second.getAs("price"));
        assertEquals(true, second.getAs("stockout"));
        assertEquals(0.0, second.<Double>getAs("competitor_log_index"));
    }

    @Test
    void everyActiveProductIsPublishedEvenWithoutSales() {
        Dataset<Row> products = frame("product_id, category", "(1, 'tea')", "(2, 'tea')");
        Dataset<Row> estimates = spark.createDataFrame(
                List.of(ElasticityFrames.toRow(
                        new ProductEstimate(1, "tea", ProductEstimate.Status.FITTED, -1.2, 0.1, 300, 5, 900))),
                ElasticityFrames.ESTIMATE);
        Shrinkage shrinkage = Shrinkage.fit(estimates, ShrinkageTest.SETTINGS);
        List<Row> rows = ElasticityFrames.publish(products, estimates, shrinkage, TO)
                .orderBy("product_id")
                .collectAsList();
        assertEquals(2, rows.size());
        assertEquals(-1.2, rows.get(0).<Double>getAs("elasticity"), 1e-9);
        assertEquals("product", rows.get(0).getAs("pooling_level"));
        assertEquals("category", rows.get(1).getAs("pooling_level"));
        assertEquals(0L, rows.get(1).<Long>getAs("n_obs"));
        assertNull(rows.get(1).getAs("raw_elasticity"));
    }
}
