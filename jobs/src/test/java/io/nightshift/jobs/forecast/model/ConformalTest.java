package io.nightshift.jobs.forecast.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
