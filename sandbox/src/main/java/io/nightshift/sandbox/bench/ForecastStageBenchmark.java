package io.nightshift.sandbox.bench;

import io.nightshift.common.catalog.Tables;
import io.nightshift.common.config.NightshiftConfig;
import io.nightshift.jobs.forecast.ForecastStage;
import io.nightshift.jobs.stage.StageContext;
import io.nightshift.jobs.stage.StageReport;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;

/**
 * bench/forecast.sh (d): the forecast stage for one run date on an ingested warehouse (NIGHTSHIFT_WAREHOUSE),
 * next to the baseline of reading the same sales history and grouping it per product (the floor any
 * per-product job pays). Usage: ForecastStageBenchmark RUN_DATE
 */
public final class ForecastStageBenchmark {
    private ForecastStageBenchmark() {}

    public static void main(String[] args) throws Exception {
        LocalDate runDate = LocalDate.parse(args[0]);
        NightshiftConfig config = NightshiftConfig.load(Optional.empty());
        try (StageContext context = new StageContext(config, false, Clock.systemUTC())) {
            long start = System.nanoTime();
            long products = context.catalog()
                    .read(context.spark(), Tables.SALES_DAILY)
                    .filter("day > date_sub(DATE'" + runDate + "', 730)")
                    .groupBy("product_id")
                    .count()
                    .count();
            double baseline = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            StageReport report = new ForecastStage().run(context, runDate);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "%-44s %10s %12s %14s%n", "", "seconds", "products", "ms/product");
            System.out.printf(
                    Locale.ROOT,
                    "%-44s %10.1f %12d %14.2f%n",
                    "baseline: read 730 days of sales, group",
                    baseline,
                    products,
                    1000 * baseline / products);
            System.out.printf(
                    Locale.ROOT,
                    "%-44s %10.1f %12d %14.2f%n",
                    "forecast stage (fit, backtest, write)",
                    seconds,
                    products,
                    1000 * seconds / products);
            System.out.printf(
                    Locale.ROOT,
                    "stage / baseline: %.1fx; rows written %s; cores %d%n",
                    seconds / baseline,
                    report.rowsWritten(),
                    Runtime.getRuntime().availableProcessors());
        }
    }
}
