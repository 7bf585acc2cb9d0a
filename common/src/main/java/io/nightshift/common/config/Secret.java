package io.nightshift.common.config;

/** A secret value whose text form never shows it, so it cannot leak into a log line or message. */
public final class Secret {
    private static final Secret EMPTY = new Secret("");
    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    public static Secret of(String value) {
        return value == null || value.isEmpty() ? EMPTY : new Secret(value);
    }

    public static Secret empty() {
        return EMPTY;
    }

    /** The secret itself; pass it straight to the driver, never to a logger or a message. */
    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public String toString() {
        return value.isEmpty() ? "(none)" : "****";
    }

    /** The URL with any password parameter or user-info masked, safe to show in a message. */
    public static String redactUrl(String url) {
        if (url == null) {
            return null;
        }
        return url.replaceAll("(?i)(password=)[^&;]*", "$1****").replaceAll("(//)[^/@]+@", "$1****@");
    }
}
