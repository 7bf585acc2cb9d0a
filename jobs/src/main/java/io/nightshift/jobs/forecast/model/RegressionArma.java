package io.nightshift.jobs.forecast.model;

import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.NonSymmetricMatrixException;

/**
 * Regression with ARMA errors on the log scale, as auto.arima with regressors on log units does: the
 * {@link Regression}'s design (trend, season and year Fourier terms or the yearly profile, holidays, the regressors)
 * fitted to log1p(y), with every regressor whose values are all positive and take more than two levels (a price)
 * entered as its log, so price and promotion effects are multiplicative (unless the series says its regressors are
 * already in logs, as the stage's log price and log price ratio are: {@link SeriesData#withRegressorsInLogs}); then an ARMA(p, q) of the regression's
 * residuals, the order chosen by AICc among {@link #ORDERS} (Hannan-Rissanen estimates: a long autoregression gives
 * the innovations, then one least-squares fit on lagged residuals and innovations), on at most the last
 * {@link #WINDOW} steps. The forecast is the regression's plus the ARMA's forecast of the residual, back-transformed
 * as a mean: exp(log forecast + v_h / 2) - 1, v_h the ARMA's h-step error variance (log-normal bias correction,
 * the factor capped at 2). Forecasting the same series with other future regressor values is the what-if at
 * another price, as with the plain regression. Series with negative values: not a candidate (the Forecaster only
 * adds it for demand). Parameters: none carried between origins (each fit is closed-form).
 */
public final class RegressionArma implements ForecastModel {
    public static final String NAME = "regression_arma";
    /** (p, q) orders tried. */
    static final int[][] ORDERS = {{0, 0}, {1, 0}, {2, 0}, {0, 1}, {1, 1}};

    static final int WINDOW = 730;
    private static final int LONG_AR = 6;

    private final Regression regression = new Regression();
    private transient SeriesData cachedSeries;
    private transient SeriesData cachedLogged;

    @Override
    public String name() {
        return NAME;
    }

    /** The chosen ARMA of the residuals: coefficients, innovation variance, and the last residuals and innovations. */
    record Arma(int p, int q, double[] phi, double[] theta, double sigma2, double aicc) {}

    @Override
    public Fit fit(SeriesData series, int end, int horizon, double[] start, boolean refine) {
        SeriesData s = logged(series);
        Regression.Fitted fitted = regression.fitModel(s, end, end + horizon);
        double[] target = s.log1p();
        double[] y = s.y();
        Regression.Fitted linear = new Regression.Fitted(fitted.design(), fitted.coefficients(), false, 1);
        int from = Math.max(0, end - WINDOW);
        double[] residual = new double[end - from];
        double[] row = new double[fitted.design().columns()];
        for (int t = from; t < end; t++) {
            if (Double.isNaN(y[t])) {
                residual[t - from] = 0; // a missing day: the regression's value, no surprise carried
            } else {
                fitted.design().fill(t, row);
                residual[t - from] = target[t] - linear.predictRow(row);
            }
        }
        Arma arma = choose(residual);
        double[] innovations = innovations(residual, arma);
        double[] ahead = forecastResidual(residual, innovations, arma, horizon);
        double[] psi = psiWeights(arma, horizon);
        double[] mean = new double[horizon];
        double variance = 0;
        for (int h = 0; h < horizon; h++) {
            variance += arma.sigma2 * psi[h] * psi[h];
            double eta = linear.predictRow(fitted.design().row(s, end + h));
            double correction = Math.min(Math.exp(variance / 2), 2);
            mean[h] = Math.max(0, Math.exp(eta + ahead[h]) * correction - 1);
        }
        return new Fit(mean, new double[0]);
    }

