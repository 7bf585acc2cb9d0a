package io.nightshift.jobs.cli;

import io.nightshift.common.config.NightshiftConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** What one invocation runs with, so tests can run the CLI in-process with their own environment. */
public record Launch(Map<String, String> environment, PrintStream out, PrintStream err, Clock clock) {

    public static Launch system() {
        return new Launch(NightshiftConfig.processEnvironment(), System.out, System.err, Clock.systemUTC());
    }

    /** The project folder bin/pipeline runs from (NIGHTSHIFT_HOME), or the working directory. */
    public Path home() {
        String home = environment.get("NIGHTSHIFT_HOME");
        return (home == null || home.isBlank() ? Path.of("") : Path.of(home))
                .toAbsolutePath()
                .normalize();
    }
}
