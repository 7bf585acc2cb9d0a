package io.nightshift.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.common.testing.TestSpark;
import io.nightshift.jobs.ops.RunLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every setting and every date is checked before any work: a bad value of any stage's section, an unknown key
 * or a date outside the accepted bounds makes {@code nightly} exit 2 with one line naming it, before the first
 * stage starts (no progress line, no run-log entry, no warehouse).
 */
class StartupValidationTest {
    @TempDir
    static Path home;

    static Map<String, String> env;
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T12:00:00Z"), ZoneOffset.UTC);

    @BeforeAll
    static void environment() {
        TestSpark.session();
        env = Map.of(
                "NIGHTSHIFT_HOME",
                home.toString(),
                "NIGHTSHIFT_WAREHOUSE",
                home.resolve("warehouse").toString());
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "nightshift.ingest.max-rejected-share | -1",
                "nightshift.ingest.late-arrival-days | 2.5",
                "nightshift.ingest.on-missing-feed.traffic | maybe",
                "nightshift.forecast.level | 1.5",
                "nightshift.forecast.horizon-days | 0",
                "nightshift.elasticity.interval-level | 2",
                "nightshift.elasticity.min-observations | many",
                "nightshift.elasticity.add-to-cart-funnel | sometimes",
                "nightshift.maintain.zorder-by | product_id",
                "nightshift.marketplaces.rest.page-size | 2.5",
                "nightshift.pricing.strategy | guess",
                "nightshift.pricing.default-elasticity | steep",
                "nightshift.pricing.guardrails.max-daily-change | 1.5",
                "nightshift.pricing.experiments.amplitude | 0.9",
                "nightshift.pricing.experiments.share | 1.5",
                "nightshift.pricing.experiments.enabled | sometimes",
                "nightshift.pricing.experiments.seed | 1.5",
                "nightshift.curation.max-per-category | 0",
                "nightshift.curation.weights.content | -1",
                "nightshift.marketplaces.http.jitter | 2",
                "nightshift.marketplaces.enabled | [\"etsy\"]",
                "nightshift.monitor.accuracy-window-days | 0",
                "nightshift.maintain.retention-hours | -1",
                "nightshift.dates.earliest | yesterday",
                "nightshift.pricing.strategi | rules"
            })
    void aBadSettingFailsBeforeTheFirstStage(String key, String value) throws Exception {
        Path conf = Files.writeString(
                home.resolve("bad-" + Math.abs((key + value).hashCode()) + ".conf"),
                key + " = " + (value.startsWith("[") ? value : "\"" + value + "\"") + "\n");
        CliRun run = CliRun.run(env, CLOCK, "nightly", "--date", "2026-11-30", "--conf", conf.toString());
        assertRefusedBeforeAnyWork(run, key);
    }

    @Test
    void datesOutsideTheBoundsFailBeforeTheFirstStage() {
        assertRefusedBeforeAnyWork(CliRun.run(env, CLOCK, "ingest", "--date", "0000-01-01"), "0000-01-01");
        assertRefusedBeforeAnyWork(
                CliRun.run(env, CLOCK, "nightly", "--from", "1800-01-01", "--to", "2026-11-30"), "1800-01-01");
        assertRefusedBeforeAnyWork(
                CliRun.run(env, CLOCK, "nightly", "--from", "2026-11-01", "--to", "2200-01-01"), "2200-01-01");
        assertRefusedBeforeAnyWork(
                CliRun.run(env, CLOCK, "publish-prices", "--date", "2027-02-01"), "nightshift.dates.days-ahead");
    }

    @Test
    void theBoundsAreSettings() throws Exception {
        Path conf = Files.writeString(home.resolve("old-shop.conf"), "nightshift.dates.earliest = \"1800-01-01\"\n");
        Map<String, String> otherWarehouse = Map.of(
                "NIGHTSHIFT_HOME",
                home.toString(),
                "NIGHTSHIFT_WAREHOUSE",
                home.resolve("old-warehouse").toString());
        CliRun run = CliRun.run(
                otherWarehouse,
                CLOCK,
                "forecast",
                "--from",
                "1800-01-01",
                "--to",
                "1800-01-02",
                "--dry-run",
                "--conf",
                conf.toString());
        assertFalse(run.err().contains("earliest accepted date"), run.err());
        assertTrue(run.exitCode() != 2, "not a usage error: " + run.err());
    }

    private static void assertRefusedBeforeAnyWork(CliRun run, String naming) {
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(1, run.errLines().size(), "one line: " + run.err());
        assertTrue(run.err().startsWith("error: "), run.err());
        assertTrue(run.err().contains(naming), "names " + naming + ": " + run.err());
        assertFalse(run.err().contains("[1/"), "no stage started: " + run.err());
        assertFalse(
                Files.exists(home.resolve("warehouse").resolve("logs").resolve(RunLog.FILE_NAME)),
                "nothing logged as run");
    }
}