    /** The series with every positive, more-than-two-level regressor in logs (cached for the fits at every origin). */
    SeriesData logged(SeriesData series) {
        if (cachedSeries == series) {
            return cachedLogged;
        }
        int k = series.regressorCount();
        SeriesData out = series;
        if (k > 0 && !series.regressorsInLogs()) {
            int steps = series.knownSteps();
            boolean[] log = new boolean[k];
            boolean any = false;
            for (int j = 0; j < k; j++) {
                boolean positive = true;
                double first = series.regressor(0, j);
                double second = Double.NaN;
                boolean third = false;
                for (int t = 0; t < steps && positive; t++) {
                    double v = series.regressor(t, j);
                    positive = v > 0;
                    if (v != first) {
                        if (Double.isNaN(second)) {
                            second = v;
                        } else if (v != second) {
                            third = true;
                        }
                    }
                }
                log[j] = positive && third;
                any |= log[j];
            }
            if (any) {
                double[][] regressors = new double[steps][k];
                for (int t = 0; t < steps; t++) {
                    for (int j = 0; j < k; j++) {
                        double v = series.regressor(t, j);
                        regressors[t][j] = log[j] ? Math.log(v) : v;
                    }
                }
                out = series.withRegressors(regressors);
            }
        }
        cachedSeries = series;
        cachedLogged = out;
        return out;
    }

    /** The ARMA order with the lowest AICc (ties: the simpler, earlier in {@link #ORDERS}). */
    static Arma choose(double[] e) {
        double[] longInnovations = longArInnovations(e);
        Arma best = null;
        for (int[] order : ORDERS) {
            Arma a = fitOrder(e, longInnovations, order[0], order[1]);
            if (a != null && (best == null || a.aicc < best.aicc - 1e-9)) {
                best = a;
            }
        }
        return best;
    }

    /** Innovations of a least-squares AR(LONG_AR) of e (0 before it can be computed). */
    static double[] longArInnovations(double[] e) {
        int n = e.length;
        int p = Math.min(LONG_AR, Math.max(0, n / 10));
        double[] out = new double[n];
        if (p == 0) {
            System.arraycopy(e, 0, out, 0, n);
            return out;
        }
        double[][] x = new double[n - p][p];
        double[] target = new double[n - p];
        for (int t = p; t < n; t++) {
            for (int i = 0; i < p; i++) {
                x[t - p][i] = e[t - 1 - i];
            }
            target[t - p] = e[t];
        }
        double[] phi = leastSquares(x, target);
        for (int t = p; t < n; t++) {
            double f = 0;
            for (int i = 0; i < p; i++) {
                f += (phi == null ? 0 : phi[i]) * e[t - 1 - i];
            }
            out[t] = e[t] - f;
        }
        return out;
    }

    /** Hannan-Rissanen's second step for ARMA(p, q); null when there are too few steps. */
    static Arma fitOrder(double[] e, double[] a, int p, int q) {
        int start = Math.max(p, q) + (q > 0 ? LONG_AR : 0);
        int m = e.length - start;
        int k = p + q;
        if (m < k + 10) {
            return null;
        }
        double[] coefficients = new double[k];
        if (k > 0) {
            double[][] x = new double[m][k];
            double[] target = new double[m];
            for (int t = start; t < e.length; t++) {
                for (int i = 0; i < p; i++) {
                    x[t - start][i] = e[t - 1 - i];
                }
                for (int j = 0; j < q; j++) {
                    x[t - start][p + j] = a[t - 1 - j];
                }
                target[t - start] = e[t];
            }
            double[] solved = leastSquares(x, target);
            if (solved == null) {
                return null;
            }
            coefficients = solved;
        }
        double[] phi = Arrays.copyOfRange(coefficients, 0, p);
        double[] theta = Arrays.copyOfRange(coefficients, p, k);
        if (!stationaryInvertible(phi) || !stationaryInvertible(theta)) {
            return null;
        }
        // innovation variance from the model's own recursion over the same steps
        Arma provisional = new Arma(p, q, phi, theta, 1, 0);
        double[] innovations = innovations(e, provisional);
        double sum = 0;
        for (int t = start; t < e.length; t++) {
            sum += innovations[t] * innovations[t];
        }
        double sigma2 = Math.max(sum / m, 1e-12);
        int parameters = k + 1;
        double aicc = m * Math.log(sigma2)
                + 2 * parameters
                + 2.0 * parameters * (parameters + 1) / Math.max(1, m - parameters - 1);
        return new Arma(p, q, phi, theta, sigma2, aicc);
    }

