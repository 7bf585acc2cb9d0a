package io.nightshift.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.common.catalog.TableCatalog;
import io.nightshift.common.catalog.TableWriter;
import io.nightshift.common.catalog.Tables;
import io.nightshift.common.testing.TestSpark;
import io.nightshift.common.time.RunDates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineContractTest {
    @TempDir
    static Path home;

    static Map<String, String> env;

    @BeforeAll
    static void sharedSession() {
        TestSpark.session();
        env = Map.of(
                "NIGHTSHIFT_HOME",
                home.toString(),
                "NIGHTSHIFT_WAREHOUSE",
                home.resolve("warehouse").toString());
    }

    private static void assertUsageError(CliRun run, String mentioning) {
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.errLines().size() <= 2, "at most two lines on stderr: " + run.err());
        assertTrue(run.err().contains(mentioning), run.err());
        assertFalse(run.err().contains("Exception") || run.err().contains("\tat "), "no stack trace: " + run.err());
    }

    @Test
    void unknownCommandIsAUsageError() {
        assertUsageError(CliRun.run(env, "frobnicate"), "frobnicate");
    }

    /** The sandbox module is not on jobs' classpath, as it is not in the cluster jar: its commands do not exist. */
    @Test
    void sandboxCommandsAreUnknownWithoutTheSandbox() {
        for (String command : List.of("demo", "generate-sample", "simulate-pricing")) {
            assertUsageError(CliRun.run(env, command), command);
        }
        CliRun list = CliRun.run(env, "list");
        assertTrue(
                list.out().lines().noneMatch(l -> l.startsWith("demo ") || l.startsWith("generate-sample ")),
                list.out());
    }

    @Test
    void malformedDateIsAUsageError() {
        assertUsageError(CliRun.run(env, "nightly", "--date", "2026-13-01"), "2026-13-01");
        assertUsageError(CliRun.run(env, "nightly", "--date", "yesterday"), "yesterday");
    }

    @Test
    void fromAfterToIsAUsageError() {
        assertUsageError(
                CliRun.run(env, "nightly", "--from", "2026-02-01", "--to", "2026-01-01"),
                "--from 2026-02-01 is after --to 2026-01-01");
    }

    @Test
    void unknownOptionAndMissingFilesAreUsageErrors() {
        assertUsageError(CliRun.run(env, "nightly", "--colour", "red"), "--colour");
        assertUsageError(CliRun.run(env, "sql", "notebooks/missing.sql"), "missing.sql");
        assertUsageError(
                CliRun.run(env, "list", "--conf", home.resolve("nope.conf").toString()), "nope.conf");
    }

    @Test
    void invalidConfigurationIsAUsageErrorNamingTheKey() throws Exception {
        Path conf = home.resolve("bad.conf");
        Files.writeString(conf, "nightshift.shop.time-zone = \"Nowhere/Land\"\n");
        assertUsageError(CliRun.run(env, "nightly", "--conf", conf.toString()), "nightshift.shop.time-zone");
    }

    @Test
    void listPrintsOneLineWithADescriptionPerCommand() {
        CliRun run = CliRun.run(env, "list");
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("nightly ")), run.out());
        assertTrue(lines.stream().allMatch(l -> l.matches("[a-z-]+ +\\S.*")), run.out());
    }

    @Test
    void sqlCsvPrintsExactlyTheHeaderAndRowsOnStdout() {
        CliRun run = CliRun.run(env, "sql", "--format", "csv", "select 1 as x");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("x\n1\n", run.out().replace("\r\n", "\n"));
    }

    @Test
    void sqlRunsFilesAndNamesTablesByLayer() throws Exception {
        String warehouse = home.resolve("warehouse").toUri().toString();
        new TableWriter(TestSpark.session(), new TableCatalog(warehouse), false)
                .replaceDates(
                        Tables.INVENTORY_DAILY,
                        TestSpark.session()
                                .createDataFrame(
                                        List.of(RowFactory.create(1, Date.valueOf(LocalDate.of(2026, 1, 1)), 4, 1, 3)),
                                        Tables.INVENTORY_DAILY.schema().orElseThrow()),
                        RunDates.of(LocalDate.of(2026, 1, 1)));
        Path file = home.resolve("stock.sql");
        Files.writeString(
                file,
                "-- available stock; a comment with a ; in it\nselect product_id, available from silver.inventory_daily;\n");
        CliRun run = CliRun.run(env, "sql", "--format", "csv", file.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("product_id,available\n1,3\n", run.out());

        CliRun json = CliRun.run(env, "sql", "--format", "json", "select available from silver.inventory_daily");
        assertEquals("{\"available\":3}\n", json.out());
    }

    @Test
    void runtimeFailureIsOneErrorLineWithTheStackTraceInTheLogFile() throws Exception {
        CliRun run = CliRun.run(env, "sql", "select * from silver.no_such_table");
        assertEquals(1, run.exitCode());
        assertEquals(1, run.errLines().size(), run.err());
        assertTrue(run.err().startsWith("error: ") && run.err().contains("no_such_table"), run.err());
        Path log = home.resolve("warehouse/logs/nightshift.log");
        assertTrue(Files.readString(log).contains("\tat "), "stack trace in " + log);

        CliRun verbose = CliRun.run(env, "sql", "--verbose", "select * from silver.no_such_table");
        assertEquals(1, verbose.exitCode());
        assertTrue(verbose.err().contains("\tat "), "--verbose prints the stack trace");
    }

    @Test
    void nightlyStopsAtTheFirstFailingStageWithOneErrorLine() {
        // An empty warehouse: ingest finds no traffic feed for the date and nightly stops there.
        CliRun run = CliRun.run(env, "nightly", "--date", "2026-01-05");
        assertEquals(1, run.exitCode(), run.err());
        List<String> errors =
                run.errLines().stream().filter(l -> l.startsWith("error: ")).toList();
        assertEquals(1, errors.size(), run.err());
        assertTrue(
                errors.get(0).contains("ingest failed for 2026-01-05: traffic: no file for 2026-01-05"), errors.get(0));
        assertFalse(run.err().contains("\tat "), "no stack trace without --verbose");
    }
}
