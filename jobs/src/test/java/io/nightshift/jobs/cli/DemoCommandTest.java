package io.nightshift.jobs.cli;

import io.nightshift.common.catalog.TableCatalog;
import io.nightshift.common.catalog.Tables;
import io.nightshift.common.testing.TestSpark;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** bin/pipeline demo on a small sample shop: it generates, backfills, runs nightly and summarises. */
class DemoCommandTest {
    @TempDir
    Path home;

    static TableCatalog catalog(Path home) {
        return new TableCatalog(home.resolve("wh").toUri().toString());
    }

    @Test
    void demoFillsEverySilverTableAndQuarantinesExactlyTheInjectedDefects() throws Exception {
        SparkSession spark = TestSpark.session();
        Path conf = home.resolve("small.conf");
        Files.writeString(conf, "nightshift.sample { products = 25, days = 45, customers = 30 }\n");
        Map<String, String> env = Map.of("NIGHTSHIFT_HOME", home.toString(), "NIGHTSHIFT_WAREHOUSE", home.resolve("wh").toString());
        Clock clock = Clock.fixed(Instant.parse("2026-11-02T12:00:00Z"), ZoneOffset.UTC);

        CliRun run = CliRun.run(env, clock, "demo", "--conf", conf.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("Nightshift demo: nightly for 2026-11-01"), run.out());
        assertTrue(run.out().contains("silver.sales_daily"), run.out());
        // Marketplaces (in-process fakes): a ledger for each, no duplicated line, stock as the orders left it.
        assertTrue(run.out().contains("duplicated order lines: 0"), run.out());
        assertTrue(run.out().contains("central stock equals the stock before minus the valid orders' units: 0 of"), run.out());
        for (String m : io.nightshift.jobs.marketplace.MarketplaceDemo.MARKETPLACES) {
            assertTrue(catalog(home).read(spark, Tables.MARKETPLACE_PUSH_LEDGER).filter("marketplace = '" + m + "'").count() > 0, m);
        }

        TableCatalog catalog = new TableCatalog(home.resolve("wh").toUri().toString());
        for (var table : List.of(Tables.PRODUCTS, Tables.SALES_DAILY, Tables.TRAFFIC_DAILY, Tables.COMPETITOR_PRICES,
                Tables.INVENTORY_DAILY, Tables.CALENDAR)) {
            assertTrue(catalog.read(spark, table).count() > 0, table + " is empty after the demo");
        }
        List<String> truth = Files.readAllLines(home.resolve("wh/ground_truth/defects.csv"), StandardCharsets.UTF_8);
        List<String> expected = truth.subList(1, truth.size()).stream()
                .map(l -> l.split(",")).map(f -> f[0] + ":" + f[1] + ":" + f[2]).sorted().collect(Collectors.toList());
        List<String> quarantined = catalog.read(spark, Tables.quarantine("competitor_prices")).filter("line_number is not null")
                .collectAsList().stream().map(r -> r.getAs("source_file") + ":" + r.getAs("line_number") + ":" + r.getAs("rule"))
                .sorted().collect(Collectors.toList());
        assertEquals(expected, quarantined, "quarantine.competitor_prices holds exactly the generator's injected defects");

        // A second demo reuses the sample and the history, and changes no silver table.
        long salesRows = catalog.read(spark, Tables.SALES_DAILY).count();
        CliRun again = CliRun.run(env, clock, "demo", "--conf", conf.toString());
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.err().contains("using the sample shop already in"), again.err());
        assertEquals(salesRows, catalog.read(spark, Tables.SALES_DAILY).count());
        assertTrue(again.out().contains("unchanged by this rerun (orders already applied): 0 of"), again.out());
    }
}
