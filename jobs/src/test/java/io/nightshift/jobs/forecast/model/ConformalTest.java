package io.nightshift.jobs.forecast.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.common.config.ForecastSettings;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ConformalTest {

    @Test
    void selectionGivesTheSortedPoolsOrderStatisticsBitForBitAndKeepsBothSidesForTheNextSelection() {
        Random random = new Random(7);
        for (int trial = 0; trial < 2_000; trial++) {
            int n = 1 + random.nextInt(70);
            double[] pool = new double[n];
            for (int i = 0; i < n; i++) {
                // few distinct values (ties), zeros, negatives (offsets() turns -0.0 into 0.0 before selecting)
                int kind = random.nextInt(6);
                pool[i] = kind <= 1 ? 0.0 : random.nextInt(9) - 4 + (kind == 2 ? 0.5 : 0);
            }
            double[] sorted = pool.clone();
            Arrays.sort(sorted);
            int low = random.nextInt(n);
            int high = low + random.nextInt(n - low);
            double[] work = pool.clone();
            double lowValue = Conformal.select(work, 0, n - 1, low);
            double highValue = Conformal.select(work, low, n - 1, high);
            assertEquals(
                    Double.doubleToRawLongBits(sorted[low]),
                    Double.doubleToRawLongBits(lowValue),
                    "rank " + low + " of " + Arrays.toString(pool));
            assertEquals(
                    Double.doubleToRawLongBits(sorted[high]),
                    Double.doubleToRawLongBits(highValue),
                    "rank " + high + " of " + Arrays.toString(pool));
        }
    }

    @Test
    void intervalsBracketTheResidualsAtTheLevelWithTheFiniteSampleRank() {
        // 3 origins x 10 steps of residuals -1..+1: 30 in every pool, ranks floor(31 * 0.05) = 1 and ceil(31 * 0.95) =
        // 30
        double[][] residuals = new double[3][10];
        for (int o = 0; o < 3; o++) {
            for (int j = 0; j < 10; j++) {
                residuals[o][j] = (o * 10 + j) / 14.5 - 1;
            }
        }
        double[][] offsets = Conformal.offsets(residuals, 10, 0.9, new double[0]);
        for (int j = 0; j < 10; j++) {
            assertEquals(-1.0, offsets[0][j], 1e-12);
            assertEquals(29 / 14.5 - 1, offsets[1][j], 1e-12);
        }
    }

    /**
     * Residuals of {@code rows} origins x {@code horizon} steps: a level shock per origin (sd {@code shock}, shared by
     * its steps) plus noise of sd 1 per step. Row {@code rows} is the next origin, the one to cover.
     */
    private static double[][] clustered(Random random, int rows, int horizon, double shock) {
        double[][] r = new double[rows + 1][horizon];
        for (double[] row : r) {
            double level = shock * random.nextGaussian();
            for (int j = 0; j < horizon; j++) {
                row[j] = level + random.nextGaussian();
            }
        }
        return r;
    }

    private static double coverage(double[] next, double[][] offsets) {
        int inside = 0;
        for (int j = 0; j < next.length; j++) {
            if (next[j] >= offsets[0][j] && next[j] <= offsets[1][j]) {
                inside++;
            }
        }
        return (double) inside / next.length;
    }

    @Test
    void calibratedIntervalsCoverTheLevelWhenTheStepsOfAnOriginMoveTogetherAndThePlainOnesFallShort() {
        // 3 origins of 13 weekly steps (as cgpz), each origin's steps shifted together by a shock twice the noise
        Random random = new Random(11);
        double plain = 0;
        double calibrated = 0;
        int trials = 4_000;
        for (int trial = 0; trial < trials; trial++) {
            double[][] r = clustered(random, 3, 13, 2.0);
            double[][] backtest = Arrays.copyOf(r, 3);
            plain += coverage(r[3], Conformal.offsets(backtest, 13, 0.9, new double[0]));
            calibrated += coverage(r[3], new Conformal.Calibration(backtest, 13, 0.9, new double[0]).forecastOffsets());
        }
        plain /= trials;
        calibrated /= trials;
        assertTrue(plain < 0.82, "the plain offsets should fall short here: " + plain);
        assertEquals(0.9, calibrated, 0.04, "calibrated coverage " + calibrated + " (plain " + plain + ")");
    }

    @Test
    void calibratedIntervalsStayNearTheLevelOnIndependentResiduals() {
        // no shock: the plain offsets cover 93-94% here (the rank correction); the calibration must not blow them up
        Random random = new Random(12);
        for (int horizon : new int[] {13, 28}) {
            double calibrated = 0;
            int trials = 3_000;
            for (int trial = 0; trial < trials; trial++) {
                double[][] r = clustered(random, 3, horizon, 0);
                calibrated += coverage(
                        r[3],
                        new Conformal.Calibration(Arrays.copyOf(r, 3), horizon, 0.9, new double[0]).forecastOffsets());
            }
            calibrated /= trials;
            assertTrue(
                    calibrated > 0.88 && calibrated < 0.96,
                    "horizon " + horizon + ": calibrated coverage " + calibrated);
        }
    }

    @Test
    void theBacktestsOffsetsForAnOriginNeverSeeThatOriginsResiduals() {
        Random random = new Random(13);
        double[][] r = Arrays.copyOf(clustered(random, 4, 28, 1.0), 4);
        double[][] changed = new double[4][];
        for (int o = 0; o < 4; o++) {
            changed[o] = r[o].clone();
        }
        for (int j = 0; j < 28; j++) {
            changed[2][j] = 50 * r[2][j] + 7; // origin 2's residuals, nothing else
        }
        Conformal.Calibration a = new Conformal.Calibration(r, 28, 0.9, new double[0]);
        Conformal.Calibration b = new Conformal.Calibration(changed, 28, 0.9, new double[0]);
        long without2 = a.all() & ~(1L << 2);
        double[][] expected = a.offsets(without2);
        double[][] actual = b.offsets(without2);
        assertArrayEquals(expected[0], actual[0], 0);
        assertArrayEquals(expected[1], actual[1], 0);
        assertNotEquals(a.factor(without2), 1.0, "a factor was found");
        assertNotEquals(
                a.forecastOffsets()[1][0], b.forecastOffsets()[1][0], "the forecast's interval sees every origin");
    }

    @Test
    void calibrationScalesWithTheResidualsAndKeepsTheSkew() {
        Random random = new Random(14);
        double[][] r = Arrays.copyOf(clustered(random, 3, 13, 0.5), 3);
        for (double[] row : r) {
            for (int j = 0; j < row.length; j++) {
                row[j] = Math.exp(row[j]) - 1; // a longer upper tail, as counts have
            }
        }
        double[][] tripled = new double[3][];
        for (int o = 0; o < 3; o++) {
            tripled[o] = Arrays.stream(r[o]).map(v -> 3 * v).toArray();
        }
        double[][] one = new Conformal.Calibration(r, 13, 0.9, new double[0]).forecastOffsets();
        double[][] three = new Conformal.Calibration(tripled, 13, 0.9, new double[0]).forecastOffsets();
        for (int j = 0; j < 13; j++) {
            assertEquals(3 * one[0][j], three[0][j], 1e-9);
            assertEquals(3 * one[1][j], three[1][j], 1e-9);
            assertTrue(one[0][j] < 0 && one[1][j] > -one[0][j], "skewed: " + one[0][j] + ", " + one[1][j]);
        }
    }

    @Test
    void fewerThanTwoOriginsOrASideOfWidthZeroGiveThePlainOffsets() {
        double[][] one = {{-1, 0.5, 2, -0.3, 1, 0.2, -2, 0.7, 0.1, -0.4}};
        double[][] plain = Conformal.offsets(one, 10, 0.9, new double[0]);
        double[][] calibrated = new Conformal.Calibration(one, 10, 0.9, new double[0]).forecastOffsets();
        assertArrayEquals(plain[0], calibrated[0], 0);
        assertArrayEquals(plain[1], calibrated[1], 0);
        // one origin missed by 5 at every step, the others not at all: left out, its residuals fall on the others'
        // shape of width 0, which no factor can scale to cover them
        double[][] flat = new double[3][10];
        Arrays.fill(flat[1], 5);
        Conformal.Calibration c = new Conformal.Calibration(flat, 10, 0.9, new double[0]);
        assertEquals(Double.POSITIVE_INFINITY, c.factor(c.all()));
        plain = Conformal.offsets(flat, 10, 0.9, new double[0]);
        assertArrayEquals(plain[1], c.offsets(c.all())[1], 0);
    }

    @Test
    void moreOriginsThanTheCalibrationCanKeyAreRefusedWhenConfigured() {
        assertThrows(IllegalArgumentException.class, () -> new ForecastSettings(0.9, 63, 8, 0.3, 0.1));
        assertThrows(
                IllegalArgumentException.class,
                () -> new Conformal.Calibration(new double[63][4], 4, 0.9, new double[0]));
        assertEquals(62, new ForecastSettings(0.9, 62, 8, 0.3, 0.1).origins());
    }
}
