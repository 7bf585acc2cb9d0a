package io.nightshift.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NightshiftConfigTest {
    @TempDir
    Path home;

    private Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("NIGHTSHIFT_HOME", home.toString());
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private Path confFile(String name, String text) throws Exception {
        Path file = home.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    @Test
    void defaultsComeFromReferenceConf() {
        NightshiftConfig config = NightshiftConfig.load(Optional.empty(), env());
        assertEquals(ZoneId.of("America/New_York"), config.shop().timeZone());
        assertEquals("US", config.shop().country());
        assertEquals(
                home.resolve("warehouse")
                        .toUri()
                        .toString()
                        .replaceFirst("^file:///", "file:/")
                        .replaceAll("/$", ""),
                config.storage().warehouse());
        assertEquals(config.storage().warehouse() + "/landing", config.storage().landingZone());
        assertTrue(config.jdbc().embedded());
        assertEquals(200, config.sample().products());
    }

    @Test
    void confLocalIsReadFromHomeByDefault() throws Exception {
        confFile("conf/local.conf", "nightshift.shop.country = DE\n");
        assertEquals("DE", NightshiftConfig.load(Optional.empty(), env()).shop().country());
    }

    @Test
    void confOptionBeatsNightshiftConfVariableWhichBeatsConfLocal() throws Exception {
        confFile("conf/local.conf", "nightshift.shop.country = DE\n");
        Path fromVariable = confFile("variable.conf", "nightshift.shop.country = FR\n");
        Path fromOption = confFile("option.conf", "nightshift.shop.country = GB\n");
        assertEquals(
                "FR",
                NightshiftConfig.load(Optional.empty(), env("NIGHTSHIFT_CONF", fromVariable.toString()))
                        .shop()
                        .country());
        assertEquals(
                "GB",
                NightshiftConfig.load(Optional.of(fromOption), env("NIGHTSHIFT_CONF", fromVariable.toString()))
                        .shop()
                        .country());
    }

    @Test
    void environmentBeatsTheConfFile() throws Exception {
        Path file = confFile(
                "my.conf",
                "nightshift.warehouse = \"/from/file\"\nnightshift.jdbc.url = \"jdbc:postgresql://file/db\"\n");
        NightshiftConfig config = NightshiftConfig.load(
                Optional.of(file),
                env(
                        "NIGHTSHIFT_WAREHOUSE", "s3a://bucket/wh",
                        "NIGHTSHIFT_JDBC_URL", "jdbc:postgresql://env:5432/shop",
                        "NIGHTSHIFT_JDBC_USER", "shop"));
        assertEquals("s3a://bucket/wh", config.storage().warehouse());
        assertEquals("s3a://bucket/wh/landing", config.storage().landingZone());
        assertEquals(
                Optional.of("jdbc:postgresql://env:5432/shop"), config.jdbc().url());
        assertEquals("shop", config.jdbc().user());
    }

    @Test
    void passwordComesFromTheEnvironmentOrASecretFile() throws Exception {
        Path secret = confFile("secrets/db-password", "from-file-secret\n");
        NightshiftConfig fromFile =
                NightshiftConfig.load(Optional.empty(), env("NIGHTSHIFT_JDBC_PASSWORD_FILE", secret.toString()));
        assertEquals("from-file-secret", fromFile.jdbc().password().reveal());
        NightshiftConfig fromVariable =
                NightshiftConfig.load(Optional.empty(), env("NIGHTSHIFT_JDBC_PASSWORD", "from-env-secret"));
        assertEquals("from-env-secret", fromVariable.jdbc().password().reveal());
    }

    @Test
    void secretsNeverAppearInTextForms() {
        NightshiftConfig config = NightshiftConfig.load(
                Optional.empty(),
                env(
                        "NIGHTSHIFT_JDBC_URL", "jdbc:postgresql://db:5432/shop?user=a&password=hunter2-url",
                        "NIGHTSHIFT_JDBC_PASSWORD", "hunter2-env"));
        String text = config.toString() + config.jdbc() + config.jdbc().password();
        assertFalse(text.contains("hunter2"), text);
        assertTrue(text.contains("****"));
    }

    @Test
    void invalidValuesAreErrorsNamingTheKey() throws Exception {
        assertProblem("nightshift.shop.time-zone", "nightshift.shop.time-zone = \"Mars/Olympus\"");
        assertProblem("nightshift.shop.country", "nightshift.shop.country = usa");
        assertProblem("nightshift.shop.currency", "nightshift.shop.currency = XYZ1");
        assertProblem("nightshift.sample.products", "nightshift.sample.products = -5");
        assertProblem("nightshift.warehouse", "nightshift.warehouse = \"ftp://host/x\"");
        assertProblem("nightshift.jdbc.url", "nightshift.jdbc.url = \"mysql://host/db\"");
        assertProblem("nightshift.ingest.on-missing-feed.traffic", "nightshift.ingest.on-missing-feed.traffic = skip");
        assertProblem("nightshift.forecast.global-model.max-depth", "nightshift.forecast.global-model.max-depth = 0");
        assertProblem(
                "nightshift.forecast.global-model.learning-rate",
                "nightshift.forecast.global-model.learning-rate = 1.5");
        assertProblem(
                "nightshift.forecast.global-model.retrain-days", "nightshift.forecast.global-model.retrain-days = 0");
    }

    @Test
    void aMarketplaceWithABaseUrlButNotEnabledIsConfiguredOnlyForTheImport() throws Exception {
        Path file = confFile(
                "shopify-import.conf",
                "nightshift.marketplaces { enabled = [], shopify.base-url = \"https://gifts.myshopify.com\" }\n");
        MarketplaceSettings withToken = NightshiftConfig.load(
                        Optional.of(file), env("NIGHTSHIFT_SHOPIFY_TOKEN", "shpat_x"))
                .marketplaces();
        assertTrue(withToken.channels().isEmpty(), "not enabled: no stock sync at night");
        assertEquals(
                "https://gifts.myshopify.com",
                withToken.configured("shopify").orElseThrow().baseUrl());
        MarketplaceSettings withoutToken =
                NightshiftConfig.load(Optional.of(file), env()).marketplaces();
        assertTrue(withoutToken.configured("shopify").isEmpty(), "incomplete and not enabled: start-up still works");
    }

    @Test
    void aShopDeclaresAFeedItDoesNotHave() throws Exception {
        Path file = confFile("no-traffic.conf", "nightshift.ingest.on-missing-feed.traffic = none\n");
        IngestSettings ingest = NightshiftConfig.load(Optional.of(file), env()).ingest();
        assertTrue(ingest.declaredAbsent("traffic"));
        assertFalse(ingest.failsWhenMissing("traffic"));
        assertFalse(ingest.declaredAbsent("competitor_prices"), "competitor prices only warn by default");
        assertTrue(ingest.failsWhenMissing("an_unlisted_feed"));
    }

    @Test
    void globalForecastModelIsOnByDefaultAndRetrainedWeekly() {
        GlobalModelSettings global =
                NightshiftConfig.load(Optional.empty(), env()).forecast().globalModel();
        assertEquals(GlobalModelSettings.defaults(), global);
    }

    @Test
    void badJdbcUrlErrorDoesNotEchoItsPassword() {
        InvalidConfigException e = assertThrows(
                InvalidConfigException.class,
                () -> NightshiftConfig.load(
                        Optional.empty(),
                        env("NIGHTSHIFT_JDBC_URL", "mysql://u:topsecret@host/db?password=topsecret")));
        assertTrue(e.getMessage().contains("nightshift.jdbc.url"));
        assertFalse(e.getMessage().contains("topsecret"), e.getMessage());
    }

    @Test
    void warehouseOnS3NeedsAJdbcUrl() {
        InvalidConfigException e = assertThrows(
                InvalidConfigException.class,
                () -> NightshiftConfig.load(Optional.empty(), env("NIGHTSHIFT_WAREHOUSE", "s3a://bucket/wh")));
        assertTrue(e.getMessage().contains("nightshift.jdbc.url"), e.getMessage());
    }

    @Test
    void missingConfFileIsAnError() {
        InvalidConfigException e = assertThrows(
                InvalidConfigException.class,
                () -> NightshiftConfig.load(Optional.of(home.resolve("nope.conf")), env()));
        assertTrue(e.getMessage().contains("nope.conf"));
    }

    @Test
    void unreadablePasswordFileNamesTheKeyNotTheContent() {
        InvalidConfigException e = assertThrows(
                InvalidConfigException.class,
                () -> NightshiftConfig.load(
                        Optional.empty(),
                        env(
                                "NIGHTSHIFT_JDBC_PASSWORD_FILE",
                                home.resolve("missing-secret").toString())));
        assertTrue(e.getMessage().contains("nightshift.jdbc.password-file"));
    }

    private void assertProblem(String key, String line) throws Exception {
        Path file = confFile("bad.conf", line + "\n");
        InvalidConfigException e =
                assertThrows(InvalidConfigException.class, () -> NightshiftConfig.load(Optional.of(file), env()));
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }

    @Test
    void prodConfPutsTheWarehouseOnS3AndTheEnvironmentChoosesTheLogFolder() {
        // The project's own conf/prod.conf (tests run in common/): warehouse and landing zone on s3a://.
        Path prod = Path.of("..", "conf", "prod.conf").toAbsolutePath().normalize();
        NightshiftConfig config = NightshiftConfig.load(
                Optional.of(prod),
                env(
                        "NIGHTSHIFT_JDBC_URL",
                        "jdbc:postgresql://db:5432/shop",
                        "NIGHTSHIFT_LOG_DIR",
                        home.resolve("logs-here").toString()));
        assertTrue(
                config.storage().warehouse().startsWith("s3a://"),
                config.storage().warehouse());
        assertTrue(
                config.storage().landingZone().startsWith("s3a://"),
                config.storage().landingZone());
        assertFalse(config.storage().warehouseIsLocal());
        assertEquals(home.resolve("logs-here"), config.storage().logDir());
        assertEquals("keep", config.spark().conf().get("spark.hadoop.fs.s3a.directory.marker.retention"));
    }
}
