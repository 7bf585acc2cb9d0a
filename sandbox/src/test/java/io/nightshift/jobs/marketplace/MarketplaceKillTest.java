package io.nightshift.jobs.marketplace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.common.catalog.TableCatalog;
import io.nightshift.common.catalog.TableWriter;
import io.nightshift.common.catalog.Tables;
import io.nightshift.common.testing.TestSpark;
import io.nightshift.sandbox.marketplace.FakeMarketplace;
import io.nightshift.sandbox.marketplace.FakeMarketplaces;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL mid-ingest and mid-push at random points (12 each by default, {@code -Dnightshift.kills=N} for more), then a
 * rerun to completion: every order line moved stock exactly once; every marketplace shows the newest quantity
 * and never had an older quantity applied after a newer one; every push attempt of a killed run reaches the ledger
 * once.
 */
class MarketplaceKillTest {
    static final List<String> ALL = List.of("rest", "ebay", "amazon", "shopify");
    static final int KILLS = Integer.getInteger("nightshift.kills", 12);
    /** Relative to the real clock: eBay filters reach back 90 days at most. */
    static final Instant START = Instant.now().minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);

    @TempDir
    Path dir;

    Process child(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                KillChild.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile())
                .start();
    }

    Path conf(FakeMarketplaces fakes, String name, int pageSize) throws Exception {
        StringBuilder s = new StringBuilder();
        for (var e : fakes.configOverrides().entrySet()) {
            Object v = e.getValue();
            s.append(e.getKey())
                    .append(" = ")
                    .append(
                            v instanceof List<?> l
                                    ? "["
                                            + String.join(
                                                    ",",
                                                    l.stream()
                                                            .map(x -> "\"" + x + "\"")
                                                            .toList()) + "]"
                                    : v instanceof String ? "\"" + v + "\"" : v)
                    .append('\n');
        }
        s.append("nightshift.marketplaces.http.backoff-base = 5 milliseconds\n");
        for (String m : ALL) {
            s.append("nightshift.marketplaces.")
                    .append(m)
                    .append(".page-size = ")
                    .append(pageSize)
                    .append('\n');
        }
        Path file = dir.resolve(name);
        Files.writeString(file, s.toString());
        return file;
    }

    /**
     * Runs the child and SIGKILLs it once {@code progress} has grown by {@code after} since the start (plus
     * a random 0-30 ms), so the kill lands mid-work however slow the machine; {@code after < 0} lets it finish.
     * Returns true if the child finished by itself before that point.
     */
    boolean runAndKill(LongSupplier progress, long after, Random random, String... args) throws Exception {
        long start = progress.getAsLong();
        Process p = child(args);
        if (after < 0) {
            assertTrue(p.waitFor(600, TimeUnit.SECONDS), "the final run finishes");
            assertEquals(0, p.exitValue(), Files.readString(dir.resolve("child.log")));
            return true;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (p.isAlive() && progress.getAsLong() - start < after && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        Thread.sleep(random.nextInt(30));
        boolean finished = !p.isAlive();
        p.destroyForcibly(); // SIGKILL on Unix
        p.waitFor();
        return finished;
    }

    @Test
    void killedMidIngestAtRandomPointsEveryLineMovesStockOnce() throws Exception {
        DataSource db = MarketplaceFakes.shop();
        String jdbc = db.getConnection().getMetaData().getURL();
        try (FakeMarketplaces fakes = new FakeMarketplaces(dir.resolve("secrets"), ALL).scaleRates(200)) {
            fakes.listFrom(db);
            int perMarketplace = 30;
            for (String m : ALL) {
                String prefix = switch (m) {
                    case "rest" -> "RS";
                    case "ebay" -> "EB";
                    case "amazon" -> "AZ";
                    default -> "SH";
                };
                MarketplaceFakes.orders(fakes.get(m), prefix, perMarketplace, START);
            }
            Path conf = conf(fakes, "ingest.conf", 5);
            Random random = new Random(42);
            int finishedEarly = 0;
            List<Long> appliedAfterKill = new ArrayList<>();
            LongSupplier requests = () -> fakes.all().values().stream()
                    .mapToLong(FakeMarketplace::requests)
                    .sum();
            for (int k = 0; k < KILLS; k++) {
                // Each run starts from the beginning (no watermark here): kill after 1..40 more requests.
                if (runAndKill(
                        requests, 1 + random.nextInt(40), random, "ingest", conf.toString(), jdbc, START.toString())) {
                    finishedEarly++;
                }
                appliedAfterKill.add(MarketplaceFakes.sum(db, "select count(*) from marketplace_applied_lines"));
            }
            runAndKill(requests, -1, random, "ingest", conf.toString(), jdbc, START.toString());
            int lines = perMarketplace * ALL.size();
            assertEquals(
                    lines, MarketplaceFakes.sum(db, "select count(*) from marketplace_applied_lines"), "lines applied");
            assertEquals(
                    lines, MarketplaceFakes.sum(db, "select count(*) from order_lines"), "order lines, none doubled");
            assertEquals(
                    lines,
                    MarketplaceFakes.sum(
                            db,
                            "select " + MarketplaceFakes.PRODUCTS * MarketplaceFakes.ON_HAND
                                    + " - sum(on_hand) from inventory"),
                    "units taken from central stock, once each");
            assertEquals(lines, MarketplaceFakes.sum(db, "select count(*) from stock_movements"));
            System.out.printf(
                    "kill test (ingest): %d kills, %d runs finished before their kill; lines applied after each kill %s%n",
                    KILLS, finishedEarly, appliedAfterKill);
        }
    }

    /**
     * Besides the stock guarantees: every attempt a killed run made (each stock-update request the fakes
     * received) is in gold.marketplace_push_ledger after the journal is folded, as sync-inventory folds it at
     * the start of the next run (here after some of the kills) and at the end; no ledger row is doubled.
     */
    @Test
    void killedMidPushAtRandomPointsEveryMarketplaceEndsOnTheNewestQuantity() throws Exception {
        DataSource db = MarketplaceFakes.shop();
        String jdbc = db.getConnection().getMetaData().getURL();
        String runDate = LocalDate.now(ZoneOffset.UTC).toString();
        SparkSession spark = TestSpark.session();
        TableCatalog catalog = new TableCatalog(dir.resolve("warehouse").toString());
        TableWriter writer = new TableWriter(spark, catalog, false);
        try (FakeMarketplaces fakes = new FakeMarketplaces(dir.resolve("secrets"), ALL).scaleRates(4)) {
            fakes.listFrom(db);
            Path conf = conf(fakes, "push.conf", 100);
            Random random = new Random(7);
            int finishedEarly = 0;
            for (int k = 0; k <= KILLS; k++) {
                Path desired = dir.resolve("desired");
                StringBuilder lines = new StringBuilder();
                try (Connection c = db.getConnection();
                        Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery(
                                "select marketplace, marketplace_sku, product_id, listing_id from marketplace_listings")) {
                    while (rs.next()) {
                        lines.append(rs.getString(1))
                                .append('/')
                                .append(rs.getString(2))
                                .append('/')
                                .append(rs.getInt(3))
                                .append('/')
                                .append(rs.getString(4))
                                .append('=')
                                .append(10 + k + rs.getInt(3) % 3)
                                .append('\n');
                    }
                }
                Files.writeString(desired, lines.toString(), StandardCharsets.UTF_8);
                LongSupplier applied = () -> fakes.all().values().stream()
                        .mapToLong(f -> f.stock().keySet().stream()
                                .mapToLong(sku -> f.appliedQuantities(sku).size())
                                .sum())
                        .sum();
                if (k == KILLS) {
                    runAndKill(applied, -1, random, "push", conf.toString(), desired.toString(), jdbc, runDate);
                } else if (runAndKill(
                        applied,
                        1 + random.nextInt(150),
                        random,
                        "push",
                        conf.toString(),
                        desired.toString(),
                        jdbc,
                        runDate)) {
                    finishedEarly++;
                }
                if (k % 5 == 4) {
                    PushLedgerFold.fold(spark, writer, db); // the next run's start-of-run fold
                }
            }
            PushLedgerFold.fold(spark, writer, db); // the last run's end-of-run fold
            PushLedgerFold.fold(spark, writer, db); // and once more: folding again must change nothing
            Dataset<Row> ledger = catalog.read(spark, Tables.MARKETPLACE_PUSH_LEDGER);
            assertEquals(
                    0,
                    ledger.groupBy("run_date", "marketplace", "sku", "attempt")
                            .count()
                            .filter("count > 1")
                            .count(),
                    "a ledger key twice");
            assertEquals(
                    0,
                    ledger.filter("sent_at is not null")
                            .groupBy("marketplace", "sku", "sent_at")
                            .count()
                            .filter("count > 1")
                            .count(),
                    "one attempt recorded twice under two attempt numbers");
            Map<String, Long> ledgerRows = new HashMap<>();
            for (Row r : ledger.groupBy("marketplace", "sku").count().collectAsList()) {
                ledgerRows.put(r.getString(0) + "/" + r.getString(1), r.getLong(2));
            }
            long received = 0;
            for (String m : ALL) {
                FakeMarketplace fake = fakes.get(m);
                for (String sku : fake.stock().keySet()) {
                    long attempts = fake.updatesReceived(sku);
                    received += attempts;
                    assertTrue(
                            ledgerRows.getOrDefault(m + "/" + sku, 0L) >= attempts,
                            "attempts the fake received missing " + "from the ledger: " + m + "/" + sku + " received "
                                    + attempts + ", ledger " + ledgerRows.get(m + "/" + sku));
                }
            }
            long rows = ledger.count();
            // A row journaled as SENT whose request the kill stopped before it left: at most one call in flight per
            // kill.
            assertTrue(
                    rows - received >= 0 && rows - received <= KILLS,
                    "ledger rows " + rows + ", attempts received " + received);
            assertEquals(
                    MarketplaceFakes.sum(db, "select count(*) from marketplace_push_journal"),
                    rows,
                    "every journal row in the ledger");
            Map<String, Integer> last = KillChild.read(dir.resolve("desired"));
            long sent = 0;
            for (var e : last.entrySet()) {
                String[] key = e.getKey().split("/");
                FakeMarketplace fake = fakes.get(key[0]);
                assertEquals(e.getValue(), fake.quantity(key[1]), "lost update: " + e.getKey());
                List<Integer> applied = fake.appliedQuantities(key[1]);
                sent += applied.size();
                for (int i = 1; i < applied.size(); i++) {
                    assertTrue(
                            applied.get(i) >= applied.get(i - 1),
                            "an older quantity after a newer one on " + e.getKey() + ": " + applied);
                }
            }
            System.out.printf(
                    "kill test (push): %d kills, %d runs finished before their kill, %d quantities applied, "
                            + "%d update attempts received, %d ledger rows (%d still SENT)%n",
                    KILLS,
                    finishedEarly,
                    sent,
                    received,
                    rows,
                    ledger.filter("status = 'SENT'").count());
        }
    }
}
