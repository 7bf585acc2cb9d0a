package io.nightshift.sandbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.jobs.cli.CliRun;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With the sandbox on the classpath (as under bin/pipeline) its commands join the command line and its list. */
class SandboxCommandsTest {
    @TempDir
    Path home;

    private Map<String, String> env() {
        return Map.of(
                "NIGHTSHIFT_HOME",
                home.toString(),
                "NIGHTSHIFT_WAREHOUSE",
                home.resolve("warehouse").toString());
    }

    @Test
    void listShowsTheSandboxCommandsAfterNightly() {
        CliRun run = CliRun.run(env(), "list");
        assertEquals(0, run.exitCode(), run.err());
        List<String> names = run.out().lines().map(l -> l.split(" +")[0]).toList();
        int nightly = names.indexOf("nightly");
        assertTrue(nightly >= 0, run.out());
        assertEquals(
                List.of("demo", "generate-sample", "simulate-pricing"),
                names.subList(nightly + 1, nightly + 4),
                run.out());
    }

    @Test
    void sandboxCommandsParseTheirOptions() {
        CliRun help = CliRun.run(env(), "simulate-pricing", "--help");
        assertEquals(0, help.exitCode(), help.err());
        assertTrue(help.out().contains("--strategy"), help.out());
        assertTrue(help.out().contains("--mode"), help.out());
        CliRun mode = CliRun.run(env(), "simulate-pricing", "--mode", "forward");
        assertEquals(2, mode.exitCode(), mode.err());
        assertTrue(mode.err().contains("--mode must be replay or closed-loop"), mode.err());
        CliRun strategy =
                CliRun.run(env(), "simulate-pricing", "--mode", "closed-loop", "--strategy", "rules,cheapest");
        assertEquals(2, strategy.exitCode(), strategy.err());
        assertTrue(strategy.err().contains("unknown strategy 'cheapest'"), strategy.err());
        CliRun bad = CliRun.run(env(), "generate-sample", "--products", "0");
        assertEquals(2, bad.exitCode(), bad.err());
        assertTrue(bad.err().contains("--products must be positive"), bad.err());
    }
}
