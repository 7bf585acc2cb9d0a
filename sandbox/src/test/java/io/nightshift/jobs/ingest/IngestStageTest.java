package io.nightshift.jobs.ingest;

import static io.nightshift.jobs.ingest.IngestShop.ingest;
import static io.nightshift.jobs.ingest.IngestShop.silverChecksums;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.common.catalog.TableCatalog;
import io.nightshift.common.catalog.TableChecksum;
import io.nightshift.common.catalog.TableSpec;
import io.nightshift.common.catalog.Tables;
import io.nightshift.common.config.NightshiftConfig;
import io.nightshift.common.testing.TestS3;
import io.nightshift.common.testing.TestSpark;
import io.nightshift.common.time.RunDates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ingest stage end to end on a generated shop, against the guarantees of DESIGN.md. */
class IngestStageTest {
    static final LocalDate LAST_DAY = IngestShop.LAST_DAY;

    @TempDir
    static Path shopFolder;

    static IngestShop shop;
    static SparkSession spark;

    @TempDir
    Path warehouse;

    @BeforeAll
    static void generateShop() throws Exception {
        spark = TestSpark.session();
        shop = IngestShop.generate("ingest_shop", shopFolder);
    }

    NightshiftConfig config(String... more) {
        return shop.config(warehouse, Optional.empty(), more);
    }

    /** One nightly run checked three ways: contents, and a rerun with the landing zone on S3. */
    @Test
    void nightlyRunFillsSilverQuarantinesExactlyTheDefectsAndIsIdempotentFromLocalOrS3() throws Exception {
        NightshiftConfig config = config();
        ingest(config, RunDates.of(LAST_DAY));
        TableCatalog catalog = new TableCatalog(config.storage().warehouse());
        for (TableSpec table : IngestShop.SILVER) {
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

        // The rerun reads the same landing files from an S3 bucket. A rerun replaces its window's silver rows
        // with what it read (a missing feed fails it), so unchanged tables show both guarantees at once: a
        // rerun for the same date is idempotent, and files in a bucket give what local files gave.
        Map<String, TableChecksum> once = silverChecksums(config);
        TestS3.applyTo(spark);
        TestS3.createBucket("ingest-landing");
        TestS3.upload(shop.landing(), "ingest-landing", "landing");
        NightshiftConfig s3 = config("NIGHTSHIFT_LANDING_ZONE", "s3a://ingest-landing/landing");
        ingest(s3, RunDates.of(LAST_DAY));
        assertEquals(
                once,
                silverChecksums(s3),
                "a rerun for the same date, reading the landing files from S3, changes no silver table");
    }

    @Test
    void aMissingTrafficFeedFailsTheStageNamingFeedAndDay() throws Exception {
        Path landing = warehouse.resolve("landing-copy");
        copyTree(shop.landing(), landing);
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
    void aShopDeclaringItHasNoTrafficFeedIsIngestedWithoutIt() throws Exception {
        Path landing = warehouse.resolve("landing-without-traffic");
        copyTree(shop.landing(), landing);
        deleteTree(landing.resolve("traffic"));
        Path conf = warehouse.resolve("no-traffic.conf");
        Files.writeString(conf, "nightshift.ingest.on-missing-feed.traffic = none\n");
        NightshiftConfig noTraffic = shop.config(
                warehouse.resolve("no-traffic"), Optional.of(conf), "NIGHTSHIFT_LANDING_ZONE", landing.toString());

        ingest(noTraffic, RunDates.of(LAST_DAY));

        TableCatalog catalog = new TableCatalog(noTraffic.storage().warehouse());
        assertEquals(0, catalog.read(spark, Tables.TRAFFIC_DAILY).count(), "no traffic rows: the funnel is off");
        assertTrue(catalog.read(spark, Tables.SALES_DAILY).count() > 0, "the other sources are ingested");
    }

    @Test
    void tooManyRejectedRowsFailTheStageNamingSourceAndLimit() throws Exception {
        Path conf = warehouse.resolve("strict.conf");
        Files.writeString(conf, "nightshift.ingest { max-rejected-share = 0.001, min-rows-for-share = 1 }\n");
        NightshiftConfig strict = shop.config(warehouse, Optional.of(conf));
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
        List<String> lines = Files.readAllLines(shop.truth().resolve("defects.csv"), StandardCharsets.UTF_8);
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
