package io.nightshift.jobs.forecast.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ModelsTest {

    private static double[] seasonalSeries(int n, int m, double level, double slope, double noise, long seed) {
        Random random = new Random(seed);
        double[] y = new double[n];
        for (int t = 0; t < n; t++) {
            y[t] = (level + slope * t) * (1 + 0.3 * Math.sin(2 * Math.PI * (t % m) / m))
                    + noise * random.nextGaussian();
        }
        return y;
    }

    @Test
    void seasonalNaiveRepeatsTheLastSeason() {
        double[] y = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        double[] f =
                new SeasonalNaive().fit(SeriesData.of(y, 4), 10, 6, null, false).mean();
        assertArrayEquals(new double[] {7, 8, 9, 10, 7, 8}, f, 1e-12);
    }

    @Test
    void seasonalNaiveInterpolatesAMissingLastSeasonValue() {
        double[] y = {1, 2, 3, 4, Double.NaN, 6};
        double[] f =
                new SeasonalNaive().fit(SeriesData.of(y, 3), 6, 3, null, false).mean();
        assertArrayEquals(new double[] {4, 5, 6}, f, 1e-12);
    }

    @Test
    void gapsAreInterpolatedLinearlyAndEdgesCarried() {
        double[] filled = Gaps.filled(new double[] {Double.NaN, 2, Double.NaN, Double.NaN, 8, Double.NaN}, 6);
        assertArrayEquals(new double[] {2, 2, 4, 6, 8, 8}, filled, 1e-12);
    }

    @Test
    void etsForecastsAConstantSeriesAsThatConstant() {
        double[] y = new double[60];
        Arrays.fill(y, 5);
        double[] f = new Ets().fit(SeriesData.of(y, 7), 60, 10, null, false).mean();
        for (double v : f) {
            assertEquals(5, v, 1e-6);
        }
    }

    @Test
    void etsFollowsADampedTrend() {
        double[] y = new double[80];
        for (int t = 0; t < 80; t++) {
            y[t] = 10 + 2 * t + 0.5 * Math.sin(t);
        }
        double[] f = new Ets().fit(SeriesData.of(y, 1), 80, 5, null, false).mean();
        // the next value is about 170; damping bends later steps below the straight line, never above it
        assertEquals(170, f[0], 2.5);
        for (int h = 1; h < 5; h++) {
            assertTrue(f[h] > f[h - 1], "trend continues upward");
            assertTrue(f[h] <= 170 + 2 * h + 1.0, "damped: not above the line");
        }
    }

    @Test
    void etsReproducesANoiselessSeasonalPattern() {
        double[] y = seasonalSeries(12 * 8, 12, 100, 0, 0, 1);
        double[] f =
                new Ets().fit(SeriesData.of(y, 12), y.length, 12, null, false).mean();
        double[] truth = seasonalSeries(12 * 9, 12, 100, 0, 0, 1);
        for (int h = 0; h < 12; h++) {
            assertEquals(truth[y.length + h], f[h], 1.0);
        }
    }

    @Test
    void etsSkipsMissingValuesInsteadOfReadingThemAsZero() {
        double[] y = new double[70];
        Arrays.fill(y, 20);
        for (int t = 30; t < 40; t++) {
            y[t] = Double.NaN;
        }
        double[] f = new Ets().fit(SeriesData.of(y, 7), 70, 7, null, false).mean();
        for (double v : f) {
            assertEquals(20, v, 1e-6);
        }
    }

    @Test
    void reusedParametersGiveTheSameForecastAsTheFitThatFoundThem() {
        double[] y = seasonalSeries(120, 12, 50, 0.3, 2, 3);
        SeriesData s = SeriesData.of(y, 12);
        ForecastModel.Fit first = new Ets().fit(s, 120, 6, null, false);
        ForecastModel.Fit reused = new Ets().fit(s, 120, 6, first.parameters(), false);
        assertArrayEquals(first.mean(), reused.mean(), 1e-12);
    }

    @Test
    void decompositionRecoversMultiplicativeSeasonalIndices() {
        double[] y = seasonalSeries(12 * 10, 12, 100, 0, 0, 1);
        Decomposition d = Decomposition.of(y, y.length, 12);
        for (int i = 0; i < 12; i++) {
            assertEquals(1 + 0.3 * Math.sin(2 * Math.PI * i / 12), d.index()[i], 0.01);
        }
        assertTrue(d.multiplicative());
    }

    @Test
    void decompositionIsSkippedForANonSeasonalSeries() {
        Random random = new Random(5);
        double[] y = new double[96];
        for (int t = 0; t < y.length; t++) {
            y[t] = 100 + random.nextGaussian();
        }
        assertNull(Decomposition.of(y, y.length, 12));
    }

    @Test
    void thetaOnAStraightLineAddsHalfTheSlope() {
        double[] y = new double[50];
        for (int t = 0; t < 50; t++) {
            y[t] = 3 + 2 * t;
        }
        ForecastModel.Fit fit = new Theta().fit(SeriesData.of(y, 1), 50, 3, null, false);
        // SES tracks the line with a lag; the drift is half the slope: forecasts rise by 1 per step
        assertEquals(1.0, fit.mean()[1] - fit.mean()[0], 1e-9);
        assertEquals(1.0, fit.mean()[2] - fit.mean()[1], 1e-9);
        assertTrue(Math.abs(fit.mean()[0] - y[49]) < 3, "starts near the last value");
    }

    @Test
    void thetaKeepsTheSeason() {
        double[] y = seasonalSeries(12 * 8, 12, 100, 0, 1, 2);
        double[] f =
                new Theta().fit(SeriesData.of(y, 12), y.length, 12, null, false).mean();
        double[] truth = seasonalSeries(12 * 9, 12, 100, 0, 0, 2);
        for (int h = 0; h < 12; h++) {
            assertEquals(truth[y.length + h], f[h], 4.0);
        }
    }

    @Test
    void regressionRecoversThePriceElasticityAndAnswersWhatIf() {
        int n = 730;
        double[] price = Synthetic.steppedPrice(n + 30, 7);
        double[] y = Synthetic.dailyDemand(n, 40, -1.5, price, 11);
        double[][] regressors = new double[n + 30][1];
        for (int t = 0; t < n + 30; t++) {
            regressors[t][0] = Math.log(price[t]);
        }
        SeriesData s = new SeriesData(y, 7, 365.25, null, regressors);
        Regression.Fitted fitted = new Regression().fitModel(s, n);
        // log1p(y) softens the elasticity a little at 40 units a day; within 0.15 of the truth
        assertEquals(-1.5, fitted.regressorEffect(0), 0.15);
        double[][] cheaper = new double[n + 30][];
        for (int t = 0; t < n + 30; t++) {
            cheaper[t] = new double[] {t >= n ? Math.log(0.8) : regressors[t][0]};
        }
        double[][] dearer = new double[n + 30][];
        for (int t = 0; t < n + 30; t++) {
            dearer[t] = new double[] {t >= n ? Math.log(1.2) : regressors[t][0]};
        }
        double low = new Regression()
                .fit(s.withRegressors(dearer), n, 30, null, false)
                .mean()[3];
        double high = new Regression()
                .fit(s.withRegressors(cheaper), n, 30, null, false)
                .mean()[3];
        assertEquals(Math.pow(0.8 / 1.2, -1.5), high / low, 0.15);
    }

    /** A 900-day series with a price regressor, holidays and missing days: every column kind the regression has. */
    private static SeriesData pricedSeriesWithGaps() {
        int n = 900;
        double[] price = Synthetic.steppedPrice(n + 30, 5);
        double[] y = Synthetic.dailyDemand(n, 25, -1.2, price, 17);
        boolean[] holidays = new boolean[n + 30];
        double[][] regressors = new double[n + 30][1];
        for (int t = 0; t < n + 30; t++) {
            holidays[t] = t % 53 == 9;
            regressors[t][0] = Math.log(price[t]);
        }
        for (int t = 3; t < n; t += 41) {
            y[t] = Double.NaN;
        }
        return new SeriesData(y, 7, 365.25, holidays, regressors);
    }

    @Test
    void regressionFromRunningSumsEqualsADirectRidgeFitOnTheStandardisedRows() {
        SeriesData s = pricedSeriesWithGaps();
        Regression regression = new Regression();
        // 500: no yearly terms; 600: yearly Fourier pairs; 760 and 900: the yearly profile column
        for (int end : new int[] {500, 600, 760, 900}) {
            Regression.Fitted fitted = regression.fitModel(s, end);
            Regression.Design design = fitted.design();
            int p = design.columns();
            List<double[]> rows = new ArrayList<>();
            List<Double> targets = new ArrayList<>();
            for (int t = 0; t < end; t++) {
                if (!Double.isNaN(s.y()[t])) {
                    double[] row = new double[p];
                    design.fill(t, row);
                    rows.add(row);
                    targets.add(Math.log1p(s.y()[t]));
                }
            }
            int m = rows.size();
            double[] centre = new double[p];
            double[] scale = new double[p];
            scale[0] = 1;
            for (int j = 1; j < p; j++) {
                double sum = 0;
                for (double[] row : rows) {
                    sum += row[j];
                }
                centre[j] = sum / m;
                double squares = 0;
                for (double[] row : rows) {
                    squares += (row[j] - centre[j]) * (row[j] - centre[j]);
                }
                scale[j] = squares / m > 1e-12 ? Math.sqrt(squares / m) : 1;
            }
            double[][] system = new double[p][p + 1];
            for (int r = 0; r < m; r++) {
                double[] z = new double[p];
                z[0] = 1;
                for (int j = 1; j < p; j++) {
                    z[j] = (rows.get(r)[j] - centre[j]) / scale[j];
                }
                for (int i = 0; i < p; i++) {
                    for (int j = 0; j < p; j++) {
                        system[i][j] += z[i] * z[j];
                    }
                    system[i][p] += z[i] * targets.get(r);
                }
            }
            for (int i = 1; i < p; i++) {
                system[i][i] += Regression.RIDGE;
            }
            double[] beta = solve(system);
            double[] expected = new double[p];
            expected[0] = beta[0];
            for (int j = 1; j < p; j++) {
                expected[j] = beta[j] / scale[j];
                expected[0] -= expected[j] * centre[j];
            }
            for (int j = 0; j < p; j++) {
                assertEquals(
                        expected[j],
                        fitted.coefficients()[j],
                        1e-8 * (1 + Math.abs(expected[j])),
                        "origin " + end + ", column " + j + " of " + p);
            }
        }
    }

    @Test
    void regressionAtAnOriginIsTheSameWhateverWasFittedBefore() {
        SeriesData s = pricedSeriesWithGaps();
        double[] alone = new Regression().fitModel(s, 900).coefficients();
        Regression reused = new Regression();
        for (int end : new int[] {600, 760, 820}) {
            reused.fitModel(s, end);
        }
        assertArrayEquals(alone, reused.fitModel(s, 900).coefficients(), 0.0);
        // and back to an earlier origin after a later one
        assertArrayEquals(
                new Regression().fitModel(s, 760).coefficients(),
                reused.fitModel(s, 760).coefficients(),
                0.0);
    }

    /** Gaussian elimination with partial pivoting of an augmented system [A | b]. */
    private static double[] solve(double[][] a) {
        int p = a.length;
        for (int c = 0; c < p; c++) {
            int pivot = c;
            for (int r = c + 1; r < p; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) {
                    pivot = r;
                }
            }
            double[] swap = a[c];
            a[c] = a[pivot];
            a[pivot] = swap;
            for (int r = c + 1; r < p; r++) {
                double factor = a[r][c] / a[c][c];
                for (int k = c; k <= p; k++) {
                    a[r][k] -= factor * a[c][k];
                }
            }
        }
        double[] x = new double[p];
        for (int r = p - 1; r >= 0; r--) {
            double v = a[r][p];
            for (int k = r + 1; k < p; k++) {
                v -= a[r][k] * x[k];
            }
            x[r] = v / a[r][r];
        }
        return x;
    }

    @Test
    void regressionForecastTracksTheWeekAndTheYear() {
        int n = 730;
        double[] y = Synthetic.dailyDemand(n, 30, 0, null, 3);
        SeriesData s = new SeriesData(y, 7, 365.25, null, null);
        double[] f = new Regression().fit(s, n, 28, null, false).mean();
        double error = 0;
        for (int h = 0; h < 28; h++) {
            error += Math.abs(f[h] - Synthetic.expected(n + h, 30, 0, 1)) / 28;
        }
        assertTrue(error < 2.0, "mean absolute error against the true mean " + error);
    }

    @Test
    void regressionUsesHolidays() {
        int n = 400;
        boolean[] holidays = new boolean[n + 10];
        double[] y = new double[n];
        for (int t = 0; t < n + 10; t++) {
            holidays[t] = t % 37 == 5;
        }
        for (int t = 0; t < n; t++) {
            y[t] = holidays[t] ? 60 : 20;
        }
        holidays[n + 4] = true;
        double[] f = new Regression()
                .fit(new SeriesData(y, 7, 0, holidays, null), n, 10, null, false)
                .mean();
        assertTrue(f[4] > 2 * f[3], "holiday lifts demand: " + Arrays.toString(f));
    }

    @Test
    void crostonSbaAndTsbOnARegularIntermittentSeries() {
        double[] y = new double[40];
        for (int t = 3; t < 40; t += 4) {
            y[t] = 4;
        }
        SeriesData s = SeriesData.of(y, 1);
        assertEquals(
                1.0,
                new Intermittent(Intermittent.Method.CROSTON)
                        .fit(s, 40, 1, null, false)
                        .mean()[0],
                1e-9);
        assertEquals(
                0.95,
                new Intermittent(Intermittent.Method.SBA)
                        .fit(s, 40, 1, null, false)
                        .mean()[0],
                1e-9);
        assertEquals(
                1.0,
                new Intermittent(Intermittent.Method.TSB)
                        .fit(s, 40, 1, null, false)
                        .mean()[0],
                0.25);
        assertEquals(0.75, Intermittent.zeroShare(y, 40), 1e-12);
    }

    @Test
    void tsbDecaysWhenDemandStops() {
        double[] y = new double[80];
        for (int t = 0; t < 40; t += 2) {
            y[t] = 3;
        }
        SeriesData s = SeriesData.of(y, 1);
        double tsb = new Intermittent(Intermittent.Method.TSB)
                .fit(s, 80, 1, null, false)
                .mean()[0];
        double croston = new Intermittent(Intermittent.Method.CROSTON)
                .fit(s, 80, 1, null, false)
                .mean()[0];
        assertTrue(tsb < 0.1 * croston, "TSB " + tsb + " vs Croston " + croston);
        assertFalse(Double.isNaN(tsb));
    }
}
