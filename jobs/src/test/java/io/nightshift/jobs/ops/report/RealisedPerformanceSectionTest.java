package io.nightshift.jobs.ops.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.common.catalog.TableCatalog;
import io.nightshift.common.catalog.TableWriter;
import io.nightshift.common.catalog.Tables;
import io.nightshift.common.testing.TestSpark;
import io.nightshift.common.time.RunDates;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's optimize-vs-control section reads gold.pricing_performance and compares per product-day. */
class RealisedPerformanceSectionTest {
    static final LocalDate RUN = LocalDate.of(2026, 11, 10);

    static Row row(
            LocalDate run,
            int day,
            String strategy,
            boolean control,
            long products,
            long units,
            String revenue,
            String cost,
            String margin) {
        return RowFactory.create(
                Date.valueOf(run),
                Date.valueOf(LocalDate.of(2026, 11, day)),
                strategy,
                control,
                products,
                0L,
                units,
                new BigDecimal(revenue),
                new BigDecimal(cost),
                new BigDecimal(margin),
                10.0,
                (double) units / products,
                new BigDecimal(revenue).doubleValue() / products,
                new BigDecimal(margin).doubleValue() / products);
    }

    /** The section as the report prints it, through the template part that lays it out. */
    static String html(RunReport report) {
        return ReportTemplates.render("realised-performance.html", report.realisedPerformance());
    }

    @Test
    void comparesMarginPerProductDayWithTheControlGroup(@TempDir Path warehouse) {
        SparkSession spark = TestSpark.session();
        TableCatalog catalog = new TableCatalog(warehouse.toUri().toString());
        RunReport report = new RunReport(spark, catalog, List.of(), "r1", RunDates.of(RUN));
        assertTrue(html(report).contains("not available: gold.pricing_performance missing"), html(report));

        new TableWriter(spark, catalog, false)
                .replaceDates(
                        Tables.PRICING_PERFORMANCE,
                        spark.createDataFrame(
                                List.of(
                                        row(RUN, 9, "optimize", false, 3, 6, "60.00", "30.00", "30.00"),
                                        row(
                                                RUN,
                                                10,
                                                "optimize",
                                                false,
                                                3,
                                                3,
                                                "30.00",
                                                "15.00",
                                                "15.00"), // 45.00 over 6 product-days: 7.50
                                        row(RUN, 9, "rules", true, 1, 2, "20.00", "12.00", "8.00"),
                                        row(
                                                RUN, 10, "rules", true, 1, 1, "10.00", "6.00",
                                                "4.00"), // 12.00 over 2 product-days: 6.00
                                        row(
                                                RUN.minusDays(1),
                                                8,
                                                "rules",
                                                true,
                                                1,
                                                9,
                                                "99.00",
                                                "1.00",
                                                "98.00")), // another run's rows
                                Tables.PRICING_PERFORMANCE.schema().orElseThrow()),
                        new RunDates(RUN.minusDays(1), RUN));

        String html = html(report);
        assertTrue(html.contains("Sales from 2026-11-09 to 2026-11-10"), html);
        assertTrue(html.contains("<td class=\"num\">7.50</td>"), html);
        assertTrue(html.contains("<td class=\"num\">6.00</td>"), html);
        assertTrue(
                html.contains("+25.0%"), "optimize earns 7.50 / 6.00 - 1 = 25% more margin per product-day: " + html);
        assertTrue(html.contains("aria-label=\"Realised margin per product-day\""), html);
    }
}
