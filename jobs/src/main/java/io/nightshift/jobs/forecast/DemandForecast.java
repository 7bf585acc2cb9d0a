package io.nightshift.jobs.forecast;

import io.nightshift.common.config.ForecastStageSettings;
import io.nightshift.jobs.forecast.model.ForecastResult;
import io.nightshift.jobs.forecast.model.Forecaster;
import io.nightshift.jobs.forecast.model.GlobalForecast;
import io.nightshift.jobs.forecast.model.SeriesData;

/**
 * One product's daily demand forecast without Spark: what the forecast stage runs per product on an executor
 * ({@link ProductForecast} builds these arrays from the product's rows), and what the closed-loop pricing
 * simulation runs every refit night. The series' regressors are log price and log ratio of price to the
 * competitors' ({@link ProductForecast#regressors}); a product with fewer than {@code minHistoryDays} observed days
 * gets no model of its own, only its recent level.
 */
public final class DemandForecast {
    /**
     * @param observedDays days with a known demand (not stocked out)
     * @param recentLevel  mean units of the last {@code levelWindowDays} observed days, null when none
     * @param model        the Forecaster's result, null when the history is too short for a model
     */
    public record Result(int observedDays, Double recentLevel, ForecastResult model) {
        public boolean modelled() {
            return model != null;
        }
    }

    private DemandForecast() {}

    /**
     * @param units       per day from the product's first history day to the run date (n days): units sold, NaN on
     *                    a stock-out day (censored demand) or a day without a row
     * @param price       per day of the history and the horizon (n + h): the day's average selling price, NaN when
     *                    unknown (no sale); only the first n are read
     * @param competitor  per day (n + h): the mean competitor price, NaN when unknown; only the first n are read
     * @param holidays    per day (n + h): public holidays, past and future
     */
    public static Result forecast(
            double[] units, double[] price, double[] competitor, boolean[] holidays, ForecastStageSettings settings) {
        return forecast(units, price, competitor, holidays, settings, null);
    }

    /** @param global the global model's forecasts of this product (a candidate of its choice), null for none */
    public static Result forecast(
            double[] units,
            double[] price,
            double[] competitor,
            boolean[] holidays,
            ForecastStageSettings settings,
            GlobalForecast global) {
        int n = units.length;
        int observed = 0;
        double levelSum = 0;
        int levelCount = 0;
        for (int t = n - 1; t >= 0; t--) {
            if (!Double.isNaN(units[t])) {
                observed++;
                if (levelCount < settings.levelWindowDays()) {
                    levelSum += units[t];
                    levelCount++;
                }
            }
        }
        Double level = levelCount == 0 ? null : levelSum / levelCount;
        if (observed < settings.minHistoryDays()) {
            return new Result(observed, level, null);
        }
        SeriesData series = series(units, price, competitor, holidays).withGlobalForecast(global);
        return new Result(observed, level, new Forecaster(settings.model()).forecast(series, settings.horizonDays()));
    }

    /** Whether a product with these units gets a model of its own (enough observed days). */
    static boolean modelled(double[] units, ForecastStageSettings settings) {
        int observed = 0;
        for (double v : units) {
            if (!Double.isNaN(v)) {
                observed++;
            }
        }
        return observed >= settings.minHistoryDays();
    }

    /** The product's series: units, regressors log price and log price ratio ({@link ProductForecast#regressors}). */
    static SeriesData series(double[] units, double[] price, double[] competitor, boolean[] holidays) {
        double[][] regressors = ProductForecast.regressors(price, competitor, units.length);
        return new SeriesData(units, 7, 365.25, holidays, regressors).withRegressorsInLogs();
    }
}
