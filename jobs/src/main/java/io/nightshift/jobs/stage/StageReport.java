package io.nightshift.jobs.stage;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a stage did: rows read per input table (when the stage counts them), rows written per table and rows
 * quarantined. The run log records all three for every stage run.
 */
public record StageReport(String stage, Map<String, Long> rowsRead, Map<String, Long> rowsWritten, long quarantined) {

    public StageReport {
        rowsRead = Collections.unmodifiableMap(new LinkedHashMap<>(rowsRead));
        rowsWritten = Collections.unmodifiableMap(new LinkedHashMap<>(rowsWritten));
    }

    /** A report without input counts (stages that do not count what they read). */
    public StageReport(String stage, Map<String, Long> rowsWritten, long quarantined) {
        this(stage, Map.of(), rowsWritten, quarantined);
    }

    public static StageReport empty(String stage) {
        return new StageReport(stage, Map.of(), Map.of(), 0);
    }

    public StageReport wrote(String table, long rows) {
        Map<String, Long> written = new LinkedHashMap<>(rowsWritten);
        written.merge(table, rows, Long::sum);
        return new StageReport(stage, rowsRead, written, quarantined);
    }

    public StageReport read(String table, long rows) {
        Map<String, Long> read = new LinkedHashMap<>(rowsRead);
        read.merge(table, rows, Long::sum);
        return new StageReport(stage, read, rowsWritten, quarantined);
    }

    public StageReport withQuarantined(long more) {
        return new StageReport(stage, rowsRead, rowsWritten, quarantined + more);
    }

    public StageReport plus(StageReport other) {
        StageReport sum = withQuarantined(other.quarantined);
        for (Map.Entry<String, Long> entry : other.rowsRead.entrySet()) {
            sum = sum.read(entry.getKey(), entry.getValue());
        }
        for (Map.Entry<String, Long> entry : other.rowsWritten.entrySet()) {
            sum = sum.wrote(entry.getKey(), entry.getValue());
        }
        return sum;
    }

    public long totalRows() {
        return rowsWritten.values().stream().mapToLong(Long::longValue).sum();
    }

    public long totalRead() {
        return rowsRead.values().stream().mapToLong(Long::longValue).sum();
    }
}
