package io.nightshift.common.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.io.Serializable;

/** The {@code nightshift.elasticity} section, validated (every key is documented in reference.conf). */
public record ElasticitySettings(
        int windowDays,
        int minObservations,
        int minDistinctPrices,
        long minUnits,
        int hacLagDays,
        double intervalLevel,
        double mostElastic,
        double leastElastic,
        double minBetweenProductSd,
        double fallbackElasticity,
        double fallbackSd,
        boolean addToCartFunnel)
        implements Serializable {

    private static final String PREFIX = "nightshift.elasticity.";

    public ElasticitySettings {
        if (!(intervalLevel > 0 && intervalLevel < 1)) {
            throw new InvalidConfigException(
                    PREFIX + "interval-level", "must be between 0 and 1, got " + intervalLevel);
        }
        if (!(mostElastic < leastElastic && leastElastic <= 0)) {
            throw new InvalidConfigException(
                    PREFIX + "most-elastic",
                    "need most-elastic < least-elastic <= 0, got " + mostElastic + " and " + leastElastic);
        }
        if (!(fallbackElasticity >= mostElastic && fallbackElasticity <= leastElastic)) {
            throw new InvalidConfigException(
                    PREFIX + "fallback-elasticity",
                    "must lie within most-elastic..least-elastic, got " + fallbackElasticity);
        }
        if (!(minBetweenProductSd >= 0) || !(fallbackSd > 0)) {
            throw new InvalidConfigException(PREFIX + "fallback-sd", "standard deviations must be positive");
        }
    }

    public static ElasticitySettings from(Config root) {
        Config c = root.getConfig("nightshift.elasticity");
        return new ElasticitySettings(
                whole(c, "window-days", 28),
                whole(c, "min-observations", 10),
                whole(c, "min-distinct-prices", 2),
                whole(c, "min-units", 1),
                whole(c, "hac-lag-days", 0),
                number(c, "interval-level"),
                number(c, "most-elastic"),
                number(c, "least-elastic"),
                number(c, "min-between-product-sd"),
                number(c, "fallback-elasticity"),
                number(c, "fallback-sd"),
                flag(c, "add-to-cart-funnel"));
    }

    private static int whole(Config c, String key, int minimum) {
        return ConfigValues.atLeast(c, PREFIX, key, minimum);
    }

    private static boolean flag(Config c, String key) {
        try {
            return c.getBoolean(key);
        } catch (ConfigException e) {
            throw new InvalidConfigException(PREFIX + key, "expected true or false");
        }
    }

    private static double number(Config c, String key) {
        return ConfigValues.number(c, PREFIX, key);
    }
}
