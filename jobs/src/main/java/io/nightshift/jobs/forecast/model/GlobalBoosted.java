package io.nightshift.jobs.forecast.model;

import java.util.Arrays;

/**
 * The global gradient-boosted-trees model as a candidate of one series: its forecasts were made for every series at
 * once beforehand ({@link GlobalModel}) and travel with the series ({@link SeriesData#globalForecast()}); a fit only
 * looks them up. A candidate only for series that have one at each backtest origin and at their end.
 */
public final class GlobalBoosted implements ForecastModel {
    public static final String NAME = "global_gbdt";

    @Override
    public String name() {
        return NAME;
    }

    static boolean available(SeriesData series, int[] origins) {
        GlobalForecast forecast = series.globalForecast();
        return forecast != null && origins.length > 0 && forecast.covers(origins) && forecast.covers(series.length());
    }

    @Override
    public Fit fit(SeriesData series, int end, int horizon, double[] start, boolean refine) {
        double[] mean =
                series.globalForecast() == null ? null : series.globalForecast().at(end);
        if (mean == null || mean.length < horizon) {
            throw new IllegalStateException("no global model forecast of " + horizon + " steps after " + end);
        }
        return new Fit(Arrays.copyOf(mean, horizon), new double[0]);
    }
}
