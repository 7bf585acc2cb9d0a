package io.nightshift.jobs.forecast.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.common.config.ForecastSettings;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ForecasterTest {
    private final Forecaster forecaster = new Forecaster(ForecastSettings.defaults());

    private static SeriesData daily(double[] y, double[][] regressors) {
        return new SeriesData(y, 7, 365.25, null, regressors);
    }

    @Test
    void theFinalFitReestimatesOnlyWhenTheFirstOriginSawLessThanMostOfTheSeries() {
        // M3 monthly: 126 points, horizon 18, origins at 72, 90, 108: parameters from 57% of the data are re-estimated
        assertTrue(Forecaster.refit(new int[] {72, 90, 108}, 126));
        // two years of days, horizon 28: the first origin saw 88.5%, so its parameters are kept
        assertFalse(Forecaster.refit(new int[] {646, 674, 702}, 730));
        assertTrue(Forecaster.refit(new int[0], 40), "no backtest origin: fitted once, fully");
    }

    @Test
    void intervalsAreOrderedAndForecastsNonNegative() {
        double[] y = Synthetic.dailyDemand(400, 2, 0, null, 1);
        for (int t = 100; t < 110; t++) {
            y[t] = Double.NaN; // a stock-out stretch
        }
        ForecastResult r = forecaster.forecast(daily(y, null), 30);
        assertEquals(30, r.mean().length);
        for (int h = 0; h < 30; h++) {
            assertTrue(r.lower()[h] >= 0 && r.lower()[h] <= r.mean()[h] && r.mean()[h] <= r.upper()[h], "step " + h);
        }
    }

    @Test
    void sameSeriesGivesTheSameResult() {
        double[] y = Synthetic.dailyDemand(500, 10, 0, null, 4);
        ForecastResult a = forecaster.forecast(daily(y, null), 30);
        ForecastResult b = forecaster.forecast(daily(y.clone(), null), 30);
        assertEquals(a.model(), b.model());
        assertArrayEquals(a.mean(), b.mean(), 0);
        assertArrayEquals(a.upper(), b.upper(), 0);
        assertEquals(a.backtest(), b.backtest());
    }

    @Test
    void backtestScoresEveryModelAtEveryOriginAndMarksOneChosen() {
        double[] y = Synthetic.dailyDemand(600, 10, 0, null, 2);
        ForecastResult r = forecaster.forecast(daily(y, null), 30);
        // seasonal naive, ETS, Theta, regression and regression with ARMA errors (600 days: a yearly cycle is
        // known), combination; 3 origins each
        assertEquals(6 * 3, r.backtest().size());
        assertEquals(3, r.backtest().stream().filter(BacktestScore::chosen).count());
        assertTrue(r.backtest().stream().allMatch(s -> s.model().equals(r.model()) == s.chosen()));
        assertEquals(
                Set.of(510, 540, 570),
                r.backtest().stream().map(BacktestScore::origin).collect(Collectors.toSet()));
    }

    @Test
    void intermittentSeriesAddCrostonSbaAndTsb() {
        double[] y = Synthetic.dailyDemand(300, 0.2, 0, null, 9);
        ForecastResult r = forecaster.forecast(SeriesData.of(y, 7), 14);
        assertTrue(r.backtest().stream().anyMatch(s -> s.model().equals("sba")));
        assertTrue(r.backtest().stream().anyMatch(s -> s.model().equals("tsb")));
    }

    @Test
    void aStrongPriceEffectMakesTheRegressionWin() {
        int n = 730;
        double[] price = Synthetic.steppedPrice(n + 30, 3);
        double[] y = Synthetic.dailyDemand(n, 30, -2.5, price, 5);
        double[][] regressors = new double[n + 30][1];
        for (int t = 0; t < n + 30; t++) {
            regressors[t][0] = Math.log(price[t]);
        }
        ForecastResult r = forecaster.forecast(daily(y, regressors), 30);
        // the price-aware models win: alone, or as the best-k combination they lead
        assertTrue(
                Set.of(Regression.NAME, RegressionArma.NAME, Forecaster.COMBINATION)
                        .contains(r.model()),
                r.model());
        ToDoubleFunction<String> mase = name -> r.backtest().stream()
                .filter(b -> b.model().equals(name))
                .mapToDouble(BacktestScore::mase)
                .average()
                .orElseThrow();
        double chosen = mase.applyAsDouble(r.model());
        assertTrue(
                chosen < 0.9 * mase.applyAsDouble(Ets.NAME) && chosen < 0.9 * mase.applyAsDouble(Theta.NAME),
                "chosen " + chosen + ", ETS " + mase.applyAsDouble(Ets.NAME) + ", Theta "
                        + mase.applyAsDouble(Theta.NAME));
        assertTrue(mase.applyAsDouble(Regression.NAME) < 0.9 * mase.applyAsDouble(Ets.NAME));
    }

    @Test
    void chosenModelBeatsSeasonalNaiveAgainstTheTrueMean() {
        double maseChosen = 0;
        double maseNaive = 0;
        for (int k = 0; k < 10; k++) {
            int n = 600;
            double[] y = Synthetic.dailyDemand(n + 30, 8, 0, null, 100 + k);
            double[] history = Arrays.copyOf(y, n);
            ForecastResult r = forecaster.forecast(daily(history, null), 30);
            double[] naive = new SeasonalNaive()
                    .fit(SeriesData.of(history, 7), n, 30, null, false)
                    .mean();
            double[] truth = new double[n + 30];
            for (int t = 0; t < n + 30; t++) {
                truth[t] = Synthetic.expected(t, 8, 0, 1);
            }
            double scale = Accuracy.scale(history, n, 7);
            maseChosen += Accuracy.mase(truth, n, r.mean(), scale);
            maseNaive += Accuracy.mase(truth, n, naive, scale);
        }
        assertTrue(maseChosen < 0.6 * maseNaive, "chosen " + maseChosen / 10 + " vs naive " + maseNaive / 10);
    }

    @Test
    void ninetyPercentIntervalsCoverAboutNinetyPercentOfNewDemand() {
        int inside = 0;
        int total = 0;
        for (int k = 0; k < 40; k++) {
            int n = 365;
            double[] y = Synthetic.dailyDemand(n + 30, 5 + k, 0, null, 500 + k);
            ForecastResult r = forecaster.forecast(daily(Arrays.copyOf(y, n), null), 30);
            for (int h = 0; h < 30; h++) {
                total++;
                if (y[n + h] >= r.lower()[h] && y[n + h] <= r.upper()[h]) {
                    inside++;
                }
            }
        }
        double coverage = (double) inside / total;
        assertEquals(0.9, coverage, 0.05, "coverage " + coverage);
    }

    /**
     * Daily demand whose level drifts: every 30 days the level is multiplied by exp(N(0, 0.4²)), so the 30 steps of
     * one backtest origin share a level no model knew (the errors of an origin move together).
     */
    private static double[] drifting(int n, double level, long seed) {
        Random random = new Random(seed);
        double[] y = new double[n];
        double factor = 1;
        for (int t = 0; t < n; t++) {
            if (t % 30 == 0) {
                factor *= Math.exp(0.4 * random.nextGaussian());
            }
            y[t] = Synthetic.poisson(Synthetic.expected(t, level * factor, 0, 1), random);
        }
        return y;
    }

    @Test
    void everyCandidatesBacktestCoverageAndTheForecastsCoverageAreNearTheLevelWhenTheLevelDrifts() {
        Map<String, double[]> backtest = new TreeMap<>();
        int inside = 0;
        int total = 0;
        for (int k = 0; k < 40; k++) {
            int n = 400;
            double[] y = drifting(n + 30, 5 + k, 900 + k);
            ForecastResult r = forecaster.forecast(daily(Arrays.copyOf(y, n), null), 30);
            for (BacktestScore b : r.backtest()) {
                double[] c = backtest.computeIfAbsent(b.model(), m -> new double[2]);
                c[0] += b.intervalCoverage();
                c[1]++;
            }
            for (int h = 0; h < 30; h++) {
                total++;
                if (y[n + h] >= r.lower()[h] && y[n + h] <= r.upper()[h]) {
                    inside++;
                }
            }
        }
        String all = backtest.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %.3f", e.getKey(), e.getValue()[0] / e.getValue()[1]))
                .collect(Collectors.joining(", "));
        // the plain conformal intervals (before the calibration): backtest 84.4-87.3%, forecast 81.3%
        for (Map.Entry<String, double[]> e : backtest.entrySet()) {
            assertEquals(0.9, e.getValue()[0] / e.getValue()[1], 0.04, e.getKey() + " in " + all);
        }
        double coverage = (double) inside / total;
        assertEquals(0.9, coverage, 0.05, "forecast coverage " + coverage + "; backtest " + all);
    }

    @Test
    void theIntervalsLevelNeverMovesThePointForecastsOrTheChoice() {
        Forecaster narrow = new Forecaster(ForecastSettings.defaults().withLevel(0.5));
        for (int k = 0; k < 5; k++) {
            SeriesData series = daily(drifting(400, 3 + 4 * k, 950 + k), null);
            ForecastResult wide = forecaster.forecast(series, 30);
            ForecastResult half = narrow.forecast(series, 30);
            assertEquals(wide.model(), half.model());
            assertArrayEquals(wide.mean(), half.mean(), 0);
            assertEquals(wide.backtest().size(), half.backtest().size());
            for (int i = 0; i < wide.backtest().size(); i++) {
                BacktestScore a = wide.backtest().get(i);
                BacktestScore b = half.backtest().get(i);
                assertEquals(a.model(), b.model());
                assertEquals(a.mase(), b.mase(), 0);
                assertEquals(a.smape(), b.smape(), 0);
                assertEquals(a.bias(), b.bias(), 0);
                assertEquals(a.chosen(), b.chosen());
            }
            for (int h = 0; h < 30; h++) {
                assertTrue(wide.lower()[h] <= half.lower()[h] && half.upper()[h] <= wide.upper()[h], "step " + h);
            }
        }
    }

    @Test
    void aShortSeriesWithoutBacktestOriginsUsesTheCombination() {
        ForecastResult r = forecaster.forecast(SeriesData.of(new double[] {3, 4, 5, 4, 3}, 1), 4);
        assertEquals(Forecaster.COMBINATION, r.model());
        assertTrue(r.backtest().isEmpty());
        assertNotEquals(r.lower()[0], r.upper()[0]);
    }

    @Test
    void aSeriesWithNoObservationIsRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> forecaster.forecast(SeriesData.of(new double[] {Double.NaN, Double.NaN}, 1), 3));
    }

    @Test
    void modelTimePerDailySeriesIsAFewMilliseconds() {
        Random random = new Random(1);
        SeriesData[] series = new SeriesData[60];
        for (int i = 0; i < series.length; i++) {
            series[i] = daily(Synthetic.dailyDemand(730, 1 + 30 * random.nextDouble(), 0, null, i), null);
        }
        for (SeriesData s : series) {
            forecaster.forecast(s, 30); // JIT warm-up
        }
        // CPU time of this thread: wall time on a shared machine measures the other tenants
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long start = threads.getCurrentThreadCpuTime();
        for (SeriesData s : series) {
            forecaster.forecast(s, 30);
        }
        double millis = (threads.getCurrentThreadCpuTime() - start) / 1e6 / series.length;
        System.out.printf(
                Locale.ROOT, "forecaster: %.2f ms CPU per 730-day daily series (horizon 30, 3 origins)%n", millis);
        // the goal is 4 ms per series per core; the bound leaves room for a slower machine
        assertTrue(millis < 12, millis + " ms per series");
    }
}
