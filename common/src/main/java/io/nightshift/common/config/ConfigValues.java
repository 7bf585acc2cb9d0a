package io.nightshift.common.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;

/** Typed reads of one settings block's values, with errors that name the full key. */
public final class ConfigValues {
    private ConfigValues() {
    }

    /**
     * A whole number of at least {@code minimum}.
     *
     * @param prefix the block's path with a trailing dot, e.g. {@code nightshift.ingest.}, for the error's key
     */
    public static int atLeast(Config block, String prefix, String key, int minimum) {
        long value;
        try {
            value = block.getLong(key);
        } catch (ConfigException e) {
            throw new InvalidConfigException(prefix + key, "expected a whole number");
        }
        if (value < minimum || value > Integer.MAX_VALUE) {
            throw new InvalidConfigException(prefix + key, "must be at least " + minimum + ", got " + value);
        }
        return (int) value;
    }
}
