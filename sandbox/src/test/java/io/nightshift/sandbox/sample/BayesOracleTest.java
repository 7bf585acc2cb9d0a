package io.nightshift.sandbox.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.commons.math3.special.Erf;
import org.junit.jupiter.api.Test;

class BayesOracleTest {

    @Test
    void withoutInformationTheOracleGuessesThePriorsCentre() {
        SeededRandom random = SeededRandom.of(1, "test");
        assertEquals(1.0, BayesOracle.withinChance(0, -1.9, -2.0, random));
        assertEquals(0.0, BayesOracle.withinChance(0, -2.5, -2.0, random));
    }

    @Test
    void withAbundantInformationTheOracleIsAlwaysWithin() {
        assertEquals(1.0, BayesOracle.withinChance(1e6, -2.7, -2.0, SeededRandom.of(2, "test")));
    }

    @Test
    void overTruthsDrawnFromThePriorItMatchesTheNormalPosterior() {
        // far from the clip bounds the posterior is normal with sd (I + 1/0.45²)^-1/2, so over truths drawn
        // from the prior the chance of landing within ±0.2 is 2·Phi(0.2 / sd) - 1: 0.45 at I = 4, 0.73 at I = 25
        for (double information : new double[] {4, 25}) {
            double sd = 1 / Math.sqrt(information + 1 / (0.45 * 0.45));
            double expected = 2 * 0.5 * Erf.erfc(-0.2 / sd / Math.sqrt(2)) - 1;
            SeededRandom random = SeededRandom.of(3, "test");
            double sum = 0;
            int truths = 400;
            for (int i = 0; i < truths; i++) {
                sum += BayesOracle.withinChance(information, -2.0 + 0.45 * random.gaussian(), -2.0, random);
            }
            assertEquals(expected, sum / truths, 0.035, "information " + information);
        }
    }
}
