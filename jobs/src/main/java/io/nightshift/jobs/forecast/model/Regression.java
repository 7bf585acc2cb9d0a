package io.nightshift.jobs.forecast.model;

import java.io.Serializable;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.NonSymmetricMatrixException;
import org.apache.commons.math3.linear.RealVector;

/**
 * A regression in the spirit of Prophet: log1p(y) = intercept + linear trend + Fourier terms of the season
 * period (and of the year for daily data; with two full years, the log of the series' shrunk
 * {@link YearlyProfile} as one column instead) + a holiday effect + the given regressors (e.g. log price, log
 * competitor price ratio, promotion), fitted by ridge-penalised least squares on standardised columns
 * (Cholesky, Commons Math), back-transformed with Duan's smearing factor so the forecast is a mean, not a
 * median. Series with negative values are fitted on the raw scale. Because price enters as a regressor,
 * forecasting the same series with other future regressor values ({@link SeriesData#withRegressors}) is
 * the what-if the pricing stage asks. Parameters: the coefficients on the standardised columns.
 */
public final class Regression implements ForecastModel {
    public static final String NAME = "regression";
    static final double RIDGE = 1.0;
    private static final int SEASON_HARMONICS = 3;
    private static final int YEAR_HARMONICS = 4;

    @Override
    public String name() {
        return NAME;
    }

    /** The fitted design: which columns exist, their standardisation and the coefficients. */
    public record Fitted(Design design, double[] coefficients, boolean logScale, double smearing) {
        public double predict(SeriesData series, int t) {
            double[] row = design.row(series, t);
            return predictRow(row);
        }

        double predictRow(double[] row) {
            double eta = coefficients[0];
            for (int j = 1; j < row.length; j++) {
                eta += coefficients[j] * row[j];
            }
            return logScale ? Math.exp(eta) * smearing - 1 : eta;
        }

        /** The coefficient of regressor j on the model's scale (per unit of the regressor, not standardised). */
        public double regressorEffect(int j) {
            int column = design.regressorColumn(j);
            return column < 0 ? 0 : coefficients[column];
        }
    }

    /** Raw feature rows of the last series seen (the Forecaster fits one instance to one series at several origins). */
    private transient SeriesData cachedSeries;

    private transient double[][] cachedRows;
    /** Running sums of the columns that do not depend on the origin, shared by the fits at every origin. */
    private transient FixedSums fixedSums;

    @Override
    public Fit fit(SeriesData series, int end, int horizon, double[] start, boolean refine) {
        Fitted fitted = fitModel(series, end, end + horizon);
        double[] mean = new double[horizon];
        for (int h = 0; h < horizon; h++) {
            mean[h] = fitted.predict(series, end + h);
        }
        return new Fit(mean, fitted.coefficients());
    }

    /**
     * Whether the regression knows something ETS and Theta do not for y[0, end): regressors, holidays, or a
     * yearly cycle beside the season period. Without any it is a stiffer version of them and only adds
     * noise to the selection.
     */
    public static boolean informative(SeriesData series, int end) {
        return series.regressorCount() > 0
                || series.hasHolidays()
                || (series.yearLength() > 0 && end >= 1.5 * series.yearLength());
    }

    public Fitted fitModel(SeriesData series, int end) {
        return fitModel(series, end, end);
    }

