package io.nightshift.jobs.forecast.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.common.config.ForecastSettings;
import io.nightshift.common.config.GlobalModelSettings;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GlobalModelTest {
    private static final int HORIZON = 8;
    private static final int N = 120;
    private static final LocalDate START = LocalDate.of(2024, 1, 1);
    private static final ForecastSettings FORECAST = ForecastSettings.defaults();
    private static final GlobalModelSettings SMALL = new GlobalModelSettings(true, 7, 50_000, 150, 4, 0.1, 1);

    /**
     * Weekly-style series of {@code N} steps at their own level, lifted x2 on promotion steps (the promotion column
     * also covers the {@code HORIZON} future steps), with a little noise.
     */
    private static GlobalSeries promoted(String id, double level, boolean[] promotion, long seed) {
        Random random = new Random(seed);
        double[] y = new double[N];
        double[][] regressors = new double[N + HORIZON][1];
        for (int t = 0; t < N + HORIZON; t++) {
            regressors[t][0] = promotion[t] ? 1 : 0;
            if (t < N) {
                y[t] = Math.round(level * (promotion[t] ? 2 : 1) * Math.exp(0.05 * random.nextGaussian()));
            }
        }
        return new GlobalSeries(id, "all", START, Frequency.WEEKLY, new SeriesData(y, 1, 0, null, regressors));
    }

    @Test
    void learnsASharedPromotionLiftAndAppliesItToASeriesWithFewPromotions() {
        List<GlobalSeries> series = new ArrayList<>();
        Random random = new Random(3);
        for (int i = 0; i < 30; i++) {
            boolean[] promotion = new boolean[N + HORIZON];
            for (int t = 0; t < promotion.length; t++) {
                promotion[t] = random.nextDouble() < 0.3;
            }
            series.add(promoted("many" + i, 10 + 3 * i, promotion, i));
        }
        // one promotion in its whole history; the future has promotions on steps 2, 4 and 6 only
        boolean[] rare = new boolean[N + HORIZON];
        rare[40] = true;
        for (int h : new int[] {2, 4, 6}) {
            rare[N + h - 1] = true;
        }
        series.add(promoted("rare", 40, rare, 99));

        double[] forecast = GlobalModel.forecast(series, HORIZON, FORECAST, SMALL)
                .get("rare")
                .at(N);
        double promoted = (forecast[1] + forecast[3] + forecast[5]) / 3;
        double plain = (forecast[0] + forecast[2] + forecast[4] + forecast[6] + forecast[7]) / 5;
        assertEquals(40, plain, 6, Arrays.toString(forecast));
        assertTrue(promoted / plain > 1.6 && promoted / plain < 2.4, "lift " + promoted / plain);
    }

    @Test
    void backtestForecastsNeverSeeAStepAtOrAfterTheFirstOrigin() {
        List<GlobalSeries> series = new ArrayList<>();
        List<GlobalSeries> changed = new ArrayList<>();
        Random random = new Random(5);
        int firstOrigin = new Forecaster(FORECAST).origins(N, HORIZON, 1)[0];
        assertEquals(N - 3 * HORIZON, firstOrigin);
        for (int i = 0; i < 12; i++) {
            boolean[] promotion = new boolean[N + HORIZON];
            for (int t = 0; t < promotion.length; t++) {
                promotion[t] = random.nextDouble() < 0.2;
            }
            GlobalSeries s = promoted("s" + i, 20 + 5 * i, promotion, i);
            series.add(s);
            // every value from the first origin on (the origin's own step included) replaced, the rest kept
            double[] y = s.data().y().clone();
            for (int t = firstOrigin; t < N; t++) {
                y[t] = y[t] * 7 + 50;
            }
            changed.add(new GlobalSeries(
                    s.id(), s.group(), s.start(), s.frequency(), s.data().withY(y)));
        }

        Map<String, GlobalForecast> before = GlobalModel.forecast(series, HORIZON, FORECAST, SMALL);
        Map<String, GlobalForecast> after = GlobalModel.forecast(changed, HORIZON, FORECAST, SMALL);

        for (GlobalSeries s : series) {
            GlobalForecast a = before.get(s.id());
            GlobalForecast b = after.get(s.id());
            assertTrue(a.covers(firstOrigin, firstOrigin + HORIZON, firstOrigin + 2 * HORIZON, N), s.id());
            assertArrayEquals(a.at(firstOrigin), b.at(firstOrigin), 0, s.id());
        }
        // the same change does reach the final model and the later origins' features
        assertFalse(Arrays.equals(before.get("s0").at(N), after.get("s0").at(N)));
        assertFalse(Arrays.equals(
                before.get("s0").at(firstOrigin + HORIZON), after.get("s0").at(firstOrigin + HORIZON)));
    }

    @Test
    void seriesWithNegativeValuesGetNoGlobalForecast() {
        List<GlobalSeries> series = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            series.add(promoted("s" + i, 20 + i, new boolean[N + HORIZON], i));
        }
        double[] y = series.get(0).data().y().clone();
        y[10] = -1;
        series.set(
                0,
                new GlobalSeries(
                        "negative",
                        "all",
                        START,
                        Frequency.WEEKLY,
                        series.get(0).data().withY(y)));
        Map<String, GlobalForecast> forecasts = GlobalModel.forecast(series, HORIZON, FORECAST, SMALL);
        assertFalse(forecasts.containsKey("negative"));
        assertNotNull(forecasts.get("s1"));
    }

    @Test
    void storedModelForecastsAsTheTrainedOne() {
        List<GlobalSeries> series = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            boolean[] promotion = new boolean[N + HORIZON];
            promotion[i * 10 + 5] = true;
            series.add(promoted("s" + i, 20 + i, promotion, i));
        }
        try (GlobalModel.Trained trained = GlobalModel.train(series, HORIZON, FORECAST, SMALL);
                GlobalModel.Trained restored = GlobalModel.Trained.fromBytes(trained.toBytes())) {
            Map<String, GlobalForecast> a = GlobalModel.predict(trained, series, HORIZON, FORECAST);
            Map<String, GlobalForecast> b = GlobalModel.predict(restored, series, HORIZON, FORECAST);
            assertEquals(trained.signature(), restored.signature());
            for (GlobalSeries s : series) {
                assertArrayEquals(a.get(s.id()).at(N), b.get(s.id()).at(N), 0);
            }
        }
    }

    @Test
    void forecasterScoresTheGlobalCandidateAndPicksItWhenItIsClearlyBest() {
        double[] y = Synthetic.dailyDemand(200, 20, 0, null, 11);
        SeriesData plain = SeriesData.of(y, 7);
        Forecaster forecaster = new Forecaster(FORECAST);
        int[] origins = forecaster.origins(200, 10, 7);
        int[] ends = new int[origins.length + 1];
        double[][] means = new double[ends.length][];
        for (int i = 0; i < ends.length; i++) {
            ends[i] = i < origins.length ? origins[i] : 200;
            // the truth at the backtest origins: a candidate no local model can match
            means[i] = i < origins.length ? Arrays.copyOfRange(y, ends[i], ends[i] + 10) : new double[10];
            if (i == origins.length) {
                Arrays.fill(means[i], 25);
            }
        }
        ForecastResult result = forecaster.forecast(plain.withGlobalForecast(new GlobalForecast(ends, means)), 10);
        assertEquals(GlobalBoosted.NAME, result.model());
        assertEquals(25, result.mean()[0], 1e-9);
        assertTrue(result.backtest().stream().anyMatch(s -> s.model().equals(GlobalBoosted.NAME) && s.chosen()));

        ForecastResult without = forecaster.forecast(plain, 10);
        assertTrue(without.backtest().stream().noneMatch(s -> s.model().equals(GlobalBoosted.NAME)));
    }
}
