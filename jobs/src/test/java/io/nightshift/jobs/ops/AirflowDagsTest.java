package io.nightshift.jobs.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nightshift.jobs.stage.NightlyFlow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Airflow DAGs, checked without Airflow (it cannot be installed here): they and their shared task helpers
 * (nightshift_tasks.py) compile and pass pyflakes, and airflow-dags/tools/check_dags.py (stdlib ast) finds the
 * schedule, and one task per stage of {@code nightly}, in {@link NightlyFlow}'s order, then the report.
 */
class AirflowDagsTest {
    static final Path DAGS = ProjectFiles.root().resolve("airflow-dags");
    static final Path TASK_HELPERS = DAGS.resolve("nightshift_tasks.py");

    @TempDir
    Path temp;

    record Result(int exitCode, String output) {}

    static List<String> stageNames() {
        return NightlyFlow.STAGES;
    }

    /** The DAG files: every Python file of the folder but the task helpers they import. */
    static List<Path> dagFiles() throws IOException {
        try (Stream<Path> files = Files.list(DAGS)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".py") && !p.equals(TASK_HELPERS))
                    .sorted()
                    .toList();
        }
    }

    static Result python(List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of("python3"));
        command.addAll(args);
        return run(command);
    }

    static Result run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), command.get(0) + " timed out");
        return new Result(process.exitValue(), output);
    }

    static Result check(List<Path> files) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                DAGS.resolve("tools/check_dags.py").toString(),
                "--stages",
                String.join(",", stageNames()),
                "--tools",
                "report,maintain"));
        files.forEach(f -> args.add(f.toString()));
        return python(args);
    }

    /**
     * pyflakes over {@code paths}: as python3's module (pip), else Debian's pyflakes3 (python3-pyflakes, which
     * .ci/run installs; Debian's module belongs to /usr/bin/python3, which need not be the python3 on PATH).
     */
    static Result pyflakes(List<Path> paths) throws Exception {
        List<List<String>> launchers = List.of(List.of("python3", "-m", "pyflakes"), List.of("pyflakes3"));
        for (List<String> launcher : launchers) {
            if (installed(launcher)) {
                List<String> command = new ArrayList<>(launcher);
                paths.forEach(p -> command.add(p.toString()));
                return run(command);
            }
        }
        throw new AssertionError("pyflakes is not installed (neither python3 -m pyflakes nor pyflakes3): "
                + "apt-get install python3-pyflakes, as .ci/run does");
    }

    private static boolean installed(List<String> launcher) throws Exception {
        List<String> version = new ArrayList<>(launcher);
        version.add("--version");
        try {
            return run(version).exitCode() == 0;
        } catch (IOException notOnPath) {
            return false;
        }
    }

    /** The tasks of each DAG, by dag_id, from check_dags.py's JSON summary lines. */
    static Map<String, List<String>> tasksByDag(String checkOutput) throws IOException {
        Map<String, List<String>> tasks = new LinkedHashMap<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : checkOutput.lines().filter(l -> l.startsWith("{")).toList()) {
            JsonNode summary = json.readTree(line);
            List<String> names = new ArrayList<>();
            summary.path("tasks").forEach(task -> names.add(task.asText()));
            tasks.put(summary.path("dag_id").asText(), names);
        }
        return tasks;
    }

    @Test
    void everyDagCompiles() throws Exception {
        List<Path> files = dagFiles();
        assertTrue(files.size() >= 3, "nightly, backfill and maintain DAGs: " + files);
        // python3 -m py_compile FILE..., with the bytecode kept out of the source tree.
        List<String> args = new ArrayList<>(List.of(
                "-c",
                "import py_compile, sys, os\nfor f in sys.argv[2:]: py_compile.compile(f, cfile=os.path.join(sys.argv[1], os.path.basename(f) + 'c'), doraise=True)",
                temp.toString()));
        files.forEach(f -> args.add(f.toString()));
        args.add(TASK_HELPERS.toString());
        args.add(DAGS.resolve("tools/check_dags.py").toString());
        Result result = python(args);
        assertEquals(0, result.exitCode(), result.output());
    }

    @Test
    void dagsRunEveryStageOfNightlyInItsOrderOnTheirSchedule() throws Exception {
        Result result = check(dagFiles());
        assertEquals(0, result.exitCode(), result.output());
        String out = result.output();
        assertTrue(
                out.contains("\"dag_id\": \"nightshift_nightly\"") && out.contains("\"schedule\": \"0 2 * * *\""), out);
        assertTrue(out.contains("\"dag_id\": \"nightshift_backfill\""), out);
        // Checked here too, not only by the script: the stage DAGs' tasks are the nightly flow, then the report.
        List<String> flowThenReport = new ArrayList<>(NightlyFlow.STAGES);
        flowThenReport.add("report");
        Map<String, List<String>> tasks = tasksByDag(out);
        assertEquals(flowThenReport, tasks.get("nightshift_nightly"), out);
        assertEquals(flowThenReport, tasks.get("nightshift_backfill"), out);
        assertEquals(List.of("maintain"), tasks.get("nightshift_maintain"), out);
    }

    @Test
    void pyflakesFindsNothingInTheDagFolder() throws Exception {
        Result result = pyflakes(List.of(DAGS));
        assertEquals(0, result.exitCode(), result.output());
        assertEquals("", result.output().strip());
    }

    @Test
    void pyflakesFailsOnAnUnusedImport() throws Exception {
        Path bad = copyWith(
                "nightshift_maintain.py",
                "from datetime import timedelta",
                "import os\nfrom datetime import timedelta");
        Result result = pyflakes(List.of(bad));
        assertNotEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("'os' imported but unused"), result.output());
    }

    @Test
    void aDagNamingAnUnknownStageFails() throws Exception {
        Path bad = copyWith("nightshift_nightly.py", "stage_task(\"ingest\",", "stage_task(\"ingset\",");
        Result result = check(List.of(bad));
        assertNotEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("'ingset'"), result.output());
    }

    @Test
    void aDagOrderingStagesDifferentlyFails() throws Exception {
        Path bad = copyWith(
                "nightshift_backfill.py", "ingest >> forecast >> elasticity", "forecast >> ingest >> elasticity");
        Result result = check(List.of(bad));
        assertNotEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("order"), result.output());
    }

    @Test
    void aDagLeavingOutAStageOfTheFlowFails() throws Exception {
        Path bad = copyWith("nightshift_nightly.py", "    monitor = stage_task(\"monitor\", ON_BUSINESS_DATE)\n", "");
        Files.writeString(bad, Files.readString(bad).replace(">> sync_inventory >> monitor", ">> sync_inventory"));
        Result result = check(List.of(bad));
        assertNotEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("but nightly runs"), result.output());
    }

    @Test
    void aNightlyDagWithoutTheTwoOClockScheduleOrWithCatchUpFails() throws Exception {
        Path bad = copyWith("nightshift_nightly.py", "\"0 2 * * *\"", "\"0 3 * * *\"");
        Files.writeString(bad, Files.readString(bad).replace("catchup=False", "catchup=True"));
        Result result = check(List.of(bad));
        assertNotEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("0 3 * * *") && result.output().contains("catchup"), result.output());
    }

    private Path copyWith(String dag, String from, String to) throws IOException {
        String source = Files.readString(DAGS.resolve(dag));
        assertTrue(source.contains(from), dag + " has no " + from);
        Path copy = temp.resolve(dag);
        Files.writeString(copy, source.replace(from, to));
        return copy;
    }
}
