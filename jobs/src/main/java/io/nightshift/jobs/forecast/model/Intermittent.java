package io.nightshift.jobs.forecast.model;

import java.util.Arrays;
import java.util.Locale;

/**
 * Methods for intermittent demand (many zero days), flat forecasts from smoothed sizes and intervals:
 * Croston (1972); SBA, Croston debiased by (1 - alpha/2) (Syntetos and Boylan 2005); TSB, which smooths the
 * probability of demand every period so it decays when sales stop (Teunter, Syntetos and Babai 2011).
 * Fixed smoothing constants (0.1, the literature's usual choice), so no optimiser. Missing days are skipped.
 */
public final class Intermittent implements ForecastModel {
    public enum Method {
        CROSTON,
        SBA,
        TSB
    }

    private static final double ALPHA = 0.1;
    private static final double BETA = 0.1;
    private final Method method;

    public Intermittent(Method method) {
        this.method = method;
    }

    @Override
    public String name() {
        return method.name().toLowerCase(Locale.ROOT);
    }

    /** Share of observed periods with zero demand. */
    public static double zeroShare(double[] y, int end) {
        int zeros = 0;
        int observed = 0;
        for (int t = 0; t < end; t++) {
            if (!Double.isNaN(y[t])) {
                observed++;
                if (y[t] == 0) {
                    zeros++;
                }
            }
        }
        return observed == 0 ? 0 : (double) zeros / observed;
    }

    @Override
    public Fit fit(SeriesData series, int end, int horizon, double[] start, boolean refine) {
        double[] y = series.y();
        double size = Double.NaN;
        double interval = Double.NaN;
        double probability = Double.NaN;
        int sinceLast = 0;
        for (int t = 0; t < end; t++) {
            if (Double.isNaN(y[t])) {
                continue;
            }
            sinceLast++;
            boolean demand = y[t] > 0;
            if (method == Method.TSB) {
                probability = Double.isNaN(probability)
                        ? (demand ? 1 : 0)
                        : probability + BETA * ((demand ? 1 : 0) - probability);
            }
            if (demand) {
                size = Double.isNaN(size) ? y[t] : size + ALPHA * (y[t] - size);
                interval = Double.isNaN(interval) ? sinceLast : interval + ALPHA * (sinceLast - interval);
                sinceLast = 0;
            }
        }
        double value;
        if (Double.isNaN(size)) {
            value = 0;
        } else if (method == Method.TSB) {
            value = probability * size;
        } else {
            value = size / interval * (method == Method.SBA ? 1 - ALPHA / 2 : 1);
        }
        double[] mean = new double[horizon];
        Arrays.fill(mean, value);
        return new Fit(mean, new double[0]);
    }
}
