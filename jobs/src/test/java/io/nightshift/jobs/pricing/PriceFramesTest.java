package io.nightshift.jobs.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.nightshift.common.catalog.TableSpec;
import io.nightshift.common.catalog.Tables;
import io.nightshift.common.config.PricingSettings;
import io.nightshift.common.testing.TestSpark;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The price stage's transformations on hand-written frames. */
class PriceFramesTest {
    static final LocalDate D = LocalDate.of(2026, 3, 10);
    static SparkSession spark;

    @BeforeAll
    static void session() {
        spark = TestSpark.session();
    }

    static Date day(int offset) {
        return Date.valueOf(D.plusDays(offset));
    }

    static BigDecimal money(String s) {
        return new BigDecimal(s);
    }

    static Dataset<Row> frame(TableSpec spec, Row... rows) {
        return spark.createDataFrame(List.of(rows), spec.schema().orElseThrow());
    }

    Dataset<Row> inputs() {
        Timestamp now = Timestamp.valueOf("2026-03-01 00:00:00");
        Dataset<Row> products = frame(
                Tables.PRODUCTS,
                RowFactory.create(
                        1,
                        "SKU-1",
                        "Forecast",
                        "coffee",
                        "b",
                        money("20.00"),
                        money("8.00"),
                        "USD",
                        true,
                        Date.valueOf("2025-01-01"),
                        now),
                RowFactory.create(2, "SKU-2", "NoForecast", "tea", "b", money("10.00"), null, "USD", true, null, now),
                RowFactory.create(
                        3, "SKU-3", "Inactive", "tea", "b", money("10.00"), money("5.00"), "USD", false, null, now),
                RowFactory.create(
                        4,
                        "SKU-4",
                        "NotLaunched",
                        "tea",
                        "b",
                        money("10.00"),
                        money("5.00"),
                        "USD",
                        true,
                        day(1),
                        now));
        Dataset<Row> inventory = frame(
                Tables.INVENTORY_DAILY,
                RowFactory.create(1, day(-3), 100, 0, 100),
                RowFactory.create(1, day(0), 15, 3, 12),
                RowFactory.create(1, day(1), 999, 0, 999),
                RowFactory.create(2, day(-40), 500, 0, 500));
        Dataset<Row> safety = spark.createDataFrame(List.of(RowFactory.create(1, 3)), PriceStage.SAFETY_STOCK_COLUMNS);
        Dataset<Row> competitors = frame(
                Tables.COMPETITOR_PRICES,
                RowFactory.create(1, "acme", day(0), money("19.00")),
                RowFactory.create(1, "zilla", day(0), money("18.50")),
                RowFactory.create(1, "zilla", day(-1), money("1.00")));
        Dataset<Row> forecast = frame(
                Tables.DEMAND_FORECAST,
                RowFactory.create(day(0), 1, day(2), 8.0, 6.0, 10.0, "m", null),
                RowFactory.create(day(0), 1, day(1), 9.0, 7.0, 11.0, "m", null),
                RowFactory.create(day(0), 1, day(0), 99.0, 99.0, 99.0, "m", null),
                RowFactory.create(day(-1), 2, day(1), 5.0, 4.0, 6.0, "m", null));
        Dataset<Row> elasticity = spark.createDataFrame(
                List.of(
                        RowFactory.create(day(-5), 1, -2.0, "category"),
                        RowFactory.create(day(-1), 1, -1.8, "product")),
                PriceStage.ELASTICITY_COLUMNS);
        Dataset<Row> prices = spark.createDataFrame(
                List.of(
                        RowFactory.create(
                                day(-2),
                                1,
                                "SKU-1",
                                money("19.00"),
                                money("20.00"),
                                "USD",
                                "rules",
                                List.of("X"),
                                null,
                                null,
                                null,
                                null,
                                money("8"),
                                money("30"),
                                money("8"),
                                money("20"),
                                null),
                        RowFactory.create(
                                day(-1),
                                1,
                                "SKU-1",
                                money("19.50"),
                                money("19.00"),
                                "USD",
                                "rules",
                                List.of("X"),
                                null,
                                null,
                                null,
                                null,
                                money("8"),
                                money("30"),
                                money("8"),
                                money("20"),
                                null),
                        RowFactory.create(
                                day(0),
                                1,
                                "SKU-1",
                                money("1.00"),
                                money("19.50"),
                                "USD",
                                "rules",
                                List.of("X"),
                                null,
                                null,
                                null,
                                null,
                                money("8"),
                                money("30"),
                                money("8"),
                                money("20"),
                                null)),
                Tables.PRICES.schema().orElseThrow());
        return PriceFrames.inputs(D, 14, products, inventory, safety, competitors, forecast, elasticity, prices);
    }

    @Test
    void inputsGatherEachProductsLatestFacts() {
        Map<Integer, Row> rows = inputs().collectAsList().stream().collect(Collectors.toMap(r -> r.getInt(0), r -> r));
        assertEquals(
                List.of(1, 2),
                rows.keySet().stream().sorted().toList(),
                "inactive and not-yet-launched products are not priced");
        PricingInput one = PriceFrames.toInput(rows.get(1), D);
        assertEquals(15, one.onHand(), "the latest stock on or before the date");
        assertEquals(9, one.availableStock(), "on hand - reserved - safety stock");
        assertEquals(money("18.50"), one.lowestCompetitor(), "the date's lowest competitor price");
        assertEquals(2, one.forecast().length, "days after the date only, in day order");
        assertEquals(9.0, one.forecast()[0]);
        assertEquals(8.0, one.forecast()[1]);
        assertEquals(-1.8, one.elasticity(), "the latest elasticity run");
        assertEquals("product", one.poolingLevel());
        assertNull(one.elasticityIntervalWidth(), "a frame without ci_low and ci_high: no interval");
        assertEquals(D, one.runDate());
        assertEquals(money("19.50"), one.previousPrice(), "the latest run before the date");

        PricingInput two = PriceFrames.toInput(rows.get(2), D);
        assertNull(two.onHand(), "stock older than the lookback is not used");
        assertFalse(two.hasForecast(), "another run's forecast is not this date's");
        assertNull(two.elasticity());
        assertEquals(money("10.00"), two.previousPrice(), "no earlier run: the base price");
        assertEquals(0, two.safetyStock());
    }

