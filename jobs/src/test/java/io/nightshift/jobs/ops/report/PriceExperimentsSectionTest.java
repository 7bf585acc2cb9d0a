package io.nightshift.jobs.ops.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.common.catalog.Tables;
import io.nightshift.common.testing.TestSpark;
import java.math.BigDecimal;
import java.sql.Date;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The report's price-experiment line, from gold.prices rows. */
class PriceExperimentsSectionTest {
    private final SparkSession spark = TestSpark.session();

    private static Row price(int id, List<String> reasons, double profit, Double atOptimum) {
        BigDecimal money = new BigDecimal("10.00");
        return RowFactory.create(
                Date.valueOf("2026-11-30"),
                id,
                "SKU-" + id,
                money,
                money,
                "USD",
                "optimize",
                reasons,
                1.0,
                profit,
                1.0,
                profit,
                money,
                money,
                money,
                money,
                atOptimum);
    }

    @Test
    void productsUnderTestAndTheirExpectedCost() {
        Dataset<Row> prices = spark.createDataFrame(
                List.of(
                        price(1, List.of("PROFIT_OPTIMUM"), 100.0, null),
                        price(2, List.of("PRICE_EXPERIMENT", "PROFIT_OPTIMUM"), 98.0, 100.0),
                        price(3, List.of("PRICE_EXPERIMENT", "MAX_DAILY_CHANGE"), 199.0, 200.0)),
                Tables.PRICES.schema().orElseThrow());
        ReportView.Experiments e = RunReport.experiments(prices);
        assertEquals(new ReportView.Experiments("2", "3", "1.00%"), e);
        String html = ReportTemplates.render(
                "run-report.html",
                new ReportView.Page(
                        "r",
                        "2026-11-30",
                        "now",
                        ReportView.Section.notAvailable("x"),
                        ReportView.Section.notAvailable("x"),
                        ReportView.Section.notAvailable("x"),
                        ReportView.Section.of(
                                new ReportView.PriceChanges("3", "2026-11-30", "3", "397", null, null, e)),
                        ReportView.Section.notAvailable("x"),
                        ReportView.Section.notAvailable("x"),
                        ReportView.Section.notAvailable("x"),
                        ReportView.Section.notAvailable("x"),
                        ReportView.Section.notAvailable("x"),
                        List.of()));
        assertTrue(html.contains("Price experiments: 2 products"), html);
        assertTrue(html.contains("expected cost of testing 3 (1.00% of their expected profit at the optimum"), html);

        assertNull(RunReport.experiments(prices.where("product_id = 1")), "no experiment: no line");
        assertNull(RunReport.experiments(prices.drop("expected_profit_at_optimum")), "a table from before experiments");
    }
}
