package io.nightshift.common.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The {@code nightshift.ingest} section, validated. */
public record IngestSettings(
        int lateArrivalDays,
        int jdbcPartitions,
        double maxRejectedShare,
        long minRowsForShare,
        boolean failOnTooManyRejected,
        Map<String, MissingFeed> onMissingFeed,
        BigDecimal maxPrice,
        long maxTrafficCount,
        int futureToleranceDays,
        int indicatorLookbackDays,
        int backfillChunkDays,
        int parallelSteps) {

    private static final String PREFIX = "nightshift.ingest.";

    /**
     * What a landing feed without a file for a run day does: FAIL the stage, WARN and go on, or NONE: the shop
     * declares it has no such feed, so it is not read at all (no warning per day) and its features are off.
     */
    public enum MissingFeed {
        FAIL,
        WARN,
        NONE
    }

    public static IngestSettings from(Config root) {
        Config c = root.getConfig("nightshift.ingest");
        Map<String, MissingFeed> onMissing = new TreeMap<>();
        for (String source : c.getConfig("on-missing-feed").root().keySet()) {
            onMissing.put(source, missingFeed(c, "on-missing-feed." + source));
        }
        IngestSettings settings = new IngestSettings(
                atLeast(c, "late-arrival-days", 0), atLeast(c, "jdbc-partitions", 1),
                ConfigValues.share(c, PREFIX, "max-rejected-share"), atLeast(c, "min-rows-for-share", 0),
                failOrWarn(c, "on-too-many-rejected"), Map.copyOf(onMissing),
                positiveDecimal(c, "max-price"), atLeast(c, "max-traffic-count", 1),
                atLeast(c, "future-tolerance-days", 0), atLeast(c, "indicator-lookback-days", 0),
                atLeast(c, "backfill-chunk-days", 1), atLeast(c, "parallel-steps", 1));
        return settings;
    }

    /** Whether a missing feed of this source fails the stage (unlisted sources fail). */
    public boolean failsWhenMissing(String source) {
        return onMissingFeed.getOrDefault(source, MissingFeed.FAIL) == MissingFeed.FAIL;
    }

    /** Whether the shop declares it has no such feed ({@code on-missing-feed.<source> = "none"}). */
    public boolean declaredAbsent(String source) {
        return onMissingFeed.getOrDefault(source, MissingFeed.FAIL) == MissingFeed.NONE;
    }

    private static int atLeast(Config c, String key, int minimum) {
        return ConfigValues.atLeast(c, PREFIX, key, minimum);
    }

    private static BigDecimal positiveDecimal(Config c, String key) {
        try {
            BigDecimal value = new BigDecimal(c.getString(key));
            if (value.signum() <= 0) {
                throw new InvalidConfigException(PREFIX + key, "must be positive, got " + value);
            }
            return value;
        } catch (ConfigException | NumberFormatException e) {
            throw new InvalidConfigException(PREFIX + key, "expected a number");
        }
    }

    private static MissingFeed missingFeed(Config c, String key) {
        return oneOf(c, key, Map.of("fail", MissingFeed.FAIL, "warn", MissingFeed.WARN, "none", MissingFeed.NONE));
    }

    private static boolean failOrWarn(Config c, String key) {
        return oneOf(c, key, Map.of("fail", true, "warn", false));
    }

    /** The value of {@code key} among the words {@code values} allows, or an error naming the key and the words. */
    private static <T> T oneOf(Config c, String key, Map<String, T> values) {
        String allowed =
                values.keySet().stream().sorted().map(v -> "\"" + v + "\"").collect(Collectors.joining(", "));
        String value;
        try {
            value = c.getString(key);
        } catch (ConfigException e) {
            throw new InvalidConfigException(PREFIX + key, "expected one of " + allowed);
        }
        if (!values.containsKey(value)) {
            throw new InvalidConfigException(PREFIX + key, "expected one of " + allowed + ", got \"" + value + "\"");
        }
        return values.get(value);
    }
}
