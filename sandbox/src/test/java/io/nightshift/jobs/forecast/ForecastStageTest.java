package io.nightshift.jobs.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.common.catalog.TableCatalog;
import io.nightshift.common.catalog.TableChecksum;
import io.nightshift.common.catalog.Tables;
import io.nightshift.common.config.NightshiftConfig;
import io.nightshift.common.testing.TestPostgres;
import io.nightshift.common.testing.TestSpark;
import io.nightshift.common.time.RunDates;
import io.nightshift.jobs.forecast.model.Accuracy;
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
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The forecast stage end to end on a generated shop (20 products x 120 days, ingested): run 30 days
 * before the sample's last day, so the generator's true (uncensored) demand of the forecast days is known.
 */
class ForecastStageTest {
    static final LocalDate LAST_DAY = LocalDate.of(2026, 10, 31);
    static final LocalDate RUN_DATE = LAST_DAY.minusDays(30);
    static final int DAYS = 120;
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-01T07:00:00Z"), ZoneOffset.UTC);

    @TempDir
    static Path root;

    static SparkSession spark;
    static NightshiftConfig config;

    @BeforeAll
    static void generateAndIngest() throws Exception {
        spark = TestSpark.session();
        String database = "forecast_shop";
        DataSource db = TestPostgres.commerceDatabase(database);
        SampleShopSpec spec =
                new SampleShopSpec(20, DAYS, 20, 11, LAST_DAY, "US", "USD", ZoneId.of("America/New_York"));
        new SampleShopGenerator(spec).generate(root.resolve("landing"), root.resolve("truth"), db);
        Map<String, String> env = new HashMap<>(Map.of(
                "NIGHTSHIFT_HOME", root.toString(),
                "NIGHTSHIFT_WAREHOUSE", root.resolve("wh").toString(),
                "NIGHTSHIFT_LANDING_ZONE", root.resolve("landing").toString(),
                "NIGHTSHIFT_JDBC_URL", TestPostgres.jdbcUrl(database),
                "NIGHTSHIFT_JDBC_USER", "postgres"));
        config = NightshiftConfig.load(Optional.empty(), env);
        try (StageContext context = new StageContext(config, false, CLOCK)) {
            new IngestStage().run(context, new RunDates(LAST_DAY.minusDays(DAYS - 1L), RUN_DATE));
        }
    }

    private static void forecast() throws Exception {
        try (StageContext context = new StageContext(config, false, CLOCK)) {
            new ForecastStage().run(context, RUN_DATE);
        }
    }

    @Test
    void everyActiveProductGetsOrderedForecastsTheChosenModelsBeatSeasonalNaiveAndARerunChangesNothing()
            throws Exception {
        forecast();
        TableCatalog catalog = new TableCatalog(config.storage().warehouse());
        List<Row> forecasts = catalog.read(spark, Tables.DEMAND_FORECAST)
                .orderBy("product_id", "day")
                .collectAsList();
        Set<Integer> active = catalog.read(spark, Tables.PRODUCTS).filter("active").collectAsList().stream()
                .map(r -> r.<Integer>getAs("product_id"))
                .collect(Collectors.toSet());
        Map<Integer, List<Row>> byProduct =
                forecasts.stream().collect(Collectors.groupingBy(r -> r.<Integer>getAs("product_id")));
        assertEquals(active, byProduct.keySet(), "one forecast per active product");
        for (List<Row> rows : byProduct.values()) {
            assertEquals(30, rows.size());
            for (int k = 0; k < 30; k++) {
                Row r = rows.get(k);
                assertEquals(RUN_DATE.plusDays(k + 1L), r.<Date>getAs("day").toLocalDate());
                double yhat = r.getAs("yhat");
                assertTrue(
                        0 <= (double) r.getAs("yhat_lower")
                                && (double) r.getAs("yhat_lower") <= yhat
                                && yhat <= (double) r.getAs("yhat_upper"),
                        r.toString());
            }
        }

        // Backtest: the chosen models beat seasonal naive on mean MASE; coverage near the nominal 90%
        Row backtest = spark.sql("select avg(case when chosen then mase end) chosen_mase, "
                        + "avg(case when model = 'seasonal_naive' then mase end) naive_mase, "
                        + "avg(case when chosen then interval_coverage end) coverage from delta.`"
                        + catalog.location(Tables.FORECAST_BACKTEST) + "`")
                .first();
        double chosenMase = backtest.getDouble(0);
        double naiveMase = backtest.getDouble(1);
        System.out.printf(
                Locale.ROOT,
                "backtest mean MASE: chosen %.3f, seasonal naive %.3f; chosen interval coverage %.3f%n",
                chosenMase,
                naiveMase,
                backtest.getDouble(2));
        assertTrue(chosenMase < naiveMase, chosenMase + " vs " + naiveMase);
        assertEquals(0.9, backtest.getDouble(2), 0.1);

        // Against the generator's true demand of the 30 forecast days (not in the history the stage read)
        double[] mase = maseAgainstTruth(forecasts);
        System.out.printf(
                Locale.ROOT,
                "MASE against true demand, %d modelled products: forecast %.3f, seasonal naive %.3f; 90%% interval covers %.1f%% of true demand%n",
                (int) mase[3],
                mase[0],
                mase[1],
                100 * mase[2]);
        assertTrue(mase[0] < mase[1], "forecast beats seasonal naive against the truth");

        // The global model is a candidate of every modelled product, and its trained models are stored for reuse
        long globalScored = catalog.read(spark, Tables.FORECAST_BACKTEST)
                .filter("model = 'global_gbdt'")
                .select("product_id")
                .distinct()
                .count();
        long modelled = catalog.read(spark, Tables.FORECAST_BACKTEST)
                .select("product_id")
                .distinct()
                .count();
        assertEquals(modelled, globalScored, "global model backtested for every modelled product");
        assertTrue(Files.exists(Path.of(config.storage().warehouse().replaceFirst("^file:", ""))
                .resolve(StageGlobalModel.FOLDER)
                .resolve("trained-" + RUN_DATE + ".bin")));

        Map<String, TableChecksum> once = checksums(catalog);
        forecast();
        assertEquals(
                once,
                checksums(catalog),
                "a rerun for the same date (reusing the stored global model) leaves both tables as one run does");
    }

