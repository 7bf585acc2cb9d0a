package io.nightshift.sandbox.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.nightshift.common.config.PricingSettings;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The replay on a hand-made true demand model. */
class PricingSimulationTest {
    static final PricingSettings SETTINGS =
            PricingSettings.from(ConfigFactory.defaultReference()).withControlGroupShare(0);

    /** n products with flat true demand of 8 a day at the reference price, 120 days of history. */
    static PricingSimulation.Shop shop(int n, double elasticity) {
        int days = 120;
        List<PricingSimulation.TrueProduct> products = new ArrayList<>();
        double[][] baseline = new double[n][days];
        int[][] sold = new int[n][days];
        boolean[][] stockout = new boolean[n][days];
        long[][] prices = new long[n][days];
        BigDecimal[][] competitor = new BigDecimal[n][days];
        int[] onHand = new int[n];
        Double[] estimates = new Double[n];
        for (int p = 0; p < n; p++) {
            products.add(new PricingSimulation.TrueProduct(
                    p + 1,
                    "SKU-" + (p + 1),
                    "coffee",
                    new BigDecimal("20.00"),
                    new BigDecimal("10.00"),
                    20.0,
                    elasticity,
                    10,
                    5,
                    60,
                    200,
                    10));
            Arrays.fill(baseline[p], 8.0);
            Arrays.fill(sold[p], 8);
            Arrays.fill(prices[p], 2000);
            Arrays.fill(competitor[p], new BigDecimal("21.00"));
            onHand[p] = 150;
            estimates[p] = elasticity;
        }
        return new PricingSimulation.Shop(
                LocalDate.of(2026, 1, 1),
                products,
                baseline,
                sold,
                stockout,
                prices,
                competitor,
                onHand,
                estimates,
                "test");
    }

    @Test
    void demandDrawsUseTheSameCustomersWhateverThePrice() {
        for (int day = 0; day < 200; day++) {
            int low = PricingSimulation.draw(4.0, 5, 1, 7, day);
            int high = PricingSimulation.draw(6.0, 5, 1, 7, day);
            assertTrue(low <= high, "day " + day + ": " + low + " > " + high);
            assertEquals(low, PricingSimulation.draw(4.0, 5, 1, 7, day));
        }
    }

    @Test
    void optimizeEarnsMoreThanRulesOnInelasticDemandWithinGuardrails() {
        PricingSimulation.Shop shop = shop(5, -1.4);
        PricingSimulation.Result rules =
                PricingSimulation.run(shop, 60, 60, SETTINGS.withStrategy(PricingSettings.Strategy.RULES), 1);
        PricingSimulation.Result optimize =
                PricingSimulation.run(shop, 60, 60, SETTINGS.withStrategy(PricingSettings.Strategy.OPTIMIZE), 1);
        assertTrue(optimize.profit() > rules.profit(), optimize + " vs " + rules);
        assertEquals(0, optimize.belowCost() + optimize.aboveCap() + rules.belowCost() + rules.aboveCap());
        assertEquals(
                optimize,
                PricingSimulation.run(shop, 60, 60, SETTINGS.withStrategy(PricingSettings.Strategy.OPTIMIZE), 1),
                "deterministic");
    }
}
