package io.nightshift.sandbox.sample;

import org.apache.commons.math3.special.Erf;

/**
 * An upper bound for {@link ElasticityProbe}: how often could any estimator land within ±0.2 of a product's true
 * elasticity, given what the simulated days hold? The oracle knows everything about the product but the
 * elasticity (level, trend, seasons, holidays, each day's traffic shock, competitor effect, dispersion), sees the
 * true uncensored demand on every day, and knows the generator's prior (the category mean, sd 0.45, clipped to
 * [-3.5, -0.5]). The data then tell it the elasticity with the Fisher information of the units (negative
 * binomial) and the add-to-cart counts given views (Poisson):
 * I = sum over days of x²·mu/(1 + mu/k) + x²·carts, x = log(price / base price). Its estimate is the centre of the
 * 0.4-wide window of greatest posterior mass (prior times the estimate's normal likelihood), which maximises the
 * chance of landing within ±0.2; the chance is averaged over draws of the maximum-likelihood estimate. Every
 * simplification favours the oracle, so the stage cannot expect more.
 */
final class BayesOracle {
    private static final double PRIOR_SD = 0.45;
    private static final double LOW = -3.5;
    private static final double HIGH = -0.5;
    private static final double STEP = 0.005;
    private static final int DRAWS = 400;

    private BayesOracle() {}

    static double withinChance(ProductProfile product, DayBlock block, int days, int window, int index, long seed) {
        double information = 0;
        double base = product.basePriceCents();
        for (int t = Math.max(0, days - window); t < days; t++) {
            int k = block.slot(t, index);
            if (!block.launched[k]) {
                continue;
            }
            double x = Math.log(block.priceCents[k] / base);
            double mu = block.expectedDemand[k];
            information += x * x * mu / (1 + mu / product.dispersion());
            long views = 0;
            for (int c = 0; c < DayBlock.CHANNELS; c++) {
                views += block.views[k * DayBlock.CHANNELS + c];
            }
            double carts = views * ProductSimulator.cartRate(product, block.priceCents[k], block.competitorIndex[k]);
            information += x * x * carts;
        }
        return withinChance(
                information,
                product.elasticity(),
                product.category().meanElasticity,
                SeededRandom.of(seed, "bayes-oracle", product.productId()));
    }

    /**
     * The chance that the oracle's estimate lands within ±0.2 of {@code truth} when the data carry {@code information}
     * about it and the prior is N(categoryMean, 0.45²) clipped to [-3.5, -0.5].
     */
    static double withinChance(double information, double truth, double categoryMean, SeededRandom random) {
        int points = (int) Math.round((HIGH - LOW) / STEP) + 1;
        double[] prior = new double[points];
        for (int i = 0; i < points; i++) {
            double e = LOW + i * STEP;
            prior[i] = Math.exp(-0.5 * sq((e - categoryMean) / PRIOR_SD)) * STEP;
        }
        // the clip puts the prior's tails on the bounds
        prior[0] += normalCdf((LOW - categoryMean) / PRIOR_SD) * Math.sqrt(2 * Math.PI) * PRIOR_SD;
        prior[points - 1] += (1 - normalCdf((HIGH - categoryMean) / PRIOR_SD)) * Math.sqrt(2 * Math.PI) * PRIOR_SD;
        if (information <= 0) {
            return landsWithin(prior, new double[points], truth);
        }
        double se = 1 / Math.sqrt(information);
        double hits = 0;
        double[] logLikelihood = new double[points];
        for (int d = 0; d < DRAWS; d++) {
            double estimate = truth + se * random.gaussian();
            for (int i = 0; i < points; i++) {
                logLikelihood[i] = -0.5 * sq((estimate - (LOW + i * STEP)) / se);
            }
            hits += landsWithin(prior, logLikelihood, truth);
        }
        return hits / DRAWS;
    }

    /** 1 when the best 0.4-wide window of the posterior is centred within 0.2 of the truth, else 0. */
    private static double landsWithin(double[] prior, double[] logLikelihood, double truth) {
        int points = prior.length;
        double top = Double.NEGATIVE_INFINITY;
        for (double v : logLikelihood) {
            top = Math.max(top, v);
        }
        double[] posterior = new double[points];
        for (int i = 0; i < points; i++) {
            posterior[i] = prior[i] * Math.exp(logLikelihood[i] - top);
        }
        int half = (int) Math.round(0.2 / STEP);
        double mass = 0;
        for (int i = 0; i <= Math.min(points - 1, half); i++) {
            mass += posterior[i];
        }
        double best = mass;
        int bestCentre = 0;
        for (int c = 1; c < points; c++) {
            if (c + half < points) {
                mass += posterior[c + half];
            }
            if (c - half - 1 >= 0) {
                mass -= posterior[c - half - 1];
            }
            if (mass > best) {
                best = mass;
                bestCentre = c;
            }
        }
        return Math.abs(LOW + bestCentre * STEP - truth) <= 0.2 + 1e-9 ? 1 : 0;
    }

    private static double sq(double v) {
        return v * v;
    }

    private static double normalCdf(double z) {
        return 0.5 * Erf.erfc(-z / Math.sqrt(2));
    }
}
