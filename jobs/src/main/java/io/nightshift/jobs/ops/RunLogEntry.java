package io.nightshift.jobs.ops;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/**
 * One line of the run log: one stage run for one date or range, as {@code nightly}, a stage command or an
 * Airflow task ran it.
 *
 * @param runId    the run it belongs to: every stage of one {@code nightly} (or of one Airflow DAG run, which
 *                 passes its run id in {@code NIGHTSHIFT_RUN_ID}) shares it
 * @param command  the command that ran the stage ({@code nightly}, {@code ingest}, {@code maintain}, ...)
 * @param status   {@code ok}, {@code failed}, or {@code skipped} (before {@code --from-stage})
 * @param error    the one-line error of a failed stage
 */
public record RunLogEntry(
        String runId,
        String command,
        String stage,
        LocalDate from,
        LocalDate to,
        Instant start,
        Instant end,
        double durationSeconds,
        Map<String, Long> rowsIn,
        Map<String, Long> rowsOut,
        long quarantined,
        String status,
        Optional<String> error) {

    public static final String OK = "ok";
    public static final String FAILED = "failed";
    public static final String SKIPPED = "skipped";

    public RunLogEntry {
        rowsIn = Map.copyOf(rowsIn);
        rowsOut = Map.copyOf(rowsOut);
    }

    public long totalOut() {
        return rowsOut.values().stream().mapToLong(Long::longValue).sum();
    }

    public long totalIn() {
        return rowsIn.values().stream().mapToLong(Long::longValue).sum();
    }

    public String dates() {
        return from.equals(to) ? from.toString() : from + ".." + to;
    }
}
