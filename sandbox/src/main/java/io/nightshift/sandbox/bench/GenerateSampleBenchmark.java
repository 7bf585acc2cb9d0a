package io.nightshift.sandbox.bench;

import io.nightshift.common.db.CommerceDatabase;
import io.nightshift.common.db.CommerceSchema;
import io.nightshift.sandbox.sample.SampleShopGenerator;
import io.nightshift.sandbox.sample.SampleShopSpec;
import io.nightshift.sandbox.sample.SampleShopSummary;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * bench/generate-sample.sh: times the sample generator and, in the same process on the same data, the
 * floor it cannot beat: PostgreSQL's COPY of the very rows it generated into empty tables, plus copying
 * the landing files it wrote. Usage: GenerateSampleBenchmark PRODUCTS DAYS WORK_FOLDER
 */
public final class GenerateSampleBenchmark {
    private static final List<String> LOADED_TABLES =
            List.of("orders", "order_lines", "inventory_snapshots", "subscription_box_items", "customer_preferences");

    private GenerateSampleBenchmark() {}

    public static void main(String[] args) throws Exception {
        int products = Integer.parseInt(args[0]);
        int days = Integer.parseInt(args[1]);
        Path work = Path.of(args[2]);
        SampleShopSpec spec = new SampleShopSpec(
                products, days, 2000, 1, LocalDate.of(2026, 10, 31), "US", "USD", ZoneId.of("America/New_York"));
        try (CommerceDatabase db = CommerceDatabase.startEmbedded(work.resolve("_postgres"))) {
            CommerceSchema.migrate(db.dataSource());
            long start = System.nanoTime();
            SampleShopSummary summary = new SampleShopGenerator(spec)
                    .generate(work.resolve("landing"), work.resolve("ground_truth"), db.dataSource());
            double generateSeconds = (System.nanoTime() - start) / 1e9;
            long dbRows = summary.rowsByTable().values().stream()
                    .mapToLong(Long::longValue)
                    .sum();

            // Floor 1: COPY the generated rows out to files, then time COPY back into empty copies of the tables.
            Path dump = Files.createDirectories(work.resolve("dump"));
            double loadSeconds = 0;
            try (Connection connection = db.connect();
                    Statement statement = connection.createStatement()) {
                CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
                for (String table : LOADED_TABLES) {
                    try (OutputStream out =
                            new BufferedOutputStream(Files.newOutputStream(dump.resolve(table + ".copy")))) {
                        copy.copyOut("COPY " + table + " TO STDOUT", out);
                    }
                }
                connection.setAutoCommit(false);
                long loadStart = System.nanoTime();
                for (String table : LOADED_TABLES) {
                    statement.execute("CREATE TABLE bench_" + table + " (LIKE " + table
                            + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)");
                    try (InputStream in =
                            new BufferedInputStream(Files.newInputStream(dump.resolve(table + ".copy")))) {
                        copy.copyIn("COPY bench_" + table + " FROM STDIN", in);
                    }
                }
                connection.commit();
                loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            }
            // Floor 2: writing the same landing and truth bytes again.
            long copyStart = System.nanoTime();
            long bytes = copyTree(work.resolve("landing"), work.resolve("landing-copy"))
                    + copyTree(work.resolve("ground_truth"), work.resolve("truth-copy"));
            double copySeconds = (System.nanoTime() - copyStart) / 1e9;
            double floor = loadSeconds + copySeconds;
            long allRows = dbRows + summary.landingRows();
            System.out.printf(
                    Locale.ROOT,
                    "| %,d x %,d | %,d | %,d | %.1f | %,.0f | %.1f + %.1f = %.1f | %.2fx |%n",
                    products,
                    days,
                    dbRows,
                    summary.landingRows(),
                    generateSeconds,
                    allRows / generateSeconds,
                    loadSeconds,
                    copySeconds,
                    floor,
                    generateSeconds / floor);
            System.out.printf(Locale.ROOT, "landing and truth bytes: %,d%n", bytes);
        }
    }

    private static long copyTree(Path from, Path to) throws Exception {
        long bytes = 0;
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
                bytes += Files.size(file);
            }
        }
        return bytes;
    }
}
