package io.nightshift.jobs.forecast.model;

import java.io.Serializable;

/**
 * A smooth multiplicative yearly profile of a daily series, for ETS and Theta to run on the series with the
 * year taken out (as they run on the classically deseasonalised series for the season period) and to put it
 * back on their forecasts. Estimated only from y[0, end) of a non-negative series with at least two full
 * years of history; otherwise {@link #of} returns null and the models see the series as before.
 *
 * <p>Estimate: the ratio of y to its trend (the centred 365-day moving average, continued linearly over the
 * half year at each end), with the weekly pattern divided out, is projected on {@value #HARMONICS} yearly
 * Fourier pairs (as Prophet's default) separately for each of the last whole years. Each pair's mean over
 * the years is shrunk toward zero by how consistent it is across them (positive-part James-Stein:
 * factor 1 - (between-year variance / years) / |mean|²), so a cycle that repeats every year is kept
 * whole, and one year's promotion, stock-out or moved holiday is mostly dropped.
 */
public final class YearlyProfile implements Serializable {
    static final int HARMONICS = 10;
    private static final double FLOOR = 0.1;

    private final double omega;
    private final double[] cosine;
    private final double[] sine;

    private YearlyProfile(double omega, double[] cosine, double[] sine, SeriesData source) {
        this.omega = omega;
        this.cosine = cosine;
        this.sine = sine;
        this.source = source;
    }

    /** Whether y[0, end) is long enough for a yearly profile (two full years of a daily series). */
    public static boolean applies(SeriesData series, int end) {
        return series.yearLength() > 0 && end >= 2 * series.yearLength();
    }

    /**
     * The profile of y[0, end), or null when the series is too short, has negative values or no level; kept
     * on the series, so ETS and Theta at the same origin share one estimate.
     */
    public static YearlyProfile of(SeriesData series, int end) {
        return applies(series, end) ? series.yearlyProfile(end) : null;
    }

    /**
     * {@code model} fitted on y[0, end) with the yearly profile divided out, the profile put back on its forecast;
     * null when the series has no profile (the model then fits the series as it is).
     */
    static ForecastModel.Fit fitWithout(
            ForecastModel model, SeriesData series, int end, int horizon, double[] start, boolean refine) {
        YearlyProfile yearly = of(series, end);
        if (yearly == null) {
            return null;
        }
        ForecastModel.Fit inner = model.fit(yearly.adjustedSeries(series, end), end, horizon, start, refine);
        return new ForecastModel.Fit(yearly.reapply(inner.mean(), end), inner.parameters());
    }

