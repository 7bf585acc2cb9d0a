package io.nightshift.jobs.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.common.testing.TestPostgres;
import io.nightshift.common.testing.TestSpark;
import io.nightshift.sandbox.sample.SampleShopGenerator;
import io.nightshift.sandbox.sample.SampleShopSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Acceptance: on a generated shop (30 products, 40 days) the competitor quarantine is exactly the generator's
 * ground-truth defects (file, line, kind), and its traffic quarantines nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeneratedShopFeedsTest {
    static final SampleShopSpec SPEC =
            new SampleShopSpec(30, 40, 20, 11L, LocalDate.of(2024, 12, 31), "US", "USD", ZoneId.of("America/New_York"));

    Path root;
    Path landing;
    Path truth;
    Dataset<Row> products;
    List<LocalDate> days;

    @BeforeAll
    void generate() throws Exception {
        root = Files.createTempDirectory("ingest-generated-shop");
        landing = root.resolve("landing");
        truth = root.resolve("truth");
        new SampleShopGenerator(SPEC).generate(landing, truth, TestPostgres.freshCommerceDatabase());
        List<Row> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(truth.resolve("products.csv"), StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            String[] values = line.split(",", -1);
            rows.add(RowFactory.create(Integer.parseInt(values[0]), values[1]));
        }
        SparkSession spark = TestSpark.session();
        products = spark.createDataFrame(
                rows,
                new StructType()
                        .add("product_id", DataTypes.IntegerType, false)
                        .add("sku", DataTypes.StringType, false));
        days = SPEC.firstDay().datesUntil(SPEC.lastDay().plusDays(1)).toList();
    }

    @AfterAll
    void cleanUp() throws Exception {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void competitorQuarantineEqualsTheGroundTruthDefects() throws Exception {
        LandingRead read = LandingFiles.readDays(
                TestSpark.session(), landing.toUri().toString(), CompetitorPriceFeed.SOURCE, days);
        FeedResult result = CompetitorPriceFeed.validate(
                read.lines(), products, SPEC.lastDay(), LandingZone.INGESTED_AT, LandingLimits.defaults());

        Set<String> expected = new TreeSet<>();
        List<String> defects = Files.readAllLines(truth.resolve("defects.csv"), StandardCharsets.UTF_8);
        for (String defect : defects.subList(1, defects.size())) {
            String[] v = defect.split(",", -1);
            expected.add(v[0] + ":" + v[1] + " " + v[2]);
        }
        List<String> quarantined = LandingZone.quarantined(result).stream()
                .map(q -> q.substring(0, q.indexOf(':', q.indexOf(' '))))
                .toList();
        assertTrue(expected.size() >= 5, "the generated shop has defects to find: " + expected.size());
        assertEquals(expected.size(), quarantined.size(), "one quarantine row per defect");
        assertEquals(expected, new TreeSet<>(quarantined));
        assertTrue(read.files().size() > days.size(), "several competitor files per day");
    }

    @Test
    void trafficQuarantinesNothing() {
        LandingRead read =
                LandingFiles.readDays(TestSpark.session(), landing.toUri().toString(), TrafficFeed.SOURCE, days);
        FeedResult result = TrafficFeed.validate(
                read.lines(), products, SPEC.lastDay(), LandingZone.INGESTED_AT, LandingLimits.defaults());

        assertEquals(List.of(), LandingZone.quarantined(result));
        assertEquals(List.of(), read.daysWithoutFiles());
        assertTrue(result.silver().count() > 0);
    }
}
