package io.nightshift.jobs.cli;

import io.nightshift.jobs.Pipeline;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs the CLI in this JVM with a given environment and captures what it prints. */
public record CliRun(int exitCode, String out, String err) {

    public static CliRun run(Map<String, String> environment, String... args) {
        return run(environment, Clock.systemUTC(), args);
    }

    public static CliRun run(Map<String, String> environment, Clock clock, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = new HashMap<>(environment);
        try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            int code = Pipeline.execute(args, new Launch(env, outStream, errStream, clock));
            return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    public List<String> errLines() {
        return err.lines().filter(l -> !l.isBlank()).toList();
    }
}
