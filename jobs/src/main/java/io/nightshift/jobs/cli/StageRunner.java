package io.nightshift.jobs.cli;

import io.nightshift.common.config.Secret;
import io.nightshift.common.time.RunDates;
import io.nightshift.jobs.ops.RunLog;
import io.nightshift.jobs.ops.RunLogEntry;
import io.nightshift.jobs.stage.Stage;
import io.nightshift.jobs.stage.StageContext;
import io.nightshift.jobs.stage.StageReport;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Runs stages for dates, date by date in flow order; stops at the first failure. Each stage run prints a
 * progress line on stderr when it starts and when it ends, and appends one entry to the run log.
 */
final class StageRunner {
    private final String runId;
    private final String command;
    private final RunLog runLog;
    private final PrintStream progress;
    private final Clock clock;

    StageRunner(String runId, String command, RunLog runLog, PrintStream progress, Clock clock) {
        this.runId = runId;
        this.command = command;
        this.runLog = runLog;
        this.progress = progress;
        this.clock = clock;
    }

    String runId() {
        return runId;
    }

    RunLog runLog() {
        return runLog;
    }

    /** One stage over the dates: its own range path (one pass for a backfill), or each stage per date. */
    List<StageReport> run(StageContext context, List<Stage> stages, RunDates dates) throws Exception {
        return run(context, stages, dates, Optional.empty());
    }

    /**
     * Runs {@code stages} for each date in turn (a single stage runs the whole range at once, through its
     * range path). With {@code fromStage}, the first date starts at that stage (the ones before it are logged as
     * skipped); later dates run every stage.
     */
    List<StageReport> run(StageContext context, List<Stage> stages, RunDates dates, Optional<String> fromStage)
            throws Exception {
        List<StageReport> reports = new ArrayList<>();
        if (stages.size() == 1 && fromStage.isEmpty()) {
            reports.add(runOne(context, stages.get(0), dates, 1, 1));
            return reports;
        }
        boolean first = true;
        for (LocalDate date : dates) {
            boolean skipping = first && fromStage.isPresent();
            for (int i = 0; i < stages.size(); i++) {
                Stage stage = stages.get(i);
                if (skipping && stage.name().equals(fromStage.get())) {
                    skipping = false;
                }
                if (skipping) {
                    skip(stage, RunDates.of(date), i + 1, stages.size());
                } else {
                    reports.add(runOne(context, stage, RunDates.of(date), i + 1, stages.size()));
                }
            }
            first = false;
        }
        return reports;
    }

    private void skip(Stage stage, RunDates dates, int position, int count) {
        Instant now = clock.instant();
        progress.printf(
                Locale.ROOT, "[%d/%d] %-16s %s  skipped (before --from-stage)%n", position, count, stage.name(), dates);
        runLog.append(new RunLogEntry(
                runId,
                command,
                stage.name(),
                dates.from(),
                dates.to(),
                now,
                now,
                0,
                Map.of(),
                Map.of(),
                0,
                RunLogEntry.SKIPPED,
                Optional.empty()));
    }

    private StageReport runOne(StageContext context, Stage stage, RunDates dates, int position, int count)
            throws Exception {
        Instant start = clock.instant();
        long startNanos = System.nanoTime();
        progress.printf(Locale.ROOT, "[%d/%d] %-16s %s  running%n", position, count, stage.name(), dates);
        StageReport report;
        try {
            report = dates.isSingleDay() ? stage.run(context, dates.from()) : stage.run(context, dates);
        } catch (Exception e) {
            StageFailedException failure = new StageFailedException(stage.name(), dates, e);
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            runLog.append(new RunLogEntry(
                    runId,
                    command,
                    stage.name(),
                    dates.from(),
                    dates.to(),
                    start,
                    end(start, seconds),
                    seconds,
                    Map.of(),
                    Map.of(),
                    0,
                    RunLogEntry.FAILED,
                    Optional.of(oneLine(failure.getMessage()))));
            progress.printf(
                    Locale.ROOT,
                    "[%d/%d] %-16s %s  FAILED after %.1f s (rerun from here: --from-stage %s)%n",
                    position,
                    count,
                    stage.name(),
                    dates,
                    seconds,
                    stage.name());
            throw failure;
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        runLog.append(new RunLogEntry(
                runId,
                command,
                stage.name(),
                dates.from(),
                dates.to(),
                start,
                end(start, seconds),
                seconds,
                report.rowsRead(),
                report.rowsWritten(),
                report.quarantined(),
                RunLogEntry.OK,
                Optional.empty()));
        progress.printf(
                Locale.ROOT,
                "[%d/%d] %-16s %s  ok  %,d rows in, %,d rows written, %,d quarantined, %.1f s%n",
                position,
                count,
                stage.name(),
                dates,
                report.totalRead(),
                report.totalRows(),
                report.quarantined(),
                seconds);
        return report;
    }

    private static Instant end(Instant start, double seconds) {
        return start.plus(Duration.ofNanos((long) (seconds * 1e9)));
    }

    static String oneLine(String message) {
        String text = message == null
                ? ""
                : Secret.redactUrl(message).replaceAll("\\s+", " ").strip();
        return text.length() > 600 ? text.substring(0, 600) + "..." : text;
    }

    /** A stage failed: the message names the stage and date, then the cause. */
    static final class StageFailedException extends Exception {
        private final String stage;

        StageFailedException(String stage, RunDates dates, Exception cause) {
            super(stage + " failed for " + dates + ": " + describe(cause), cause);
            this.stage = stage;
        }

        String stage() {
            return stage;
        }

        private static String describe(Throwable e) {
            String message = e.getMessage();
            if (message == null || message.isBlank()) {
                return e.getCause() != null
                        ? describe(e.getCause())
                        : e.getClass().getSimpleName();
            }
            return message;
        }
    }
}
