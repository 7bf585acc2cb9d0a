package io.nightshift.jobs.forecast.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AccuracyTest {
    @Test
    void maseIsScaledByTheInSampleSeasonalNaive() {
        double[] y = {1, 2, 3, 5, 6, 7, 10, 12};
        // lag-3 differences of y[0,6): 4, 4, 4 -> scale 4
        assertEquals(4, Accuracy.scale(y, 6, 3), 1e-12);
        assertEquals((1 + 2) / 2.0 / 4, Accuracy.mase(y, 6, new double[] {11, 10}, 4), 1e-12);
    }

    @Test
    void missingActualsAreLeftOutOfEveryMeasure() {
        double[] y = {1, 1, Double.NaN, 3};
        double[] f = {2, 2};
        assertEquals(1, Accuracy.mase(y, 2, f, 1), 1e-12);
        assertEquals(200.0 / 5, Accuracy.smape(y, 2, f), 1e-12);
        assertEquals(-1, Accuracy.bias(y, 2, f), 1e-12);
        assertTrue(Double.isNaN(Accuracy.mase(new double[] {1, Double.NaN}, 1, new double[] {1}, 1)));
    }

    @Test
    void smapeCountsBothZeroAsPerfect() {
        assertEquals(0, Accuracy.smape(new double[] {0, 0}, 0, new double[] {0, 0}), 1e-12);
        assertEquals(200, Accuracy.smape(new double[] {0}, 0, new double[] {5}), 1e-12);
    }

    @Test
    void aFlatSeriesStillHasAFiniteScale() {
        assertEquals(3, Accuracy.scale(new double[] {3, 3, 3, 3}, 4, 2), 1e-12);
        assertEquals(1, Accuracy.scale(new double[] {0, 0, 0}, 3, 1), 1e-12);
    }

    @Test
    void coverageCountsActualsInsideTheInterval() {
        double[] y = {5, 1, 2, 9};
        assertEquals(2.0 / 3, Accuracy.coverage(y, 1, new double[] {0, 0, 0}, new double[] {1, 3, 8}), 1e-12);
    }
}
