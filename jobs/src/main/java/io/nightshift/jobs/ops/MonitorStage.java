package io.nightshift.jobs.ops;

import io.nightshift.common.catalog.TableCatalog;
import io.nightshift.common.catalog.TableWriter;
import io.nightshift.common.catalog.Tables;
import io.nightshift.common.config.MonitorSettings;
import io.nightshift.common.time.RunDates;
import io.nightshift.jobs.stage.Stage;
import io.nightshift.jobs.stage.StageContext;
import io.nightshift.jobs.stage.StageReport;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code monitor}, the last stage of nightly: scores the forecasts of past runs against the sales that have
 * since arrived ({@code gold.forecast_accuracy}, per product, model and horizon) and measures the realised
 * units, revenue and margin under the prices that were in force ({@code gold.pricing_performance}, per day,
 * strategy and control group). The report and the notebooks read them. Each table is skipped while its
 * input (gold.demand_forecast, gold.prices) does not exist; nothing is written without silver.sales_daily.
 * Windows: {@code nightshift.monitor.accuracy-window-days}, {@code pricing-window-days}.
 */
public final class MonitorStage implements Stage {
    private static final Logger LOG = LoggerFactory.getLogger(MonitorStage.class);

    @Override
    public String name() {
        return "monitor";
    }

    @Override
    public String description() {
        return "score past forecasts and prices against the actuals that arrived since (gold.forecast_accuracy, gold.pricing_performance)";
    }

    @Override
    public StageReport run(StageContext context, LocalDate date) {
        StageReport report = StageReport.empty(name());
        SparkSession spark = context.spark();
        TableCatalog catalog = context.catalog();
        if (!catalog.exists(spark, Tables.SALES_DAILY)) {
            LOG.info("monitor {}: skipped, {} missing", date, Tables.SALES_DAILY);
            return report;
        }
        MonitorSettings monitor = context.config().monitor();
        Dataset<Row> sales = catalog.read(spark, Tables.SALES_DAILY);
        if (catalog.exists(spark, Tables.DEMAND_FORECAST)) {
            Dataset<Row> accuracy = ForecastAccuracy.score(
                    catalog.read(spark, Tables.DEMAND_FORECAST), sales, date, monitor.accuracyWindowDays());
            TableWriter.WriteResult result =
                    context.writer().replaceDates(Tables.FORECAST_ACCURACY, accuracy, RunDates.of(date));
            report = report.wrote(Tables.FORECAST_ACCURACY.qualifiedName(), result.rowsWritten());
        } else {
            LOG.info("monitor {}: no forecast accuracy, {} missing", date, Tables.DEMAND_FORECAST);
        }
        if (catalog.exists(spark, Tables.PRICES)) {
            Dataset<Row> performance = PricingPerformance.measure(
                    catalog.read(spark, Tables.PRICES), sales, date, monitor.pricingWindowDays());
            TableWriter.WriteResult result =
                    context.writer().replaceDates(Tables.PRICING_PERFORMANCE, performance, RunDates.of(date));
            report = report.wrote(Tables.PRICING_PERFORMANCE.qualifiedName(), result.rowsWritten());
        } else {
            LOG.info("monitor {}: no pricing performance, {} missing", date, Tables.PRICES);
        }
        return report;
    }
}
