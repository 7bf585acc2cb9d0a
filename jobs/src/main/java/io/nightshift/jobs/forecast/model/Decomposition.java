package io.nightshift.jobs.forecast.model;

/**
 * Classical seasonal decomposition as used by the Theta method in M3: when the autocorrelation at the season
 * lag is significant (90%, one-sided), seasonal indices are the mean ratio (or, for series with values
 * &lt;= 0, difference) of each season position to the centred moving average. Missing values are
 * interpolated first. {@link #of} returns null when the series is not seasonal or too short.
 */
public record Decomposition(double[] adjusted, double[] index, boolean multiplicative, int period) {

    public static Decomposition of(double[] series, int end, int m) {
        if (m <= 1 || end < 2 * m) {
            return null;
        }
        double[] y = Gaps.filled(series, end);
        if (!seasonalityTest(y, m)) {
            return null;
        }
        boolean multiplicative = min(y) > 0;
        double[] index = seasonalIndex(y, m, multiplicative);
        double[] adjusted = new double[end];
        for (int t = 0, position = 0; t < end; t++, position = position + 1 == m ? 0 : position + 1) {
            adjusted[t] = multiplicative ? y[t] / index[position] : y[t] - index[position];
        }
        return new Decomposition(adjusted, index, multiplicative, m);
    }

    /** Puts the season back on forecasts of steps end, end+1, ... */
    public double[] reseasonalise(double[] forecast, int end) {
        double[] out = new double[forecast.length];
        for (int h = 0; h < forecast.length; h++) {
            double s = index[(end + h) % period];
            out[h] = multiplicative ? forecast[h] * s : forecast[h] + s;
        }
        return out;
    }

    private static double min(double[] y) {
        double min = Double.POSITIVE_INFINITY;
        for (double v : y) {
            min = Math.min(min, v);
        }
        return min;
    }

    /** |r_m| > 1.645·sqrt((1 + 2·Σ_{k<m} r_k²)/n), the test used for Theta in M3 (Makridakis et al.). */
    public static boolean seasonalityTest(double[] y, int m) {
        int n = y.length;
        double mean = 0;
        for (double v : y) {
            mean += v;
        }
        mean /= n;
        double[] centred = new double[n];
        double denominator = 0;
        for (int t = 0; t < n; t++) {
            centred[t] = y[t] - mean;
            denominator += centred[t] * centred[t];
        }
        if (denominator == 0) {
            return false;
        }
        double sum = 0;
        double rm = 0;
        for (int k = 1; k <= m; k++) {
            double c = 0;
            for (int t = k; t < n; t++) {
                c += centred[t] * centred[t - k];
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
        for (int t = half, position = half % m; t + half < n; t++, position = position + 1 == m ? 0 : position + 1) {
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
            sums[position] += multiplicative ? y[t] / ma : y[t] - ma;
            counts[position]++;
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
}
