package io.nightshift.jobs.forecast.model;

import java.util.Arrays;

/**
 * Guards against one-off orders (a bulk order of a product that usually sells a few units, a cancelled order the
 * import could not represent): {@link #screen} caps the history before any model sees it, {@link #bound} checks the
 * forecast against the product's own best stretch of history.
 */
public final class Screening {
    private Screening() {}

    /**
     * The screened history: y with every observation above {@code multiple} times the threshold quantile replaced
     * by that quantile ({@code capped} lists the steps, {@code original} their values). The quantile is the
     * {@code quantile} empirical quantile of the observed values, but never one of the two largest, so one or two
     * bulk orders cannot lift their own cap; a series with fewer than 8 observed values, a negative value, or a
     * quantile of zero (a series of mostly zeros, whose scale a quantile does not tell) is left as it is.
     */
    public record Screened(double[] y, int[] capped, double[] original, double cap) {
        public boolean any() {
            return capped.length > 0;
        }
    }

    public static Screened screen(double[] y, double multiple, double quantile) {
        if (multiple <= 0) {
            return new Screened(y, new int[0], new double[0], Double.NaN);
        }
        double[] observed = new double[y.length];
        int m = 0;
        for (double v : y) {
            if (!Double.isNaN(v)) {
                if (v < 0) {
                    return new Screened(y, new int[0], new double[0], Double.NaN);
                }
                observed[m++] = v;
            }
        }
        if (m < 8) {
            return new Screened(y, new int[0], new double[0], Double.NaN);
        }
        Arrays.sort(observed, 0, m);
        double position = Math.min(quantile * (m - 1), m - 3);
        int low = (int) Math.floor(position);
        double q = observed[low] + (position - low) * (observed[Math.min(low + 1, m - 3)] - observed[low]);
        if (!(q > 0) || !(observed[m - 1] > multiple * q)) {
            return new Screened(y, new int[0], new double[0], q);
        }
        double limit = multiple * q;
        double[] out = y.clone();
        int count = 0;
        for (double v : y) {
            if (v > limit) {
                count++;
            }
        }
        int[] capped = new int[count];
        double[] original = new double[count];
        for (int t = 0, k = 0; t < y.length; t++) {
            if (y[t] > limit) {
                capped[k] = t;
                original[k++] = y[t];
                out[t] = q;
            }
        }
        return new Screened(out, capped, original, q);
    }

    /**
     * The largest sum of {@code length} consecutive steps of y (missing steps count as the window's observed mean;
     * windows with fewer than half their steps observed are skipped); the whole series scaled to the length when
     * it is shorter than that or no window qualifies. NaN when nothing is observed.
     */
    public static double bestWindow(double[] y, int length) {
        int n = y.length;
        double best = Double.NaN;
        if (n >= length) {
            double sum = 0;
            int observed = 0;
            for (int t = 0; t < n; t++) {
                if (!Double.isNaN(y[t])) {
                    sum += y[t];
                    observed++;
                }
                if (t >= length && !Double.isNaN(y[t - length])) {
                    sum -= y[t - length];
                    observed--;
                }
                if (t >= length - 1 && observed * 2 >= length) {
                    double window = sum / observed * length;
                    if (Double.isNaN(best) || window > best) {
                        best = window;
                    }
                }
            }
        }
        if (Double.isNaN(best)) {
            double sum = 0;
            int observed = 0;
            for (double v : y) {
                if (!Double.isNaN(v)) {
                    sum += v;
                    observed++;
                }
            }
            best = observed == 0 ? Double.NaN : sum / observed * length;
        }
        return best;
    }

    /**
     * The factor (at most 1) that brings the forecast's sum down to {@code multiple} times the history's best
     * window of the same length; 1 when it is within the bound, the bound is off (0), or the history has no
     * positive window to compare with.
     */
    public static double boundFactor(double[] y, double[] forecast, double multiple) {
        if (multiple <= 0 || forecast.length == 0) {
            return 1;
        }
        double best = bestWindow(y, forecast.length);
        if (!(best > 0)) {
            return 1;
        }
        double sum = 0;
        for (double v : forecast) {
            sum += v;
        }
        double limit = multiple * best;
        return sum > limit ? limit / sum : 1;
    }
}
