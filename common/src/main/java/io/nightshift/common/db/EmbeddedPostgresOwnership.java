package io.nightshift.common.db;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who owns the embedded PostgreSQL of a warehouse. The owner holds an OS file lock on {@code _postgres.owner}
 * beside the data folder (released by the kernel when its JVM dies, kill -9 included) and writes its pid there.
 * A postmaster still running on the data folder while the lock is free is an orphan of a dead owner: it is
 * stopped before a new one starts (only one whose postmaster.pid names our data folder). A live owner is a
 * one-line error naming it. While it runs, a watchdog process stops the postmaster when the owning JVM dies,
 * so kill -9 leaves nothing behind.
 */
final class EmbeddedPostgresOwnership implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresOwnership.class);
    private static final Duration FAST_SHUTDOWN_WAIT = Duration.ofSeconds(30);

    private final Path dataFolder;
    private final Path ownerFile;
    private final FileChannel channel;
    private final FileLock lock;
    private Process watchdog;

    private EmbeddedPostgresOwnership(Path dataFolder, Path ownerFile, FileChannel channel, FileLock lock) {
        this.dataFolder = dataFolder;
        this.ownerFile = ownerFile;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes ownership of {@code dataFolder}'s server, stopping an orphaned postmaster of a dead owner. */
    static EmbeddedPostgresOwnership acquire(Path dataFolder) throws IOException {
        Path ownerFile = dataFolder.resolveSibling(dataFolder.getFileName() + ".owner");
        Files.createDirectories(dataFolder.getParent());
        FileChannel channel = FileChannel.open(
                ownerFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            String owner = Files.readString(ownerFile, StandardCharsets.UTF_8).strip();
            channel.close();
            throw new IllegalStateException("embedded PostgreSQL in " + dataFolder
                    + " is in use by another running Nightshift (" + (owner.isEmpty() ? "owner unknown" : owner)
                    + "); wait for it to finish, or stop that process");
        }
        EmbeddedPostgresOwnership ownership = new EmbeddedPostgresOwnership(dataFolder, ownerFile, channel, lock);
        ownership.writeOwner();
        ownership.stopOrphan();
        return ownership;
    }

    private void writeOwner() throws IOException {
        ProcessHandle self = ProcessHandle.current();
        String line = "pid " + self.pid() + ", started "
                + self.info().startInstant().map(Instant::toString).orElse("?") + ", command "
                + self.info()
                        .command()
                        .map(c -> Path.of(c).getFileName().toString())
                        .orElse("?") + "\n";
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(true);
    }

    /** The postmaster of postmaster.pid when it is alive, a postgres and serving this data folder. */
    Optional<ProcessHandle> runningPostmaster() throws IOException {
        Path pidFile = dataFolder.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        if (lines.size() < 2 || !lines.get(0).strip().matches("\\d+")) {
            return Optional.empty();
        }
        long pid = Long.parseLong(lines.get(0).strip());
        if (!sameFolder(Path.of(lines.get(1).strip()), dataFolder)) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info()
                        .command()
                        .map(c -> Path.of(c).getFileName().toString().startsWith("postgres"))
                        .orElse(false));
    }

    /**
     * Postmasters serving this data folder: the one postmaster.pid names, and any postgres started with {@code -D}
     * on it. An owner killed while starting its server leaves a postmaster that may not have written
     * postmaster.pid yet when we look; missed, it keeps the new server from starting ("Connection refused").
     */
    List<ProcessHandle> postmasters() throws IOException {
        Set<ProcessHandle> found = new LinkedHashSet<>();
        runningPostmaster().ifPresent(found::add);
        ProcessHandle.allProcesses().filter(this::startedOnOurFolder).forEach(found::add);
        return List.copyOf(found);
    }

    private boolean startedOnOurFolder(ProcessHandle process) {
        ProcessHandle.Info info = process.info();
        boolean postgres = info.command()
                .map(c -> Path.of(c).getFileName().toString().startsWith("postgres"))
                .orElse(false);
        String[] arguments = info.arguments().orElse(new String[0]);
        for (int i = 0; postgres && i + 1 < arguments.length; i++) {
            if (arguments[i].equals("-D") && sameFolder(Path.of(arguments[i + 1]), dataFolder)) {
                return true;
            }
        }
        return false;
    }

    private void stopOrphan() throws IOException {
        for (ProcessHandle postmaster : postmasters()) {
            stopOrphan(postmaster);
        }
    }

    private void stopOrphan(ProcessHandle postmaster) {
        LOG.warn(
                "stopping orphaned embedded PostgreSQL (pid {}) left on {} by a Nightshift process that died",
                postmaster.pid(),
                dataFolder);
        // SIGINT is PostgreSQL's fast shutdown: no waiting for clients (the dead owner's are gone anyway), a
        // clean checkpoint; SIGQUIT (immediate, crash recovery on next start) only if that does not end it.
        signal(postmaster, "INT");
        if (!waitForExit(postmaster, FAST_SHUTDOWN_WAIT)) {
            signal(postmaster, "QUIT");
            if (!waitForExit(postmaster, Duration.ofSeconds(10))) {
                postmaster.destroyForcibly();
                waitForExit(postmaster, Duration.ofSeconds(10));
            }
        }
        if (postmaster.isAlive()) {
            throw new IllegalStateException(
                    "cannot stop the orphaned embedded PostgreSQL (pid " + postmaster.pid() + ") on " + dataFolder);
        }
    }

    /**
     * Starts a watchdog that stops the postmaster (fast shutdown) as soon as this JVM is gone. It polls once a
     * second and ends itself once the postmaster has stopped.
     */
    void watch() throws IOException {
        Optional<ProcessHandle> postmaster = runningPostmaster();
        if (postmaster.isEmpty()) {
            LOG.warn("no postmaster found in {}: the embedded PostgreSQL is not watched", dataFolder);
            return;
        }
        long owner = ProcessHandle.current().pid();
        long server = postmaster.get().pid();
        String script = "while kill -0 " + owner + " 2>/dev/null; do kill -0 " + server
                + " 2>/dev/null || exit 0; sleep 1; done; " + "kill -INT " + server + " 2>/dev/null";
        watchdog = new ProcessBuilder("/bin/sh", "-c", script)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    @Override
    public void close() {
        if (watchdog != null) {
            watchdog.destroy();
            watchdog = null;
        }
        try {
            channel.truncate(0);
            lock.release();
            channel.close();
        } catch (IOException e) {
            LOG.warn("could not release {}: {}", ownerFile, e.getMessage());
        }
    }

    private static void signal(ProcessHandle process, String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor();
        } catch (IOException e) {
            LOG.warn("kill -{} {} failed: {}", signal, process.pid(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean waitForExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    private static boolean sameFolder(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }
}
