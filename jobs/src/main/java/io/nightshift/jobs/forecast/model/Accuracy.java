package io.nightshift.jobs.forecast.model;

/** Forecast accuracy over the observed (non-missing) steps of a hold-out. */
public final class Accuracy {
    private Accuracy() {}

    /**
     * Mean absolute error of the in-sample seasonal naive forecast on y[0, end) (pairs with both values
     * observed), the MASE denominator of Hyndman and Koehler (2006). Falls back to the lag-1 naive, then to
     * the mean absolute value, then 1, so a flat series still gets a finite scale.
     */
    public static double scale(double[] y, int end, int period) {
        double s = naiveMae(y, end, period);
        if (!(s > 0) && period > 1) {
            s = naiveMae(y, end, 1);
        }
        if (!(s > 0)) {
            double sum = 0;
            int count = 0;
            for (int t = 0; t < end; t++) {
                if (!Double.isNaN(y[t])) {
                    sum += Math.abs(y[t]);
                    count++;
                }
            }
            s = count == 0 ? 0 : sum / count;
        }
        return s > 0 ? s : 1;
    }

    private static double naiveMae(double[] y, int end, int lag) {
        double sum = 0;
        int count = 0;
        for (int t = lag; t < end; t++) {
            if (!Double.isNaN(y[t]) && !Double.isNaN(y[t - lag])) {
                sum += Math.abs(y[t] - y[t - lag]);
                count++;
            }
        }
        return count == 0 ? 0 : sum / count;
    }

    /** Mean absolute error of forecast f against actual[offset..] divided by scale; NaN when nothing is observed. */
    public static double mase(double[] actual, int offset, double[] f, double scale) {
        double sum = 0;
        int count = 0;
        for (int h = 0; h < f.length; h++) {
            double a = actual[offset + h];
            if (!Double.isNaN(a)) {
                sum += Math.abs(a - f[h]);
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count / scale;
    }

    /** Symmetric MAPE in percent, 200·|y−f|/(|y|+|f|), a step where both are 0 counting 0. */
    public static double smape(double[] actual, int offset, double[] f) {
        double sum = 0;
        int count = 0;
        for (int h = 0; h < f.length; h++) {
            double a = actual[offset + h];
            if (!Double.isNaN(a)) {
                double d = Math.abs(a) + Math.abs(f[h]);
                sum += d == 0 ? 0 : 200 * Math.abs(a - f[h]) / d;
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    /** Mean of forecast − actual (positive: over-forecast). */
    public static double bias(double[] actual, int offset, double[] f) {
        double sum = 0;
        int count = 0;
        for (int h = 0; h < f.length; h++) {
            double a = actual[offset + h];
            if (!Double.isNaN(a)) {
                sum += f[h] - a;
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    /** Share of observed steps whose actual lies within [lower, upper]. */
    public static double coverage(double[] actual, int offset, double[] lower, double[] upper) {
        int inside = 0;
        int count = 0;
        for (int h = 0; h < lower.length; h++) {
            double a = actual[offset + h];
            if (!Double.isNaN(a)) {
                count++;
                if (a >= lower[h] && a <= upper[h]) {
                    inside++;
                }
            }
        }
        return count == 0 ? Double.NaN : (double) inside / count;
    }
}
