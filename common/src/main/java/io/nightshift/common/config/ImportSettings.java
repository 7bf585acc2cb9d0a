package io.nightshift.common.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
 * @param database           the shop's own database, read through views in the contract's columns
 * @param shopify            how {@code --source shopify-api} waits for its bulk operations
 */
public record ImportSettings(
        List<String> nonProductPatterns, WooCommerce woocommerce, Database database, Shopify shopify) {
    private static final String PREFIX = "nightshift.import.";
    /** Hosts a plain-HTTP base URL may name: a fake or a tunnel on this machine, never a shop across a network. */
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");
    /** A view's name, optionally schema-qualified: it is put into SQL, so nothing else is accepted. */
    private static final Pattern VIEW_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

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

    /**
     * {@code --source database}: the shop's own PostgreSQL or MySQL, read through Spark's JDBC source.
     *
     * @param url          the JDBC URL (empty: not configured)
     * @param user         the database user (empty: the URL's or the driver's default)
     * @param password     from the variable {@code passwordEnv} (empty when unset)
     * @param ordersView   the view (or table) returning the contract's order-line columns
     * @param productsView the view returning the contract's product columns; empty: no products feed
     * @param priceListView the view returning the contract's price list columns; empty: no price list feed
     * @param stockView    the view returning the contract's stock columns (end-of-day stock per sku and day);
     *                     empty: no stock feed
     * @param partitions   parallel reads of the order lines, split on ordered_at
     * @param fetchSize    rows per round trip
     */
    public record Database(
            String url,
            String user,
            Secret password,
            String passwordEnv,
            String ordersView,
            Optional<String> productsView,
            Optional<String> priceListView,
            Optional<String> stockView,
            int partitions,
            int fetchSize) {
        @Override
        public String toString() {
            return "Database[" + (url.isEmpty() ? "(no url)" : Secret.redactUrl(url)) + ", user " + user
                    + ", password " + password + ", orders " + ordersView + ", products "
                    + productsView.orElse("(none)") + ", price list " + priceListView.orElse("(none)") + ", stock "
                    + stockView.orElse("(none)") + "]";
        }
    }

    /**
     * {@code --source shopify-api}: the shop, its token, pinned version and pacing are the Shopify connector's
     * ({@code nightshift.marketplaces.shopify}); these say how a bulk operation is waited for.
     *
     * @param pollInterval    the first wait before asking for the operation's status; doubled after each poll
     * @param maxPollInterval the longest wait between two polls
     * @param timeout         how long an operation may run before the import gives up
     */
    public record Shopify(Duration pollInterval, Duration maxPollInterval, Duration timeout) {}

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
        return new ImportSettings(
                checked,
                woocommerce(c.getConfig("woocommerce"), environment),
                database(c.getConfig("database"), environment),
                shopify(c.getConfig("shopify")));
    }

    private static Shopify shopify(Config s) {
        String key = PREFIX + "shopify.";
        Shopify shopify = new Shopify(
                s.getDuration("poll-interval"), s.getDuration("max-poll-interval"), s.getDuration("timeout"));
        if (shopify.pollInterval().isNegative() || shopify.pollInterval().isZero()) {
            throw new InvalidConfigException(key + "poll-interval", "must be above 0");
        }
        if (shopify.maxPollInterval().compareTo(shopify.pollInterval()) < 0) {
            throw new InvalidConfigException(key + "max-poll-interval", "must be at least poll-interval");
        }
        if (shopify.timeout().compareTo(shopify.pollInterval()) < 0) {
            throw new InvalidConfigException(key + "timeout", "must be at least poll-interval");
        }
        return shopify;
    }

    private static Database database(Config d, Map<String, String> environment) {
        String key = PREFIX + "database.";
        String url = d.getString("url").trim();
        if (!url.isEmpty() && !url.startsWith("jdbc:")) {
            throw new InvalidConfigException(
                    key + "url",
                    "expected a JDBC URL such as jdbc:postgresql://host:5432/shop, got " + Secret.redactUrl(url));
        }
        String passwordEnv = d.getString("password-env").trim();
        String orders = view(d, key, "orders-view");
        if (orders.isEmpty()) {
            throw new InvalidConfigException(key + "orders-view", "must name the view of the order lines");
        }
        String products = view(d, key, "products-view");
        String priceList = view(d, key, "price-list-view");
        String stock = view(d, key, "stock-view");
        return new Database(
                url,
                d.getString("user").trim(),
                passwordEnv.isEmpty() ? Secret.empty() : Secret.of(environment.get(passwordEnv)),
                passwordEnv,
                orders,
                products.isEmpty() ? Optional.empty() : Optional.of(products),
                priceList.isEmpty() ? Optional.empty() : Optional.of(priceList),
                stock.isEmpty() ? Optional.empty() : Optional.of(stock),
                ConfigValues.atLeast(d, key, "partitions", 1),
                ConfigValues.atLeast(d, key, "fetch-size", 1));
    }

    private static String view(Config d, String prefix, String name) {
        String view = d.getString(name).trim();
        if (!view.isEmpty() && !VIEW_NAME.matcher(view).matches()) {
            throw new InvalidConfigException(
                    prefix + name,
                    "expected a view name such as nightshift_order_lines or shop.order_lines, got '" + view + "'");
        }
        return view;
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
