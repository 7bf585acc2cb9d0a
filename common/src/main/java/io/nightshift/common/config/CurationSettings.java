package io.nightshift.common.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The {@code nightshift.curation} section, validated once. */
public record CurationSettings(
        int noRepeatDays,
        Map<String, String> dislikeKeys,
        int maxPerCategory,
        ValueWindow defaultValueWindow,
        Map<String, ValueWindow> valueWindowByTier,
        Weights weights,
        int coldStartMinInteractions,
        Weights coldStartWeights,
        Als als,
        int candidatesPerCategory,
        double channelAllocationShare,
        int channelAllocationUnits,
        int maxAllocationPasses,
        int evaluationK,
        int relevantRating,
        Validation validation,
        int jdbcPartitions,
        int catalogueSliceProducts)
        implements Serializable {

    private static final String PREFIX = "nightshift.curation.";

    /** Box value bounds as multiples of the tier price. */
    public record ValueWindow(double min, double max) implements Serializable {}

    /** Shares of the content, collaborative and popularity scores in the blend. */
    public record Weights(double content, double collaborative, double popularity) implements Serializable {}

    /**
     * The grid evaluate-curation searches on the box before the held-out one: the hybrid's collaborative and
     * popularity shares (content takes the rest of 1) and ALS's rating-neutral.
     */
    public record Validation(
            List<Double> collaborativeShares, List<Double> popularityShares, List<Double> ratingNeutrals)
            implements Serializable {}

    public record Als(
            int rank,
            int maxIter,
            double regParam,
            double alpha,
            long seed,
            int blocks,
            double purchaseWeight,
            int maxUnitsPerLine,
            double ratingNeutral,
            int historyDays)
            implements Serializable {}

    public static CurationSettings from(Config root) {
        Config c = root.getConfig("nightshift.curation");
        Map<String, String> dislikes = new TreeMap<>();
        for (String key : c.getConfig("dislike-keys").root().keySet()) {
            dislikes.put(key, c.getConfig("dislike-keys").getString("\"" + key + "\""));
        }
        Map<String, ValueWindow> byTier = new TreeMap<>();
        Config tiers = c.getConfig("value-window.by-tier");
        for (String tier : tiers.root().keySet()) {
            byTier.put(tier, window(tiers.getConfig("\"" + tier + "\""), "value-window.by-tier." + tier));
        }
        Als als = new Als(
                atLeast(c, "als.rank", 1),
                atLeast(c, "als.max-iter", 1),
                nonNegative(c, "als.reg-param"),
                nonNegative(c, "als.alpha"),
                c.getLong("als.seed"),
                atLeast(c, "als.blocks", 1),
                nonNegative(c, "als.purchase-weight"),
                atLeast(c, "als.max-units-per-line", 1),
                nonNegative(c, "als.rating-neutral"),
                atLeast(c, "als.history-days", 1));
        return new CurationSettings(
                atLeast(c, "no-repeat-days", 0),
                Map.copyOf(dislikes),
                atLeast(c, "max-per-category", 1),
                window(c.getConfig("value-window.default"), "value-window.default"),
                Map.copyOf(byTier),
                weights(c, "weights"),
                atLeast(c, "cold-start.min-interactions", 0),
                new Weights(nonNegative(c, "cold-start.content"), 0, nonNegative(c, "cold-start.popularity")),
                als,
                atLeast(c, "candidates-per-category", 1),
                ConfigValues.share(c, PREFIX, "stock.channel-allocation-share"),
                atLeast(c, "stock.channel-allocation-units", 0),
                atLeast(c, "max-allocation-passes", 1),
                atLeast(c, "evaluation.k", 1),
                atLeast(c, "evaluation.relevant-rating", 1),
                new Validation(
                        shares(c, "evaluation.validation.collaborative-shares"),
                        shares(c, "evaluation.validation.popularity-shares"),
                        nonNegatives(c, "evaluation.validation.rating-neutral")),
                atLeast(c, "jdbc-partitions", 1),
                atLeast(c, "catalogue-slice-products", 1));
    }

    /** The value window of a tier (by name), else the default. */
    public ValueWindow valueWindow(String tierName) {
        return valueWindowByTier.getOrDefault(tierName, defaultValueWindow);
    }

    /** The same settings with other blends (warm customers, and cold-start customers). */
    public CurationSettings withWeights(Weights warm, Weights cold) {
        return new CurationSettings(
                noRepeatDays,
                dislikeKeys,
                maxPerCategory,
                defaultValueWindow,
                valueWindowByTier,
                warm,
                coldStartMinInteractions,
                cold,
                als,
                candidatesPerCategory,
                channelAllocationShare,
                channelAllocationUnits,
                maxAllocationPasses,
                evaluationK,
                relevantRating,
                validation,
                jdbcPartitions,
                catalogueSliceProducts);
    }

    public CurationSettings withCandidatesPerCategory(int perCategory) {
        return new CurationSettings(
                noRepeatDays,
                dislikeKeys,
                maxPerCategory,
                defaultValueWindow,
                valueWindowByTier,
                weights,
                coldStartMinInteractions,
                coldStartWeights,
                als,
                perCategory,
                channelAllocationShare,
                channelAllocationUnits,
                maxAllocationPasses,
                evaluationK,
                relevantRating,
                validation,
                jdbcPartitions,
                catalogueSliceProducts);
    }

    /** The same settings with another ALS rating-neutral. */
    public CurationSettings withRatingNeutral(double ratingNeutral) {
        Als a = new Als(
                als.rank(),
                als.maxIter(),
                als.regParam(),
                als.alpha(),
                als.seed(),
                als.blocks(),
                als.purchaseWeight(),
                als.maxUnitsPerLine(),
                ratingNeutral,
                als.historyDays());
        return new CurationSettings(
                noRepeatDays,
                dislikeKeys,
                maxPerCategory,
                defaultValueWindow,
                valueWindowByTier,
                weights,
                coldStartMinInteractions,
                coldStartWeights,
                a,
                candidatesPerCategory,
                channelAllocationShare,
                channelAllocationUnits,
                maxAllocationPasses,
                evaluationK,
                relevantRating,
                validation,
                jdbcPartitions,
                catalogueSliceProducts);
    }

    private static List<Double> nonNegatives(Config c, String key) {
        List<Double> values;
        try {
            values = c.getDoubleList(key);
        } catch (ConfigException e) {
            throw new InvalidConfigException(PREFIX + key, "expected a list of numbers");
        }
        if (values.isEmpty()) {
            throw new InvalidConfigException(PREFIX + key, "must not be empty");
        }
        for (double v : values) {
            if (v < 0 || Double.isNaN(v)) {
                throw new InvalidConfigException(PREFIX + key, "must not be negative, got " + v);
            }
        }
        return List.copyOf(values);
    }

    private static List<Double> shares(Config c, String key) {
        List<Double> values = nonNegatives(c, key);
        for (double v : values) {
            if (v > 1) {
                throw new InvalidConfigException(PREFIX + key, "must be between 0 and 1, got " + v);
            }
        }
        return values;
    }

    private static Weights weights(Config c, String path) {
        return new Weights(
                nonNegative(c, path + ".content"),
                nonNegative(c, path + ".collaborative"),
                nonNegative(c, path + ".popularity"));
    }

    private static ValueWindow window(Config c, String path) {
        double min = nonNegative(c, "min");
        double max = nonNegative(c, "max");
        if (max < min) {
            throw new InvalidConfigException(PREFIX + path, "max " + max + " is below min " + min);
        }
        return new ValueWindow(min, max);
    }

    private static int atLeast(Config c, String key, int minimum) {
        return ConfigValues.atLeast(c, PREFIX, key, minimum);
    }

    private static double nonNegative(Config c, String key) {
        return ConfigValues.nonNegative(c, PREFIX, key);
    }
}