    private static Map<String, TableChecksum> checksums(TableCatalog catalog) {
        Map<String, TableChecksum> sums = new TreeMap<>();
        sums.put("forecast", TableChecksum.of(catalog.read(spark, Tables.DEMAND_FORECAST)));
        sums.put("backtest", TableChecksum.of(catalog.read(spark, Tables.FORECAST_BACKTEST)));
        return sums;
    }

    /**
     * [forecast MASE, seasonal naive MASE, coverage, products] against true_demand, scaled by the true history's naive
     * error.
     */
    private static double[] maseAgainstTruth(List<Row> forecasts) throws Exception {
        Map<Integer, double[]> truth = new HashMap<>();
        LocalDate first = LAST_DAY.minusDays(DAYS - 1L);
        List<String> lines = Files.readAllLines(root.resolve("truth/demand_daily.csv"), StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            int t = (int) ChronoUnit.DAYS.between(first, LocalDate.parse(f[1]));
            double[] series = truth.computeIfAbsent(Integer.parseInt(f[0]), k -> {
                double[] a = new double[DAYS];
                Arrays.fill(a, Double.NaN);
                return a;
            });
            series[t] = Double.parseDouble(f[6]);
        }
        int n = (int) ChronoUnit.DAYS.between(first, RUN_DATE) + 1;
        double sumForecast = 0;
        double sumNaive = 0;
        int inside = 0;
        int total = 0;
        int products = 0;
        Map<Integer, List<Row>> byProduct =
                forecasts.stream().collect(Collectors.groupingBy(r -> r.<Integer>getAs("product_id")));
        for (Map.Entry<Integer, List<Row>> e : byProduct.entrySet()) {
            double[] y = truth.get(e.getKey());
            if (y == null || "category_profile".equals(e.getValue().get(0).getAs("model"))) {
                continue;
            }
            double[] f = new double[30];
            double[] naive = new double[30];
            for (int k = 0; k < 30; k++) {
                Row r = e.getValue().get(k);
                f[k] = r.getAs("yhat");
                naive[k] = y[n - 7 + (k % 7)];
                if (!Double.isNaN(y[n + k])) {
                    total++;
                    if (y[n + k] >= (double) r.getAs("yhat_lower") && y[n + k] <= (double) r.getAs("yhat_upper")) {
                        inside++;
                    }
                }
            }
            if (Double.isNaN(naive[0]) || Double.isNaN(naive[6])) {
                continue;
            }
            double scale = Accuracy.scale(y, n, 7);
            sumForecast += Accuracy.mase(y, n, f, scale);
            sumNaive += Accuracy.mase(y, n, naive, scale);
            products++;
        }
        return new double[] {sumForecast / products, sumNaive / products, (double) inside / total, products};
    }
}
