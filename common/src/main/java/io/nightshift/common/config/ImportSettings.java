package io.nightshift.common.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code nightshift.import} section, validated: how {@code bin/pipeline import} tells the lines that are not
 * products (shipping, fees, adjustments) from the products, and where and how it reaches a WooCommerce shop.
 *
 * @param nonProductPatterns Java regular expressions; an order line whose sku or product name matches one of them
 *                           as a whole, ignoring case, is not a product: it is counted, and kept out of products
 *                           and order lines
 * @param woocommerce        the WooCommerce product export's and REST API's settings
 */
public record ImportSettings(List<String> nonProductPatterns, WooCommerce woocommerce) {
    private static final String PREFIX = "nightshift.import.";
    /** Hosts a plain-HTTP base URL may name: a fake or a tunnel on this machine, never a shop across a network. */
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

    public ImportSettings {
        nonProductPatterns = List.copyOf(nonProductPatterns);
    }

    /**
     * {@code --source woocommerce} and {@code woocommerce-api}.
     *
     * @param baseUrl          the shop's address without a trailing slash (empty: not configured)
     * @param consumerKey      the REST API consumer key, from the variable {@code consumerKeyEnv} (empty when unset)
     * @param consumerSecret   the REST API consumer secret, from the variable {@code consumerSecretEnv}
     * @param pageSize         items per page, 1 to 100 (the API's maximum)
     * @param rate             the pace of the API calls
     * @param decimalSeparator the shop's decimal separator, as the product CSV export writes prices
     */
    public record WooCommerce(
            String baseUrl,
            Secret consumerKey,
            String consumerKeyEnv,
            Secret consumerSecret,
            String consumerSecretEnv,
            int pageSize,
            MarketplaceSettings.Rate rate,
            String decimalSeparator) {
        /** WooCommerce's documented largest {@code per_page}. */
        public static final int MAX_PAGE_SIZE = 100;

        @Override
        public String toString() {
            return "WooCommerce[" + (baseUrl.isEmpty() ? "(no base-url)" : baseUrl) + ", key " + consumerKey
                    + ", secret " + consumerSecret + "]";
        }
    }

    /** {@link #from(Config, Map)} with no environment (no WooCommerce credentials). */
    public static ImportSettings from(Config root) {
        return from(root, Map.of());
    }

    public static ImportSettings from(Config root, Map<String, String> environment) {
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
        return new ImportSettings(checked, woocommerce(c.getConfig("woocommerce"), environment));
    }

    private static WooCommerce woocommerce(Config w, Map<String, String> environment) {
        String key = PREFIX + "woocommerce.";
        String baseUrl = w.getString("base-url").trim().replaceAll("/+$", "");
        if (!baseUrl.isEmpty()) {
            URI uri;
            try {
                uri = new URI(baseUrl);
            } catch (URISyntaxException e) {
                throw new InvalidConfigException(key + "base-url", "not a URL: " + Secret.redactUrl(baseUrl));
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
                throw new InvalidConfigException(
                        key + "base-url", "expected https://your-shop, got " + Secret.redactUrl(baseUrl));
            }
            if (uri.getUserInfo() != null) {
                throw new InvalidConfigException(
                        key + "base-url",
                        "must not carry credentials; set the consumer key and secret in their environment variables");
            }
            // Basic auth sends the secret readable by anyone on the path; WooCommerce accepts it only over HTTPS.
            if (scheme.equals("http") && !LOOPBACK.contains(uri.getHost())) {
                throw new InvalidConfigException(
                        key + "base-url",
                        "must be https:// (the consumer key and secret go as HTTP Basic auth, which WooCommerce"
                                + " accepts only over HTTPS), got " + Secret.redactUrl(baseUrl));
            }
        }
        String keyEnv = w.getString("consumer-key-env").trim();
        String secretEnv = w.getString("consumer-secret-env").trim();
        int pageSize = ConfigValues.atLeast(w, key, "page-size", 1);
        if (pageSize > WooCommerce.MAX_PAGE_SIZE) {
            throw new InvalidConfigException(
                    key + "page-size",
                    "WooCommerce serves at most " + WooCommerce.MAX_PAGE_SIZE + " items per page, got " + pageSize);
        }
        MarketplaceSettings.Rate rate =
                new MarketplaceSettings.Rate(w.getDouble("rate-limit.per-second"), w.getDouble("rate-limit.burst"));
        if (rate.perSecond() <= 0 || rate.burst() < 1) {
            throw new InvalidConfigException(key + "rate-limit", "per-second must be > 0 and burst >= 1");
        }
        String separator = w.getString("decimal-separator");
        if (!separator.equals(".") && !separator.equals(",")) {
            throw new InvalidConfigException(
                    key + "decimal-separator", "expected \".\" or \",\", got '" + separator + "'");
        }
        return new WooCommerce(
                baseUrl,
                keyEnv.isEmpty() ? Secret.empty() : Secret.of(environment.get(keyEnv)),
                keyEnv,
                secretEnv.isEmpty() ? Secret.empty() : Secret.of(environment.get(secretEnv)),
                secretEnv,
                pageSize,
                rate,
                separator);
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