    Fitted fitModel(SeriesData series, int end, int steps) {
        double[] y = series.y();
        boolean logScale = true;
        for (int t = 0; t < end; t++) {
            if (y[t] < 0) {
                logScale = false;
                break;
            }
        }
        if (cachedSeries != series || cachedRows.length < steps) {
            cachedSeries = series;
            cachedRows = Design.fullRows(series, Math.max(steps, series.length()));
            fixedSums = null;
        }
        double[] target = logScale ? series.log1p() : y;
        YearlyProfile profile = YearlyProfile.of(series, end);
        Design layout =
                new Design(series, end, cachedRows, profile, profile == null ? null : profile.logFactors(steps));
        int p = layout.columns();
        // Raw cross-products: those of the columns that do not depend on the origin come from running sums over the
        // series (each origin's sums are the running sums stopped there, so they add in step order whatever was fitted
        // before); the yearly-profile column, estimated anew at each origin, is summed here.
        if (fixedSums == null || !fixedSums.fits(layout, logScale) || fixedSums.end > end) {
            fixedSums = new FixedSums(layout, logScale);
        }
        fixedSums.advance(series, cachedRows, target, end);
        int[] fixed = layout.fixedColumns();
        int q = fixed.length;
        double[][] raw = new double[p][p];
        double[] rawY = new double[p];
        for (int i = 0, k = 0; i < q; i++) {
            rawY[fixed[i]] = fixedSums.products[i];
            for (int j = 0; j <= i; j++, k++) {
                raw[fixed[i]][fixed[j]] = fixedSums.cross[k];
                raw[fixed[j]][fixed[i]] = fixedSums.cross[k];
            }
        }
        int profileColumn = layout.profileColumn();
        if (profileColumn >= 0) {
            double[] fixedRow = new double[q];
            double[] withProfile = new double[q + 1];
            double profileTarget = 0;
            for (int t = 0; t < end; t++) {
                if (Double.isNaN(y[t])) {
                    continue;
                }
                double v = layout.logProfileAt(t);
                layout.fixedRow(series, cachedRows, t, fixedRow);
                for (int i = 0; i < q; i++) {
                    withProfile[i] += fixedRow[i] * v;
                }
                withProfile[q] += v * v;
                profileTarget += v * target[t];
            }
            for (int i = 0; i < q; i++) {
                raw[profileColumn][fixed[i]] = withProfile[i];
                raw[fixed[i]][profileColumn] = withProfile[i];
            }
            raw[profileColumn][profileColumn] = withProfile[q];
            rawY[profileColumn] = profileTarget;
        }
        double observed = raw[0][0];
        Design design = layout.standardisedBy(raw);
        // X'X and X'y of the standardised columns from the raw sums (the intercept column is orthogonal to the rest)
        double[][] xtx = new double[p][p];
        double[] xty = new double[p];
        xtx[0][0] = observed;
        xty[0] = rawY[0];
        for (int i = 1; i < p; i++) {
            double ci = design.rawCentre(i);
            double si = design.rawScale(i);
            xty[i] = (rawY[i] - ci * rawY[0]) / si;
            for (int j = 1; j <= i; j++) {
                double v = (raw[i][j] - observed * ci * design.rawCentre(j)) / (si * design.rawScale(j));
                xtx[i][j] = v;
                xtx[j][i] = v;
            }
        }
        for (int i = 1; i < p; i++) {
            xtx[i][i] += RIDGE;
        }
        double[] beta = new double[p];
        if (observed > 0) {
            xtx[0][0] += 1e-9;
            try {
                RealVector solution = new CholeskyDecomposition(new Array2DRowRealMatrix(xtx, false), 1e-12, 1e-14)
                        .getSolver()
                        .solve(new ArrayRealVector(xty, false));
                beta = solution.toArray();
            } catch (NonPositiveDefiniteMatrixException | NonSymmetricMatrixException e) {
                beta[0] = xty[0] / observed;
            }
        }
        double[] coefficients = design.unstandardise(beta);
        double smearing = 1;
        if (logScale && observed > 0) {
            double sum = 0;
            Fitted rawFit = new Fitted(design, coefficients, false, 1);
            double[] row = new double[p];
            for (int t = 0; t < end; t++) {
                if (!Double.isNaN(y[t])) {
                    design.fill(t, row);
                    sum += Math.exp(target[t] - rawFit.predictRow(row));
                }
            }
            smearing = Math.min(Math.max(sum / observed, 1), 2);
        }
        return new Fitted(design, coefficients, logScale, smearing);
    }

    /**
     * Sums over the observed steps [0, end) of the products of the origin-independent raw columns (intercept,
     * step number, season and year harmonics, holiday, regressors), lower triangle row by row, and of each with
     * the target; advanced step by step as the origins grow.
     */
    private static final class FixedSums {
        /** The design whose origin-independent columns are summed (any origin's with the same columns will do). */
        final Design layout;

        final boolean logScale;
        final double[] cross;
        final double[] products;
        int end;

        FixedSums(Design layout, boolean logScale) {
            this.layout = layout;
            this.logScale = logScale;
            int q = layout.fixedColumns().length;
            cross = new double[q * (q + 1) / 2];
            products = new double[q];
        }

        boolean fits(Design other, boolean logScale) {
            return other.seasonHarmonics == layout.seasonHarmonics
                    && other.yearHarmonics == layout.yearHarmonics
                    && other.holiday == layout.holiday
                    && other.regressors == layout.regressors
                    && this.logScale == logScale;
        }

