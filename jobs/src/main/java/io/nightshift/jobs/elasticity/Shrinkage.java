package io.nightshift.jobs.elasticity;

import io.nightshift.common.config.ElasticitySettings;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.MapGroupsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.KeyValueGroupedDataset;
import org.apache.spark.sql.Row;

/**
 * Empirical-Bayes shrinkage of product elasticities toward their category, and of categories toward the
 * shop: a two-level normal random-effects model, product estimate b_i ~ N(theta_i, se_i^2),
 * theta_i ~ N(mu_category, tau^2), mu_category ~ N(mu_global, tauCategory^2), with the variances estimated
 * by DerSimonian-Laird moments. A product's posterior weighs its own estimate by tau^2 / (tau^2 + se_i^2):
 * a product whose price barely moved (large se) ends near its category, a well-measured one keeps its own.
 * The hyperparameters need two passes over each category's usable estimates (precision sums for tau^2, then the
 * category mean given tau^2); on a frame both run on the executors, one group per category, and the driver receives
 * one small row per category and combines them. Sums are taken in product order within a category and in category
 * order across them, so the in-memory and the frame fit give the same bits whatever the order or partitioning.
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
    public record Prior(double mean, double meanVariance, int products, String level) implements Serializable {}

    /** A product's published elasticity. */
    public record Result(
            double elasticity,
            double ciLow,
            double ciHigh,
            String poolingLevel,
            double productWeight,
            boolean flagged,
            String reason)
            implements Serializable {}

    private Shrinkage(
            ElasticitySettings settings,
            double withinCategoryVariance,
            double betweenCategoryVariance,
            double globalMean,
            double globalMeanVariance,
            Map<String, Prior> categories) {
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

    /**
     * Whether an estimate informs the hyperparameters: every fitted estimate that is not absurd. A positive but
     * noisy estimate is a legitimate draw of the model and leaving it out would bias the category means.
     */
    private static boolean informsPriors(ProductEstimate e, ElasticitySettings settings) {
        return e.fitted() && Math.abs(e.elasticity()) <= Math.abs(settings.mostElastic());
    }

    /** Estimates the hyperparameters from every product's own estimate (unfitted ones are ignored), in memory. */
    public static Shrinkage fit(List<ProductEstimate> estimates, ElasticitySettings settings) {
        Map<String, List<ProductEstimate>> byCategory = new TreeMap<>();
        for (ProductEstimate e : estimates) {
            if (informsPriors(e, settings)) {
                byCategory
                        .computeIfAbsent(key(e.category()), k -> new ArrayList<>())
                        .add(e);
            }
        }
        List<PrecisionSums> sums = byCategory.entrySet().stream()
                .map(group -> precisionSums(group.getKey(), group.getValue()))
                .toList();
        if (sums.isEmpty()) {
            return fallback(settings);
        }
        double tau2 = withinCategoryVariance(sums, settings);
        List<CategoryMean> means = byCategory.entrySet().stream()
                .map(group -> categoryMean(group.getKey(), group.getValue(), tau2))
                .toList();
        return fromCategoryMeans(settings, tau2, means);
    }

    /**
     * The same hyperparameters, bit for bit, from a frame of {@link ElasticityFrames#ESTIMATE} rows: each
     * category's sums are taken on an executor and only one small row per category reaches the driver.
     */
    public static Shrinkage fit(Dataset<Row> estimates, ElasticitySettings settings) {
        KeyValueGroupedDataset<String, Row> byCategory = estimates
                .filter((FilterFunction<Row>) r -> informsPriors(ElasticityFrames.fromRow(r), settings))
                .groupByKey((MapFunction<Row, String>) r -> key(r.getAs("category")), Encoders.STRING());
        List<PrecisionSums> sums = byCategory
                .mapGroups(
                        (MapGroupsFunction<String, Row, PrecisionSums>)
                                (category, rows) -> precisionSums(category, fromRows(rows)),
                        Encoders.javaSerialization(PrecisionSums.class))
                .collectAsList();
        if (sums.isEmpty()) {
            return fallback(settings);
        }
        double tau2 = withinCategoryVariance(sums, settings);
        List<CategoryMean> means = byCategory
                .mapGroups(
                        (MapGroupsFunction<String, Row, CategoryMean>)
                                (category, rows) -> categoryMean(category, fromRows(rows), tau2),
                        Encoders.javaSerialization(CategoryMean.class))
                .collectAsList();
        return fromCategoryMeans(settings, tau2, means);
    }

    /**
     * Pass 1 over one category: the inverse-variance sums from which DerSimonian-Laird estimates tau^2 (public, as
     * are the pass 2 rows, because Spark's javaSerialization encoder takes only public classes).
     */
    public record PrecisionSums(String category, double w, double wb, double wbb, double ww, int products)
            implements Serializable {}

    /** Pass 2 over one category: its mean with each estimate weighted by 1 / (se^2 + tau^2). */
    public record CategoryMean(String category, double mean, double meanVariance, int products)
            implements Serializable {}

    // Sums of doubles depend on their order: each category's are taken in product order and the categories are
    // combined in name order, so neither the input's order nor its partitioning can change a bit of the result.
    private static final Comparator<ProductEstimate> BY_PRODUCT = Comparator.comparingInt(ProductEstimate::productId);
    private static final Comparator<PrecisionSums> SUMS_BY_CATEGORY = Comparator.comparing(PrecisionSums::category);
    private static final Comparator<CategoryMean> MEANS_BY_CATEGORY = Comparator.comparing(CategoryMean::category);

    private static PrecisionSums precisionSums(String category, List<ProductEstimate> group) {
        double w = 0, wb = 0, wbb = 0, ww = 0;
        for (ProductEstimate e : group.stream().sorted(BY_PRODUCT).toList()) {
            double wi = 1 / (e.standardError() * e.standardError());
            w += wi;
            wb += wi * e.elasticity();
            wbb += wi * e.elasticity() * e.elasticity();
            ww += wi * wi;
        }
        return new PrecisionSums(category, w, wb, wbb, ww, group.size());
    }

    /** tau^2: the spread of true product elasticities around their category mean, pooled over categories. */
    private static double withinCategoryVariance(List<PrecisionSums> categories, ElasticitySettings settings) {
        double floor = settings.minBetweenProductSd() * settings.minBetweenProductSd();
        double q = 0;
        double c = 0;
        int df = 0;
        for (PrecisionSums s : categories.stream().sorted(SUMS_BY_CATEGORY).toList()) {
            q += s.wbb() - s.wb() * s.wb() / s.w();
            c += s.w() - s.ww() / s.w();
            df += s.products() - 1;
        }
        return df > 0 && c > 0
                ? Math.max(floor, (q - df) / c)
                : Math.max(floor, settings.fallbackSd() * settings.fallbackSd());
    }

    private static CategoryMean categoryMean(String category, List<ProductEstimate> group, double tau2) {
        double w = 0, wb = 0;
        for (ProductEstimate e : group.stream().sorted(BY_PRODUCT).toList()) {
            double wi = 1 / (e.standardError() * e.standardError() + tau2);
            w += wi;
            wb += wi * e.elasticity();
        }
        return new CategoryMean(category, wb / w, 1 / w, group.size());
    }

    /** Without any usable estimate: the configured fallback for every product. */
    private static Shrinkage fallback(ElasticitySettings settings) {
        double floor = settings.minBetweenProductSd() * settings.minBetweenProductSd();
        double variance = settings.fallbackSd() * settings.fallbackSd();
        return new Shrinkage(settings, floor, variance, settings.fallbackElasticity(), 0, Map.of());
    }

    /** The between-category spread, the global mean and each category's prior, from the category means. */
    private static Shrinkage fromCategoryMeans(ElasticitySettings settings, double tau2, List<CategoryMean> unordered) {
        List<CategoryMean> means = unordered.stream().sorted(MEANS_BY_CATEGORY).toList();
        // Between-category spread and the global mean, the same way as tau^2 one level up.
        double w = 0, wm = 0, wmm = 0, ww = 0;
        for (CategoryMean m : means) {
            double wi = 1 / m.meanVariance();
            w += wi;
            wm += wi * m.mean();
            wmm += wi * m.mean() * m.mean();
            ww += wi * wi;
        }
        int k = means.size();
        double qCategories = wmm - wm * wm / w;
        double cCategories = w - ww / w;
        double tauCategory2 = k > 1 && cCategories > 0 ? Math.max(0, (qCategories - (k - 1)) / cCategories) : 0;
        double gw = 0, gwm = 0;
        for (CategoryMean m : means) {
            double wi = 1 / (m.meanVariance() + tauCategory2);
            gw += wi;
            gwm += wi * m.mean();
        }
        double global = gwm / gw;
        double globalVariance = 1 / gw;

        // Each category's mean shrunk toward the global one (more so the fewer products it has).
        Map<String, Prior> priors = new TreeMap<>();
        for (CategoryMean m : means) {
            double mean;
            double variance;
            if (tauCategory2 <= 0) {
                mean = global;
                variance = globalVariance;
            } else {
                double toOwn = tauCategory2 / (tauCategory2 + m.meanVariance());
                mean = toOwn * m.mean() + (1 - toOwn) * global;
                variance = toOwn * m.meanVariance() + (1 - toOwn) * (1 - toOwn) * globalVariance;
            }
            priors.put(m.category(), new Prior(mean, variance, m.products(), CATEGORY));
        }
        return new Shrinkage(settings, tau2, tauCategory2, global, globalVariance, Map.copyOf(priors));
    }

    /**
     * The prior for a product of this category: its category's, or the shop's if the category has no fitted product.
     */
    public Prior prior(String category) {
        Prior prior = categories.get(key(category));
        if (prior != null) {
            return prior;
        }
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
                reason = String.format(
                        Locale.ROOT,
                        "%s own estimate %.2f (se %.2f) replaced by the %s estimate",
                        estimate.elasticity() > 0 ? "positive" : "implausible",
                        estimate.elasticity(),
                        estimate.standardError(),
                        prior.level());
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

    private static List<ProductEstimate> fromRows(Iterator<Row> rows) {
        List<ProductEstimate> estimates = new ArrayList<>();
        rows.forEachRemaining(r -> estimates.add(ElasticityFrames.fromRow(r)));
        return estimates;
    }
}
