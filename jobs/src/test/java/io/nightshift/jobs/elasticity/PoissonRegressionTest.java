package io.nightshift.jobs.elasticity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PoissonRegressionTest {
    /** The Newey-West meat by its definition: every pair of rows at most lag days apart, Bartlett-weighted. */
    static double[][] pairwiseMeat(double[][] scores, long[] day, int lag) {
        int p = scores[0].length;
        double[][] meat = new double[p][p];
        for (int i = 0; i < scores.length; i++) {
            for (int j = 0; j < scores.length; j++) {
                long gap = Math.abs(day[i] - day[j]);
                if (gap > lag) {
                    continue;
                }
                double weight = 1 - gap / (lag + 1.0);
                for (int a = 0; a < p; a++) {
                    for (int b = 0; b < p; b++) {
                        meat[a][b] += weight * scores[i][a] * scores[j][b];
                    }
                }
            }
        }
        return meat;
    }

    @Test
    void hacMeatPerDayEqualsThePairwiseDefinitionWithStackedRowsAndMissingDays() {
        Random random = new Random(11);
        int n = 300;
        int p = 5;
        double[][] scores = new double[n][p];
        long[] day = new long[n];
        long current = 20_000;
        for (int i = 0; i < n; i++) {
            // two rows on most days (units and add-to-cart), gaps of up to 4 days (stock-outs left out)
            if (i > 0 && random.nextDouble() < 0.55) {
                current += 1 + random.nextInt(random.nextDouble() < 0.1 ? 4 : 1);
            }
            day[i] = current;
            for (int a = 0; a < p; a++) {
                scores[i][a] = random.nextGaussian();
            }
        }
        for (int lag : new int[] {0, 1, 7, 14}) {
            double[][] expected = pairwiseMeat(scores, day, lag);
            double[][] actual = PoissonRegression.hacMeat(scores, day, lag);
            for (int a = 0; a < p; a++) {
                for (int b = 0; b < p; b++) {
                    assertEquals(
                            expected[a][b],
                            actual[a][b],
                            1e-9 * (1 + Math.abs(expected[a][b])),
                            "lag " + lag + " [" + a + "][" + b + "]");
                }
            }
        }
    }
}
