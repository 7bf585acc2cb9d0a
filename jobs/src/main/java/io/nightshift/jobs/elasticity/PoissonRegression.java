package io.nightshift.jobs.elasticity;

import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Poisson GLM with log link, fitted by iteratively reweighted least squares (Commons Math for the linear
 * algebra), with a heteroskedasticity- and autocorrelation-consistent (Newey-West, Bartlett kernel)
 * sandwich covariance. Poisson maximum likelihood is consistent for the mean parameters whatever the
 * true count distribution (Gourieroux, Monfort and Trognon 1984), so with the sandwich it is the usual
 * "quasi-Poisson with robust errors" for overdispersed, serially correlated daily demand. Zero counts need
 * no special treatment, unlike log(units).
 */
public final class PoissonRegression {
    static final int MAX_ITERATIONS = 60;
    static final double TOLERANCE = 1e-9;
    /** A tiny ridge on every column but the intercept keeps nearly collinear controls solvable. */
    static final double RIDGE = 1e-6;

    static final double MAX_LINEAR_PREDICTOR = 30;

    private PoissonRegression() {}

    /**
     * @param coefficients the fitted coefficients
     * @param covariance   the sandwich covariance of the coefficients (small-sample scaled by n/(n-p))
     * @param converged    whether IRLS met its tolerance
     */
    public record Fit(double[] coefficients, double[][] covariance, boolean converged, int iterations) {
        public double standardError(int column) {
            return Math.sqrt(covariance[column][column]);
        }
    }

    /**
     * Fits y ~ Poisson(exp(X beta)).
     *
     * @param x          n x p design, column 0 the intercept
     * @param y          n counts
     * @param day        n day numbers (epoch days), increasing; the lag structure of the HAC covariance
     * @param hacLagDays observations up to this many days apart are treated as correlated (0: White's sandwich)
     */
    public static Fit fit(double[][] x, double[] y, long[] day, int hacLagDays) {
        return fit(x, y, null, day, hacLagDays);
    }

    /**
     * Fits with prior weights (quasi-likelihood: row i's variance taken as mu_i / weight_i); null weights are all 1.
     * The sandwich covariance stays valid whatever the weights; well-chosen ones make it smaller.
     */
    public static Fit fit(double[][] x, double[] y, double[] weights, long[] day, int hacLagDays) {
        int n = y.length;
        int p = x[0].length;
        double mean = 0;
        for (double v : y) {
            mean += v;
        }
        mean /= n;
        double[] beta = new double[p];
        beta[0] = Math.log(mean + 0.1);
        double deviance = deviance(x, y, weights, beta);
        boolean converged = false;
        int iteration = 0;
        while (iteration < MAX_ITERATIONS && !converged) {
            iteration++;
            double[] mu = means(x, beta);
            double[][] xtwx = new double[p][p];
            double[] xtwz = new double[p];
            for (int i = 0; i < n; i++) {
                double eta = Math.log(mu[i]);
                double z = eta + (y[i] - mu[i]) / mu[i];
                double w = weight(weights, i) * mu[i];
                double[] row = x[i];
                for (int a = 0; a < p; a++) {
                    double wa = w * row[a];
                    xtwz[a] += wa * z;
                    for (int b = 0; b <= a; b++) {
                        xtwx[a][b] += wa * row[b];
                    }
                }
            }
            symmetrise(xtwx);
            for (int a = 1; a < p; a++) {
                xtwx[a][a] += RIDGE * (1 + xtwx[a][a]);
            }
            double[] proposal = solve(xtwx, xtwz);
            if (proposal == null) {
                break;
            }
            // Step halving: IRLS can overshoot from a poor start; never accept a worse deviance.
            double step = 1;
            double[] candidate = proposal;
            double candidateDeviance = deviance(x, y, weights, candidate);
            while (!(candidateDeviance <= deviance + 1e-12) && step > 1e-4) {
                step /= 2;
                candidate = new double[p];
                for (int a = 0; a < p; a++) {
                    candidate[a] = beta[a] + step * (proposal[a] - beta[a]);
                }
                candidateDeviance = deviance(x, y, weights, candidate);
            }
            if (!(candidateDeviance <= deviance + 1e-12)) {
                converged = Math.abs(deviance) < Double.POSITIVE_INFINITY;
                break;
            }
            converged = Math.abs(deviance - candidateDeviance) <= TOLERANCE * (Math.abs(candidateDeviance) + 0.1);
            beta = candidate;
            deviance = candidateDeviance;
        }
        double[][] covariance = sandwich(x, y, weights, day, beta, hacLagDays);
        return new Fit(beta, covariance, converged && covariance != null, iteration);
    }

    static double[][] sandwich(double[][] x, double[] y, long[] day, double[] beta, int hacLagDays) {
        return sandwich(x, y, null, day, beta, hacLagDays);
    }