    static YearlyProfile estimate(SeriesData series, int end) {
        double yearLength = series.yearLength();
        int window = (int) Math.round(yearLength) | 1; // odd, so the average is centred: 365
        int half = window / 2;
        double[] y = Gaps.filled(series.y(), end);
        double[] prefix = new double[end + 1];
        for (int t = 0; t < end; t++) {
            if (y[t] < 0) {
                return null;
            }
            prefix[t + 1] = prefix[t] + y[t];
        }
        // trend: centred moving average on [half, end - half), continued linearly over the last quarter's slope
        double[] trend = new double[end];
        int lo = half;
        int hi = end - half - 1;
        for (int t = lo; t <= hi; t++) {
            trend[t] = (prefix[t + half + 1] - prefix[t - half]) / window;
        }
        int span = Math.min(91, hi - lo);
        if (span < 1 || !(trend[lo] > 0) || !(trend[hi] > 0)) {
            return null;
        }
        double slopeLo = (trend[lo + span] - trend[lo]) / span;
        double slopeHi = (trend[hi] - trend[hi - span]) / span;
        for (int t = 0; t < lo; t++) {
            trend[t] = Math.max(trend[lo] - slopeLo * (lo - t), 0.25 * trend[lo]);
        }
        for (int t = hi + 1; t < end; t++) {
            trend[t] = Math.max(trend[hi] + slopeHi * (t - hi), 0.25 * trend[hi]);
        }
        double[] ratio = new double[end];
        for (int t = 0; t < end; t++) {
            ratio[t] = trend[t] > 0 ? y[t] / trend[t] : 1;
        }
        // the weekly pattern out of the ratios (it is noise to the yearly terms)
        double[] week = new double[7];
        int[] counts = new int[7];
        for (int t = 0; t < end; t++) {
            week[t % 7] += ratio[t];
            counts[t % 7]++;
        }
        double weekMean = 0;
        for (int d = 0; d < 7; d++) {
            week[d] /= Math.max(counts[d], 1);
            weekMean += week[d] / 7;
        }
        for (int t = 0; t < end; t++) {
            double w = week[t % 7] / weekMean;
            if (w > 0) {
                ratio[t] /= w;
            }
        }
        // per whole year (the most recent ones), the Fourier coefficients of ratio / the year's mean ratio
        int blockLength = (int) Math.round(yearLength);
        int blocks = end / blockLength;
        double omega = 2 * Math.PI / yearLength;
        double[][] a = new double[blocks][HARMONICS];
        double[][] b = new double[blocks][HARMONICS];
        double[] table = series.yearHarmonics(end);
        for (int k = 0; k < blocks; k++) {
            int from = end - (k + 1) * blockLength;
            int to = from + blockLength;
            double mean = 0;
            for (int t = from; t < to; t++) {
                mean += ratio[t];
            }
            mean /= blockLength;
            if (!(mean > 0)) {
                return null;
            }
            double[] ak = a[k];
            double[] bk = b[k];
            for (int t = from; t < to; t++) {
                double r = ratio[t] / mean - 1;
                int at = t * 2 * HARMONICS;
                for (int h = 0; h < HARMONICS; h++) {
                    ak[h] += r * table[at + 2 * h];
                    bk[h] += r * table[at + 2 * h + 1];
                }
            }
            for (int h = 0; h < HARMONICS; h++) {
                a[k][h] *= 2.0 / blockLength;
                b[k][h] *= 2.0 / blockLength;
            }
        }
        double[] cosine = new double[HARMONICS];
        double[] sine = new double[HARMONICS];
        for (int h = 0; h < HARMONICS; h++) {
            double meanA = 0;
            double meanB = 0;
            for (int k = 0; k < blocks; k++) {
                meanA += a[k][h] / blocks;
                meanB += b[k][h] / blocks;
            }
            double spread = 0;
            for (int k = 0; k < blocks; k++) {
                spread += (a[k][h] - meanA) * (a[k][h] - meanA) + (b[k][h] - meanB) * (b[k][h] - meanB);
            }
            double errorOfMean = spread / (blocks - 1) / blocks;
            double size = meanA * meanA + meanB * meanB;
            double shrink = size > 0 ? Math.max(0, 1 - errorOfMean / size) : 0;
            cosine[h] = shrink * meanA;
            sine[h] = shrink * meanB;
        }
        return new YearlyProfile(omega, cosine, sine, series);
    }

    /**
     * cos(h·omega·t) and sin(h·omega·t) for h = 1..HARMONICS and t in [0, steps), interleaved per step
     * (cos of h = 1, sin of h = 1, cos of h = 2, ...): the values every origin's profile needs, so a series
     * computes them once ({@link SeriesData#yearHarmonics}).
     */
    static double[] harmonicTable(double omega, int steps) {
        double[] table = new double[steps * 2 * HARMONICS];
        Rotor rotor = new Rotor(omega);
        for (int t = 0, at = 0; t < steps; t++) {
            rotor.next();
            for (int h = 0; h < HARMONICS; h++) {
                table[at++] = rotor.cos[h];
                table[at++] = rotor.sin[h];
            }
        }
        return table;
    }

    /**
     * cos(h·omega·t), sin(h·omega·t) for h = 1..HARMONICS and t = 0, 1, 2, ...: the first harmonic by rotation
     * (re-anchored every 256 steps so rounding cannot drift), the others by its complex powers.
     */
    private static final class Rotor {
        final double[] cos = new double[HARMONICS];
        final double[] sin = new double[HARMONICS];
        private final double omega;
        private final double stepCos;
        private final double stepSin;
        private int t;
        private double c1;
        private double s1;

