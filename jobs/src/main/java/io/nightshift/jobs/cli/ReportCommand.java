package io.nightshift.jobs.cli;

import io.nightshift.common.time.RunDates;
import io.nightshift.jobs.ops.RunLog;
import io.nightshift.jobs.ops.RunLogEntry;
import io.nightshift.jobs.ops.report.RunReport;
import io.nightshift.jobs.stage.Stage;
import io.nightshift.jobs.stage.StageContext;
import io.nightshift.jobs.stage.Stages;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Writes the HTML report of a run from the run log and the tables. {@code nightly} does this itself; the
 * Airflow DAGs, where each stage is its own task and process, end with this command under the DAG run's id.
 */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = "write the HTML report of a run (default: NIGHTSHIFT_RUN_ID, else the last run in the run log)")
final class ReportCommand extends BaseCommand {
    @Option(names = "--run-id", paramLabel = "ID", description = "the run to report on")
    String runId;

    @Option(
            names = "--require-complete",
            description =
                    "after writing the report, fail unless every stage of nightly ran without failure in this run")
    boolean requireComplete;

    ReportCommand(Launch launch) {
        super(launch);
    }

    @Override
    protected Integer run() throws Exception {
        RunLog runLog = new RunLog(config.storage().logDir());
        String id = runId != null
                ? runId.strip()
                : launch.environment().getOrDefault(RunLog.RUN_ID_VARIABLE, "").isBlank()
                        ? runLog.latestRunId()
                                .orElseThrow(() -> new UsageException(
                                        "the run log " + runLog.file() + " is empty: run a stage first"))
                        : launch.environment().get(RunLog.RUN_ID_VARIABLE).strip();
        List<RunLogEntry> entries = runLog.entries(id);
        if (entries.isEmpty()) {
            throw new UsageException("no run '" + id + "' in the run log " + runLog.file());
        }
        LocalDate from = entries.stream()
                .map(RunLogEntry::from)
                .min(Comparator.naturalOrder())
                .orElseThrow();
        LocalDate to = entries.stream()
                .map(RunLogEntry::to)
                .max(Comparator.naturalOrder())
                .orElseThrow();
        try (StageContext context = newContext(false)) {
            String location = RunReport.write(context, runLog, id, new RunDates(from, to));
            launch.out().println(location);
        }
        if (requireComplete) {
            List<String> notDone = Stages.nightlyOrder().stream()
                    .map(Stage::name)
                    .filter(stage -> entries.stream()
                            .noneMatch(
                                    e -> e.stage().equals(stage) && !e.status().equals(RunLogEntry.FAILED)))
                    .toList();
            List<String> failed = entries.stream()
                    .filter(e -> e.status().equals(RunLogEntry.FAILED))
                    .map(e -> e.error().orElse(e.stage() + " failed"))
                    .toList();
            if (!failed.isEmpty() || !notDone.isEmpty()) {
                throw new IllegalStateException("run " + id + " is not complete: "
                        + (failed.isEmpty() ? "" : failed.get(0) + (notDone.isEmpty() ? "" : "; "))
                        + (notDone.isEmpty() ? "" : "no successful run of " + String.join(", ", notDone)));
            }
        }
        return 0;
    }
}
