package io.nightshift.common.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code nightshift.import} section, validated: how {@code bin/pipeline import} tells the lines that are not
 * products (shipping, fees, adjustments) from the products.
 *
 * @param nonProductPatterns Java regular expressions; an order line whose sku or product name matches one of them
 *                           as a whole, ignoring case, is not a product: it is counted, and kept out of products
 *                           and order lines
 */
public record ImportSettings(List<String> nonProductPatterns) {
    private static final String PREFIX = "nightshift.import.";

    public ImportSettings {
        nonProductPatterns = List.copyOf(nonProductPatterns);
    }

    public static ImportSettings from(Config root) {
        Config c = root.getConfig("nightshift.import");
        List<String> patterns;
        try {
            patterns = c.getStringList("non-product-patterns");
        } catch (ConfigException e) {
            throw new InvalidConfigException(PREFIX + "non-product-patterns", "expected a list of regular expressions");
        }
        List<String> checked = new ArrayList<>();
        for (String pattern : patterns) {
            if (pattern.isBlank()) {
                throw new InvalidConfigException(
                        PREFIX + "non-product-patterns", "an empty pattern would match nothing useful");
            }
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw new InvalidConfigException(
                        PREFIX + "non-product-patterns",
                        "'" + pattern + "' is not a regular expression: " + e.getDescription());
            }
            checked.add(pattern);
        }
        return new ImportSettings(checked);
    }

    /** One Spark SQL / Java regular expression matching any of the patterns as a whole value, ignoring case. */
    public String combinedPattern() {
        if (nonProductPatterns.isEmpty()) {
            return "(?!)";
        }
        return "(?i)^(?:"
                + String.join(
                        "|",
                        nonProductPatterns.stream().map(p -> "(?:" + p + ")").toList()) + ")$";
    }
}
