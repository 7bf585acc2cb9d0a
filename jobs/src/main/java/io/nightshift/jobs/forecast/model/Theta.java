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
        double[] y = Gaps.filled(series.y(), end);
        int m = series.period();
        double[] index = null;
        boolean multiplicative = true;
        if (m > 1 && end >= 2 * m && seasonalityTest(y, m)) {
            multiplicative = min(y) > 0;
            index = seasonalIndex(y, m, multiplicative);
        }
        double[] adjusted = y.clone();
        if (index != null) {
            for (int t = 0; t < end; t++) {
                adjusted[t] = multiplicative ? y[t] / index[t % m] : y[t] - index[t % m];
            }
        }
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
            double f = level + slope * (h + tail);
            if (index != null) {
                f = multiplicative ? f * index[(end + h) % m] : f + index[(end + h) % m];
            }
            mean[h] = f;
        }
        return new Fit(mean, new double[] {alpha});
    }

    private static double min(double[] y) {
        double min = Double.POSITIVE_INFINITY;
        for (double v : y) {
            min = Math.min(min, v);
        }
        return min;
    }

    /** |r_m| > 1.645·sqrt((1 + 2·Σ_{k<m} r_k²)/n), the test used for Theta in M3 (Makridakis et al.). */
    static boolean seasonalityTest(double[] y, int m) {
        int n = y.length;
        double mean = 0;
        for (double v : y) {
            mean += v;
        }
        mean /= n;
        double denominator = 0;
        for (double v : y) {
            denominator += (v - mean) * (v - mean);
        }
        if (denominator == 0) {
            return false;
        }
        double sum = 0;
        double rm = 0;
        for (int k = 1; k <= m; k++) {
            double c = 0;
            for (int t = k; t < n; t++) {
                c += (y[t] - mean) * (y[t - k] - mean);
            }
            double r = c / denominator;
            if (k < m) {
                sum += r * r;
            } else {
                rm = r;
            }
        }
        return Math.abs(rm) > 1.645 * Math.sqrt((1 + 2 * sum) / n);
    }

    /** Classical decomposition: ratios (or differences) to the centred moving average, averaged per season position. */
    static double[] seasonalIndex(double[] y, int m, boolean multiplicative) {
        int n = y.length;
        double[] sums = new double[m];
        int[] counts = new int[m];
        int half = m / 2;
        for (int t = half; t + half < n; t++) {
            double ma;
            if (m % 2 == 0) {
                double s = 0.5 * y[t - half] + 0.5 * y[t + half];
                for (int k = t - half + 1; k < t + half; k++) {
                    s += y[k];
                }
                ma = s / m;
            } else {
                double s = 0;
                for (int k = t - half; k <= t + half; k++) {
                    s += y[k];
                }
                ma = s / m;
            }
            if (multiplicative && ma == 0) {
                continue;
            }
            sums[t % m] += multiplicative ? y[t] / ma : y[t] - ma;
            counts[t % m]++;
        }
        double[] index = new double[m];
        double total = 0;
        for (int i = 0; i < m; i++) {
            index[i] = counts[i] == 0 ? (multiplicative ? 1 : 0) : sums[i] / counts[i];
            total += index[i];
        }
        for (int i = 0; i < m; i++) {
            index[i] = multiplicative ? index[i] * m / total : index[i] - total / m;
        }
        if (multiplicative) {
            for (int i = 0; i < m; i++) {
                if (!(index[i] > 0)) {
                    index[i] = 1e-3;
                }
            }
        }
        return index;
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
        return new BrentOptimizer(1e-4, 1e-6).optimize(new MaxEval(60),
                new UnivariateObjectiveFunction(a -> sesSse(y, a)), GoalType.MINIMIZE,
                new SearchInterval(0.01, 0.99)).getPoint();
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
