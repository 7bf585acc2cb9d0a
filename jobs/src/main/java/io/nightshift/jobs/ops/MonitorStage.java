package io.nightshift.jobs.ops;

import io.nightshift.common.catalog.TableCatalog;
import io.nightshift.common.catalog.TableWriter;
import io.nightshift.common.catalog.Tables;
import io.nightshift.common.time.RunDates;
import io.nightshift.jobs.stage.Stage;
import io.nightshift.jobs.stage.StageContext;
import io.nightshift.jobs.stage.StageReport;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.LocalDate;

/**
 * {@code monitor}, the last stage of nightly: scores the forecasts of past runs against the sales that have
 * since arrived ({@code gold.forecast_accuracy}), per product, model and horizon. The report and the
 * forecast-accuracy notebook read it; a forecast stage can read it to flag products whose model drifted.
 * Skips (writing nothing) while gold.demand_forecast or silver.sales_daily does not exist.
 * Window: {@code nightshift.monitor.accuracy-window-days}.
 */
public final class MonitorStage implements Stage {
    private static final Logger LOG = LoggerFactory.getLogger(MonitorStage.class);

    @Override
    public String name() {
        return "monitor";
    }

    @Override
    public String description() {
        return "score past forecasts against the actuals that arrived since (gold.forecast_accuracy)";
    }

    @Override
    public StageReport run(StageContext context, LocalDate date) {
        StageReport report = StageReport.empty(name());
        SparkSession spark = context.spark();
        TableCatalog catalog = context.catalog();
        for (var table : java.util.List.of(Tables.DEMAND_FORECAST, Tables.SALES_DAILY)) {
            if (!catalog.exists(spark, table)) {
                LOG.info("monitor {}: skipped, {} missing", date, table);
                return report;
            }
        }
        int window = context.config().raw().getInt("nightshift.monitor.accuracy-window-days");
        Dataset<Row> forecasts = catalog.read(spark, Tables.DEMAND_FORECAST);
        Dataset<Row> sales = catalog.read(spark, Tables.SALES_DAILY);
        Dataset<Row> accuracy = ForecastAccuracy.score(forecasts, sales, date, window);
        TableWriter.WriteResult result = context.writer().replaceDates(Tables.FORECAST_ACCURACY, accuracy, RunDates.of(date));
        return report.wrote(Tables.FORECAST_ACCURACY.qualifiedName(), result.rowsWritten());
    }
}
