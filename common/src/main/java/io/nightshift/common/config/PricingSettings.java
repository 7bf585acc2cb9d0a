package io.nightshift.common.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigUtil;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/** The {@code nightshift.pricing} section, validated once. Serializable: executors price with it. */
public record PricingSettings(
        Strategy strategy,
        double controlGroupShare,
        int horizonDays,
        int replenishmentDays,
        double defaultElasticity,
        double minElasticity,
        double maxElasticity,
        RulesSettings rules,
        Guardrails guardrails,
        Map<String, Guardrails> categoryGuardrails,
        PublishSettings publish,
        ExperimentSettings experiments)
        implements Serializable {

    private static final String PREFIX = "nightshift.pricing.";

    public enum Strategy {
        RULES,
        OPTIMIZE;

        public String label() {
            return name().toLowerCase();
        }

        public static Strategy parse(String value) {
            for (Strategy s : values()) {
                if (s.label().equals(value)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown pricing strategy '" + value + "' (rules or optimize)");
        }
    }

    /** The seed's optimize_price thresholds and multipliers. */
    public record RulesSettings(
            int demandDays,
            double lowStockBelow,
            double highDemandAbove,
            BigDecimal lowStockMarkup,
            double overstockAbove,
            double lowDemandBelow,
            BigDecimal overstockMarkdown,
            BigDecimal overstockCompetitorMargin,
            BigDecimal standardMarkup,
            BigDecimal competitorMargin,
            BigDecimal unknownCostRatio,
            BigDecimal capRatio)
            implements Serializable {
        /** The seed's values. */
        public static RulesSettings seed() {
            return new RulesSettings(
                    7,
                    10,
                    50,
                    new BigDecimal("1.15"),
                    100,
                    20,
                    new BigDecimal("0.95"),
                    new BigDecimal("0.50"),
                    new BigDecimal("1.02"),
                    new BigDecimal("1.00"),
                    new BigDecimal("0.70"),
                    new BigDecimal("1.5"));
        }
    }

    /** The optimiser's guardrails (per category after overrides). */
    public record Guardrails(
            double minMargin,
            double capRatio,
            double competitorCeilingRatio,
            double maxDailyChange,
            double minChange,
            double priceEnding,
            double overstockDays,
            double clearWithinDays)
            implements Serializable {
        public boolean hasCompetitorCeiling() {
            return competitorCeilingRatio > 0;
        }

        public boolean hasPriceEnding() {
            return priceEnding >= 0;
        }

        public Guardrails withMaxDailyChange(double value) {
            return new Guardrails(
                    minMargin,
                    capRatio,
                    competitorCeilingRatio,
                    value,
                    minChange,
                    priceEnding,
                    overstockDays,
                    clearWithinDays);
        }

        public Guardrails withCompetitorCeilingRatio(double value) {
            return new Guardrails(
                    minMargin, capRatio, value, maxDailyChange, minChange, priceEnding, overstockDays, clearWithinDays);
        }

        public Guardrails withMinChange(double value) {
            return new Guardrails(
                    minMargin,
                    capRatio,
                    competitorCeilingRatio,
                    maxDailyChange,
                    value,
                    priceEnding,
                    overstockDays,
                    clearWithinDays);
        }

        public Guardrails withPriceEnding(double value) {
            return new Guardrails(
                    minMargin,
                    capRatio,
                    competitorCeilingRatio,
                    maxDailyChange,
                    minChange,
                    value,
                    overstockDays,
                    clearWithinDays);
        }
    }

    /** The publish circuit breaker's limits. */
    public record PublishSettings(double moveThreshold, double movedShareLimit, double missingShareLimit)
            implements Serializable {}

    /**
     * Price experiments: on a share of the optimised products whose elasticity is uncertain and that sell, the
     * price is moved by +/- amplitude around the optimum on a weekly schedule, within every guardrail, when the
     * expected profit given up stays within max-profit-loss of the optimum's.
     *
     * @param enabled            off by default
     * @param share              share of the eligible products under test (by a hash of product id and seed)
     * @param amplitude          relative move around the optimum, in (0, 0.5]
     * @param minIntervalWidth   eligible when the elasticity interval (ci_high - ci_low) is at least this wide
     * @param minUnitsPerDay     eligible when the forecast sells at least this many units a day at the current price
     * @param maxProfitLoss      largest share of the optimum's expected profit over the horizon a test may give up
     * @param seed               changes which products are tested and their schedule's phase
     */
    public record ExperimentSettings(
            boolean enabled,
            double share,
            double amplitude,
            double minIntervalWidth,
            double minUnitsPerDay,
            double maxProfitLoss,
            long seed)
            implements Serializable {
        public ExperimentSettings withEnabled(boolean value) {
            return new ExperimentSettings(
                    value, share, amplitude, minIntervalWidth, minUnitsPerDay, maxProfitLoss, seed);
        }

        public ExperimentSettings withShare(double value) {
            return new ExperimentSettings(
                    enabled, value, amplitude, minIntervalWidth, minUnitsPerDay, maxProfitLoss, seed);
        }

        public ExperimentSettings withMaxProfitLoss(double value) {
            return new ExperimentSettings(enabled, share, amplitude, minIntervalWidth, minUnitsPerDay, value, seed);
        }

        static ExperimentSettings from(Config e) {
            String prefix = PREFIX + "experiments.";
            boolean enabled;
            try {
                enabled = e.getBoolean("enabled");
            } catch (ConfigException ex) {
                throw new InvalidConfigException(prefix + "enabled", "expected true or false");
            }
            double amplitude = ConfigValues.number(e, prefix, "amplitude");
            if (!(amplitude > 0 && amplitude <= 0.5)) {
                throw new InvalidConfigException(
                        prefix + "amplitude", "must be above 0 and at most 0.5, got " + amplitude);
            }
            return new ExperimentSettings(
                    enabled,
                    ConfigValues.share(e, prefix, "share"),
                    amplitude,
                    ConfigValues.nonNegative(e, prefix, "min-interval-width"),
                    ConfigValues.nonNegative(e, prefix, "min-units-per-day"),
                    ConfigValues.share(e, prefix, "max-profit-loss"),
                    ConfigValues.wholeNumber(e, prefix, "seed"));
        }
    }

    public static PricingSettings from(Config root) {
        Config c = root.getConfig("nightshift.pricing");
        Strategy strategy;
        try {
            strategy = Strategy.parse(c.getString("strategy"));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(PREFIX + "strategy", e.getMessage());
        }
        Config r = c.getConfig("rules");
        RulesSettings rules = new RulesSettings(
                positiveInt(r, "rules.demand-days"),
                number(r, "low-stock-below"),
                number(r, "high-demand-above"),
                decimal(r, "low-stock-markup"),
                number(r, "overstock-above"),
                number(r, "low-demand-below"),
                decimal(r, "overstock-markdown"),
                decimal(r, "overstock-competitor-margin"),
                decimal(r, "standard-markup"),
                decimal(r, "competitor-margin"),
                decimal(r, "unknown-cost-ratio"),
                decimal(r, "cap-ratio"));
        Config g = c.getConfig("guardrails");
        Guardrails guardrails = guardrails(g, "guardrails");
        Map<String, Guardrails> perCategory = new TreeMap<>();
        Config overrides = c.getConfig("category-overrides");
        for (String category : overrides.root().keySet()) {
            Config merged = overrides.getConfig(ConfigUtil.joinPath(category)).withFallback(g);
            perCategory.put(category, guardrails(merged, "category-overrides." + category));
        }
        Config p = c.getConfig("publish");
        PublishSettings publish = new PublishSettings(
                share(p, "publish.move-threshold", p.getDouble("move-threshold")),
                share(p, "publish.moved-share-limit", p.getDouble("moved-share-limit")),
                share(p, "publish.missing-share-limit", p.getDouble("missing-share-limit")));
        double minElasticity = c.getDouble("min-elasticity");
        double maxElasticity = c.getDouble("max-elasticity");
        if (!(minElasticity < maxElasticity && maxElasticity < 0)) {
            throw new InvalidConfigException(PREFIX + "min-elasticity", "need min-elasticity < max-elasticity < 0");
        }
        return new PricingSettings(
                strategy,
                share(c, "control-group-share", c.getDouble("control-group-share")),
                positiveInt(c, "horizon-days"),
                positiveInt(c, "replenishment-days"),
                c.getDouble("default-elasticity"),
                minElasticity,
                maxElasticity,
                rules,
                guardrails,
                Map.copyOf(perCategory),
                publish,
                ExperimentSettings.from(c.getConfig("experiments")));
    }

    /** The guardrails of a category: its overrides, else the defaults. */
    public Guardrails guardrailsFor(String category) {
        return category == null ? guardrails : categoryGuardrails.getOrDefault(category, guardrails);
    }

    public PricingSettings withStrategy(Strategy value) {
        return new PricingSettings(
                value,
                controlGroupShare,
                horizonDays,
                replenishmentDays,
                defaultElasticity,
                minElasticity,
                maxElasticity,
                rules,
                guardrails,
                categoryGuardrails,
                publish,
                experiments);
    }

    public PricingSettings withControlGroupShare(double value) {
        return new PricingSettings(
                strategy,
                value,
                horizonDays,
                replenishmentDays,
                defaultElasticity,
                minElasticity,
                maxElasticity,
                rules,
                guardrails,
                categoryGuardrails,
                publish,
                experiments);
    }

    public PricingSettings withGuardrails(Guardrails value) {
        return new PricingSettings(
                strategy,
                controlGroupShare,
                horizonDays,
                replenishmentDays,
                defaultElasticity,
                minElasticity,
                maxElasticity,
                rules,
                value,
                categoryGuardrails,
                publish,
                experiments);
    }

    public PricingSettings withCategoryGuardrails(Map<String, Guardrails> value) {
        return new PricingSettings(
                strategy,
                controlGroupShare,
                horizonDays,
                replenishmentDays,
                defaultElasticity,
                minElasticity,
                maxElasticity,
                rules,
                guardrails,
                Map.copyOf(value),
                publish,
                experiments);
    }

    public PricingSettings withExperiments(ExperimentSettings value) {
        return new PricingSettings(
                strategy,
                controlGroupShare,
                horizonDays,
                replenishmentDays,
                defaultElasticity,
                minElasticity,
                maxElasticity,
                rules,
                guardrails,
                categoryGuardrails,
                publish,
                value);
    }

    private static Guardrails guardrails(Config g, String path) {
        double ending = g.getDouble("price-ending");
        if (ending >= 1) {
            throw new InvalidConfigException(PREFIX + path + ".price-ending", "must be below 1 (cents), got " + ending);
        }
        return new Guardrails(
                nonNegative(g, path + ".min-margin", g.getDouble("min-margin")),
                atLeastOne(path + ".cap-ratio", g.getDouble("cap-ratio")),
                nonNegative(g, path + ".competitor-ceiling-ratio", g.getDouble("competitor-ceiling-ratio")),
                share(g, path + ".max-daily-change", g.getDouble("max-daily-change")),
                share(g, path + ".min-change", g.getDouble("min-change")),
                ending,
                nonNegative(g, path + ".overstock-days", g.getDouble("overstock-days")),
                nonNegative(g, path + ".clear-within-days", g.getDouble("clear-within-days")));
    }

    private static int positiveInt(Config c, String key) {
        String local = key.contains(".") ? key.substring(key.indexOf('.') + 1) : key;
        int value = (int) ConfigValues.wholeNumber(c, PREFIX + key.substring(0, key.length() - local.length()), local);
        if (value <= 0) {
            throw new InvalidConfigException(PREFIX + key, "must be positive, got " + value);
        }
        return value;
    }

    private static double number(Config c, String key) {
        try {
            return c.getDouble(key);
        } catch (ConfigException e) {
            throw new InvalidConfigException(PREFIX + "rules." + key, "expected a number");
        }
    }

    private static BigDecimal decimal(Config c, String key) {
        try {
            return new BigDecimal(c.getString(key));
        } catch (ConfigException | NumberFormatException e) {
            throw new InvalidConfigException(PREFIX + "rules." + key, "expected a decimal number");
        }
    }

    private static double share(Config c, String key, double value) {
        if (value < 0 || value > 1) {
            throw new InvalidConfigException(PREFIX + key, "must be within [0, 1], got " + value);
        }
        return value;
    }

    private static double nonNegative(Config c, String key, double value) {
        if (value < 0) {
            throw new InvalidConfigException(PREFIX + key, "must not be negative, got " + value);
        }
        return value;
    }

    private static double atLeastOne(String key, double value) {
        if (value < 1) {
            throw new InvalidConfigException(PREFIX + key, "must be at least 1, got " + value);
        }
        return value;
    }
}
