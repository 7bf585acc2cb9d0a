package io.nightshift.jobs.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.common.catalog.TableCatalog;
import io.nightshift.common.catalog.TableChecksum;
import io.nightshift.common.catalog.TableSpec;
import io.nightshift.common.catalog.Tables;
import io.nightshift.common.config.NightshiftConfig;
import io.nightshift.common.db.CommerceSchema;
import io.nightshift.common.testing.TestPostgres;
import io.nightshift.common.testing.TestS3;
import io.nightshift.common.testing.TestSpark;
import io.nightshift.common.time.RunDates;
import io.nightshift.jobs.stage.StageContext;
import io.nightshift.sandbox.sample.SampleShopGenerator;
import io.nightshift.sandbox.sample.SampleShopSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ingest stage end to end on a generated shop, against the guarantees of DESIGN.md. */
class IngestStageTest {
    static final LocalDate LAST_DAY = LocalDate.of(2026, 10, 31);
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-01T07:00:00Z"), ZoneOffset.UTC);
    static final List<TableSpec> SILVER = List.of(
            Tables.PRODUCTS,
            Tables.SALES_DAILY,
            Tables.TRAFFIC_DAILY,
            Tables.COMPETITOR_PRICES,
            Tables.INVENTORY_DAILY,
            Tables.CALENDAR);

    @TempDir
    static Path shop;

    static String jdbcUrl;
    static SparkSession spark;

    @TempDir
    Path warehouse;

    @BeforeAll
    static void generateShop() throws Exception {
        spark = TestSpark.session();
        String database = "ingest_shop";
        try (Connection c = TestPostgres.server().getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("drop database if exists " + database);
            s.execute("create database " + database);
        }
        jdbcUrl = TestPostgres.jdbcUrl(database);
        DataSource db = TestPostgres.server().getDatabase("postgres", database);
        CommerceSchema.migrate(db);
        SampleShopSpec spec = new SampleShopSpec(30, 60, 40, 7, LAST_DAY, "US", "USD", ZoneId.of("America/New_York"));
        new SampleShopGenerator(spec).generate(shop.resolve("landing"), shop.resolve("truth"), db);
    }

    NightshiftConfig config(String... more) {
        Map<String, String> env = new HashMap<>(Map.of(
                "NIGHTSHIFT_HOME", warehouse.toString(),
                "NIGHTSHIFT_WAREHOUSE", warehouse.resolve("wh").toString(),
                "NIGHTSHIFT_LANDING_ZONE", shop.resolve("landing").toString(),
                "NIGHTSHIFT_JDBC_URL", jdbcUrl,
                "NIGHTSHIFT_JDBC_USER", "postgres"));
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return NightshiftConfig.load(Optional.empty(), env);
    }

    static void ingest(NightshiftConfig config, RunDates dates) throws Exception {
        try (StageContext context = new StageContext(config, false, CLOCK)) {
            new IngestStage().run(context, dates);
        }
    }

    static Map<String, TableChecksum> silverChecksums(NightshiftConfig config) {
        TableCatalog catalog = new TableCatalog(config.storage().warehouse());
        Map<String, TableChecksum> sums = new TreeMap<>();
        for (TableSpec table : SILVER) {
            sums.put(table.qualifiedName(), TableChecksum.of(catalog.read(spark, table)));
        }
        return sums;
    }

    /** One nightly run checked three ways: contents, rerun, and the same run with the landing zone on S3. */
    @Test
    void nightlyRunFillsSilverQuarantinesExactlyTheDefectsAndIsIdempotentFromLocalOrS3() throws Exception {
        NightshiftConfig config = config();
        ingest(config, RunDates.of(LAST_DAY));
        TableCatalog catalog = new TableCatalog(config.storage().warehouse());
        for (TableSpec table : SILVER) {
            assertTrue(catalog.read(spark, table).count() > 0, table + " is empty");
        }
        // The window is the run date and the two late-arrival days before it.
        List<String> expected = defects(LAST_DAY.minusDays(2), LAST_DAY);
        List<String> actual = catalog
                .read(spark, Tables.quarantine("competitor_prices"))
                .filter("line_number is not null")
                .orderBy("source_file", "line_number")
                .collectAsList()
                .stream()
                .map(r -> r.getAs("source_file") + ":" + r.getAs("line_number") + ":" + r.getAs("rule"))
                .collect(Collectors.toList());
        assertEquals(expected, actual, "quarantine.competitor_prices holds exactly the injected defects of the window");
        assertTrue(catalog.read(spark, Tables.quarantine("competitor_prices"))
                .filter("reason is null or reason = ''")
                .isEmpty());

        Map<String, TableChecksum> once = silverChecksums(config);
        ingest(config, RunDates.of(LAST_DAY));
        assertEquals(once, silverChecksums(config), "a rerun for the same date changes no silver table");

        TestS3.applyTo(spark);
        TestS3.createBucket("ingest-landing");
        TestS3.upload(shop.resolve("landing"), "ingest-landing", "landing");
        NightshiftConfig s3 = config(
                "NIGHTSHIFT_WAREHOUSE",
                warehouse.resolve("from-s3").toString(),
                "NIGHTSHIFT_LANDING_ZONE",
                "s3a://ingest-landing/landing");
        ingest(s3, RunDates.of(LAST_DAY));
        assertEquals(once, silverChecksums(s3), "landing files in an S3 bucket give the same silver tables");
    }

