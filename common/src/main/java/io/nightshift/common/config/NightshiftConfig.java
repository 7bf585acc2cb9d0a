package io.nightshift.common.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Nightshift's configuration, read and validated once at start-up and passed down.
 * Layers, lowest to highest: reference.conf, the conf file, the environment ({@link #ENVIRONMENT_KEYS}).
 */
public record NightshiftConfig(Shop shop, Storage storage, Jdbc jdbc, SparkSettings spark, Sample sample, Config raw) {

    /** The environment variables Nightshift reads, and the key each one overrides. */
    public static final Map<String, String> ENVIRONMENT_KEYS = Map.of(
            "NIGHTSHIFT_WAREHOUSE", "nightshift.warehouse",
            "NIGHTSHIFT_LANDING_ZONE", "nightshift.landing-zone",
            "NIGHTSHIFT_JDBC_URL", "nightshift.jdbc.url",
            "NIGHTSHIFT_JDBC_USER", "nightshift.jdbc.user",
            "NIGHTSHIFT_JDBC_PASSWORD", "nightshift.jdbc.password",
            "NIGHTSHIFT_JDBC_PASSWORD_FILE", "nightshift.jdbc.password-file",
            "NIGHTSHIFT_LOG_DIR", "nightshift.log-dir");

    private static final Set<String> WAREHOUSE_SCHEMES = Set.of("file", "s3a", "s3", "hdfs", "abfs", "abfss", "gs", "dbfs");

    public record Shop(ZoneId timeZone, String country, String region, String currency) {
    }

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
            return "Jdbc[url=" + url.map(Secret::redactUrl).orElse("(embedded)") + ", user=" + user + ", password=" + password + "]";
        }
    }

    public record SparkSettings(String master, String appName, Map<String, String> conf) {
    }

    public record Sample(int products, int days, int customers, long seed) {
    }

    /**
     * Loads the configuration. {@code confFile} is the --conf option; without it NIGHTSHIFT_CONF, else
     * conf/local.conf under NIGHTSHIFT_HOME when that exists. {@code environment} is normally System.getenv().
     */
    public static NightshiftConfig load(Optional<Path> confFile, Map<String, String> environment) {
        Path home = Optional.ofNullable(environment.get("NIGHTSHIFT_HOME")).filter(s -> !s.isBlank())
                .map(Path::of).orElse(Path.of("")).toAbsolutePath().normalize();
        Optional<Path> file = confFile
                .or(() -> Optional.ofNullable(environment.get("NIGHTSHIFT_CONF")).filter(s -> !s.isBlank()).map(Path::of))
                .map(p -> p.isAbsolute() ? p : p.toAbsolutePath())
                .or(() -> Optional.of(home.resolve("conf/local.conf")).filter(Files::isRegularFile));

        Config fromFile = ConfigFactory.empty();
        if (file.isPresent()) {
            Path path = file.get();
            if (!Files.isRegularFile(path)) {
                throw new InvalidConfigException("file", "no such configuration file: " + path);
            }
            try {
                fromFile = ConfigFactory.parseFile(path.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
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
        return fromConfig(merged, home);
    }

    /** Builds and validates the typed configuration from a resolved Config; relative paths resolve against {@code home}. */
    public static NightshiftConfig fromConfig(Config config, Path home) {
        Config ns = config.getConfig("nightshift");
        Shop shop = new Shop(
                zone(ns, "shop.time-zone"),
                matching(ns, "shop.country", "[A-Z]{2}", "an ISO 3166 two-letter country code such as US"),
                string(ns, "shop.region"),
                currency(ns, "shop.currency"));

        String warehouse = location(ns, "warehouse", home);
        String landing = string(ns, "landing-zone").isBlank() ? warehouse + "/landing" : location(ns, "landing-zone", home);
        String truth = string(ns, "ground-truth").isBlank() ? warehouse + "/ground_truth" : location(ns, "ground-truth", home);
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
            throw new InvalidConfigException("nightshift.jdbc.url", "expected a jdbc:postgresql: URL, got " + Secret.redactUrl(url));
        }
        Secret password = Secret.of(string(ns, "jdbc.password"));
        String passwordFile = string(ns, "jdbc.password-file");
        if (!passwordFile.isBlank()) {
            Path path = home.resolve(passwordFile);
            try {
                password = Secret.of(Files.readString(path, StandardCharsets.UTF_8).strip());
            } catch (IOException e) {
                throw new InvalidConfigException("nightshift.jdbc.password-file", "cannot read " + path);
            }
        }
        Jdbc jdbc = new Jdbc(url.isEmpty() ? Optional.empty() : Optional.of(url), string(ns, "jdbc.user"), password);
        if (jdbc.embedded() && !storage.warehouseIsLocal()) {
            throw new InvalidConfigException("nightshift.jdbc.url",
                    "required when the warehouse is not a local folder (embedded PostgreSQL keeps its data in the warehouse)");
        }

        Map<String, String> sparkConf = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> entry : ns.getConfig("spark.conf").entrySet()) {
            String key = entry.getKey().replace("\"", "");
            sparkConf.put(key, String.valueOf(entry.getValue().unwrapped()));
        }
        SparkSettings spark = new SparkSettings(string(ns, "spark.master"), string(ns, "spark.app-name"), Map.copyOf(sparkConf));

        Sample sample = new Sample(positive(ns, "sample.products"), positive(ns, "sample.days"),
                positive(ns, "sample.customers"), ns.getLong("sample.seed"));
        return new NightshiftConfig(shop, storage, jdbc, spark, sample, config);
    }

    @Override
    public String toString() {
        return "NightshiftConfig[shop=" + shop + ", storage=" + storage + ", jdbc=" + jdbc + ", spark=" + spark + "]";
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
        int value;
        try {
            value = ns.getInt(key);
        } catch (ConfigException e) {
            throw new InvalidConfigException("nightshift." + key, "expected a whole number");
        }
        if (value <= 0) {
            throw new InvalidConfigException("nightshift." + key, "must be positive, got " + value);
        }
        return value;
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
                throw new InvalidConfigException("nightshift." + key, "unsupported scheme '" + scheme + "' (use a folder or one of " + String.join(", ", new java.util.TreeSet<>(WAREHOUSE_SCHEMES)) + ")");
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
