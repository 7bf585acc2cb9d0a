package io.nightshift.jobs.forecast.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.common.config.ForecastSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

class CombinationTest {
    @Test
    void meanAndMedianPerStep() {
        double[][] members = {{1, 10}, {2, 20}, {9, 90}};
        assertArrayEquals(new double[] {4, 40}, Forecaster.statistic(members, 2, false), 1e-12);
        assertArrayEquals(new double[] {2, 20}, Forecaster.statistic(members, 2, true), 1e-12);
        assertArrayEquals(new double[] {1.5}, Forecaster.statistic(new double[][] {{1}, {2}}, 1, true), 1e-12);
    }

    @Test
    void membersAreRankedOnTheOtherOriginsOnly() {
        List<String> models = List.of("a", "b", "c");
        double[][] mase = {
            {1.0, 1.0, 9.0}, // a: good at origins 0 and 1, bad at 2
            {2.0, 2.0, 0.5},
            {3.0, 3.0, 3.0}
        };
        assertEquals(List.of("a", "b", "c"), Forecaster.ranked(models, mase, 2), "origin 2 ranked without itself");
        assertEquals(List.of("b", "c", "a"), Forecaster.ranked(models, mase, 0));
        assertEquals(
                List.of("b", "c", "a"), Forecaster.ranked(models, mase, -1), "the final ranking uses every origin");
        // ties keep the candidates' order
        assertEquals(List.of("a", "b"), Forecaster.ranked(List.of("a", "b"), new double[][] {{1}, {1}}, -1));
    }

    @Test
    void bestKIsDeterministicAndScoredLikeEveryCandidate() {
        Forecaster forecaster = new Forecaster(ForecastSettings.defaults().withCombinationModels(4));
        double[] y = Synthetic.dailyDemand(500, 8, 0, null, 9);
        SeriesData series = new SeriesData(y, 7, 365.25, null, null);
        ForecastResult a = forecaster.forecast(series, 28);
        ForecastResult b = forecaster.forecast(new SeriesData(y.clone(), 7, 365.25, null, null), 28);
        assertArrayEquals(a.mean(), b.mean(), 0);
        assertEquals(a.model(), b.model());
        long combined = a.backtest().stream()
                .filter(s -> s.model().equals(Forecaster.COMBINATION))
                .count();
        assertEquals(3, combined, "the combination is backtested at every origin");
        assertTrue(a.backtest().stream()
                .filter(s -> s.model().equals(Forecaster.COMBINATION))
                .allMatch(s -> Double.isFinite(s.mase()) && Double.isFinite(s.intervalCoverage())));
    }
}
