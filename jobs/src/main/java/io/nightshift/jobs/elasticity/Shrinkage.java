package io.nightshift.jobs.elasticity;

import org.apache.commons.math3.distribution.NormalDistribution;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Empirical-Bayes shrinkage of product elasticities toward their category, and of categories toward the
 * shop: a two-level normal random-effects model, product estimate b_i ~ N(theta_i, se_i^2),
 * theta_i ~ N(mu_category, tau^2), mu_category ~ N(mu_global, tauCategory^2), with the variances estimated
 * by DerSimonian-Laird moments. A product's posterior weighs its own estimate by tau^2 / (tau^2 + se_i^2):
 * a product whose price barely moved (large se) ends near its category, a well-measured one keeps its own.
 * The estimates are small (one row per product), so the hyperparameters are computed in one pass here.
 */
public final class Shrinkage implements Serializable {
    public static final String PRODUCT = "product";
    public static final String CATEGORY = "category";
    public static final String GLOBAL = "global";

    private final ElasticitySettings settings;
    private final double withinCategoryVariance;
    private final double betweenCategoryVariance;
    private final double globalMean;
    private final double globalMeanVariance;
    private final Map<String, Prior> categories;

    /** The prior a category gives its products: mean, variance of that mean, and the level it came from. */
    public record Prior(double mean, double meanVariance, int products, String level) implements Serializable {
    }

    /** A product's published elasticity. */
    public record Result(double elasticity, double ciLow, double ciHigh, String poolingLevel, double productWeight,
                         boolean flagged, String reason) implements Serializable {
    }

    private Shrinkage(ElasticitySettings settings, double withinCategoryVariance, double betweenCategoryVariance,
                      double globalMean, double globalMeanVariance, Map<String, Prior> categories) {
        this.settings = settings;
        this.withinCategoryVariance = withinCategoryVariance;
        this.betweenCategoryVariance = betweenCategoryVariance;
        this.globalMean = globalMean;
        this.globalMeanVariance = globalMeanVariance;
        this.categories = categories;
    }

    public double withinCategoryVariance() {
        return withinCategoryVariance;
    }

    public double betweenCategoryVariance() {
        return betweenCategoryVariance;
    }

    public double globalMean() {
        return globalMean;
    }

    public Map<String, Prior> categories() {
        return categories;
    }

    /** Whether a product's own estimate is believable enough to inform the priors and its own value. */
    static boolean plausible(ProductEstimate e, ElasticitySettings settings) {
        return e.fitted() && e.elasticity() <= 0 && e.elasticity() >= settings.mostElastic();
    }

