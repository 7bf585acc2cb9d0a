package io.nightshift.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The options a stage declares, on its command: publish-prices' --force, --reason and --rollback-to, checked
 * before any Spark work (the runs themselves are in PricingStagesTest).
 */
class StageCommandTest {
    @TempDir
    Path home;

    CliRun run(String... args) {
        return CliRun.run(
                Map.of(
                        "NIGHTSHIFT_HOME",
                        home.toString(),
                        "NIGHTSHIFT_WAREHOUSE",
                        home.resolve("wh").toString()),
                args);
    }

    @Test
    void aStagesOwnOptionsAreOnItsCommandOnly() {
        CliRun publish = run("publish-prices", "--help");
        assertEquals(0, publish.exitCode(), publish.err());
        assertTrue(
                publish.out().contains("--force ")
                        && publish.out().contains("--reason=TEXT")
                        && publish.out().contains("--rollback-to=YYYY-MM-DD"),
                publish.out());
        assertTrue(publish.out().contains("republish the prices of this earlier run"), publish.out());

        CliRun ingest = run("ingest", "--force");
        assertEquals(2, ingest.exitCode(), ingest.err());
        assertTrue(ingest.err().contains("Unknown option: '--force'"), ingest.err());
    }

    @Test
    void forceWithoutAReasonIsAUsageError() {
        CliRun run = run("publish-prices", "--date", "2026-01-05", "--force");
        assertEquals(2, run.exitCode(), run.err());
        assertEquals("error: --force needs --reason \"why\"", run.err().strip());
    }

    @Test
    void aRollbackTakesNoOtherDates() {
        for (String dates : new String[] {"--date", "--from", "--to"}) {
            CliRun run = run("publish-prices", "--rollback-to", "2026-01-01", dates, "2026-01-05");
            assertEquals(2, run.exitCode(), run.err());
            assertEquals(
                    "error: --rollback-to takes no --date, --from or --to",
                    run.err().strip());
        }
    }

    @Test
    void aMalformedRollbackDateIsAUsageError() {
        CliRun run = run("publish-prices", "--rollback-to", "2026-13-01");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("'--rollback-to': invalid date '2026-13-01'"), run.err());
        assertFalse(run.err().contains("\tat "), run.err());
    }
}
