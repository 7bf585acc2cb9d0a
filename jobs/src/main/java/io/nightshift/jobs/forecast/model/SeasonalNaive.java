package io.nightshift.jobs.forecast.model;

/** Repeats the last observed season (the last value when the period is 1); missing values are interpolated. */
public final class SeasonalNaive implements ForecastModel {
    public static final String NAME = "seasonal_naive";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Fit fit(SeriesData series, int end, int horizon, double[] start, boolean refine) {
        double[] y = Gaps.filled(series.y(), end);
        int m = Math.min(series.period(), end);
        double[] mean = new double[horizon];
        for (int i = 0; i < horizon; i++) {
            mean[i] = end == 0 ? 0 : y[end - m + (i % m)];
        }
        return new Fit(mean, new double[0]);
    }
}