    /** Estimates the hyperparameters from every product's own estimate (unfitted ones are ignored). */
    public static Shrinkage fit(List<ProductEstimate> estimates, ElasticitySettings settings) {
        // Hyperparameters use every fitted estimate that is not absurd; a positive but noisy estimate is a
        // legitimate draw of the model and leaving it out would bias the category means.
        Map<String, List<ProductEstimate>> byCategory = new TreeMap<>();
        for (ProductEstimate e : estimates) {
            if (e.fitted() && Math.abs(e.elasticity()) <= Math.abs(settings.mostElastic())) {
                byCategory.computeIfAbsent(key(e.category()), k -> new ArrayList<>()).add(e);
            }
        }
        double floor = settings.minBetweenProductSd() * settings.minBetweenProductSd();
        if (byCategory.isEmpty()) {
            double variance = settings.fallbackSd() * settings.fallbackSd();
            return new Shrinkage(settings, floor, variance, settings.fallbackElasticity(), 0, Map.of());
        }

        // tau^2: the spread of true product elasticities around their category mean, pooled over categories.
        double q = 0;
        double c = 0;
        int df = 0;
        for (List<ProductEstimate> group : byCategory.values()) {
            double w = 0, wb = 0, wbb = 0, ww = 0;
            for (ProductEstimate e : group) {
                double wi = 1 / (e.standardError() * e.standardError());
                w += wi;
                wb += wi * e.elasticity();
                wbb += wi * e.elasticity() * e.elasticity();
                ww += wi * wi;
            }
            q += wbb - wb * wb / w;
            c += w - ww / w;
            df += group.size() - 1;
        }
        double tau2 = df > 0 && c > 0 ? Math.max(floor, (q - df) / c) : Math.max(floor, settings.fallbackSd() * settings.fallbackSd());

        // Category means, each estimate weighted by 1 / (se^2 + tau^2).
        Map<String, double[]> means = new TreeMap<>();
        for (Map.Entry<String, List<ProductEstimate>> entry : byCategory.entrySet()) {
            double w = 0, wb = 0;
            for (ProductEstimate e : entry.getValue()) {
                double wi = 1 / (e.standardError() * e.standardError() + tau2);
                w += wi;
                wb += wi * e.elasticity();
            }
            means.put(entry.getKey(), new double[] {wb / w, 1 / w, entry.getValue().size()});
        }

        // Between-category spread and the global mean, the same way one level up.
        double w = 0, wm = 0, wmm = 0, ww = 0;
        for (double[] m : means.values()) {
            double wi = 1 / m[1];
            w += wi;
            wm += wi * m[0];
            wmm += wi * m[0] * m[0];
            ww += wi * wi;
        }
        int k = means.size();
        double qCategories = wmm - wm * wm / w;
        double cCategories = w - ww / w;
        double tauCategory2 = k > 1 && cCategories > 0 ? Math.max(0, (qCategories - (k - 1)) / cCategories) : 0;
        double gw = 0, gwm = 0;
        for (double[] m : means.values()) {
            double wi = 1 / (m[1] + tauCategory2);
            gw += wi;
            gwm += wi * m[0];
        }
        double global = gwm / gw;
        double globalVariance = 1 / gw;

        // Each category's mean shrunk toward the global one (more so the fewer products it has).
        Map<String, Prior> priors = new TreeMap<>();
        for (Map.Entry<String, double[]> entry : means.entrySet()) {
            double[] m = entry.getValue();
            double mean;
            double variance;
            if (tauCategory2 <= 0) {
                mean = global;
                variance = globalVariance;
            } else {
                double toOwn = tauCategory2 / (tauCategory2 + m[1]);
                mean = toOwn * m[0] + (1 - toOwn) * global;
                variance = toOwn * m[1] + (1 - toOwn) * (1 - toOwn) * globalVariance;
            }
            priors.put(entry.getKey(), new Prior(mean, variance, (int) m[2], CATEGORY));
        }
        return new Shrinkage(settings, tau2, tauCategory2, global, globalVariance, Map.copyOf(priors));
    }

    /** The prior for a product of this category: its category's, or the shop's if the category has no fitted product. */
    public Prior prior(String category) {
        Prior prior = categories.get(key(category));
        if (prior != null) return prior;
        return new Prior(globalMean, globalMeanVariance + betweenCategoryVariance, 0, GLOBAL);
    }

    /** The published elasticity of one product: its own estimate shrunk toward its prior, flagged when not trusted. */
    public Result apply(ProductEstimate estimate) {
        Prior prior = prior(estimate.category());
        double priorVariance = prior.meanVariance() + withinCategoryVariance;
        double z = new NormalDistribution(0, 1).inverseCumulativeProbability(0.5 + settings.intervalLevel() / 2);
        double mean;
        double variance;
        double weight;
        boolean flagged = false;
        String reason = null;
        if (plausible(estimate, settings)) {
            double se2 = estimate.standardError() * estimate.standardError();
            weight = priorVariance / (priorVariance + se2);
            mean = weight * estimate.elasticity() + (1 - weight) * prior.mean();
            variance = 1 / (1 / se2 + 1 / priorVariance);
        } else {
            weight = 0;
            mean = prior.mean();
            variance = priorVariance;
            if (estimate.fitted()) {
                // Never pass on a positive or absurd own estimate: publish the prior and say why.
                flagged = true;
                reason = String.format(Locale.ROOT, "%s own estimate %.2f (se %.2f) replaced by the %s estimate",
                        estimate.elasticity() > 0 ? "positive" : "implausible", estimate.elasticity(),
                        estimate.standardError(), prior.level());
            } else {
                reason = estimate.status().description + ": " + prior.level() + " estimate";
            }
        }
        double sd = Math.sqrt(variance);
        double low = mean - z * sd;
        double high = mean + z * sd;
        if (mean > settings.leastElastic()) {
            flagged = true;
            reason = (reason == null ? "" : reason + "; ")
                    + String.format(Locale.ROOT, "%.2f capped at %.2f", mean, settings.leastElastic());
            mean = settings.leastElastic();
            high = Math.max(high, mean);
            low = Math.min(low, mean);
        }
        String level = weight >= 0.5 ? PRODUCT : prior.level();
        return new Result(mean, low, high, level, weight, flagged, reason);
    }

    private static String key(String category) {
        return category == null ? "" : category;
    }
}
