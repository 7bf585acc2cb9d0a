package io.nightshift.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.common.config.NightshiftConfig;
import io.nightshift.common.time.RunDates;
import io.nightshift.jobs.ops.RunLog;
import io.nightshift.jobs.ops.RunLogEntry;
import io.nightshift.jobs.stage.Stage;
import io.nightshift.jobs.stage.StageContext;
import io.nightshift.jobs.stage.StageReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner behind nightly and every stage command: order, first failure, --from-stage, run log, progress lines. */
class StageRunnerTest {
    static final LocalDate DAY = LocalDate.of(2026, 11, 1);
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-02T07:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path home;

    final List<String> ran = new ArrayList<>();
    final ByteArrayOutputStream progress = new ByteArrayOutputStream();

    /** A stage that records that it ran, writes one table and reads another, or fails. */
    Stage stage(String name, boolean fails) {
        return new Stage() {
            public String name() {
                return name;
            }

            public String description() {
                return "test stage " + name;
            }

            public StageReport run(StageContext context, LocalDate date) {
                ran.add(name + "@" + date);
                if (fails) {
                    throw new IllegalStateException("feed for " + date + " is truncated\n  at line 7");
                }
                return StageReport.empty(name)
                        .read("silver.in_" + name, 10)
                        .wrote("gold.out_" + name, 4)
                        .withQuarantined(1);
            }
        };
    }

    StageRunner runner() {
        return new StageRunner(
                "run-1",
                "nightly",
                new RunLog(home.resolve("logs")),
                new PrintStream(progress, true, StandardCharsets.UTF_8),
                CLOCK);
    }

    StageContext context() {
        return new StageContext(
                NightshiftConfig.load(
                        Optional.empty(),
                        Map.of(
                                "NIGHTSHIFT_HOME",
                                home.toString(),
                                "NIGHTSHIFT_WAREHOUSE",
                                home.resolve("wh").toString())),
                false,
                CLOCK);
    }

    @Test
    void runsStagesInOrderDateByDateAndLogsEachWithItsCounts() throws Exception {
        StageRunner runner = runner();
        runner.run(
                context(),
                List.of(stage("a", false), stage("b", false)),
                new RunDates(DAY, DAY.plusDays(1)),
                Optional.empty());
        assertEquals(List.of("a@2026-11-01", "b@2026-11-01", "a@2026-11-02", "b@2026-11-02"), ran);
        List<RunLogEntry> entries = runner.runLog().entries("run-1");
        assertEquals(4, entries.size());
        RunLogEntry first = entries.get(0);
        assertEquals("a", first.stage());
        assertEquals(DAY, first.from());
        assertEquals(Map.of("silver.in_a", 10L), first.rowsIn());
        assertEquals(Map.of("gold.out_a", 4L), first.rowsOut());
        assertEquals(1, first.quarantined());
        assertEquals(RunLogEntry.OK, first.status());
        assertTrue(first.error().isEmpty());
        String lines = progress.toString(StandardCharsets.UTF_8);
        assertTrue(lines.contains("[1/2] a"), lines);
        assertTrue(
                lines.contains("[2/2] b                2026-11-02  ok  10 rows in, 4 rows written, 1 quarantined"),
                lines);
    }

    @Test
    void stopsAtTheFirstFailureWithOneLineNamingStageDateAndCause() throws Exception {
        StageRunner runner = runner();
        StageRunner.StageFailedException failure = assertThrows(
                StageRunner.StageFailedException.class,
                () -> runner.run(
                        context(),
                        List.of(stage("a", false), stage("b", true), stage("c", false)),
                        RunDates.of(DAY),
                        Optional.empty()));
        assertEquals(List.of("a@2026-11-01", "b@2026-11-01"), ran, "c never runs");
        assertTrue(
                failure.getMessage().startsWith("b failed for 2026-11-01: feed for 2026-11-01 is truncated"),
                failure.getMessage());
        RunLogEntry failed = runner.runLog().entries("run-1").get(1);
        assertEquals(RunLogEntry.FAILED, failed.status());
        assertFalse(failed.error().orElseThrow().contains("\n"), "one line in the run log");
        assertTrue(
                progress.toString(StandardCharsets.UTF_8).contains("FAILED after"),
                progress.toString(StandardCharsets.UTF_8));
        assertTrue(progress.toString(StandardCharsets.UTF_8).contains("--from-stage b"), "says how to resume");
    }

    @Test
    void fromStageSkipsTheStagesBeforeItOnTheFirstDateOnly() throws Exception {
        StageRunner runner = runner();
        runner.run(
                context(),
                List.of(stage("a", false), stage("b", false), stage("c", false)),
                new RunDates(DAY, DAY.plusDays(1)),
                Optional.of("b"));
        assertEquals(List.of("b@2026-11-01", "c@2026-11-01", "a@2026-11-02", "b@2026-11-02", "c@2026-11-02"), ran);
        assertEquals(
                RunLogEntry.SKIPPED, runner.runLog().entries("run-1").get(0).status());
    }

    @Test
    void runLogLinesAreJsonObjectsWithEveryField() throws Exception {
        runner().run(context(), List.of(stage("a", false)), RunDates.of(DAY));
        String line = Files.readAllLines(home.resolve("logs/runs.jsonl")).get(0);
        for (String field : List.of(
                "\"run_id\":\"run-1\"",
                "\"command\":\"nightly\"",
                "\"stage\":\"a\"",
                "\"date_from\":\"2026-11-01\"",
                "\"date_to\":\"2026-11-01\"",
                "\"start\":\"2026-11-02T07:00:00Z\"",
                "\"end\":",
                "\"duration_s\":",
                "\"rows_in\":{\"silver.in_a\":10}",
                "\"rows_out\":{\"gold.out_a\":4}",
                "\"quarantined\":1",
                "\"status\":\"ok\"",
                "\"error\":null")) {
            assertTrue(line.contains(field), field + " in " + line);
        }
        // a damaged line is skipped, the others still read
        Files.writeString(home.resolve("logs/runs.jsonl"), "{not json\n", StandardOpenOption.APPEND);
        assertEquals(1, new RunLog(home.resolve("logs")).entries().size());
    }

    @Test
    void runIdComesFromTheEnvironmentWhenAirflowSetsIt() {
        assertEquals(
                "scheduled__2026-11-02T07:00:00+00:00",
                RunLog.runId(Map.of(RunLog.RUN_ID_VARIABLE, "scheduled__2026-11-02T07:00:00+00:00"), CLOCK));
        assertTrue(RunLog.runId(Map.of(), CLOCK).startsWith("20261102T070000Z-"));
    }

    @Test
    void unknownFromStageIsAUsageErrorListingTheStages() {
        CliRun run = CliRun.run(
                Map.of(
                        "NIGHTSHIFT_HOME",
                        home.toString(),
                        "NIGHTSHIFT_WAREHOUSE",
                        home.resolve("wh").toString()),
                CLOCK,
                "nightly",
                "--date",
                "2026-11-01",
                "--from-stage",
                "pricing");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(
                run.err().contains("unknown stage 'pricing' for --from-stage; the stages of nightly are: ingest"),
                run.err());
    }
}