    /** For |coefficients| of order at most 2: the AR (or MA) polynomial's roots outside the unit circle. */
    static boolean stationaryInvertible(double[] c) {
        if (c.length == 0) {
            return true;
        }
        if (c.length == 1) {
            return Math.abs(c[0]) < 0.99;
        }
        return Math.abs(c[1]) < 0.99 && c[1] + c[0] < 0.99 && c[1] - c[0] < 0.99;
    }

    /** The ARMA's innovations of e, with innovations before the start taken as 0. */
    static double[] innovations(double[] e, Arma arma) {
        double[] a = new double[e.length];
        for (int t = 0; t < e.length; t++) {
            double f = 0;
            for (int i = 0; i < arma.p && t - 1 - i >= 0; i++) {
                f += arma.phi[i] * e[t - 1 - i];
            }
            for (int j = 0; j < arma.q && t - 1 - j >= 0; j++) {
                f += arma.theta[j] * a[t - 1 - j];
            }
            a[t] = e[t] - f;
        }
        return a;
    }

    /** The residual's forecast for the next h steps (future innovations 0). */
    static double[] forecastResidual(double[] e, double[] a, Arma arma, int horizon) {
        int n = e.length;
        double[] ext = Arrays.copyOf(e, n + horizon);
        double[] innov = Arrays.copyOf(a, n + horizon);
        double[] out = new double[horizon];
        for (int h = 0; h < horizon; h++) {
            int t = n + h;
            double f = 0;
            for (int i = 0; i < arma.p && t - 1 - i >= 0; i++) {
                f += arma.phi[i] * ext[t - 1 - i];
            }
            for (int j = 0; j < arma.q && t - 1 - j >= 0; j++) {
                f += arma.theta[j] * innov[t - 1 - j];
            }
            ext[t] = f;
            innov[t] = 0;
            out[h] = f;
        }
        return out;
    }

    /** psi_0 = 1, psi_j of the ARMA's infinite MA form. */
    static double[] psiWeights(Arma arma, int horizon) {
        double[] psi = new double[horizon];
        if (horizon == 0) {
            return psi;
        }
        psi[0] = 1;
        for (int j = 1; j < horizon; j++) {
            double v = j <= arma.q ? arma.theta[j - 1] : 0;
            for (int i = 0; i < arma.p && j - 1 - i >= 0; i++) {
                v += arma.phi[i] * psi[j - 1 - i];
            }
            psi[j] = v;
        }
        return psi;
    }

    private static double[] leastSquares(double[][] x, double[] y) {
        int k = x[0].length;
        double[][] xtx = new double[k][k];
        double[] xty = new double[k];
        for (int r = 0; r < x.length; r++) {
            for (int i = 0; i < k; i++) {
                xty[i] += x[r][i] * y[r];
                for (int j = 0; j <= i; j++) {
                    xtx[i][j] += x[r][i] * x[r][j];
                }
            }
        }
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < i; j++) {
                xtx[j][i] = xtx[i][j];
            }
            xtx[i][i] += 1e-9;
        }
        try {
            return new CholeskyDecomposition(new Array2DRowRealMatrix(xtx, false), 1e-12, 1e-14)
                    .getSolver()
                    .solve(new ArrayRealVector(xty, false))
                    .toArray();
        } catch (NonPositiveDefiniteMatrixException | NonSymmetricMatrixException ex) {
            return null;
        }
    }
}
