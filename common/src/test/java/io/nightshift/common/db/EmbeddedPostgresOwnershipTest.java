package io.nightshift.common.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Nightshift process killed with SIGKILL must never block the next run: its postmaster dies with it (the
 * watchdog), an orphan left anyway (watchdog killed too, as a process-group kill does) is stopped by the next
 * start, and a server whose owner is alive is refused with one line naming the owner.
 */
class EmbeddedPostgresOwnershipTest {
    @TempDir
    Path warehouse;

    @Test
    void aKilledOwnersServerStopsWithIt() throws Exception {
        Path data = warehouse.resolve("_postgres");
        Process child = startChild(data, 600_000);
        long postmaster = postmasterPid(data);
        assertTrue(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false));
        child.destroyForcibly().waitFor();
        assertTrue(
                exits(postmaster, Duration.ofSeconds(30)), "postmaster " + postmaster + " outlived its killed owner");
    }

    @Test
    void anOrphanedServerIsStoppedByTheNextStartAndItsDataKept() throws Exception {
        Path data = warehouse.resolve("_postgres");
        Process child = startChild(data, 600_000);
        long postmaster = postmasterPid(data);
        try (Connection c = DriverManager.getConnection(jdbcUrl(data), "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("create table kept (x int)");
            s.execute("insert into kept values (42)");
        }
        // A process-group kill takes the watchdog too: the postmaster is left behind.
        List<ProcessHandle> watchdogs = child.toHandle()
                .descendants()
                .filter(p -> p.pid() != postmaster)
                .toList();
        for (ProcessHandle w : watchdogs) {
            w.destroyForcibly();
        }
        child.destroyForcibly().waitFor();
        Thread.sleep(1500);
        assertTrue(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false), "the orphan exists");

        try (CommerceDatabase database = CommerceDatabase.startEmbedded(data);
                Connection c = database.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select x from kept")) {
            assertTrue(rs.next());
            assertEquals(42, rs.getInt(1));
        }
        assertTrue(exits(postmaster, Duration.ofSeconds(5)), "the orphan was stopped");
    }

    @Test
    void aPostmasterStillStartingWithoutItsPidFileIsStoppedToo() throws Exception {
        // An owner killed while its server starts leaves a postgres on the folder that has not yet written
        // postmaster.pid. Stand-in: a copy of bash named postgres, started with -D on the folder, ending on SIGINT
        // as a postmaster does.
        Path data = Files.createDirectories(warehouse.resolve("_postgres"));
        Path fake = warehouse.resolve("bin/postgres");
        Files.createDirectories(fake.getParent());
        Files.copy(Path.of("/bin/bash"), fake);
        assertTrue(fake.toFile().setExecutable(true));
        Process starting = new ProcessBuilder(
                        fake.toString(), "-c", "trap 'exit 0' INT; sleep 120 & wait", "-D", data.toString())
                .start();
        Thread.sleep(300);
        assertTrue(starting.isAlive());

        try (CommerceDatabase database = CommerceDatabase.startEmbedded(data)) {
            assertTrue(starting.waitFor(5, TimeUnit.SECONDS), "the starting orphan was stopped before ours started");
        } finally {
            starting.destroyForcibly();
        }
    }

    @Test
    void aLiveOwnerIsAOneLineError() throws Exception {
        Path data = warehouse.resolve("_postgres");
        Process child = startChild(data, 600_000);
        try {
            IllegalStateException error =
                    assertThrows(IllegalStateException.class, () -> CommerceDatabase.startEmbedded(data));
            assertTrue(
                    error.getMessage().contains("in use by another running Nightshift (pid " + child.pid()),
                    error.getMessage());
            assertEquals(1, error.getMessage().lines().count());
        } finally {
            child.destroy();
            child.waitFor(60, TimeUnit.SECONDS);
        }
    }

    private static Process startChild(Path data, long millis) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        EmbeddedPostgresChild.class.getName(),
                        data.toString(),
                        Long.toString(millis))
                .redirectErrorStream(true)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.equals("READY")) {
            // start-up logging
        }
        assertEquals("READY", line, "the child started its server");
        Thread drain = new Thread(() -> {
            try {
                out.transferTo(Writer.nullWriter());
            } catch (IOException ignored) {
                // the child is gone
            }
        });
        drain.setDaemon(true);
        drain.start();
        return child;
    }

    private static long postmasterPid(Path data) throws Exception {
        return Long.parseLong(
                Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip());
    }

    private static String jdbcUrl(Path data) throws Exception {
        return "jdbc:postgresql://localhost:"
                + Files.readAllLines(data.resolve("postmaster.pid")).get(3).strip() + "/postgres";
    }

    private static boolean exits(long pid, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }
}
