package io.nightshift.jobs.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The structured run log: one JSON object per line in {@code <log-dir>/runs.jsonl} (the log dir is
 * {@code <warehouse>/logs} for a local warehouse), appended as each stage ends. Fields:
 * {@code run_id, command, stage, date_from, date_to, start, end, duration_s, rows_in, rows_out, quarantined,
 * status, error}. A line is appended in one write, so a crash never leaves half a line behind a whole one.
 */
public final class RunLog {
    public static final String FILE_NAME = "runs.jsonl";
    /** Set by the Airflow DAGs so every task of one DAG run logs under the DAG run's id. */
    public static final String RUN_ID_VARIABLE = "NIGHTSHIFT_RUN_ID";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter RUN_ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Path file;

    public RunLog(Path logDir) {
        this.file = logDir.resolve(FILE_NAME);
    }

    public Path file() {
        return file;
    }

    /** The run id from {@code NIGHTSHIFT_RUN_ID}, else a new one: the start time and a random suffix. */
    public static String runId(Map<String, String> environment, Clock clock) {
        String given = environment.get(RUN_ID_VARIABLE);
        if (given != null && !given.isBlank()) {
            return given.strip();
        }
        return RUN_ID_TIME.format(clock.instant()) + "-"
                + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
    }

    public void append(RunLogEntry entry) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(
                    file,
                    toJson(entry) + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the run log " + file, e);
        }
    }

    /** Every entry, oldest first; a line that is not a run-log object (hand-edited, truncated) is skipped. */
    public List<RunLogEntry> entries() {
        List<RunLogEntry> entries = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return entries;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                parse(line).ifPresent(entries::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the run log " + file, e);
        }
        return entries;
    }

    public List<RunLogEntry> entries(String runId) {
        return entries().stream().filter(e -> e.runId().equals(runId)).toList();
    }

    /** The run id of the last entry, if any. */
    public Optional<String> latestRunId() {
        List<RunLogEntry> all = entries();
        return all.isEmpty()
                ? Optional.empty()
                : Optional.of(all.get(all.size() - 1).runId());
    }

    static String toJson(RunLogEntry entry) {
        ObjectNode node = JSON.createObjectNode();
        node.put("run_id", entry.runId());
        node.put("command", entry.command());
        node.put("stage", entry.stage());
        node.put("date_from", entry.from().toString());
        node.put("date_to", entry.to().toString());
        node.put("start", entry.start().toString());
        node.put("end", entry.end().toString());
        node.put("duration_s", Math.round(entry.durationSeconds() * 1000) / 1000.0);
        ObjectNode in = node.putObject("rows_in");
        entry.rowsIn().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> in.put(e.getKey(), e.getValue()));
        ObjectNode out = node.putObject("rows_out");
        entry.rowsOut().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        node.put("quarantined", entry.quarantined());
        node.put("status", entry.status());
        if (entry.error().isPresent()) {
            node.put("error", entry.error().get());
        } else {
            node.putNull("error");
        }
        return node.toString();
    }

    static Optional<RunLogEntry> parse(String line) {
        if (line.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(line);
            JsonNode error = node.get("error");
            return Optional.of(new RunLogEntry(
                    node.get("run_id").asText(),
                    node.path("command").asText(""),
                    node.get("stage").asText(),
                    LocalDate.parse(node.get("date_from").asText()),
                    LocalDate.parse(node.get("date_to").asText()),
                    Instant.parse(node.get("start").asText()),
                    Instant.parse(node.get("end").asText()),
                    node.path("duration_s").asDouble(),
                    counts(node.get("rows_in")),
                    counts(node.get("rows_out")),
                    node.path("quarantined").asLong(),
                    node.get("status").asText(),
                    error == null || error.isNull() ? Optional.empty() : Optional.of(error.asText())));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static Map<String, Long> counts(JsonNode node) {
        Map<String, Long> counts = new LinkedHashMap<>();
        if (node != null) {
            node.fields()
                    .forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asLong()));
        }
        return counts;
    }
}
