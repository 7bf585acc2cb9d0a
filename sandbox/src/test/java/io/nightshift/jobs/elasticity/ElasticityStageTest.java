package io.nightshift.jobs.elasticity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.common.catalog.TableCatalog;
import io.nightshift.common.catalog.TableChecksum;
import io.nightshift.common.catalog.Tables;
import io.nightshift.common.config.NightshiftConfig;
import io.nightshift.common.testing.TestPostgres;
import io.nightshift.common.testing.TestSpark;
import io.nightshift.common.time.RunDates;
import io.nightshift.jobs.ingest.IngestStage;
import io.nightshift.jobs.stage.StageContext;
import io.nightshift.sandbox.sample.SampleShopGenerator;
import io.nightshift.sandbox.sample.SampleShopSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The elasticity stage end to end on a generated shop (generator, ingest, elasticity), scored against the
 * generator's true elasticities. The shop is small to keep the suite fast (180 days: about a quarter of the
 * information of the default 730-day window), so the accuracy bar here is looser than the benchmark's figures
 * (bench/elasticity.sh).
 */
class ElasticityStageTest {
    static final LocalDate LAST_DAY = LocalDate.of(2026, 10, 31);
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-01T07:00:00Z"), ZoneOffset.UTC);
    static final int DAYS = 180;

    @TempDir
    Path root;

    @Test
    void everyActiveProductGetsAShrunkFlaggedWhereNeededIdempotentElasticityCloseToTheTruth() throws Exception {
        SparkSession spark = TestSpark.session();
        String database = "elasticity_shop";
        DataSource db = TestPostgres.commerceDatabase(database);
        SampleShopSpec spec = new SampleShopSpec(40, DAYS, 20, 5, LAST_DAY, "US", "USD", ZoneId.of("America/New_York"));
        new SampleShopGenerator(spec).generate(root.resolve("landing"), root.resolve("truth"), db);

        Map<String, String> env = new HashMap<>(Map.of(
                "NIGHTSHIFT_HOME", root.toString(),
                "NIGHTSHIFT_WAREHOUSE", root.resolve("wh").toString(),
                "NIGHTSHIFT_LANDING_ZONE", root.resolve("landing").toString(),
                "NIGHTSHIFT_JDBC_URL", TestPostgres.jdbcUrl(database),
                "NIGHTSHIFT_JDBC_USER", "postgres"));
        NightshiftConfig config = NightshiftConfig.load(Optional.empty(), env);
        try (StageContext context = new StageContext(config, false, CLOCK)) {
            new IngestStage().run(context, new RunDates(spec.firstDay(), LAST_DAY));
        }
        NightshiftConfig elasticityConfig = config;
        TableCatalog catalog = new TableCatalog(config.storage().warehouse());

        runElasticity(elasticityConfig);
        TableChecksum first = TableChecksum.of(catalog.read(spark, Tables.PRICE_ELASTICITY));
        runElasticity(elasticityConfig);
        assertEquals(first, TableChecksum.of(catalog.read(spark, Tables.PRICE_ELASTICITY)), "a rerun changes nothing");

        List<Row> rows = catalog.read(spark, Tables.PRICE_ELASTICITY)
                .orderBy("product_id")
                .collectAsList();
        long activeProducts =
                catalog.read(spark, Tables.PRODUCTS).filter("active").count();
        assertEquals(activeProducts, rows.size(), "one row per active product");

        Map<Integer, Double> truth = trueElasticities(root.resolve("truth/products.csv"));
        int scored = 0;
        int within = 0;
        int covered = 0;
        double absoluteError = 0;
        for (Row r : rows) {
            double elasticity = r.getAs("elasticity");
            double low = r.getAs("ci_low");
            double high = r.getAs("ci_high");
            assertEquals(LAST_DAY, r.<Date>getAs("run_date").toLocalDate());
            assertTrue(elasticity <= -0.1, "never above the cap: " + r);
            assertTrue(low <= elasticity && elasticity <= high, "ordered interval: " + r);
            assertTrue(List.of("product", "category", "global").contains(r.<String>getAs("pooling_level")));
            Double raw = r.getAs("raw_elasticity");
            if (raw != null && raw > 0) {
                assertTrue(r.<Boolean>getAs("flagged"), "a positive own estimate is flagged: " + r);
                assertTrue(elasticity < 0);
            }
            if (r.<Boolean>getAs("flagged")) {
                assertNotNull(r.getAs("reason"));
            }
            if (r.<Integer>getAs("distinct_prices") >= 3) {
                double trueValue = truth.get(r.<Integer>getAs("product_id"));
                scored++;
                absoluteError += Math.abs(elasticity - trueValue);
                if (Math.abs(elasticity - trueValue) <= 0.2) {
                    within++;
                }
                if (low <= trueValue && trueValue <= high) {
                    covered++;
                }
            }
        }
        double coverage = covered / (double) scored;
        System.out.printf(
                Locale.ROOT,
                "elasticity on %d products x %d days: %d with >= 3 prices, %.0f%% within 0.2, "
                        + "mean absolute error %.2f, 90%% interval covers %.0f%%%n",
                rows.size(),
                DAYS,
                scored,
                100.0 * within / scored,
                absoluteError / scored,
                100 * coverage);
        // Measured here: 27 products with >= 3 prices, 63% within 0.2 (17), mean absolute error 0.32, coverage 81%
        // (48%, 0.35, 78% when the bars were first set, before the two responses were weighted by dispersion).
        // With 27 products the coverage itself has a binomial sd of about 6 points, so the band is wider than
        // the nominal 80-95% that bench/elasticity.sh checks on a larger shop and a 730-day window.
        assertTrue(scored >= 20, "most products saw at least 3 prices: " + scored);
        assertTrue(coverage >= 0.7 && coverage <= 0.97, "interval coverage near nominal: " + coverage);
        assertTrue(absoluteError / scored < 0.40, "mean absolute error " + absoluteError / scored);
        assertTrue(within >= scored / 2, "within 0.2: " + within + " of " + scored);
    }

    private static void runElasticity(NightshiftConfig config) throws Exception {
        try (StageContext context = new StageContext(config, false, CLOCK)) {
            new ElasticityStage().run(context, LAST_DAY);
        }
    }

    static Map<Integer, Double> trueElasticities(Path productsCsv) throws Exception {
        List<String> lines = Files.readAllLines(productsCsv, StandardCharsets.UTF_8);
        List<String> header = List.of(lines.get(0).split(","));
        int id = header.indexOf("product_id");
        int elasticity = header.indexOf("true_elasticity");
        Map<Integer, Double> truth = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] v = line.split(",", -1);
            truth.put(Integer.parseInt(v[id]), Double.parseDouble(v[elasticity]));
        }
        return truth;
    }
}
