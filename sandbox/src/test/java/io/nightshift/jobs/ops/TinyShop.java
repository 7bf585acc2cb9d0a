package io.nightshift.jobs.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nightshift.jobs.cli.CliRun;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The tiny sample shop the operations acceptance tests start from: generated (what {@link OrdersOnlyShopTest}'s and
 * {@link RoundTripTest}'s exports start from), and with its history before the last day ingested (what
 * {@link NightlyCrashTest}'s clean and killed nightlies and {@link OperationsAcceptanceTest}'s demo start from), built
 * once per Maven run, then copied. Its folder under target/ is named after the build's start (surefire's
 * {@code nightshift.build}), so a later build, with other code, never reuses it; the module's test JVMs share it
 * through a file lock, the second waiting for the first rather than building it again. Without the property (a
 * test run from an IDE) each JVM builds its own.
 */
final class TinyShop {
    static final LocalDate LAST_DAY = LocalDate.of(2026, 11, 1);
    static final int DAYS = 45;
    static final String SAMPLE = "nightshift.sample { products = 25, days = " + DAYS + ", customers = 30 }\n";
    /** The shop, dates without a clock, Spark as the test JVM's session has it. */
    static final String CONF = SAMPLE
            + "nightshift.dates.days-ahead = 36500\n"
            + "nightshift.spark { master = \"local[2]\", conf { \"spark.sql.shuffle.partitions\" = \"2\","
            + " \"spark.default.parallelism\" = \"2\", \"spark.driver.host\" = \"127.0.0.1\" } }\n";

    /** Where the shop is as generate-sample left it ({@code generated}) and with its history ({@code base}). */
    private static Path built;

    private TinyShop() {}

    /** A copy of the shop's warehouse (landing zone, ground truth, embedded database, silver history) at {@code to}. */
    static Path copyTo(Path to) throws IOException {
        return copy(built().resolve("base"), to);
    }

    /** A copy of the shop as generate-sample left it, before any ingest (what demo finds after generating it). */
    static Path copyGeneratedTo(Path to) throws IOException {
        return copy(built().resolve("generated"), to);
    }

    private static synchronized Path built() throws IOException {
        if (built == null) {
            built = build();
        }
        return built;
    }

    private static Path build() throws IOException {
        String build = System.getProperty("nightshift.build", "");
        Path root = build.isEmpty()
                ? Files.createTempDirectory("tiny-shop")
                : Path.of("target").toAbsolutePath().resolve("tiny-shop-" + build.replaceAll("[^0-9A-Za-z-]", ""));
        Files.createDirectories(root);
        Path ready = root.resolve("ready");
        try (FileChannel channel =
                        FileChannel.open(root.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            if (Files.isDirectory(ready)) {
                return ready;
            }
            delete(root.resolve("building"));
            removeOlderBuilds(root);
            Path building = root.resolve("building").resolve("base");
            Files.createDirectories(building.getParent());
            Path conf = root.resolve("tiny.conf");
            Files.writeString(conf, CONF);
            Map<String, String> env =
                    Map.of("NIGHTSHIFT_HOME", root.toString(), "NIGHTSHIFT_WAREHOUSE", building.toString());
            CliRun generate =
                    CliRun.run(env, "generate-sample", "--last-day", LAST_DAY.toString(), "--conf", conf.toString());
            assertEquals(0, generate.exitCode(), generate.err());
            copy(building, building.resolveSibling("generated"));
            CliRun history = CliRun.run(
                    env,
                    "ingest",
                    "--from",
                    LAST_DAY.minusDays(DAYS - 1).toString(),
                    "--to",
                    LAST_DAY.minusDays(1).toString(),
                    "--conf",
                    conf.toString());
            assertEquals(0, history.exitCode(), history.err());
            Files.move(building.getParent(), ready, StandardCopyOption.ATOMIC_MOVE);
            return ready;
        }
    }

    /** Copies a warehouse; folders keep their permissions (PostgreSQL refuses a data folder others may read). */
    static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        return to;
    }

    /** Shops of earlier builds, which no test of this build reads. */
    private static void removeOlderBuilds(Path root) throws IOException {
        try (Stream<Path> siblings = Files.list(root.getParent())) {
            for (Path older : siblings.filter(
                            p -> p.getFileName().toString().startsWith("tiny-shop-") && !p.equals(root))
                    .toList()) {
                delete(older);
            }
        }
    }

    private static void delete(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