    @Test
    void backfillOfARangeEqualsTheSameDaysRunOneByOneAndSalesMatchTheTruth() throws Exception {
        // Four days by default: more than the two-day late-arrival window, so windows overlap as in a real
        // backfill. -Dnightshift.test.backfill-days=30 runs the 30-day comparison (slower: each
        // daily run costs seconds).
        int days = Integer.getInteger("nightshift.test.backfill-days", 4);
        LocalDate from = LAST_DAY.minusDays(days - 1L);
        NightshiftConfig backfill =
                config("NIGHTSHIFT_WAREHOUSE", warehouse.resolve("backfill").toString());
        ingest(backfill, new RunDates(from, LAST_DAY));

        NightshiftConfig daily =
                config("NIGHTSHIFT_WAREHOUSE", warehouse.resolve("daily").toString());
        try (StageContext context = new StageContext(daily, false, CLOCK)) {
            IngestStage stage = new IngestStage();
            for (LocalDate day : new RunDates(from, LAST_DAY)) {
                stage.run(context, day);
            }
        }
        assertEquals(silverChecksums(daily), silverChecksums(backfill));

        // Dense sales with stock-outs flagged, equal to what the simulation sold, over the whole window.
        Map<String, String> truth = new TreeMap<>();
        List<String> truthLines = Files.readAllLines(shop.resolve("truth/demand_daily.csv"), StandardCharsets.UTF_8);
        for (String line : truthLines.subList(1, truthLines.size())) {
            String[] f = line.split(",", -1);
            LocalDate day = LocalDate.parse(f[1]);
            if (!day.isBefore(from.minusDays(2)) && !day.isAfter(LAST_DAY)) {
                truth.put(f[0] + "/" + f[1], f[7] + "/" + f[8]);
            }
        }
        Map<String, String> silver = new TreeMap<>();
        for (Row row : new TableCatalog(backfill.storage().warehouse())
                .read(spark, Tables.SALES_DAILY)
                .collectAsList()) {
            silver.put(
                    row.getAs("product_id") + "/" + row.getAs("day"), row.getAs("units") + "/" + row.getAs("stockout"));
        }
        assertEquals(
                truth, silver, "units and stockout per product and day equal the simulated sold units and stock-outs");
        assertTrue(
                silver.values().stream().anyMatch(v -> v.startsWith("0/")), "days without sales are rows with 0 units");
    }

    @Test
    void aMissingTrafficFeedFailsTheStageNamingFeedAndDay() throws Exception {
        Path landing = warehouse.resolve("landing-copy");
        copyTree(shop.resolve("landing"), landing);
        deleteTree(landing.resolve("traffic/day=" + LAST_DAY));
        NightshiftConfig config = config("NIGHTSHIFT_LANDING_ZONE", landing.toString());
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> ingest(config, RunDates.of(LAST_DAY)));
        assertTrue(
                e.getMessage().contains("traffic: no file for " + LAST_DAY)
                        && e.getMessage().contains("feed_present"),
                e.getMessage());
    }

    @Test
    void tooManyRejectedRowsFailTheStageNamingSourceAndLimit() throws Exception {
        Path conf = warehouse.resolve("strict.conf");
        Files.writeString(conf, "nightshift.ingest { max-rejected-share = 0.001, min-rows-for-share = 1 }\n");
        Map<String, String> env = new HashMap<>(Map.of(
                "NIGHTSHIFT_HOME",
                warehouse.toString(),
                "NIGHTSHIFT_WAREHOUSE",
                warehouse.resolve("wh").toString(),
                "NIGHTSHIFT_LANDING_ZONE",
                shop.resolve("landing").toString(),
                "NIGHTSHIFT_JDBC_URL",
                jdbcUrl,
                "NIGHTSHIFT_JDBC_USER",
                "postgres"));
        NightshiftConfig strict = NightshiftConfig.load(Optional.of(conf), env);
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> ingest(strict, RunDates.of(LAST_DAY)));
        assertTrue(
                e.getMessage().contains("competitor_prices") && e.getMessage().contains("max-rejected-share"),
                e.getMessage());
        assertTrue(
                !new TableCatalog(strict.storage().warehouse()).exists(spark, Tables.COMPETITOR_PRICES),
                "silver is not written when a source fails its checks");
    }

    /** file:line:kind of every injected competitor defect in files of the days from..to. */
    private static List<String> defects(LocalDate from, LocalDate to) throws Exception {
        List<String> lines = Files.readAllLines(shop.resolve("truth/defects.csv"), StandardCharsets.UTF_8);
        String[] header = lines.get(0).split(",");
        List<String> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], f[i]);
            }
            LocalDate day = LocalDate.parse(row.get("day"));
            if (!day.isBefore(from) && !day.isAfter(to)) {
                out.add(row.get("file") + ":" + row.get("line") + ":" + row.get("kind"));
            }
        }
        out.sort((a, b) -> {
            String[] x = a.split(":");
            String[] y = b.split(":");
            int c = x[0].compareTo(y[0]);
            return c != 0 ? c : Long.compare(Long.parseLong(x[1]), Long.parseLong(y[1]));
        });
        return out;
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        }
    }

    private static void deleteTree(Path folder) throws Exception {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