        Rotor(double omega) {
            this.omega = omega;
            this.stepCos = Math.cos(omega);
            this.stepSin = Math.sin(omega);
            this.t = -1;
        }

        /** Moves to the next step and fills cos and sin for it. */
        void next() {
            t++;
            if (t % 256 == 0) { // step 0 anchors first
                c1 = Math.cos(omega * t);
                s1 = Math.sin(omega * t);
            } else {
                double c = c1 * stepCos - s1 * stepSin;
                s1 = s1 * stepCos + c1 * stepSin;
                c1 = c;
            }
            powers(c1, s1, cos, sin);
        }
    }

    private static void harmonics(double omega, int t, double[] cos, double[] sin) {
        powers(Math.cos(omega * t), Math.sin(omega * t), cos, sin);
    }

    private static void powers(double c1, double s1, double[] cos, double[] sin) {
        double c = c1;
        double s = s1;
        for (int h = 0; h < cos.length; h++) {
            cos[h] = c;
            sin[h] = s;
            double next = c * c1 - s * s1;
            s = s * c1 + c * s1;
            c = next;
        }
    }

    /** The profile's factor at step t (mean about 1 over a year, at least {@value #FLOOR}). */
    public double factor(int t) {
        double[] cos = new double[HARMONICS];
        double[] sin = new double[HARMONICS];
        harmonics(omega, t, cos, sin);
        return factor(cos, sin);
    }

    private double factor(double[] cos, double[] sin) {
        double f = 1;
        for (int h = 0; h < HARMONICS; h++) {
            f += cosine[h] * cos[h] + sine[h] * sin[h];
        }
        return Math.max(f, FLOOR);
    }

    /**
     * The factors of steps [0, steps) or more, computed once for the models at one origin (ETS and Theta
     * need the fitted steps, the regression also the forecast ones: a quarter more is computed at first).
     */
    private synchronized double[] factors(int steps) {
        if (factors == null || factors.length < steps) {
            int length = Math.max(steps, factors == null ? steps + 92 : 0);
            double[] out = new double[length];
            // a deserialised profile has no series to share the table with and computes its own
            double[] table = source != null ? source.yearHarmonics(length) : harmonicTable(omega, length);
            for (int t = 0, at = 0; t < length; t++, at += 2 * HARMONICS) {
                double f = 1;
                for (int h = 0; h < HARMONICS; h++) {
                    f += cosine[h] * table[at + 2 * h] + sine[h] * table[at + 2 * h + 1];
                }
                out[t] = Math.max(f, FLOOR);
            }
            factors = out;
        }
        return factors;
    }

    /** y[0, end) divided by the profile (missing values stay missing). */
    public double[] adjusted(double[] y, int end) {
        double[] f = factors(end);
        double[] out = new double[end];
        for (int t = 0; t < end; t++) {
            out[t] = y[t] / f[t];
        }
        return out;
    }

    /** log of the factors of steps [0, steps), for the regression's yearly column. */
    public double[] logFactors(int steps) {
        double[] f = factors(steps);
        double[] out = new double[steps];
        for (int t = 0; t < steps; t++) {
            out[t] = Math.log(f[t]);
        }
        return out;
    }

    /** Puts the profile back on forecasts of steps end, end+1, ... */
    public double[] reapply(double[] forecast, int end) {
        double[] out = new double[forecast.length];
        for (int h = 0; h < forecast.length; h++) {
            out[h] = forecast[h] * factor(end + h);
        }
        return out;
    }

    /** The series with y[0, end) divided by its yearly profile, for ETS and Theta (computed once per end). */
    synchronized SeriesData adjustedSeries(SeriesData series, int end) {
        if (adjustedSeries == null || adjustedEnd != end || adjustedFrom != series) {
            adjustedSeries = SeriesData.of(adjusted(series.y(), end), series.period());
            adjustedEnd = end;
            adjustedFrom = series;
        }
        return adjustedSeries;
    }

    private transient double[] factors;
    /** The series the profile was estimated on: its table of harmonics serves {@link #factors}. */
    private final transient SeriesData source;

    private transient SeriesData adjustedSeries;
    private transient SeriesData adjustedFrom;
    private transient int adjustedEnd;
}
