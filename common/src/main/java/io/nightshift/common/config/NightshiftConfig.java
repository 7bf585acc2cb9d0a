package io.nightshift.common.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Nightshift's configuration, every stage's settings included, read and validated once at start-up and passed
 * down: a bad value anywhere fails before any work, naming its key. Layers, lowest to highest: reference.conf,
 * the conf file, the environment ({@link #ENVIRONMENT_KEYS}). The environment is read here and nowhere else
 * (marketplace and WooCommerce credentials come from the variables their settings name).
 */
public record NightshiftConfig(
        Shop shop,
        Storage storage,
        Jdbc jdbc,
        SparkSettings spark,
        Sample sample,
        DateBounds dates,
        IngestSettings ingest,
        ForecastStageSettings forecast,
        ElasticitySettings elasticity,
        PricingSettings pricing,
        CurationSettings curation,
        MarketplaceSettings marketplaces,
        MonitorSettings monitor,
        MaintainSettings maintain,
        ImportSettings imports,
        Source source) {

    /** The environment variables Nightshift reads, and the key each one overrides. */
    public static final Map<String, String> ENVIRONMENT_KEYS = Map.of(
            "NIGHTSHIFT_WAREHOUSE", "nightshift.warehouse",
            "NIGHTSHIFT_LANDING_ZONE", "nightshift.landing-zone",
            "NIGHTSHIFT_JDBC_URL", "nightshift.jdbc.url",
            "NIGHTSHIFT_JDBC_USER", "nightshift.jdbc.user",
            "NIGHTSHIFT_JDBC_PASSWORD", "nightshift.jdbc.password",
            "NIGHTSHIFT_JDBC_PASSWORD_FILE", "nightshift.jdbc.password-file",
            "NIGHTSHIFT_LOG_DIR", "nightshift.log-dir",
            "NIGHTSHIFT_WOOCOMMERCE_URL", "nightshift.import.woocommerce.base-url",
            "NIGHTSHIFT_SHOP_JDBC_URL", "nightshift.import.database.url",
            "NIGHTSHIFT_SHOP_JDBC_USER", "nightshift.import.database.user");

    private static final Set<String> WAREHOUSE_SCHEMES =
            Set.of("file", "s3a", "s3", "hdfs", "abfs", "abfss", "gs", "dbfs");

    public record Shop(ZoneId timeZone, String country, String region, String currency) {}

    /**
     * Where the data lives. Each location is a URI string without a trailing slash: {@code file:/abs/path}
     * for a local folder, or the cluster's scheme ({@code s3a://bucket/prefix}).
     */
    public record Storage(String warehouse, String landingZone, String groundTruth, Path logDir) {
        public boolean warehouseIsLocal() {
            return warehouse.startsWith("file:");
        }

        /** The local folder of a {@code file:} location. */
        public static Path localPath(String location) {
            if (!location.startsWith("file:")) {
                throw new IllegalArgumentException("not a local location: " + location);
            }
            return Path.of(URI.create(location));
        }
    }

    /** The commerce database; an empty URL means embedded PostgreSQL. */
    public record Jdbc(Optional<String> url, String user, Secret password) {
        public boolean embedded() {
            return url.isEmpty();
        }

        @Override
        public String toString() {
            return "Jdbc[url=" + url.map(Secret::redactUrl).orElse("(embedded)") + ", user=" + user + ", password="
                    + password + "]";
        }
    }

    public record SparkSettings(String master, String appName, Map<String, String> conf) {}

    public record Sample(int products, int days, int customers, long seed) {}

    /**
     * The business dates a command accepts: none before {@code earliest}, none more than {@code daysAhead}
     * days after today in the shop's time zone (a typo such as 0000-01-01 or 2200-01-01 is a usage error).
     */
    public record DateBounds(LocalDate earliest, int daysAhead) {
        /** Why {@code date} is out of bounds, or empty when it is within them. */
        public Optional<String> violation(LocalDate date, LocalDate today) {
            if (date.isBefore(earliest)) {
                return Optional.of(
                        date + " is before the earliest accepted date " + earliest + " (nightshift.dates.earliest)");
            }
            LocalDate latest = today.plusDays(daysAhead);
            if (date.isAfter(latest)) {
                return Optional.of(date + " is after the latest accepted date " + latest + " (today " + today + " + "
                        + daysAhead + " days, nightshift.dates.days-ahead)");
            }
            return Optional.empty();
        }
    }

    /** What the configuration was built from, to rebuild it with overrides; the environment is never printed. */
    public record Source(Config raw, Path home, Map<String, String> environment) {
        @Override
        public String toString() {
            return "Source[home=" + home + "]";
        }
    }

    /** The process environment: read here and nowhere else (tests hand their own map to {@link #load}). */
    public static Map<String, String> processEnvironment() {
        return System.getenv();
    }

    /** {@link #load(Optional, Map)} with the process environment. */
    public static NightshiftConfig load(Optional<Path> confFile) {
        return load(confFile, processEnvironment());
    }

    /**
     * Loads the configuration. {@code confFile} is the --conf option; without it NIGHTSHIFT_CONF, else
     * conf/local.conf under NIGHTSHIFT_HOME when that exists. {@code environment} is normally {@link #processEnvironment()}.
     */
    public static NightshiftConfig load(Optional<Path> confFile, Map<String, String> environment) {
        Path home = Optional.ofNullable(environment.get("NIGHTSHIFT_HOME"))
                .filter(s -> !s.isBlank())
                .map(Path::of)
                .orElse(Path.of(""))
                .toAbsolutePath()
                .normalize();
        Optional<Path> file = confFile.or(() -> Optional.ofNullable(environment.get("NIGHTSHIFT_CONF"))
                        .filter(s -> !s.isBlank())
                        .map(Path::of))
                .map(p -> p.isAbsolute() ? p : p.toAbsolutePath())
                .or(() -> Optional.of(home.resolve("conf/local.conf")).filter(Files::isRegularFile));

        Config fromFile = ConfigFactory.empty();
        if (file.isPresent()) {
            Path path = file.get();
            if (!Files.isRegularFile(path)) {
                throw new InvalidConfigException("file", "no such configuration file: " + path);
            }
            try {
                fromFile = ConfigFactory.parseFile(
                        path.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
            } catch (ConfigException e) {
                throw new InvalidConfigException("file " + path, oneLine(e.getMessage()));
            }
        }
        Map<String, String> overrides = new LinkedHashMap<>();
        ENVIRONMENT_KEYS.forEach((variable, key) -> {
            String value = environment.get(variable);
            if (value != null && !value.isEmpty()) {
                overrides.put(key, value);
            }
        });
        Config merged;
        try {
            merged = ConfigFactory.parseMap(overrides, "environment")
                    .withFallback(fromFile)
                    .withFallback(ConfigFactory.defaultReference(NightshiftConfig.class.getClassLoader()))
                    .resolve();
        } catch (ConfigException e) {
            throw new InvalidConfigException("file", oneLine(e.getMessage()));
        }
        return fromConfig(merged, home, environment);
    }

    /** {@link #fromConfig(Config, Path, Map)} with an empty environment (no marketplace credentials). */
    public static NightshiftConfig fromConfig(Config config, Path home) {
        return fromConfig(config, home, Map.of());
    }

    /**
     * Builds and validates the typed configuration from a resolved Config; relative paths resolve against
     * {@code home}; marketplace credentials come from {@code environment}.
     */
    public static NightshiftConfig fromConfig(Config config, Path home, Map<String, String> environment) {
        ConfigShape.check(config);
        try {
            return build(config, home, environment);
        } catch (ConfigException e) {
            // A value of the wrong type deep in a section (a word where a number belongs): still a usage error.
            throw new InvalidConfigException("value", oneLine(e.getMessage()));
        }
    }

    private static NightshiftConfig build(Config config, Path home, Map<String, String> environment) {
        Config ns = config.getConfig("nightshift");
        Shop shop = new Shop(
                zone(ns, "shop.time-zone"),
                matching(ns, "shop.country", "[A-Z]{2}", "an ISO 3166 two-letter country code such as US"),
                string(ns, "shop.region"),
                currency(ns, "shop.currency"));

        String warehouse = location(ns, "warehouse", home);
        String landing =
                string(ns, "landing-zone").isBlank() ? warehouse + "/landing" : location(ns, "landing-zone", home);
        String truth =
                string(ns, "ground-truth").isBlank() ? warehouse + "/ground_truth" : location(ns, "ground-truth", home);
        Path logDir;
        if (!string(ns, "log-dir").isBlank()) {
            logDir = home.resolve(string(ns, "log-dir")).normalize();
        } else if (warehouse.startsWith("file:")) {
            logDir = Storage.localPath(warehouse).resolve("logs");
        } else {
            logDir = home.resolve("logs");
        }
        Storage storage = new Storage(warehouse, landing, truth, logDir);

        String url = string(ns, "jdbc.url").trim();
        if (!url.isEmpty() && !url.startsWith("jdbc:postgresql:")) {
            throw new InvalidConfigException(
                    "nightshift.jdbc.url", "expected a jdbc:postgresql: URL, got " + Secret.redactUrl(url));
        }
        Secret password = Secret.of(string(ns, "jdbc.password"));
        String passwordFile = string(ns, "jdbc.password-file");
        if (!passwordFile.isBlank()) {
            Path path = home.resolve(passwordFile);
            try {
                password =
                        Secret.of(Files.readString(path, StandardCharsets.UTF_8).strip());
            } catch (IOException e) {
                throw new InvalidConfigException("nightshift.jdbc.password-file", "cannot read " + path);
            }
        }
        Jdbc jdbc = new Jdbc(url.isEmpty() ? Optional.empty() : Optional.of(url), string(ns, "jdbc.user"), password);
        if (jdbc.embedded() && !storage.warehouseIsLocal()) {
            throw new InvalidConfigException(
                    "nightshift.jdbc.url",
                    "required when the warehouse is not a local folder (embedded PostgreSQL keeps its data in the warehouse)");
        }

        Map<String, String> sparkConf = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> entry : ns.getConfig("spark.conf").entrySet()) {
            String key = entry.getKey().replace("\"", "");
            sparkConf.put(key, String.valueOf(entry.getValue().unwrapped()));
        }
        SparkSettings spark =
                new SparkSettings(string(ns, "spark.master"), string(ns, "spark.app-name"), Map.copyOf(sparkConf));

        Sample sample = new Sample(
                positive(ns, "sample.products"),
                positive(ns, "sample.days"),
                positive(ns, "sample.customers"),
                ns.getLong("sample.seed"));
        DateBounds dates = new DateBounds(
                date(ns, "dates.earliest"), ConfigValues.atLeast(ns, "nightshift.", "dates.days-ahead", 0));
        return new NightshiftConfig(
                shop,
                storage,
                jdbc,
                spark,
                sample,
                dates,
                IngestSettings.from(config),
                ForecastStageSettings.from(config),
                ElasticitySettings.from(config),
                PricingSettings.from(config),
                CurationSettings.from(config),
                MarketplaceSettings.from(config, shop.currency(), environment),
                MonitorSettings.from(config),
                MaintainSettings.from(config),
                ImportSettings.from(config, environment),
                new Source(config, home, Map.copyOf(environment)));
    }

    /** The resolved configuration this was built from. */
    public Config raw() {
        return source.raw();
    }

    /** This configuration with {@code overrides} (full keys) applied on top, validated again. */
    public NightshiftConfig withOverrides(Map<String, ?> overrides) {
        Config changed = source.raw();
        for (Map.Entry<String, ?> entry : overrides.entrySet()) {
            changed = changed.withValue(entry.getKey(), ConfigValueFactory.fromAnyRef(entry.getValue()));
        }
        return fromConfig(changed, source.home(), source.environment());
    }

    @Override
    public String toString() {
        return "NightshiftConfig[shop=" + shop + ", storage=" + storage + ", jdbc=" + jdbc + ", spark=" + spark
                + ", marketplaces=" + marketplaces.channels() + "]";
    }

    private static String string(Config ns, String key) {
        try {
            return ns.getString(key);
        } catch (ConfigException.Missing e) {
            throw new InvalidConfigException("nightshift." + key, "missing");
        } catch (ConfigException.WrongType e) {
            throw new InvalidConfigException("nightshift." + key, "expected a string");
        }
    }

    private static int positive(Config ns, String key) {
        return ConfigValues.atLeast(ns, "nightshift.", key, 1);
    }

    private static LocalDate date(Config ns, String key) {
        String value = string(ns, key);
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidConfigException("nightshift." + key, "expected a date YYYY-MM-DD, got '" + value + "'");
        }
    }

    private static ZoneId zone(Config ns, String key) {
        String value = string(ns, key);
        try {
            return ZoneId.of(value);
        } catch (DateTimeException e) {
            throw new InvalidConfigException("nightshift." + key, "unknown time zone '" + value + "'");
        }
    }

    private static String currency(Config ns, String key) {
        String value = string(ns, key);
        try {
            return Currency.getInstance(value).getCurrencyCode();
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("nightshift." + key, "unknown ISO 4217 currency '" + value + "'");
        }
    }

    private static String matching(Config ns, String key, String pattern, String expected) {
        String value = string(ns, key);
        if (!value.matches(pattern)) {
            throw new InvalidConfigException("nightshift." + key, "expected " + expected + ", got '" + value + "'");
        }
        return value;
    }

    /** A folder (made absolute against home) or a URI with a scheme a Hadoop file system serves. */
    private static String location(Config ns, String key, Path home) {
        String value = string(ns, key).trim();
        if (value.isEmpty()) {
            throw new InvalidConfigException("nightshift." + key, "must not be empty");
        }
        if (value.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") && !value.matches("^[a-zA-Z]:\\\\.*")) {
            URI uri;
            try {
                uri = new URI(value);
            } catch (URISyntaxException e) {
                throw new InvalidConfigException("nightshift." + key, "not a valid URI: " + value);
            }
            String scheme = uri.getScheme().toLowerCase();
            if (!WAREHOUSE_SCHEMES.contains(scheme)) {
                throw new InvalidConfigException(
                        "nightshift." + key,
                        "unsupported scheme '" + scheme + "' (use a folder or one of "
                                + String.join(", ", new TreeSet<>(WAREHOUSE_SCHEMES)) + ")");
            }
            if (scheme.equals("file")) {
                return Path.of(uri).toUri().toString().replaceAll("/$", "").replaceFirst("^file:///", "file:/");
            }
            if (uri.getAuthority() == null) {
                throw new InvalidConfigException("nightshift." + key, "missing bucket or host in " + value);
            }
            return value.replaceAll("/+$", "");
        }
        Path path = home.resolve(value).toAbsolutePath().normalize();
        return path.toUri().toString().replaceAll("/$", "").replaceFirst("^file:///", "file:/");
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s+", " ").strip();
    }
}
