package io.nightshift.jobs.forecast.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.common.config.ForecastSettings;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ScreeningTest {
    private final Forecaster forecaster = new Forecaster(ForecastSettings.defaults());

    private static SeriesData daily(double[] y, double[][] regressors) {
        return new SeriesData(y, 7, 365.25, null, regressors);
    }

    private static double sum(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }

    /** Acceptance (issue 22): one bulk order of 100x the usual day leaves the forecast within 2x, and is flagged. */
    @Test
    void aBulkOrderOfAHundredUsualDaysIsFlaggedAndBarelyMovesTheForecast() {
        double[][] price = new double[730 + 30][1];
        double[] steps = Synthetic.steppedPrice(760, 5);
        for (int t = 0; t < price.length; t++) {
            price[t][0] = Math.log(steps[t]);
        }
        double[] clean = Synthetic.dailyDemand(730, 12, -1.5, steps, 11);
        for (int t = 200; t < 206; t++) {
            clean[t] = Double.NaN; // a stock-out stretch, as the stage gives them
        }
        ForecastResult without = forecaster.forecast(daily(clean, price), 30);
        assertEquals(0, without.screened().length, "a plain history is not screened");
        assertFalse(without.bounded());
        assertNull(without.adjustment(Integer::toString));
        double usual = 0;
        int count = 0;
        for (double v : clean) {
            if (!Double.isNaN(v)) {
                usual += v;
                count++;
            }
        }
        usual /= count;
        // mid-history, a week before the end, and on the last day
        for (int day : new int[] {400, 722, 729}) {
            double[] y = clean.clone();
            y[day] = Math.round(100 * usual);
            ForecastResult with = forecaster.forecast(daily(y, price), 30);
            assertArrayEquals(new int[] {day}, with.screened(), "the bulk day is flagged");
            assertEquals(y[day], with.screenedValues()[0]);
            double ratio = sum(with.mean()) / sum(without.mean());
            assertTrue(
                    ratio < 2 && ratio > 0.5,
                    "day " + day + ": forecast sum " + sum(with.mean()) + " against " + sum(without.mean())
                            + " without the order");
            String adjustment = with.adjustment(t -> "day " + t);
            assertNotNull(adjustment);
            assertTrue(adjustment.startsWith("screened day " + day + " ("), adjustment);
        }
    }

    @Test
    void theBoundScalesAForecastAboveItsMultipleOfTheBestWindowAndSaysSo() {
        double[] y = new double[100];
        for (int t = 0; t < y.length; t++) {
            y[t] = t; // a steady climb: any trend model forecasts more than the best 50 days so far
        }
        Forecaster strict = new Forecaster(ForecastSettings.defaults().withScreening(5, 0.99, 1));
        ForecastResult r = strict.forecast(SeriesData.of(y, 1), 50);
        assertTrue(r.bounded());
        double best = Screening.bestWindow(y, 50);
        assertEquals(best, sum(r.mean()), 1e-6 * best, "scaled down to 1 x the best 50 steps");
        for (int h = 0; h < 50; h++) {
            assertTrue(r.lower()[h] <= r.mean()[h] && r.mean()[h] <= r.upper()[h]);
        }
        assertTrue(r.adjustment(Integer::toString).startsWith("bound: horizon sum "), r.adjustment(Integer::toString));
        ForecastResult loose = new Forecaster(ForecastSettings.defaults()).forecast(SeriesData.of(y, 1), 50);
        assertFalse(loose.bounded(), "within 3 x the best window");
    }

    @Test
    void theCapIsNeverTakenFromTheTwoLargestValues() {
        double[] y = new double[20];
        Arrays.fill(y, 10);
        y[3] = 5000;
        y[17] = 4000;
        Screening.Screened s = Screening.screen(y, 5, 0.99);
        assertArrayEquals(new int[] {3, 17}, s.capped());
        assertEquals(10, s.cap());
        assertEquals(10, s.y()[3]);
        assertEquals(5000, s.original()[0]);
        assertEquals(5000, y[3], "the input is not changed");
    }

    @Test
    void seriesThatAreShortNegativeOrMostlyZeroAreLeftAlone() {
        assertFalse(
                Screening.screen(new double[] {1, 1, 1, 1, 1, 1, 900}, 5, 0.99).any(), "fewer than 8 values");
        assertFalse(
                Screening.screen(new double[] {1, -1, 1, 1, 1, 1, 1, 1, 1, 900}, 5, 0.99)
                        .any(),
                "negative values");
        double[] sparse = new double[100];
        sparse[10] = 1;
        sparse[50] = 40;
        assertFalse(Screening.screen(sparse, 5, 0.99).any(), "a quantile of zero says nothing about scale");
        double[] y = {3, 4, 5, 3, 4, 5, 3, 4, 5, 300};
        assertFalse(Screening.screen(y, 0, 0.99).any(), "multiple 0 is off");
        assertTrue(Screening.screen(y, 5, 0.99).any());
    }

    @Test
    void theBoundComparesWithTheBestWindowOfTheSameLength() {
        double[] y = {1, 1, 1, 10, 10, 1, 1, Double.NaN, 1};
        assertEquals(20, Screening.bestWindow(y, 2), 1e-12);
        assertEquals(1, Screening.boundFactor(y, new double[] {30, 30}, 3), 1e-12);
        assertEquals(60.0 / 80, Screening.boundFactor(y, new double[] {40, 40}, 3), 1e-12);
        assertEquals(1, Screening.boundFactor(y, new double[] {40, 40}, 0), "0 is off");
        // longer horizon than history: the history's mean day times the length
        assertEquals(26.0 / 8 * 12, Screening.bestWindow(y, 12), 1e-12);
    }
}
