package io.nightshift.common.config;

/** A configuration value is missing or invalid; the message names the key. A usage error (exit 2). */
public final class InvalidConfigException extends RuntimeException {
    public InvalidConfigException(String key, String problem) {
        super("invalid configuration " + key + ": " + problem);
    }
}
