package io.nightshift.common.config;

import com.typesafe.config.Config;
import java.util.Locale;

/**
 * How much of a product's available-to-sell stock one marketplace may show. Available to sell is on hand
 * minus reserved minus safety stock (never below zero); then, per marketplace:
 * {@code share}: floor(available x share); {@code cap}: min(available, cap); {@code all}: available minus a
 * buffer, every marketplace seeing the same stock (the ingest of their orders keeps it true).
 */
public record ChannelAllocation(Rule rule, double share, int cap, int buffer) {
    public enum Rule {
        SHARE,
        CAP,
        ALL
    }

    public static ChannelAllocation from(Config c, String key) {
        Rule rule;
        try {
            rule = Rule.valueOf(c.getString("rule").trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(key + ".rule", "expected share, cap or all, got " + c.getString("rule"));
        }
        double share = c.hasPath("share") ? c.getDouble("share") : 1.0;
        int cap = c.hasPath("cap") ? c.getInt("cap") : Integer.MAX_VALUE;
        int buffer = c.hasPath("buffer") ? c.getInt("buffer") : 0;
        if (share < 0 || share > 1 || cap < 0 || buffer < 0) {
            throw new InvalidConfigException(key, "share must be in [0, 1], cap and buffer >= 0");
        }
        return new ChannelAllocation(rule, share, cap, buffer);
    }

    /** Stock the shop can sell anywhere: on hand - reserved - safety stock, never negative. */
    public static int availableToSell(int onHand, int reserved, int safetyStock) {
        return Math.max(0, onHand - reserved - safetyStock);
    }

    /** The quantity this marketplace shows, never negative. */
    public int quantityFor(int available) {
        int a = Math.max(0, available);
        int q = switch (rule) {
            case SHARE -> (int) Math.floor(a * share);
            case CAP -> Math.min(a, cap);
            case ALL -> a;
        };
        return Math.max(0, q - buffer);
    }
}
