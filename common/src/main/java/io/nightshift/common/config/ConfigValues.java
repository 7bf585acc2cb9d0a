package io.nightshift.common.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;

/** Typed reads of one settings block's values, with errors that name the full key. */
public final class ConfigValues {
    private ConfigValues() {}

    /**
     * A whole number of at least {@code minimum}.
     *
     * @param prefix the block's path with a trailing dot, e.g. {@code nightshift.ingest.}, for the error's key
     */
    public static int atLeast(Config block, String prefix, String key, int minimum) {
        long value = wholeNumber(block, prefix, key);
        if (value < minimum || value > Integer.MAX_VALUE) {
            throw new InvalidConfigException(prefix + key, "must be at least " + minimum + ", got " + value);
        }
        return (int) value;
    }

    /** A whole number: Typesafe's getLong would truncate 2.5 to 2 without a word. */
    public static long wholeNumber(Config block, String prefix, String key) {
        double number;
        try {
            number = block.getNumber(key).doubleValue();
        } catch (ConfigException e) {
            throw new InvalidConfigException(prefix + key, "expected a whole number");
        }
        if (number != Math.rint(number) || Double.isInfinite(number)) {
            throw new InvalidConfigException(prefix + key, "expected a whole number, got " + number);
        }
        return block.getLong(key);
    }

    /** A number. */
    public static double number(Config block, String prefix, String key) {
        try {
            return block.getDouble(key);
        } catch (ConfigException e) {
            throw new InvalidConfigException(prefix + key, "expected a number");
        }
    }

    /** A number of at least zero (NaN is not). */
    public static double nonNegative(Config block, String prefix, String key) {
        double value = number(block, prefix, key);
        if (value < 0 || Double.isNaN(value)) {
            throw new InvalidConfigException(prefix + key, "must not be negative, got " + value);
        }
        return value;
    }

    /** A share: a number from 0 to 1, both included. */
    public static double share(Config block, String prefix, String key) {
        double value = number(block, prefix, key);
        if (!(value >= 0 && value <= 1)) {
            throw new InvalidConfigException(prefix + key, "must be between 0 and 1, got " + value);
        }
        return value;
    }

    /** A fraction strictly between 0 and 1 (a level, a margin). */
    public static double openFraction(Config block, String prefix, String key) {
        double value = number(block, prefix, key);
        if (!(value > 0 && value < 1)) {
            throw new InvalidConfigException(prefix + key, "must be between 0 and 1 (exclusive), got " + value);
        }
        return value;
    }
}
