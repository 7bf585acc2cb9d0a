package io.nightshift.jobs.cli;

import io.nightshift.common.config.MaintainSettings;
import io.nightshift.common.time.RunDates;
import io.nightshift.jobs.ops.Maintenance;
import io.nightshift.jobs.ops.RunLog;
import io.nightshift.jobs.ops.RunLogEntry;
import io.nightshift.jobs.stage.StageContext;
import java.io.PrintStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;

/**
 * {@code bin/pipeline maintain}: OPTIMIZE and VACUUM every Delta table (settings: {@code nightshift.maintain}).
 * Not part of {@code nightly}: OPTIMIZE rewrites data and VACUUM lists every file of every table, minutes on
 * object storage for no benefit to the next morning's prices; the {@code nightshift_maintain} DAG runs it weekly.
 * Prints one line per table (files before and after) and logs one run-log entry, whose rows_in/rows_out are
 * the active files per table before and after.
 */
@Command(
        name = "maintain",
        mixinStandardHelpOptions = true,
        description =
                "OPTIMIZE (Z-order by product_id where present) and VACUUM every Delta table; not part of nightly")
final class MaintainCommand extends BaseCommand {
    MaintainCommand(Launch launch) {
        super(launch);
    }

    @Override
    protected Integer run() throws Exception {
        MaintainSettings settings = config.maintain();
        String runId = RunLog.runId(launch.environment(), launch.clock());
        RunLog runLog = new RunLog(config.storage().logDir());
        LocalDate today =
                RunDates.yesterday(launch.clock(), config.shop().timeZone()).plusDays(1);
        Instant start = launch.clock().instant();
        long startNanos = System.nanoTime();
        PrintStream out = launch.out();
        List<Maintenance.Result> results;
        try (StageContext context = newContext(false)) {
            results = Maintenance.run(context.spark(), context.catalog(), settings);
        } catch (RuntimeException e) {
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            runLog.append(new RunLogEntry(
                    runId,
                    "maintain",
                    "maintain",
                    today,
                    today,
                    start,
                    start,
                    seconds,
                    Map.of(),
                    Map.of(),
                    0,
                    RunLogEntry.FAILED,
                    Optional.of(StageRunner.oneLine("maintain failed: " + e.getMessage()))));
            throw e;
        }
        out.printf(
                Locale.ROOT,
                "%-40s %12s %12s %12s %12s  %s%n",
                "table",
                "files before",
                "files after",
                "stored before",
                "stored after",
                "optimize");
        Map<String, Long> before = new LinkedHashMap<>();
        Map<String, Long> after = new LinkedHashMap<>();
        for (Maintenance.Result r : results) {
            out.printf(
                    Locale.ROOT,
                    "%-40s %,12d %,12d %,12d %,12d  %s%n",
                    r.table(),
                    r.activeFilesBefore(),
                    r.activeFilesAfter(),
                    r.storedFilesBefore(),
                    r.storedFilesAfter(),
                    r.optimized());
            before.put(r.table(), r.activeFilesBefore());
            after.put(r.table(), r.activeFilesAfter());
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        runLog.append(new RunLogEntry(
                runId,
                "maintain",
                "maintain",
                today,
                today,
                start,
                start.plusMillis((long) (seconds * 1000)),
                seconds,
                before,
                after,
                0,
                RunLogEntry.OK,
                Optional.empty()));
        launch.err()
                .printf(
                        Locale.ROOT,
                        "maintain  ok  %d tables, retention %.0f h, %.1f s%n",
                        results.size(),
                        settings.retentionHours(),
                        seconds);
        return 0;
    }
}
