package io.nightshift.jobs.stage;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a stage did: rows written per table and rows quarantined. */
public record StageReport(String stage, Map<String, Long> rowsWritten, long quarantined) {

    public StageReport {
        rowsWritten = Collections.unmodifiableMap(new LinkedHashMap<>(rowsWritten));
    }

    public static StageReport empty(String stage) {
        return new StageReport(stage, Map.of(), 0);
    }

    public StageReport wrote(String table, long rows) {
        Map<String, Long> rows2 = new LinkedHashMap<>(rowsWritten);
        rows2.merge(table, rows, Long::sum);
        return new StageReport(stage, rows2, quarantined);
    }

    public StageReport plus(StageReport other) {
        StageReport sum = new StageReport(stage, rowsWritten, quarantined + other.quarantined);
        for (Map.Entry<String, Long> entry : other.rowsWritten.entrySet()) {
            sum = sum.wrote(entry.getKey(), entry.getValue());
        }
        return sum;
    }

    public long totalRows() {
        return rowsWritten.values().stream().mapToLong(Long::longValue).sum();
    }
}
