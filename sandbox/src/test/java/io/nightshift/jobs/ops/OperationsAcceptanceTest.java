package io.nightshift.jobs.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.common.catalog.TableCatalog;
import io.nightshift.common.catalog.Tables;
import io.nightshift.common.testing.TestSpark;
import io.nightshift.jobs.cli.CliRun;
import io.nightshift.jobs.stage.Stage;
import io.nightshift.jobs.stage.Stages;
import io.nightshift.sandbox.marketplace.MarketplaceDemo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo command and the operations surface on one small demo warehouse (a demo costs minutes, so the tests
 * share it): the demo fills silver and quarantines exactly the injected defects; its nightly run logs every
 * stage and writes the report; the report renders in headless Chromium; every notebook runs. The shop comes
 * from {@link TinyShop} with its history already ingested, so the demo goes straight to the nightly: the
 * backfill a first demo runs is the same ingest pass over the same days that built that history, and the suite
 * pays for it once. That a nightly killed anywhere and resumed converges to a clean run is
 * {@link NightlyCrashTest}'s; that rerunning a stage changes nothing is each stage test's.
 */
class OperationsAcceptanceTest {
    static final LocalDate LAST_DAY = TinyShop.LAST_DAY;
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-02T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    static Path home;

    static Map<String, String> env;
    static Path conf;
    static CliRun demo;
    static SparkSession spark;

    @BeforeAll
    static void demoWarehouse() throws Exception {
        spark = TestSpark.session();
        conf = home.resolve("small.conf");
        Files.writeString(conf, TinyShop.SAMPLE);
        // The shop and its history in silver (built once per Maven run and shared with NightlyCrashTest): the
        // demo finds silver.sales_daily, skips its backfill and runs the nightly.
        TinyShop.copyTo(home.resolve("wh"));
        env = Map.of(
                "NIGHTSHIFT_HOME",
                home.toString(),
                "NIGHTSHIFT_WAREHOUSE",
                home.resolve("wh").toString());
        demo = CliRun.run(env, CLOCK, "demo", "--conf", conf.toString());
        assertEquals(0, demo.exitCode(), demo.err());
    }

