package io.nightshift.jobs.forecast.model;

/** Filling missing (censored) observations for the models that need a complete series. */
public final class Gaps {
    private Gaps() {}

    /**
     * y[0, end) with every NaN replaced: interior gaps by linear interpolation between the nearest observed
     * neighbours, leading ones by the first observation and trailing ones by the last. All-missing gives zeros.
     */
    public static double[] filled(double[] y, int end) {
        double[] out = new double[end];
        int previous = -1;
        for (int t = 0; t < end; t++) {
            if (!Double.isNaN(y[t])) {
                out[t] = y[t];
                if (previous < t - 1) {
                    double from = previous < 0 ? y[t] : y[previous];
                    for (int g = previous + 1; g < t; g++) {
                        out[g] = previous < 0 ? from : from + (y[t] - from) * (g - previous) / (t - previous);
                    }
                }
                previous = t;
            }
        }
        double last = previous < 0 ? 0 : y[previous];
        for (int g = previous + 1; g < end; g++) {
            out[g] = last;
        }
        return out;
    }

    public static boolean anyMissing(double[] y, int end) {
        for (int t = 0; t < end; t++) {
            if (Double.isNaN(y[t])) {
                return true;
            }
        }
        return false;
    }
}
