package io.nightshift.jobs.cli;

import io.nightshift.common.time.RunDates;
import io.nightshift.jobs.stage.Stage;
import io.nightshift.jobs.stage.StageContext;
import io.nightshift.jobs.stage.StageReport;

import java.io.PrintStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Runs stages for dates, date by date in flow order, with one progress line per stage; stops at the first failure. */
final class StageRunner {
    private StageRunner() {
    }

    static List<StageReport> run(StageContext context, List<Stage> stages, RunDates dates, PrintStream progress) throws Exception {
        List<StageReport> reports = new ArrayList<>();
        if (stages.size() == 1) {
            Stage stage = stages.get(0);
            reports.add(runOne(context, stage, dates, progress));
            return reports;
        }
        for (LocalDate date : dates) {
            for (Stage stage : stages) {
                reports.add(runOne(context, stage, RunDates.of(date), progress));
            }
        }
        return reports;
    }

    private static StageReport runOne(StageContext context, Stage stage, RunDates dates, PrintStream progress) throws Exception {
        long start = System.nanoTime();
        StageReport report;
        try {
            report = dates.isSingleDay() ? stage.run(context, dates.from()) : stage.run(context, dates);
        } catch (Exception e) {
            throw new StageFailedException(stage.name(), dates, e);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        progress.printf(Locale.ROOT, "%-16s %s  ok  %,d rows written, %,d quarantined, %.1f s%n",
                stage.name(), dates, report.totalRows(), report.quarantined(), seconds);
        return report;
    }

    /** A stage failed: the message names the stage and date, then the cause. */
    static final class StageFailedException extends Exception {
        StageFailedException(String stage, RunDates dates, Exception cause) {
            super(stage + " failed for " + dates + ": " + describe(cause), cause);
        }

        private static String describe(Throwable e) {
            String message = e.getMessage();
            return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
        }
    }
}