    static double[][] sandwich(double[][] x, double[] y, double[] weights, long[] day, double[] beta, int hacLagDays) {
        int n = y.length;
        int p = beta.length;
        double[] mu = means(x, beta);
        double[][] bread = new double[p][p];
        double[][] scores = new double[n][p];
        for (int i = 0; i < n; i++) {
            double weight = weight(weights, i);
            double residual = weight * (y[i] - mu[i]);
            for (int a = 0; a < p; a++) {
                scores[i][a] = x[i][a] * residual;
                for (int b = 0; b <= a; b++) {
                    bread[a][b] += weight * mu[i] * x[i][a] * x[i][b];
                }
            }
        }
        symmetrise(bread);
        for (int a = 1; a < p; a++) {
            bread[a][a] += RIDGE * (1 + bread[a][a]);
        }
        double[][] meat = hacMeat(scores, day, hacLagDays);
        RealMatrix inverse;
        try {
            inverse = new CholeskyDecomposition(new Array2DRowRealMatrix(bread, false))
                    .getSolver()
                    .getInverse();
        } catch (NonPositiveDefiniteMatrixException e) {
            return null;
        }
        RealMatrix covariance =
                inverse.multiply(new Array2DRowRealMatrix(meat, false)).multiply(inverse);
        double scale = n > p ? n / (double) (n - p) : Double.NaN;
        double[][] result = covariance.scalarMultiply(scale).getData();
        for (int a = 0; a < p; a++) {
            if (!(result[a][a] >= 0) || Double.isInfinite(result[a][a])) {
                return null;
            }
        }
        return result;
    }

    /**
     * The Newey-West meat: the sum over every pair of rows at most {@code hacLagDays} apart of
     * k(gap) (s_i s_j' + s_j s_i') (each row once with itself), k the Bartlett weight 1 - gap / (lag + 1).
     * Computed per day: the day's summed scores S_d (rows of one day pair with weight 1), then
     * S_d S_d' + S_d T_d' + T_d S_d' with T_d the Bartlett-weighted sum of the previous days' S within the lag:
     * O(days x (lag x p + p^2)) instead of O(rows x rows-within-lag x p^2), the same sum.
     */
    static double[][] hacMeat(double[][] scores, long[] day, int hacLagDays) {
        int n = scores.length;
        int p = n == 0 ? 0 : scores[0].length;
        double[][] daySums = new double[n][];
        long[] days = new long[n];
        int d = -1;
        for (int i = 0; i < n; i++) {
            if (d < 0 || day[i] != days[d]) {
                d++;
                days[d] = day[i];
                daySums[d] = new double[p];
            }
            for (int a = 0; a < p; a++) {
                daySums[d][a] += scores[i][a];
            }
        }
        double[][] meat = new double[p][p];
        double[] lagged = new double[p];
        for (int k = 0; k <= d; k++) {
            double[] sum = daySums[k];
            Arrays.fill(lagged, 0);
            for (int j = k - 1; j >= 0 && days[k] - days[j] <= hacLagDays; j--) {
                double weight = 1 - (days[k] - days[j]) / (hacLagDays + 1.0);
                for (int a = 0; a < p; a++) {
                    lagged[a] += weight * daySums[j][a];
                }
            }
            for (int a = 0; a < p; a++) {
                double sa = sum[a];
                double la = lagged[a];
                double[] row = meat[a];
                for (int b = 0; b < p; b++) {
                    row[b] += sa * sum[b] + sa * lagged[b] + la * sum[b];
                }
            }
        }
        return meat;
    }

    static double deviance(double[][] x, double[] y, double[] beta) {
        return deviance(x, y, null, beta);
    }

    static double deviance(double[][] x, double[] y, double[] weights, double[] beta) {
        double[] mu = means(x, beta);
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            sum += 2 * weight(weights, i) * ((y[i] > 0 ? y[i] * Math.log(y[i] / mu[i]) : 0) - (y[i] - mu[i]));
        }
        return Double.isNaN(sum) ? Double.POSITIVE_INFINITY : sum;
    }

    private static double weight(double[] weights, int i) {
        return weights == null ? 1 : weights[i];
    }

    /**
     * Pearson dispersion of each group of rows (sum of (y - mu)^2 / mu over its rows, divided by its rows less
     * the parameters that only it uses), at least 1, and each row's weight 1 / its group's dispersion.
     * For stacked responses with different noise (units sold carry demand shocks and over-dispersion, add-to-cart
     * counts given views are close to Poisson), weighting each by its precision is the efficient combination.
     */
    static double[] dispersionWeights(double[][] x, double[] y, double[] beta, int[] group, int[] groupParameters) {
        double[] mu = means(x, beta);
        int groups = groupParameters.length;
        double[] chi2 = new double[groups];
        int[] rows = new int[groups];
        for (int i = 0; i < y.length; i++) {
            chi2[group[i]] += (y[i] - mu[i]) * (y[i] - mu[i]) / mu[i];
            rows[group[i]]++;
        }
        double[] weights = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            int g = group[i];
            int df = rows[g] - groupParameters[g];
            double dispersion = df > 0 ? Math.max(1, chi2[g] / df) : 1;
            weights[i] = 1 / dispersion;
        }
        return weights;
    }

    static double[] means(double[][] x, double[] beta) {
        double[] mu = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double eta = 0;
            for (int a = 0; a < beta.length; a++) {
                eta += x[i][a] * beta[a];
            }
            mu[i] = Math.exp(Math.max(-MAX_LINEAR_PREDICTOR, Math.min(MAX_LINEAR_PREDICTOR, eta)));
        }
        return mu;
    }

    private static double[] solve(double[][] a, double[] b) {
        try {
            DecompositionSolver solver = new CholeskyDecomposition(new Array2DRowRealMatrix(a, true)).getSolver();
            return solver.solve(new ArrayRealVector(b, false)).toArray();
        } catch (NonPositiveDefiniteMatrixException e) {
            return null;
        }
    }

    private static void symmetrise(double[][] m) {
        for (int a = 0; a < m.length; a++) {
            for (int b = a + 1; b < m.length; b++) {
                m[a][b] = m[b][a];
            }
        }
    }
}
