package io.nightshift.sandbox.sample;

import java.util.Arrays;

/**
 * A product's own price every day: a few list-price changes and several short promotions a
 * year, so that price varies independently of demand shocks and elasticity is identifiable.
 */
final class PricePlan {
    static final double LIST_CHANGES_PER_YEAR = 1.5;
    static final double PROMOTIONS_PER_YEAR = 4;
    static final double FAST_MOVER_PROMOTIONS_PER_YEAR = 8;

    private PricePlan() {}

    static int[] draw(ProductProfile product, int days, SeededRandom random) {
        double years = days / 365.0;
        double[] listRatio = new double[days];
        Arrays.fill(listRatio, 1.0);
        int changes = random.poisson(LIST_CHANGES_PER_YEAR * years);
        int[] changeDays = new int[changes];
        for (int i = 0; i < changes; i++) {
            changeDays[i] = random.integer(0, days - 1);
        }
        Arrays.sort(changeDays);
        double ratio = 1.0;
        for (int i = 0; i < changes; i++) {
            double step = random.uniform(0.05, 0.15);
            boolean up = random.chance(0.55);
            if (ratio * (1 + step) > 1.25) {
                up = false;
            }
            if (ratio * (1 - step) < 0.8) {
                up = true;
            }
            ratio *= up ? 1 + step : 1 - step;
            for (int t = changeDays[i]; t < days; t++) {
                listRatio[t] = ratio;
            }
        }

        double[] discount = new double[days];
        double rate = product.fastMover() ? FAST_MOVER_PROMOTIONS_PER_YEAR : PROMOTIONS_PER_YEAR;
        int promotions = random.poisson(rate * years);
        for (int i = 0; i < promotions; i++) {
            int start = random.integer(0, days - 1);
            int length = random.integer(3, 10);
            double depth = random.uniform(0.10, 0.30);
            for (int t = start; t < Math.min(days, start + length); t++) {
                discount[t] = Math.max(discount[t], depth);
            }
        }

        int[] cents = new int[days];
        long base = product.basePriceCents();
        for (int t = 0; t < days; t++) {
            cents[t] = (int) endInNine(base * listRatio[t] * (1 - discount[t]));
        }
        return cents;
    }

    /** Shop prices end in 9 cents: 12.49, 4.99. */
    static long endInNine(double cents) {
        return Math.max(99, Math.round(cents / 10.0) * 10 - 1);
    }
}
