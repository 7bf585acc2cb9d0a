package io.nightshift.jobs.ops;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.map_entries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.common.catalog.TableCatalog;
import io.nightshift.common.catalog.TableChecksum;
import io.nightshift.common.db.CommerceDatabase;
import io.nightshift.common.testing.TestSpark;
import io.nightshift.jobs.Pipeline;
import io.nightshift.jobs.cli.CliRun;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of {@code nightly} at three points spread over its stages, with the embedded PostgreSQL default (no
 * NIGHTSHIFT_JDBC_URL), each kill followed at once by a run resumed at the killed stage ({@code --from-stage}), as
 * Airflow's retry of the killed stage's task and the tasks after it does (and as nightly's own failure line says);
 * the run after the last kill completes. Every Delta table (bronze, silver, gold, quarantine) and every commerce
 * table then equals a clean run's from the same start, and no postmaster of either warehouse is left running.
 * That rerunning a stage that had completed changes nothing is each stage test's (rerun and compare).
 *
 * <p>The kills chain (the second kill hits the run that resumed after the first, and so on), so three kill points
 * cost about one nightly more than the clean run, which runs in this JVM at the same time. The shop is the tiny
 * one of {@link OperationsAcceptanceTest}; the killed runs are child JVMs running {@link Pipeline}'s main, as
 * bin/pipeline does. Left out of the comparison, because
 * they record when or how often something ran rather than what the data are: the run log and run reports (not
 * tables); the warehouse columns the {@code checksums} command leaves out by default (ingestion, send and
 * acknowledgement times); commerce columns filled by {@code now()} and serial ids; and the {@code unchanged}
 * rows of {@code price_publications} (the log of every publish attempt: a rerun after a kill that came after
 * the publish records one more attempt that changed nothing). The publishes that changed the storefront are
 * compared.
 */
class NightlyCrashTest {
    static final LocalDate LAST_DAY = TinyShop.LAST_DAY;
    static final String CONF = TinyShop.CONF;
    /** Wall-clock columns (as the checksums command's defaults). */
    static final Set<String> WAREHOUSE_IGNORED = Set.of("ingested_at", "sent_at", "acknowledged_at");
    /** Columns filled by now() or a sequence. */
    static final Set<String> COMMERCE_IGNORED = Set.of(
            "created_at",
            "updated_at",
            "reserved_at",
            "published_at",
            "applied_at",
            "sent_at",
            "acknowledged_at",
            "box_item_id",
            "publication_id",
            "movement_id",
            "preference_id",
            "attribute_id");

    /** Where a kill lands: {@code delayMillis} after the progress line saying {@code stage} started. */
    record KillPoint(String stage, long delayMillis) {}

    static final List<KillPoint> KILLS = List.of(
            new KillPoint("ingest", 2_000), // bronze and silver writes
            new KillPoint("elasticity", 1_500), // gold written by forecast, elasticity's half done
            new KillPoint("curate-boxes", 1_000)); // prices published, boxes and reservations in progress

    @TempDir
    Path home;
    /** Child JVMs, ended if a failed assertion leaves one running. */
    final List<Process> children = new ArrayList<>();

    @AfterEach
    void endChildren() throws InterruptedException {
        for (Process child : children) {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void killedNightlyRunsRerunToACleanRunsTablesAndLeaveNoPostmaster() throws Exception {
        long start = System.nanoTime();
        Path conf = home.resolve("small.conf");
        Files.writeString(conf, CONF);
        String date = LAST_DAY.toString();

        // The shop and its history in silver (built once per Maven run); the clean and the crashed warehouse
        // start from copies.
        Path clean = TinyShop.copyTo(home.resolve("clean"));
        Path crashed = TinyShop.copyTo(home.resolve("crashed"));
        long prepared = System.nanoTime();

        // The clean run goes on in this JVM while the killed runs and their rerun use their own (two cores: most
        // of a tiny shop's nightly is one driver thread planning and committing).
        // (A thread of its own, not the common pool: it inherits this thread's context class loader, as Spark needs.)
        ExecutorService background = Executors.newSingleThreadExecutor();
        CompletableFuture<CliRun> reference = CompletableFuture.supplyAsync(
                () -> CliRun.run(env(clean), "nightly", "--date", date, "--conf", conf.toString()), background);
        background.shutdown();

        List<Long> killedPostmasters = new ArrayList<>();
        List<String> landed = new ArrayList<>();
        Optional<String> resumeAt = Optional.empty();
        for (KillPoint point : KILLS) {
            Child child = Child.nightly(crashed, conf, date, resumeAt);
            children.add(child.process);
            // Generous: on a loaded 2-core machine one nightly's ingest alone has taken 8 minutes.
            child.awaitStageStart(point.stage(), Duration.ofMinutes(25));
            Thread.sleep(point.delayMillis());
            postmasterPid(crashed).ifPresent(killedPostmasters::add);
            child.process.destroyForcibly(); // SIGKILL, and the next run starts at once
            assertTrue(child.process.waitFor(30, TimeUnit.SECONDS));
            landed.add(point + " landed in " + child.lastStage() + " (exit " + child.process.exitValue() + ")");
            resumeAt = Optional.of(child.lastStarted());
        }
        Child rerun = Child.nightly(crashed, conf, date, resumeAt);
        children.add(rerun.process);
        assertTrue(rerun.process.waitFor(30, TimeUnit.MINUTES), "the rerun after the kills did not end");
        assertEquals(0, rerun.process.exitValue(), "the rerun after the kills failed:\n" + rerun.tail());
        long crashedRuns = System.nanoTime();
        System.out.println("nightly crash test kills: " + landed);
        CliRun cleanRun = reference.get(30, TimeUnit.MINUTES);
        assertEquals(0, cleanRun.exitCode(), cleanRun.err());
        long bothRuns = System.nanoTime();

        // Nothing left running: the killed runs' postmasters are gone, and no postgres serves either data folder.
        for (long pid : killedPostmasters) {
            assertTrue(exits(pid, Duration.ofSeconds(30)), "the killed run's postmaster " + pid + " is still running");
        }
        assertEquals(List.of(), postgresServing(crashed), "postgres processes left on the crashed warehouse");
        assertEquals(List.of(), postgresServing(clean), "postgres processes left on the clean warehouse");

        SparkSession spark = TestSpark.session();
        Map<String, TableChecksum> cleanTables = warehouseChecksums(spark, clean);
        Map<String, TableChecksum> crashedTables = warehouseChecksums(spark, crashed);
        assertTrue(
                cleanTables
                        .keySet()
                        .containsAll(List.of(
                                "silver.sales_daily",
                                "gold.prices",
                                "gold.demand_forecast",
                                "gold.next_box_items",
                                "quarantine.competitor_prices")),
                cleanTables.keySet().toString());
        assertTrue(
                cleanTables.keySet().stream().anyMatch(t -> t.startsWith("bronze.")),
                cleanTables.keySet().toString());
        assertEquals(cleanTables, crashedTables, "warehouse tables after the kills and rerun against a clean run");

        Map<String, List<String>> cleanCommerce = commerceRows(clean);
        Map<String, List<String>> crashedCommerce = commerceRows(crashed);
        assertTrue(cleanCommerce.get("storefront.product_prices").size() > 0, "the clean run published prices");
        assertTrue(cleanCommerce.get("public.subscription_box_items").size() > 0, "the clean run curated boxes");
        assertEquals(cleanCommerce.keySet(), crashedCommerce.keySet());
        for (String table : cleanCommerce.keySet()) {
            assertSameRows(table, cleanCommerce.get(table), crashedCommerce.get(table));
        }
        assertEquals(List.of(), postgresServing(crashed), "the comparison stopped its servers");
        assertEquals(List.of(), postgresServing(clean), "the comparison stopped its servers");
        long end = System.nanoTime();
        System.out.printf(
                "nightly crash test: %.1f s (setup %.1f, %d kills and the rerun %.1f beside the clean nightly,"
                        + " which ended %.1f s later, comparison %.1f)%n",
                (end - start) / 1e9,
                (prepared - start) / 1e9,
                KILLS.size(),
                (crashedRuns - prepared) / 1e9,
                (bothRuns - crashedRuns) / 1e9,
                (end - bothRuns) / 1e9);
    }

    private Map<String, String> env(Path warehouse) {
        return Map.of("NIGHTSHIFT_HOME", home.toString(), "NIGHTSHIFT_WAREHOUSE", warehouse.toString());
    }

    /** A nightly run in its own JVM on this JVM's classpath, as bin/pipeline starts it. */
    static final class Child {
        final Process process;
        final List<String> progress = Collections.synchronizedList(new ArrayList<>());
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());

        private Child(Process process) {
            this.process = process;
            Thread reader = new Thread(
                    () -> {
                        try (BufferedReader err = new BufferedReader(
                                new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                            for (String line; (line = err.readLine()) != null; ) {
                                if (line.startsWith("[")) {
                                    progress.add(line);
                                }
                                lines.add(line);
                                if (lines.size() > 200) {
                                    lines.remove(0);
                                }
                                synchronized (this) {
                                    notifyAll();
                                }
                            }
                        } catch (IOException gone) {
                            // killed
                        }
                    },
                    "nightly-child-stderr");
            reader.setDaemon(true);
            reader.start();
        }

        /** {@code nightly}, resumed at a stage when given. */
        static Child nightly(Path warehouse, Path conf, String date, Optional<String> fromStage) throws IOException {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx1g");
            // The --add-opens Spark needs and the JIT settings, as this JVM got them from surefire (a cold JVM
            // that runs a tiny shop's nightly spends less CPU with the client compiler alone).
            command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .filter(a -> a.startsWith("--add-opens") || a.startsWith("-XX:") || a.startsWith("-Xss"))
                    .toList());
            // And the test JVM's spark.* settings (surefire's system properties), which SparkConf reads.
            System.getProperties().stringPropertyNames().stream()
                    .filter(name -> name.startsWith("spark."))
                    .sorted()
                    .forEach(name -> command.add("-D" + name + "=" + System.getProperty(name)));
            command.addAll(List.of(
                    "-cp",
                    System.getProperty("java.class.path"),
                    Pipeline.class.getName(),
                    "nightly",
                    "--date",
                    date,
                    "--conf",
                    conf.toString()));
            fromStage.ifPresent(stage -> command.addAll(List.of("--from-stage", stage)));
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().remove("NIGHTSHIFT_JDBC_URL");
            builder.environment().remove("NIGHTSHIFT_CONF");
            builder.environment().put("NIGHTSHIFT_HOME", warehouse.getParent().toString());
            builder.environment().put("NIGHTSHIFT_WAREHOUSE", warehouse.toString());
            builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
            return new Child(builder.start());
        }

        /** Waits for the progress line {@code [i/n] STAGE ... running}. */
        void awaitStageStart(String stage, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            synchronized (this) {
                while (!started(stage)) {
                    long left = (deadline - System.nanoTime()) / 1_000_000;
                    if (left <= 0 || !process.isAlive() && !started(stage)) {
                        throw new AssertionError(
                                "nightly never started " + stage + " (alive " + process.isAlive() + "):\n" + tail());
                    }
                    wait(Math.min(left, 500));
                }
            }
        }

        private boolean started(String stage) {
            synchronized (progress) {
                return progress.stream().anyMatch(l -> l.matches("\\[\\d+/\\d+\\] " + stage + " .*running"));
            }
        }

        /** The stage the last progress line names, with its state. */
        String lastStage() {
            synchronized (progress) {
                if (progress.isEmpty()) {
                    return "start-up";
                }
                String last = progress.get(progress.size() - 1).replaceAll("\\s+", " ");
                String[] words = last.split(" ");
                return words[1] + (last.contains(" running") ? " (running)" : " (ended)");
            }
        }

        /** The stage the last {@code running} line names: where a resumed run starts (a finished one reruns). */
        String lastStarted() {
            synchronized (progress) {
                for (int i = progress.size() - 1; i >= 0; i--) {
                    String line = progress.get(i).replaceAll("\\s+", " ");
                    if (line.contains(" running")) {
                        return line.split(" ")[1];
                    }
                }
                throw new AssertionError("the killed run started no stage");
            }
        }

        String tail() {
            synchronized (lines) {
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
            }
        }
    }

    static Optional<Long> postmasterPid(Path warehouse) throws IOException {
        Path pidFile = warehouse.resolve(CommerceDatabase.EMBEDDED_FOLDER).resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile);
        return lines.isEmpty() || !lines.get(0).strip().matches("\\d+")
                ? Optional.empty()
                : Optional.of(Long.parseLong(lines.get(0).strip()));
    }

    /** Live processes whose command line names the warehouse's data folder (a postmaster runs with -D FOLDER). */
    static List<String> postgresServing(Path warehouse) {
        String folder = warehouse.resolve(CommerceDatabase.EMBEDDED_FOLDER).toString();
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(c -> c.contains(folder)).orElse(false))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
                .toList();
    }

    /** Every Delta table of the warehouse, as the checksums command sums it (maps as their sorted entries). */
    static Map<String, TableChecksum> warehouseChecksums(SparkSession spark, Path warehouse) {
        TableCatalog catalog = new TableCatalog(warehouse.toUri().toString());
        Map<String, TableChecksum> sums = new TreeMap<>();
        for (String table : catalog.registerExisting(spark)) {
            Dataset<Row> rows = spark.table(table);
            for (StructField field : rows.schema().fields()) {
                if (field.dataType() instanceof MapType) {
                    rows = rows.withColumn(field.name(), array_sort(map_entries(col(field.name()))));
                }
            }
            String[] ignored = Arrays.stream(rows.columns())
                    .filter(WAREHOUSE_IGNORED::contains)
                    .toArray(String[]::new);
            sums.put(table, TableChecksum.of(rows, ignored));
        }
        return sums;
    }

    /** Every table of the commerce database (public and storefront schemas), its rows as sorted lines. */
    static Map<String, List<String>> commerceRows(Path warehouse) throws Exception {
        Map<String, List<String>> tables = new TreeMap<>();
        try (CommerceDatabase database =
                        CommerceDatabase.startEmbedded(warehouse.resolve(CommerceDatabase.EMBEDDED_FOLDER));
                Connection c = database.connect();
                Statement s = c.createStatement()) {
            List<String> names = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("select table_schema || '.' || table_name from information_schema.tables"
                    + " where table_schema in ('public', 'storefront') and table_type = 'BASE TABLE'"
                    + " and table_name not like 'flyway%' order by 1")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            for (String table : names) {
                List<String> columns = new ArrayList<>();
                try (ResultSet rs = c.getMetaData()
                        .getColumns(
                                null,
                                table.substring(0, table.indexOf('.')),
                                table.substring(table.indexOf('.') + 1),
                                null)) {
                    while (rs.next()) {
                        if (!COMMERCE_IGNORED.contains(rs.getString("COLUMN_NAME"))) {
                            columns.add(rs.getString("COLUMN_NAME"));
                        }
                    }
                }
                String where = table.equals("public.price_publications") ? " where outcome <> 'unchanged'" : "";
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("select " + String.join(", ", columns) + " from " + table + where)) {
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= columns.size(); i++) {
                            row.append(i == 1 ? "" : "|").append(rs.getString(i));
                        }
                        rows.add(row.toString());
                    }
                }
                Collections.sort(rows);
                tables.put(table, rows);
            }
        }
        return tables;
    }

    /** Equal row lists, or a failure naming a few rows found on one side only. */
    static void assertSameRows(String table, List<String> expected, List<String> actual) {
        if (expected.equals(actual)) {
            return;
        }
        List<String> missing = new ArrayList<>(expected);
        actual.forEach(missing::remove);
        List<String> extra = new ArrayList<>(actual);
        expected.forEach(extra::remove);
        throw new AssertionError(
                table + " after the kills and rerun differs from a clean run: " + expected.size() + " rows clean, "
                        + actual.size() + " after the kills; only in the clean run " + missing.size() + " "
                        + missing.stream().limit(5).toList()
                        + "; only after the kills " + extra.size() + " "
                        + extra.stream().limit(5).toList());
    }

    static boolean exits(long pid, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(200);
        }
        return true;
    }
}
