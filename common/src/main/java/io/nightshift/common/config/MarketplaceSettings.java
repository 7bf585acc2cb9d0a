package io.nightshift.common.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code nightshift.marketplaces} block, read and validated once. A marketplace takes part in a run
 * when it is in {@code enabled} and has a {@code base-url}; its credential comes from the environment
 * variable named by {@code credential-env} or the file named by {@code credential-file}, never from config.
 * A marketplace with a {@code base-url} and its credentials but not enabled is {@link #configured} only: the
 * import reads a Shopify shop that way without the nightly syncing its stock.
 */
public record MarketplaceSettings(
        List<Channel> channels,
        Map<String, Channel> configured,
        Duration orderOverlap,
        Duration initialLookback,
        Http http,
        Map<String, ChannelAllocation> allocation,
        String shopCurrency) {
    public static final List<String> KNOWN = List.of("rest", "ebay", "amazon", "shopify");
    /** Marketplaces whose credential is an OAuth refresh token exchanged for short-lived access tokens. */
    public static final List<String> OAUTH = List.of("ebay", "amazon");

    /** Retry and timeout settings shared by every connector. */
    public record Http(
            Duration connectTimeout,
            Duration requestTimeout,
            int maxRetries,
            Duration backoffBase,
            Duration backoffMax,
            double jitter,
            Duration maxRetryAfter) {}

    /** One operation's documented (or configured) limit: {@code perSecond} refill, {@code burst} bucket size. */
    public record Rate(double perSecond, double burst) {}

    /**
     * One marketplace's connection. {@code options} is its whole block, for marketplace-specific keys.
     * {@code credential} is the API token (rest, shopify) or the OAuth refresh token (ebay, amazon), which
     * {@code clientId} and {@code clientSecret} exchange at {@code tokenUrl} for short-lived access tokens.
     */
    public record Channel(
            String name,
            String baseUrl,
            Secret credential,
            Secret clientId,
            Secret clientSecret,
            String tokenUrl,
            int batchSize,
            int pageSize,
            Map<String, Rate> rates,
            Config options) {
        public Rate rate(String operation) {
            Rate rate = rates.get(operation);
            if (rate == null) {
                throw new InvalidConfigException(
                        "nightshift.marketplaces." + name + ".rate-limits." + operation, "missing");
            }
            return rate;
        }

        public String option(String key) {
            return options.hasPath(key) ? options.getString(key) : "";
        }

        @Override
        public String toString() {
            return "Channel[" + name + " at " + baseUrl + ", credential " + credential
                    + (tokenUrl.isEmpty() ? "" : ", tokens from " + tokenUrl) + "]";
        }
    }

    public static MarketplaceSettings from(Config root, String shopCurrency, Map<String, String> environment) {
        Config m = root.getConfig("nightshift.marketplaces");
        String prefix = "nightshift.marketplaces.";
        try {
            Config h = m.getConfig("http");
            Http http = new Http(
                    h.getDuration("connect-timeout"),
                    h.getDuration("request-timeout"),
                    (int) ConfigValues.wholeNumber(h, prefix + "http.", "max-retries"),
                    h.getDuration("backoff-base"),
                    h.getDuration("backoff-max"),
                    h.getDouble("jitter"),
                    h.getDuration("max-retry-after"));
            if (http.maxRetries() < 0) {
                throw new InvalidConfigException(
                        prefix + "http.max-retries", "must not be negative, got " + http.maxRetries());
            }
            if (http.jitter() < 0 || http.jitter() >= 1) {
                throw new InvalidConfigException(prefix + "http.jitter", "must be in [0, 1), got " + http.jitter());
            }
            Map<String, ChannelAllocation> allocation = new LinkedHashMap<>();
            Config a = m.getConfig("allocation");
            for (String name : a.root().keySet()) {
                allocation.put(name, ChannelAllocation.from(a.getConfig(name), prefix + "allocation." + name));
            }
            if (!allocation.containsKey("default")) {
                throw new InvalidConfigException(prefix + "allocation.default", "missing");
            }
            List<String> enabled = m.getStringList("enabled");
            for (String name : enabled) {
                if (!KNOWN.contains(name)) {
                    throw new InvalidConfigException(
                            prefix + "enabled", "unknown marketplace " + name + "; known: " + KNOWN);
                }
            }
            Map<String, Channel> connected = new LinkedHashMap<>();
            // Every marketplace's limits are checked, connected or not: a bad value waiting in a block fails now,
            // not on the night the marketplace is switched on.
            for (String name : KNOWN) {
                Config c = m.getConfig(name);
                Map<String, Rate> rates = new LinkedHashMap<>();
                Config r = c.getConfig("rate-limits");
                for (String op : r.root().keySet()) {
                    Rate rate = new Rate(r.getDouble(op + ".per-second"), r.getDouble(op + ".burst"));
                    if (rate.perSecond() <= 0 || rate.burst() < 1) {
                        throw new InvalidConfigException(
                                prefix + name + ".rate-limits." + op, "per-second must be > 0 and burst >= 1");
                    }
                    rates.put(op, rate);
                }
                int batch = ConfigValues.atLeast(c, prefix + name + ".", "batch-size", 1);
                int page = ConfigValues.atLeast(c, prefix + name + ".", "page-size", 1);
                String baseUrl = c.getString("base-url").trim();
                if (baseUrl.isEmpty()) {
                    continue;
                }
                if (!enabled.contains(name)) {
                    // Not in the runs: kept for the import when it is complete, never a reason to fail start-up.
                    try {
                        connected.put(name, channel(name, c, baseUrl, batch, page, rates, prefix, environment));
                    } catch (InvalidConfigException incomplete) {
                        // left out of configured(): the import says what it needs
                    }
                    continue;
                }
                connected.put(name, channel(name, c, baseUrl, batch, page, rates, prefix, environment));
            }
            // In the order of enabled, as configured.
            List<Channel> channels = enabled.stream()
                    .distinct()
                    .filter(connected::containsKey)
                    .map(connected::get)
                    .toList();
            return new MarketplaceSettings(
                    List.copyOf(channels),
                    Map.copyOf(connected),
                    m.getDuration("order-overlap"),
                    m.getDuration("initial-lookback"),
                    http,
                    Map.copyOf(allocation),
                    shopCurrency);
        } catch (ConfigException e) {
            throw new InvalidConfigException(prefix.substring(0, prefix.length() - 1), e.getMessage());
        }
    }

    /** A marketplace with a base-url and its credentials, enabled or not (the import's way to a shop). */
    public Optional<Channel> configured(String name) {
        return Optional.ofNullable(configured.get(name));
    }

    private static Channel channel(
            String name,
            Config c,
            String baseUrl,
            int batch,
            int page,
            Map<String, Rate> rates,
            String prefix,
            Map<String, String> environment) {
        if (!baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
            throw new InvalidConfigException(prefix + name + ".base-url", "expected an http(s) URL, got " + baseUrl);
        }
        Secret clientId = Secret.empty();
        Secret clientSecret = Secret.empty();
        String tokenUrl = "";
        if (OAUTH.contains(name)) {
            clientId = secret(c, "client-id", prefix + name, environment);
            clientSecret = secret(c, "client-secret", prefix + name, environment);
            tokenUrl = c.getString("token-url").trim();
            if (!tokenUrl.startsWith("http://") && !tokenUrl.startsWith("https://")) {
                throw new InvalidConfigException(
                        prefix + name + ".token-url", "expected an http(s) URL, got " + tokenUrl);
            }
        }
        return new Channel(
                name,
                stripSlash(baseUrl),
                secret(c, "credential", prefix + name, environment),
                clientId,
                clientSecret,
                tokenUrl,
                batch,
                page,
                Map.copyOf(rates),
                c);
    }

    public ChannelAllocation allocationFor(String marketplace) {
        return allocation.getOrDefault(marketplace, allocation.get("default"));
    }

    /** {@code <what>-file} when set, else the variable named by {@code <what>-env}; never a value from config. */
    private static Secret secret(Config c, String what, String key, Map<String, String> environment) {
        String file = c.getString(what + "-file").trim();
        if (!file.isEmpty()) {
            try {
                return Secret.of(
                        Files.readString(Path.of(file), StandardCharsets.UTF_8).strip());
            } catch (IOException e) {
                throw new InvalidConfigException(key + "." + what + "-file", "cannot read " + file);
            }
        }
        String variable = c.getString(what + "-env").trim();
        Secret secret = variable.isEmpty() ? Secret.empty() : Secret.of(environment.get(variable));
        if (secret.isEmpty()) {
            throw new InvalidConfigException(
                    key,
                    "no " + what + ": set " + (variable.isEmpty() ? what + "-env" : variable) + " or " + what
                            + "-file");
        }
        return secret;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