        void advance(SeriesData series, double[][] base, double[] target, int to) {
            double[] y = series.y();
            int q = products.length;
            double[] row = new double[q];
            for (int t = end; t < to; t++) {
                if (Double.isNaN(y[t])) {
                    continue;
                }
                layout.fixedRow(series, base, t, row);
                double v = target[t];
                int k = 0;
                for (int i = 0; i < q; i++) {
                    double ri = row[i];
                    products[i] += ri * v;
                    for (int j = 0; j <= i; j++) {
                        cross[k++] += ri * row[j];
                    }
                }
            }
            end = Math.max(end, to);
        }
    }

    /**
     * The columns: 0 intercept, 1 trend, Fourier pairs of the season period, Fourier pairs of the year (or
     * the log yearly profile), holiday, regressors. Standardised on the fitted rows for the ridge penalty;
     * the coefficients are converted back to raw units. The raw base features of every step (past and future) are
     * computed
     * once per series ({@link #fullRows}) and shared by the fits at every origin.
     */
    public static final class Design implements Serializable {
        final int end;
        final int seasonHarmonics;
        final int yearHarmonics;
        final boolean holiday;
        final int regressors;
        /** With two years of history: log of the yearly profile as one column in place of the yearly Fourier terms. */
        final YearlyProfile profile;

        private final transient double[] logProfile;
        final double[] centre;
        final double[] scale;
        private final transient double[] rawCentre;
        private final transient double[] rawScale;
        private final transient double[][] base;
        private final transient SeriesData series;

        /**
         * Base features per step for steps [0, steps): t, season sin/cos (k = 1..3), year sin/cos
         * (k = 1..4), holiday. Sines and cosines by rotation (angle addition), not one trig call each.
         */
        static double[][] fullRows(SeriesData s, int steps) {
            double[][] rows = new double[steps][1 + 2 * SEASON_HARMONICS + 2 * YEAR_HARMONICS + 1];
            rotate(rows, 1, SEASON_HARMONICS, 2 * Math.PI / s.period());
            rotate(
                    rows,
                    1 + 2 * SEASON_HARMONICS,
                    YEAR_HARMONICS,
                    s.yearLength() > 0 ? 2 * Math.PI / s.yearLength() : 0);
            int holidayAt = 1 + 2 * SEASON_HARMONICS + 2 * YEAR_HARMONICS;
            for (int t = 0; t < steps; t++) {
                rows[t][0] = t;
                rows[t][holidayAt] = s.holiday(t) ? 1 : 0;
            }
            return rows;
        }

        private static void rotate(double[][] rows, int column, int harmonics, double omega) {
            for (int h = 1; h <= harmonics; h++) {
                double stepSin = Math.sin(omega * h);
                double stepCos = Math.cos(omega * h);
                double sin = 0;
                double cos = 1;
                for (int t = 0; t < rows.length; t++) {
                    if (t % 256 == 0) { // re-anchor now and then so rounding cannot drift
                        sin = Math.sin(omega * h * t);
                        cos = Math.cos(omega * h * t);
                    }
                    rows[t][column + 2 * (h - 1)] = sin;
                    rows[t][column + 2 * (h - 1) + 1] = cos;
                    double nextSin = sin * stepCos + cos * stepSin;
                    cos = cos * stepCos - sin * stepSin;
                    sin = nextSin;
                }
            }
        }

        /** The layout of the columns at an origin; centre and scale come from {@link #standardisedBy}. */
        Design(SeriesData s, int end, double[][] base, YearlyProfile profile, double[] logProfile) {
            this.end = end;
            this.base = base;
            this.series = s;
            this.profile = profile;
            this.logProfile = logProfile;
            this.seasonHarmonics =
                    s.period() > 1 && end >= 2 * s.period() ? Math.min(SEASON_HARMONICS, s.period() / 2) : 0;
            this.yearHarmonics =
                    profile == null && s.yearLength() > 0 && end >= 1.5 * s.yearLength() ? YEAR_HARMONICS : 0;
            this.holiday = s.hasHolidays();
            this.regressors = s.regressorCount();
            int p = columns();
            centre = new double[p];
            scale = new double[p];
            rawCentre = new double[p];
            rawScale = new double[p];
        }

