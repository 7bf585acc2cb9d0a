package io.nightshift.jobs.forecast.model;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.RealVector;

/**
 * A regression in the spirit of Prophet: log1p(y) = intercept + linear trend + Fourier terms of the season
 * period (and of the year for daily data) + a holiday effect + the given regressors (e.g. log price, log
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

    @Override
    public Fit fit(SeriesData series, int end, int horizon, double[] start, boolean refine) {
        Fitted fitted = fitModel(series, end);
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
        return series.regressorCount() > 0 || series.hasHolidays()
                || (series.yearLength() > 0 && end >= 1.5 * series.yearLength());
    }

    public Fitted fitModel(SeriesData series, int end) {
        double[] y = series.y();
        boolean logScale = true;
        for (int t = 0; t < end; t++) {
            if (y[t] < 0) {
                logScale = false;
                break;
            }
        }
        Design design = Design.of(series, end);
        int p = design.columns();
        double[][] xtx = new double[p][p];
        double[] xty = new double[p];
        int observed = 0;
        double[] row = new double[p];
        for (int t = 0; t < end; t++) {
            if (Double.isNaN(y[t])) {
                continue;
            }
            design.standardisedRow(series, t, row);
            double target = logScale ? Math.log1p(y[t]) : y[t];
            for (int i = 0; i < p; i++) {
                xty[i] += row[i] * target;
                for (int j = 0; j <= i; j++) {
                    xtx[i][j] += row[i] * row[j];
                }
            }
            observed++;
        }
        for (int i = 0; i < p; i++) {
            for (int j = i + 1; j < p; j++) {
                xtx[i][j] = xtx[j][i];
            }
            if (i > 0) {
                xtx[i][i] += RIDGE;
            }
        }
        double[] beta = new double[p];
        if (observed > 0) {
            xtx[0][0] += 1e-9;
            try {
                RealVector solution = new CholeskyDecomposition(new Array2DRowRealMatrix(xtx, false), 1e-12, 1e-14)
                        .getSolver().solve(new ArrayRealVector(xty, false));
                beta = solution.toArray();
            } catch (NonPositiveDefiniteMatrixException | org.apache.commons.math3.linear.NonSymmetricMatrixException e) {
                beta[0] = xty[0] / observed;
            }
        }
        double[] coefficients = design.unstandardise(beta);
        double smearing = 1;
        if (logScale && observed > 0) {
            double sum = 0;
            Fitted raw = new Fitted(design, coefficients, false, 1);
            for (int t = 0; t < end; t++) {
                if (!Double.isNaN(y[t])) {
                    sum += Math.exp(Math.log1p(y[t]) - raw.predict(series, t));
                }
            }
            smearing = Math.min(Math.max(sum / observed, 1), 2);
        }
        return new Fitted(design, coefficients, logScale, smearing);
    }

    /**
     * The columns: 0 intercept, 1 trend, Fourier pairs, holiday, regressors. Standardised on the fitted
     * rows; {@link #row} gives raw values and the coefficients are converted back to raw units.
     */
    public static final class Design implements java.io.Serializable {
        final int end;
        final int seasonPeriod;
        final int seasonHarmonics;
        final double yearLength;
        final int yearHarmonics;
        final boolean holiday;
        final int regressors;
        final double[] centre;
        final double[] scale;

        private Design(SeriesData s, int end) {
            this.end = end;
            this.seasonPeriod = s.period();
            this.seasonHarmonics = s.period() > 1 && end >= 2 * s.period() ? Math.min(SEASON_HARMONICS, s.period() / 2) : 0;
            this.yearLength = s.yearLength();
            this.yearHarmonics = s.yearLength() > 0 && end >= 1.5 * s.yearLength() ? YEAR_HARMONICS : 0;
            this.holiday = s.hasHolidays();
            this.regressors = s.regressorCount();
            int p = columns();
            centre = new double[p];
            scale = new double[p];
            double[] row = new double[p];
            int count = 0;
            double[][] moments = new double[p][2];
            for (int t = 0; t < end; t++) {
                if (Double.isNaN(s.y()[t])) {
                    continue;
                }
                fill(s, t, row);
                for (int j = 0; j < p; j++) {
                    moments[j][0] += row[j];
                    moments[j][1] += row[j] * row[j];
                }
                count++;
            }
            scale[0] = 1;
            for (int j = 1; j < p; j++) {
                double mean = count == 0 ? 0 : moments[j][0] / count;
                double variance = count == 0 ? 0 : moments[j][1] / count - mean * mean;
                centre[j] = mean;
                scale[j] = variance > 1e-12 ? Math.sqrt(variance) : 1;
            }
        }

        static Design of(SeriesData s, int end) {
            return new Design(s, end);
        }

        int columns() {
            return 2 + 2 * seasonHarmonics + 2 * yearHarmonics + (holiday ? 1 : 0) + regressors;
        }

        int regressorColumn(int j) {
            return j < regressors ? columns() - regressors + j : -1;
        }

        double[] row(SeriesData s, int t) {
            double[] row = new double[columns()];
            fill(s, t, row);
            return row;
        }

        void standardisedRow(SeriesData s, int t, double[] row) {
            fill(s, t, row);
            for (int j = 1; j < row.length; j++) {
                row[j] = (row[j] - centre[j]) / scale[j];
            }
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

        private void fill(SeriesData s, int t, double[] row) {
            int c = 0;
            row[c++] = 1;
            row[c++] = (double) t / Math.max(end, 1);
            for (int k = 1; k <= seasonHarmonics; k++) {
                double angle = 2 * Math.PI * k * t / seasonPeriod;
                row[c++] = Math.sin(angle);
                row[c++] = Math.cos(angle);
            }
            for (int k = 1; k <= yearHarmonics; k++) {
                double angle = 2 * Math.PI * k * t / yearLength;
                row[c++] = Math.sin(angle);
                row[c++] = Math.cos(angle);
            }
            if (holiday) {
                row[c++] = s.holiday(t) ? 1 : 0;
            }
            for (int j = 0; j < regressors; j++) {
                row[c++] = s.regressor(t, j);
            }
        }
    }
}