    static Path reportOf(CliRun run) {
        String line = run.out()
                .lines()
                .filter(l -> l.startsWith("Run report:"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("demo prints no report path: " + run.out()));
        return Path.of(line.substring("Run report:".length()).strip());
    }

    @Test
    void demoLogsEveryStageOfNightlyAndPrintsItsReport() throws Exception {
        Path report = reportOf(demo);
        assertTrue(Files.isRegularFile(report), report + " exists");
        assertTrue(report.startsWith(home.resolve("wh/reports")), report.toString());
        List<RunLogEntry> all = new RunLog(home.resolve("wh/logs")).entries();
        String demoRun = all.stream()
                .filter(e -> e.command().equals("nightly"))
                .findFirst()
                .orElseThrow()
                .runId();
        List<RunLogEntry> entries =
                all.stream().filter(e -> e.runId().equals(demoRun)).toList(); // other tests add runs
        List<String> nightly = entries.stream().map(RunLogEntry::stage).toList();
        assertEquals(Stages.nightlyOrder().stream().map(Stage::name).toList(), nightly);
        RunLogEntry ingest = entries.stream()
                .filter(e -> e.command().equals("nightly") && e.stage().equals("ingest"))
                .findFirst()
                .orElseThrow();
        assertEquals(RunLogEntry.OK, ingest.status());
        assertEquals(LAST_DAY, ingest.from());
        assertTrue(
                ingest.rowsOut().getOrDefault("silver.sales_daily", 0L) > 0,
                ingest.rowsOut().toString());
        assertTrue(
                ingest.rowsIn().getOrDefault("competitor_prices", 0L) > 0,
                ingest.rowsIn().toString());
        assertTrue(
                demo.err().contains("[" + (nightly.indexOf("ingest") + 1) + "/" + nightly.size() + "] ingest"),
                demo.err());
    }

    @Test
    void demoFillsEverySilverTableAndQuarantinesExactlyTheInjectedDefects() throws Exception {
        assertTrue(demo.out().contains("Nightshift demo: nightly for " + LAST_DAY), demo.out());
        assertTrue(demo.out().contains("silver.sales_daily"), demo.out());
        // Marketplaces (in-process fakes): a ledger for each, no duplicated line, stock as the orders left it.
        assertTrue(demo.out().contains("duplicated order lines: 0"), demo.out());
        assertTrue(
                demo.out().contains("central stock equals the stock before minus the valid orders' units: 0 of"),
                demo.out());
        TableCatalog catalog = new TableCatalog(home.resolve("wh").toUri().toString());
        for (String m : MarketplaceDemo.MARKETPLACES) {
            assertTrue(
                    catalog.read(spark, Tables.MARKETPLACE_PUSH_LEDGER)
                                    .filter("marketplace = '" + m + "'")
                                    .count()
                            > 0,
                    m);
        }
        for (var table : List.of(
                Tables.PRODUCTS,
                Tables.SALES_DAILY,
                Tables.TRAFFIC_DAILY,
                Tables.COMPETITOR_PRICES,
                Tables.INVENTORY_DAILY,
                Tables.CALENDAR)) {
            assertTrue(catalog.read(spark, table).count() > 0, table + " is empty after the demo");
        }
        List<String> truth = Files.readAllLines(home.resolve("wh/ground_truth/defects.csv"), StandardCharsets.UTF_8);
        List<String> expected = truth.subList(1, truth.size()).stream()
                .map(l -> l.split(","))
                .map(f -> f[0] + ":" + f[1] + ":" + f[2])
                .sorted()
                .toList();
        List<String> quarantined = catalog
                .read(spark, Tables.quarantine("competitor_prices"))
                .filter("line_number is not null")
                .collectAsList()
                .stream()
                .map(r -> r.getAs("source_file") + ":" + r.getAs("line_number") + ":" + r.getAs("rule"))
                .sorted()
                .toList();
        assertFalse(expected.isEmpty(), "the generator injected defects");
        assertEquals(
                expected, quarantined, "quarantine.competitor_prices holds exactly the generator's injected defects");
    }

    @Test
    void reportRendersItsChartsInHeadlessChromiumWithoutConsoleErrors() throws Exception {
        Path report = reportOf(demo);
        String html = Files.readString(report);
        assertFalse(
                html.contains("<script")
                        || html.contains("http://") && !html.contains("xmlns=\"http://www.w3.org/2000/svg\"")
                        || html.contains("https://"),
                "self-contained: no script, nothing fetched");
        assertTrue(
                html.contains("not available: gold.prices missing") || html.contains("id=\"prices\""),
                "each section renders or says why not");
        // Kept under target/ for a look: the report and what Chromium drew.
        Path kept = Path.of("target/ops-report");
        Files.createDirectories(kept);
        Files.copy(report, kept.resolve("report.html"), StandardCopyOption.REPLACE_EXISTING);
        Chromium.Rendered rendered = Chromium.render(report, kept.resolve("report.png"));
        int charts = Chromium.count(rendered.dom(), "<svg class=\"chart\"");
        assertTrue(charts >= 2, "stage timings and data-quality charts at least: " + charts);
        assertTrue(rendered.dom().contains("aria-label=\"Stage duration (s)\""), "the stage timings chart");
        assertTrue(
                rendered.dom().contains("aria-label=\"Quarantined rows per business day, all sources\""),
                "the data-quality chart");
        assertTrue(rendered.dom().contains("<rect class=\"bar\""), "bars drawn");
        assertEquals(List.of(), rendered.consoleErrors(), "no console errors");
        assertTrue(Files.size(kept.resolve("report.png")) > 10_000, "a screenshot was drawn");
    }

    static final Pattern TABLE = Pattern.compile("\\b(bronze|silver|gold|quarantine)\\.([a-z][a-z0-9_]*)\\b");

    /** The warehouse tables a notebook reads (comments excluded). */
    static TreeSet<String> tablesOf(String sql) {
        String code = sql.replaceAll("--[^\\n]*", "");
        TreeSet<String> tables = new TreeSet<>();
        Matcher m = TABLE.matcher(code);
        while (m.find()) {
            tables.add(m.group(1) + "." + m.group(2));
        }
        return tables;
    }

    @Test
    void everyNotebookRunsWhenItsTablesExist() throws Exception {
        TableCatalog catalog = new TableCatalog(home.resolve("wh").toUri().toString());
        List<String> existing = catalog.registerExisting(spark);
        List<Path> notebooks;
        try (Stream<Path> files = Files.list(ProjectFiles.root().resolve("notebooks-sql"))) {
            notebooks =
                    files.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
        }
        assertTrue(notebooks.size() >= 8, notebooks.toString());
        List<String> ran = new ArrayList<>();
        for (Path notebook : notebooks) {
            String sql = Files.readString(notebook);
            assertTrue(sql.startsWith("--"), notebook + " starts with a comment saying what it answers");
            TreeSet<String> tables = tablesOf(sql);
            assertFalse(tables.isEmpty(), notebook + " reads no warehouse table");
            List<String> missing =
                    tables.stream().filter(t -> !existing.contains(t)).toList();
            assertEquals(List.of(), missing, notebook.getFileName() + " reads tables the demo does not write");
            CliRun run =
                    CliRun.run(env, CLOCK, "sql", "--format", "csv", notebook.toString(), "--conf", conf.toString());
            assertEquals(0, run.exitCode(), notebook.getFileName() + ": " + run.err());
            assertFalse(run.out().isBlank(), notebook.getFileName() + " printed nothing");
            ran.add(notebook.getFileName().toString());
        }
        assertEquals(notebooks.size(), ran.size(), "ran " + ran);
    }
}