        /**
         * Sets each column's centre and scale (mean and standard deviation over the fitted rows; scale 1 for a
         * constant column) from the raw cross-products {@code raw} (column 0 the intercept, so raw[j][0] is a column's
         * sum and raw[0][0] the row count). The raw trend column is the step number, the design's is step / end.
         */
        Design standardisedBy(double[][] raw) {
            double count = raw[0][0];
            scale[0] = 1;
            rawScale[0] = 1;
            for (int j = 1; j < centre.length; j++) {
                double unit = j == 1 ? Math.max(end, 1) : 1;
                double mean = count == 0 ? 0 : raw[j][0] / count / unit;
                double variance = count == 0 ? 0 : raw[j][j] / count / (unit * unit) - mean * mean;
                centre[j] = mean;
                scale[j] = variance > 1e-12 ? Math.sqrt(variance) : 1;
                rawCentre[j] = centre[j] * unit;
                rawScale[j] = scale[j] * unit;
            }
            return this;
        }

        double rawCentre(int j) {
            return rawCentre[j];
        }

        double rawScale(int j) {
            return rawScale[j];
        }

        /** The design's column of the yearly profile, -1 without one. */
        int profileColumn() {
            return profile == null ? -1 : 2 + 2 * seasonHarmonics + 2 * yearHarmonics;
        }

        /** The design's columns other than the profile's, in order: those {@link #fixedRow} fills. */
        int[] fixedColumns() {
            int p = columns();
            int profileAt = profileColumn();
            int[] out = new int[profileAt < 0 ? p : p - 1];
            for (int j = 0, k = 0; j < p; j++) {
                if (j != profileAt) {
                    out[k++] = j;
                }
            }
            return out;
        }

        double logProfileAt(int t) {
            return logProfile != null && t < logProfile.length ? logProfile[t] : Math.log(profile.factor(t));
        }

        /** The raw origin-independent columns of step t: 1, t, season and year harmonics, holiday, regressors. */
        void fixedRow(SeriesData s, double[][] rows, int t, double[] row) {
            double[] b = rows[t];
            int c = 0;
            row[c++] = 1;
            row[c++] = b[0];
            for (int h = 0; h < seasonHarmonics; h++) {
                row[c++] = b[1 + 2 * h];
                row[c++] = b[2 + 2 * h];
            }
            int yearStart = 1 + 2 * SEASON_HARMONICS;
            for (int h = 0; h < yearHarmonics; h++) {
                row[c++] = b[yearStart + 2 * h];
                row[c++] = b[yearStart + 1 + 2 * h];
            }
            if (holiday) {
                row[c++] = b[yearStart + 2 * YEAR_HARMONICS];
            }
            for (int j = 0; j < regressors; j++) {
                row[c++] = s.regressor(t, j);
            }
        }

        int columns() {
            return 2
                    + 2 * seasonHarmonics
                    + 2 * yearHarmonics
                    + (profile != null ? 1 : 0)
                    + (holiday ? 1 : 0)
                    + regressors;
        }

        int regressorColumn(int j) {
            return j < regressors ? columns() - regressors + j : -1;
        }

        /** Raw row of step t of a series (the fitted one, or the same series with other regressor values). */
        double[] row(SeriesData s, int t) {
            double[] row = new double[columns()];
            return fillFrom(t < base.length ? base : fullRows(s, t + 1), s, t, row);
        }

        /** Coefficients on standardised columns to raw columns (intercept absorbs the centring). */
        double[] unstandardise(double[] beta) {
            double[] raw = new double[beta.length];
            raw[0] = beta[0];
            for (int j = 1; j < beta.length; j++) {
                raw[j] = beta[j] / scale[j];
                raw[0] -= raw[j] * centre[j];
            }
            return raw;
        }

        void fill(int t, double[] row) {
            fillFrom(base, series, t, row);
        }

        /** The origin-independent columns, the trend as step / end, the yearly profile's column in its place. */
        private double[] fillFrom(double[][] rows, SeriesData s, int t, double[] row) {
            fixedRow(s, rows, t, row);
            row[1] /= Math.max(end, 1);
            int at = profileColumn();
            if (at >= 0) {
                System.arraycopy(row, at, row, at + 1, columns() - 1 - at);
                row[at] = logProfileAt(t);
            }
            return row;
        }
    }
}
