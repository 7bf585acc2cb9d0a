package io.nightshift.jobs.elasticity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nightshift.common.testing.TestSpark;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The latest estimate at or before a cut-off, per product, on a tiny frame. */
class ElasticityAsOfTest {
    private final SparkSession spark = TestSpark.session();

    private Dataset<Row> estimates() {
        return spark.sql("select * from values "
                + "(date'2026-10-01', 1, -1.1, -1.5, -0.7, 'product'), "
                + "(date'2026-11-01', 1, -1.2, -1.4, -1.0, 'product'), "
                + "(date'2026-11-30', 1, -1.3, -1.4, -1.2, 'product'), " // the cut-off day itself counts
                + "(date'2026-12-01', 1, -9.9, -9.9, -9.9, 'product'), " // after the cut-off: never
                + "(date'2026-10-01', 2, -2.0, -3.0, -1.0, 'category'), " // not re-estimated since: kept
                + "(date'2026-12-05', 3, -0.5, -0.9, -0.1, 'product') " // only after the cut-off: absent
                + "as t(run_date, product_id, elasticity, ci_low, ci_high, pooling_level)");
    }

    @Test
    void theLatestEstimateAtOrBeforeTheCutOffPerProduct() {
        List<String> rows =
                ElasticityAsOf.asOf(estimates(), LocalDate.of(2026, 11, 30))
                        .orderBy("product_id")
                        .collectAsList()
                        .stream()
                        .map(Row::toString)
                        .collect(Collectors.toList());
        assertEquals(List.of("[2026-11-30,1,-1.3,-1.4,-1.2,product]", "[2026-10-01,2,-2.0,-3.0,-1.0,category]"), rows);
        List<String> earlier = ElasticityAsOf.asOf(estimates(), LocalDate.of(2026, 11, 29))
                .orderBy("product_id")
                .select("run_date", "product_id")
                .collectAsList()
                .stream()
                .map(Row::toString)
                .collect(Collectors.toList());
        assertEquals(List.of("[2026-11-01,1]", "[2026-10-01,2]"), earlier);
        assertEquals(
                0, ElasticityAsOf.asOf(estimates(), LocalDate.of(2026, 9, 30)).count(), "nothing before the first run");
    }
}