    /** One product selling 5 a day at base 44 (cost 20, elasticity -2 with a wide interval), priced on {@code date}. */
    Dataset<Row> experimentInputs(LocalDate date) {
        Timestamp now = Timestamp.valueOf("2026-03-01 00:00:00");
        Date runDate = Date.valueOf(date);
        Dataset<Row> products = frame(
                Tables.PRODUCTS,
                RowFactory.create(
                        5, "SKU-5", "Tested", "coffee", "b", money("44.00"), money("20.00"), "USD", true, null, now));
        Dataset<Row> inventory = frame(Tables.INVENTORY_DAILY, RowFactory.create(5, runDate, 200, 0, 200));
        Row[] daily = new Row[14];
        for (int i = 0; i < daily.length; i++) {
            daily[i] = RowFactory.create(runDate, 5, Date.valueOf(date.plusDays(i + 1)), 5.0, 4.0, 6.0, "m");
        }
        StructType withInterval = PriceStage.ELASTICITY_COLUMNS
                .add("ci_low", DataTypes.DoubleType)
                .add("ci_high", DataTypes.DoubleType);
        Dataset<Row> elasticity = spark.createDataFrame(
                List.of(RowFactory.create(Date.valueOf(date.minusDays(1)), 5, -2.0, "product", -3.0, -1.0)),
                withInterval);
        return PriceFrames.inputs(
                date,
                14,
                products,
                inventory,
                spark.createDataFrame(List.of(), PriceStage.SAFETY_STOCK_COLUMNS),
                frame(Tables.COMPETITOR_PRICES),
                frame(Tables.DEMAND_FORECAST, daily),
                elasticity,
                frame(Tables.PRICES));
    }

    @Test
    void experimentsBecomeGoldRowsWithTheirExpectedCost() {
        PricingSettings off =
                PricingSettings.from(ConfigFactory.defaultReference()).withControlGroupShare(0);
        PricingSettings on = off.withExperiments(
                off.experiments().withEnabled(true).withShare(1).withMaxProfitLoss(0.5));
        LocalDate up = D;
        while (PriceExperiment.level(5, up, 0) != 1) {
            up = up.plusWeeks(1);
        }
        PricingInput in = PriceFrames.toInput(experimentInputs(up).head(), up);
        assertEquals(2.0, in.elasticityIntervalWidth(), 1e-12, "ci_high - ci_low of the latest estimate");

        Row optimum = PriceFrames.decide(experimentInputs(up), up, off).head();
        assertEquals(money("39.99"), optimum.getAs("price"));
        assertFalse(optimum.getList(optimum.fieldIndex("reason_codes")).contains("PRICE_EXPERIMENT"));
        assertNull(optimum.getAs("expected_profit_at_optimum"));

        List<Row> tested = PriceFrames.decide(experimentInputs(up), up, on).collectAsList();
        Row row = tested.get(0);
        assertEquals(money("40.99"), row.getAs("price"), "39.99 + 5% within the .99 endings");
        assertEquals(
                "PRICE_EXPERIMENT", row.getList(row.fieldIndex("reason_codes")).get(0));
        assertEquals(optimum.<Double>getAs("expected_profit"), row.<Double>getAs("expected_profit_at_optimum"), 1e-9);
        assertTrue(row.<Double>getAs("expected_profit") < row.<Double>getAs("expected_profit_at_optimum"));
        assertEquals(
                tested, PriceFrames.decide(experimentInputs(up), up, on).collectAsList(), "a rerun prices the same");
    }

    @Test
    void decideGivesGoldRowsWithReasons() {
        PricingSettings rules =
                PricingSettings.from(ConfigFactory.defaultReference()).withStrategy(PricingSettings.Strategy.RULES);
        Map<Integer, Row> rows = PriceFrames.decide(inputs(), D, rules).collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getInt(r.fieldIndex("product_id")), r -> r));
        Row one = rows.get(1);
        // stock 9 < 10 but demand 17 is not > 50: max(20 x 1.02, 18.50 + 1.00) = 20.40
        assertEquals(money("20.40"), one.getAs("price"));
        assertEquals(List.of("STANDARD_MARKUP"), one.getList(one.fieldIndex("reason_codes")));
        assertEquals(Date.valueOf(D), one.getAs("run_date"));
        assertTrue(one.<Double>getAs("expected_units") > 0);
        Row two = rows.get(2);
        assertEquals(money("10.00"), two.getAs("price"));
        assertEquals(List.of("NO_FORECAST_FALLBACK", "UNKNOWN_COST"), two.getList(two.fieldIndex("reason_codes")));
        assertNull(two.getAs("expected_profit"));
        assertEquals(Tables.PRICES.schema().orElseThrow().fieldNames().length, one.size());
    }
}
