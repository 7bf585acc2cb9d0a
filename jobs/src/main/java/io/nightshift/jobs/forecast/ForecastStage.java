package io.nightshift.jobs.forecast;

import io.nightshift.common.catalog.TableCatalog;
import io.nightshift.common.catalog.TableWriter;
import io.nightshift.common.catalog.Tables;
import io.nightshift.common.config.ForecastStageSettings;
import io.nightshift.common.config.NightshiftConfig;
import io.nightshift.common.time.RunDates;
import io.nightshift.jobs.forecast.model.GlobalForecast;
import io.nightshift.jobs.ingest.CalendarDays;
import io.nightshift.jobs.stage.Stage;
import io.nightshift.jobs.stage.StageContext;
import io.nightshift.jobs.stage.StageReport;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code forecast}: per active product, demand for the next {@code horizon-days} days with intervals, from
 * the model its rolling-origin backtest prefers (seasonal naive, ETS, Theta, a Prophet-like regression with
 * price, competitor price ratio and holidays, Croston/SBA/TSB, the global gradient-boosted-trees model trained on
 * the driver over all products ({@link StageGlobalModel}), or their combination), fitted on the executors. Stock-out days are missing, not zero. Writes gold.demand_forecast and gold.forecast_backtest,
 * replacing the run date's rows, so a rerun leaves the tables as one run does.
 */
public final class ForecastStage implements Stage {
    private static final Logger LOG = LoggerFactory.getLogger(ForecastStage.class);

    @Override
    public String name() {
        return "forecast";
    }

    @Override
    public String description() {
        return "per-product demand forecasts with intervals, model chosen by rolling-origin backtest";
    }

    @Override
    public StageReport run(StageContext context, LocalDate date) {
        ForecastStageSettings settings = context.config().forecast();
        NightshiftConfig.Shop shop = context.config().shop();
        SparkSession spark = context.spark();
        TableCatalog catalog = context.catalog();
        LocalDate from = date.minusDays(settings.historyDays() - 1L);
        Dataset<Row> products = catalog.read(spark, Tables.PRODUCTS);
        Dataset<Row> history = ForecastTransforms.history(
                catalog.read(spark, Tables.SALES_DAILY),
                catalog.read(spark, Tables.COMPETITOR_PRICES),
                catalog.read(spark, Tables.CALENDAR),
                products,
                from,
                date);
        Set<LocalDate> futureHolidays = new HashSet<>();
        for (Row r : CalendarDays.holidays(
                        spark, date.plusDays(1), date.plusDays(settings.horizonDays()), shop.country(), shop.region())
                .filter("is_holiday")
                .collectAsList()) {
            futureHolidays.add(r.<Date>getAs("day").toLocalDate());
        }
        // The global model gathers every product's days before the per-product fit reads them again: read and
        // join the silver tables once for both.
        if (settings.globalModel().enabled()) {
            history = history.persist(StorageLevel.MEMORY_AND_DISK());
        }
        Broadcast<Map<Integer, GlobalForecast>> global = null;
        Dataset<Row> fitted = null;
        try {
            global = StageGlobalModel.forecasts(spark, catalog, history, products, date, settings, futureHolidays);
            fitted = ForecastTransforms.fit(history, date, settings, futureHolidays, global)
                    .persist(StorageLevel.MEMORY_AND_DISK());
            Dataset<Row> modelled = ForecastTransforms.forecasts(fitted, date);
            Dataset<Row> forecasts = modelled.unionByName(
                    ForecastTransforms.categoryFallback(fitted, modelled, products, date, settings.horizonDays()));
            TableWriter writer = context.writer();
            addAdjustmentColumn(spark, catalog);
            RunDates runDate = RunDates.of(date);
            long forecastRows = writer.replaceDates(Tables.DEMAND_FORECAST, forecasts, runDate)
                    .rowsWritten();
            long backtestRows = writer.replaceDates(
                            Tables.FORECAST_BACKTEST, ForecastTransforms.backtest(fitted, date), runDate)
                    .rowsWritten();
            LOG.info("forecast {}: {} forecast rows, {} backtest rows", date, forecastRows, backtestRows);
            return StageReport.empty(name())
                    .wrote(Tables.DEMAND_FORECAST.qualifiedName(), forecastRows)
                    .wrote(Tables.FORECAST_BACKTEST.qualifiedName(), backtestRows);
        } finally {
            if (fitted != null) {
                fitted.unpersist();
            }
            if (global != null) {
                global.destroy();
            }
            history.unpersist();
        }
    }

    /** A gold.demand_forecast written before the adjustment column existed gets it (null in the earlier runs' rows). */
    static void addAdjustmentColumn(SparkSession spark, TableCatalog catalog) {
        if (catalog.exists(spark, Tables.DEMAND_FORECAST)
                && !Arrays.asList(catalog.read(spark, Tables.DEMAND_FORECAST).columns())
                        .contains("adjustment")) {
            spark.sql("ALTER TABLE delta.`" + catalog.location(Tables.DEMAND_FORECAST)
                    + "` ADD COLUMNS (adjustment STRING)");
            LOG.info("added column adjustment to {}", Tables.DEMAND_FORECAST);
        }
    }
}
