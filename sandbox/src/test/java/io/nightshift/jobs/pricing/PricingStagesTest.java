package io.nightshift.jobs.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.common.catalog.TableCatalog;
import io.nightshift.common.catalog.TableChecksum;
import io.nightshift.common.catalog.TableWriter;
import io.nightshift.common.catalog.Tables;
import io.nightshift.common.config.NightshiftConfig;
import io.nightshift.common.testing.TestPostgres;
import io.nightshift.common.testing.TestSpark;
import io.nightshift.common.time.RunDates;
import io.nightshift.jobs.cli.CliRun;
import io.nightshift.jobs.ingest.IngestStage;
import io.nightshift.jobs.stage.StageContext;
import io.nightshift.sandbox.sample.SampleShopGenerator;
import io.nightshift.sandbox.sample.SampleShopSpec;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * price and publish-prices end to end on a small generated shop after ingest: forecasts for half the
 * products only and no elasticity table (the fallbacks), reruns, publish, republish and rollback.
 */
class PricingStagesTest {
    static final LocalDate LAST_DAY = LocalDate.of(2026, 10, 31);
    static final LocalDate DAY_BEFORE = LAST_DAY.minusDays(1);
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-01T07:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path home;

    @Test
    void priceThenPublishOnAGeneratedShop() throws Exception {
        SparkSession spark = TestSpark.session();
        String database = "pricing_shop";
        DataSource db = TestPostgres.commerceDatabase(database);
        SampleShopSpec spec = new SampleShopSpec(24, 40, 10, 3, LAST_DAY, "US", "USD", ZoneId.of("America/New_York"));
        new SampleShopGenerator(spec).generate(home.resolve("landing"), home.resolve("truth"), db);
        Map<String, String> env = new HashMap<>(Map.of(
                "NIGHTSHIFT_HOME", home.toString(),
                "NIGHTSHIFT_WAREHOUSE", home.resolve("wh").toString(),
                "NIGHTSHIFT_LANDING_ZONE", home.resolve("landing").toString(),
                "NIGHTSHIFT_JDBC_URL", TestPostgres.jdbcUrl(database),
                "NIGHTSHIFT_JDBC_USER", "postgres"));
        NightshiftConfig config = NightshiftConfig.load(Optional.empty(), env);
        TableCatalog catalog = new TableCatalog(config.storage().warehouse());

        try (StageContext context = new StageContext(config, false, CLOCK)) {
            new IngestStage().run(context, RunDates.of(LAST_DAY));
            // Forecasts for the even products only, for both run dates; no elasticity table at all.
            List<Row> forecast = new ArrayList<>();
            for (LocalDate run : List.of(DAY_BEFORE, LAST_DAY)) {
                for (int id = 2; id <= spec.products(); id += 2) {
                    for (int d = 1; d <= 14; d++) {
                        forecast.add(RowFactory.create(
                                Date.valueOf(run),
                                id,
                                Date.valueOf(run.plusDays(d)),
                                3.0 + id % 5,
                                1.0,
                                6.0,
                                "hand",
                                null));
                    }
                }
            }
            new TableWriter(spark, catalog, true)
                    .replaceDates(
                            Tables.DEMAND_FORECAST,
                            spark.createDataFrame(
                                    forecast, Tables.DEMAND_FORECAST.schema().orElseThrow()),
                            new RunDates(DAY_BEFORE, LAST_DAY));

            new PriceStage().run(context, DAY_BEFORE);
            new PriceStage().run(context, LAST_DAY);
            TableChecksum once = TableChecksum.of(catalog.read(spark, Tables.PRICES));
            new PriceStage().run(context, LAST_DAY);
            assertEquals(once, TableChecksum.of(catalog.read(spark, Tables.PRICES)), "a rerun changes nothing");

            Dataset<Row> prices = catalog.read(spark, Tables.PRICES).filter("run_date = date'" + LAST_DAY + "'");
            long active = catalog.read(spark, Tables.PRODUCTS).filter("active").count();
            assertEquals(active, prices.count(), "one price per active product");
            assertTrue(prices.filter("size(reason_codes) = 0").isEmpty(), "every price has a reason");
            assertTrue(
                    prices.filter(
                                    "price < coalesce(unit_cost, base_price * 0.7) or price > cap or cap > base_price * 1.5 + 0.005")
                            .isEmpty(),
                    "every price within [cost, 1.5 x base]");
            assertTrue(prices.filter("product_id % 2 = 1 and not array_contains(reason_codes, 'NO_FORECAST_FALLBACK')")
                    .isEmpty());
            assertTrue(prices.filter(
                            "product_id % 2 = 0 and strategy = 'optimize' and not array_contains(reason_codes, 'DEFAULT_ELASTICITY')")
                    .isEmpty());
            assertTrue(prices.filter("product_id % 2 = 0 and expected_profit is null")
                    .isEmpty());
            // The previous price is the day before's run.
            Map<Integer, BigDecimal> before =
                    priceMap(catalog.read(spark, Tables.PRICES).filter("run_date = date'" + DAY_BEFORE + "'"), "price");
            assertEquals(before, priceMap(prices, "previous_price"));

            new PublishPricesStage().run(context, DAY_BEFORE);
            new PublishPricesStage().run(context, LAST_DAY);
            assertEquals(priceMap(prices, "price"), storefront(db), "the storefront holds the run's prices");
            new PublishPricesStage().run(context, LAST_DAY);
            assertEquals("published,published,unchanged", publications(db));
        }

        // The operator's rollback, through the command line.
        CliRun rollback = CliRun.run(env, CLOCK, "publish-prices", "--rollback-to", DAY_BEFORE.toString());
        assertEquals(0, rollback.exitCode(), rollback.err());
        assertEquals(
                priceMap(catalog.read(spark, Tables.PRICES).filter("run_date = date'" + DAY_BEFORE + "'"), "price"),
                storefront(db));
        CliRun forceWithoutReason = CliRun.run(env, CLOCK, "publish-prices", "--date", LAST_DAY.toString(), "--force");
        assertEquals(2, forceWithoutReason.exitCode(), forceWithoutReason.err());
        assertFalse(storefront(db).isEmpty());
    }

    static Map<Integer, BigDecimal> priceMap(Dataset<Row> rows, String column) {
        Map<Integer, BigDecimal> map = new TreeMap<>();
        for (Row r : rows.select("product_id", column).collectAsList()) {
            map.put(r.getInt(0), r.getDecimal(1));
        }
        return map;
    }

    static Map<Integer, BigDecimal> storefront(DataSource db) throws Exception {
        Map<Integer, BigDecimal> map = new TreeMap<>();
        try (Connection c = db.getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select product_id, price from storefront.product_prices")) {
            while (r.next()) {
                map.put(r.getInt(1), r.getBigDecimal(2));
            }
        }
        return map;
    }

    static String publications(DataSource db) throws Exception {
        try (Connection c = db.getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(
                        "select string_agg(outcome, ',' order by publication_id) from price_publications")) {
            r.next();
            return r.getString(1);
        }
    }
}
