package io.nightshift.common.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks the merged configuration against the shape of reference.conf before any section is read: a key
 * reference.conf does not define (a misspelling would otherwise be ignored and its default used without a
 * word), and a value of the wrong kind (a word for a number, a list for a word), each
 * named by its full key. Sections whose keys are names the user chooses (Spark settings, per-category and
 * per-marketplace overrides, per-tier windows) are open.
 */
final class ConfigShape {
    /** Sections that take keys of the user's choosing. */
    static final List<String> OPEN_SECTIONS = List.of(
            "nightshift.spark.conf",
            "nightshift.pricing.category-overrides",
            "nightshift.marketplaces.allocation",
            "nightshift.curation.value-window.by-tier",
            "nightshift.curation.dislike-keys",
            "nightshift.ingest.on-missing-feed");

    private static final Set<String> BOOLEAN_WORDS = Set.of("true", "false", "yes", "no", "on", "off");

    private ConfigShape() {}

    static void check(Config merged) {
        if (!merged.hasPath("nightshift")) {
            return;
        }
        Config reference = ConfigFactory.defaultReference(ConfigShape.class.getClassLoader());
        Map<String, String> problems = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> entry :
                merged.getConfig("nightshift").entrySet()) {
            String key = "nightshift." + entry.getKey();
            if (reference.hasPathOrNull(key)) {
                mismatch(reference.getValue(key), entry.getValue()).ifPresent(problem -> problems.put(key, problem));
            } else if (!inOpenSection(key)) {
                problems.put(key, "unknown key (not in reference.conf; misspelt?)");
            }
        }
        if (!problems.isEmpty()) {
            List<String> keys = new ArrayList<>(problems.keySet());
            String first = keys.get(0);
            String others = keys.size() > 1 ? "; also " + String.join(", ", keys.subList(1, keys.size())) : "";
            throw new InvalidConfigException(first, problems.get(first) + others);
        }
    }

    private static Optional<String> mismatch(ConfigValue expected, ConfigValue actual) {
        Object value = actual.unwrapped();
        String shown = actual.valueType() == ConfigValueType.STRING ? "'" + value + "'" : String.valueOf(value);
        switch (expected.valueType()) {
            case NUMBER -> {
                Double number = asNumber(actual);
                if (number == null) {
                    return Optional.of("expected a number, got " + shown);
                }
            }
            case BOOLEAN -> {
                if (actual.valueType() != ConfigValueType.BOOLEAN
                        && !(actual.valueType() == ConfigValueType.STRING
                                && BOOLEAN_WORDS.contains(String.valueOf(value)))) {
                    return Optional.of("expected true or false, got " + shown);
                }
            }
            case LIST -> {
                if (actual.valueType() != ConfigValueType.LIST) {
                    return Optional.of("expected a list [...], got " + shown);
                }
            }
            case OBJECT -> {
                return Optional.of("expected a section { ... }, got " + shown);
            }
            case STRING -> {
                if (actual.valueType() == ConfigValueType.LIST) {
                    return Optional.of("expected a single value, got a list");
                }
            }
            default -> {}
        }
        return Optional.empty();
    }

    private static Double asNumber(ConfigValue value) {
        if (value.valueType() == ConfigValueType.NUMBER) {
            return ((Number) value.unwrapped()).doubleValue();
        }
        if (value.valueType() == ConfigValueType.STRING) {
            try {
                return Double.parseDouble(((String) value.unwrapped()).strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static boolean inOpenSection(String key) {
        for (String section : OPEN_SECTIONS) {
            if (key.startsWith(section + ".")) {
                return true;
            }
        }
        return false;
    }
}
