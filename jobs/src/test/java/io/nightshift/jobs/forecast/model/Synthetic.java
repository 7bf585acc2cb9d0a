package io.nightshift.jobs.forecast.model;

import java.util.Random;

/** Synthetic series with known structure for the model tests. */
final class Synthetic {
    private Synthetic() {}

    static final double[] WEEK = {0.8, 0.9, 1.0, 1.0, 1.1, 1.4, 0.8};

    /** Daily demand: level·weekday·(1 + yearly wave)·price^elasticity, Poisson noise. */
    static double[] dailyDemand(int n, double level, double elasticity, double[] price, long seed) {
        Random random = new Random(seed);
        double[] y = new double[n];
        for (int t = 0; t < n; t++) {
            double mean = expected(t, level, elasticity, price == null ? 1 : price[t]);
            y[t] = poisson(mean, random);
        }
        return y;
    }

    static double expected(int t, double level, double elasticity, double price) {
        return level * WEEK[t % 7] * (1 + 0.3 * Math.sin(2 * Math.PI * t / 365.25)) * Math.pow(price, elasticity);
    }

    static int poisson(double mean, Random random) {
        if (mean > 50) {
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int k = 0;
        while (product > limit) {
            product *= random.nextDouble();
            k++;
        }
        return k;
    }

    /** A price path with a few steps: 1.0, then 0.8 or 1.2 for stretches of weeks. */
    static double[] steppedPrice(int n, long seed) {
        Random random = new Random(seed);
        double[] price = new double[n];
        double current = 1.0;
        for (int t = 0; t < n; t++) {
            if (t % 21 == 0) {
                current = new double[] {0.8, 1.0, 1.2}[random.nextInt(3)];
            }
            price[t] = current;
        }
        return price;
    }
}
