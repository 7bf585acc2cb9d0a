package io.nightshift.jobs.forecast.model;

import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;

/**
 * The Theta method of Assimakopoulos and Nikolopoulos as in the M3 competition, in the SES-with-drift form
 * of Hyndman and Billah (2003): the series is seasonally adjusted by classical multiplicative decomposition
 * when the autocorrelation at the season lag is significant (90%, one-sided), simple exponential smoothing
 * (alpha by least squares, Brent's method) plus half the slope of the linear trend, then reseasonalised.
 * Additive decomposition is used when the series has non-positive values. Gaps are interpolated first.
 * Parameters: [alpha].
 */
public final class Theta implements ForecastModel {
    public static final String NAME = "theta";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Fit fit(SeriesData series, int end, int horizon, double[] start, boolean refine) {
        Fit withoutYear = YearlyProfile.fitWithout(this, series, end, horizon, start, refine);
        if (withoutYear != null) {
            return withoutYear;
        }
        Decomposition decomposition = series.decomposition(end);
        double[] adjusted = decomposition == null ? Gaps.filled(series.y(), end) : decomposition.adjusted();
        double alpha;
        if (start != null && !refine) {
            alpha = start[0];
        } else {
            alpha = optimiseAlpha(adjusted);
        }
        double level = sesLevel(adjusted, alpha);
        double slope = slope(adjusted) / 2;
        double[] mean = new double[horizon];
        double tail = (1 - Math.pow(1 - alpha, end)) / alpha;
        for (int h = 0; h < horizon; h++) {
            mean[h] = level + slope * (h + tail);
        }
        if (decomposition != null) {
            mean = decomposition.reseasonalise(mean, end);
        }
        return new Fit(mean, new double[] {alpha});
    }

    static double sesLevel(double[] y, double alpha) {
        double level = y[0];
        for (int t = 1; t < y.length; t++) {
            level += alpha * (y[t] - level);
        }
        return level;
    }

    private static double sesSse(double[] y, double alpha) {
        double level = y[0];
        double sse = 0;
        for (int t = 1; t < y.length; t++) {
            double e = y[t] - level;
            sse += e * e;
            level += alpha * e;
        }
        return sse;
    }

    static double optimiseAlpha(double[] y) {
        if (y.length < 3) {
            return 0.5;
        }
        return new BrentOptimizer(1e-4, 1e-6)
                .optimize(
                        new MaxEval(60),
                        new UnivariateObjectiveFunction(a -> sesSse(y, a)),
                        GoalType.MINIMIZE,
                        new SearchInterval(0.01, 0.99))
                .getPoint();
    }

    /** Least-squares slope of y on t. */
    static double slope(double[] y) {
        int n = y.length;
        if (n < 2) {
            return 0;
        }
        double tMean = (n - 1) / 2.0;
        double yMean = 0;
        for (double v : y) {
            yMean += v;
        }
        yMean /= n;
        double num = 0;
        double den = 0;
        for (int t = 0; t < n; t++) {
            num += (t - tMean) * (y[t] - yMean);
            den += (t - tMean) * (t - tMean);
        }
        return num / den;
    }
}
