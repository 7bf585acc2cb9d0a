package io.nightshift.jobs.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nightshift.common.catalog.Tables;
import io.nightshift.common.testing.TestSpark;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Realised sales under the price in force, on hand-written frames with exact expected sums. */
class PricingPerformanceTest {
    static final LocalDate RUN = LocalDate.of(2026, 11, 10);

    static Date d(int dayOfNovember) {
        return Date.valueOf(LocalDate.of(2026, 11, dayOfNovember));
    }

    static BigDecimal money(String value) {
        return new BigDecimal(value);
    }

    static Row price(int run, int product, String price, String strategy, List<String> reasons, String unitCost) {
        return RowFactory.create(
                d(run),
                product,
                money(price),
                strategy,
                reasons.toArray(new String[0]),
                unitCost == null ? null : money(unitCost),
                money("10.00"));
    }

    static Row sale(int product, int day, long units, String revenue, boolean stockout) {
        return RowFactory.create(product, d(day), units, money(revenue), stockout);
    }

    @Test
    void sumsEachDaysSalesUnderThePriceInForceByStrategyAndControlGroup() {
        SparkSession spark = TestSpark.session();
        StructType priceSchema = new StructType()
                .add("run_date", DataTypes.DateType)
                .add("product_id", DataTypes.IntegerType)
                .add("price", DataTypes.createDecimalType(12, 2))
                .add("strategy", DataTypes.StringType)
                .add("reason_codes", DataTypes.createArrayType(DataTypes.StringType))
                .add("unit_cost", DataTypes.createDecimalType(12, 2))
                .add("base_price", DataTypes.createDecimalType(12, 2));
        List<String> optimum = List.of("PROFIT_OPTIMUM");
        List<String> control = List.of("STANDARD_MARKUP", "CONTROL_GROUP");
        Dataset<Row> prices = spark.createDataFrame(
                List.of(
                        price(1, 1, "9.00", "optimize", optimum, "6.00"), // replaced by the 5th before the window
                        price(5, 1, "10.00", "optimize", optimum, "6.00"), // in force on the 6th..8th
                        price(8, 1, "11.00", "optimize", optimum, "6.00"), // in force on the 9th and 10th
                        price(10, 1, "12.00", "optimize", optimum, "6.00"), // the run date's own price: from the 11th
                        price(7, 2, "20.00", "rules", control, "15.00"), // control group, the 8th and 9th
                        price(9, 2, "21.00", "rules", control, "15.00"), // the 10th
                        price(
                                12, 2, "30.00", "rules", control,
                                "15.00"), // a later run (as in a backfill): never counts
                        price(9, 3, "9.99", "optimize", optimum, null)), // unknown cost: 70% of base 10.00; the 10th
                priceSchema);
        StructType salesSchema = new StructType()
                .add("product_id", DataTypes.IntegerType)
                .add("day", DataTypes.DateType)
                .add("units", DataTypes.LongType)
                .add("revenue", DataTypes.createDecimalType(16, 2))
                .add("stockout", DataTypes.BooleanType);
        Dataset<Row> sales = spark.createDataFrame(
                List.of(
                        sale(1, 7, 100, "900.00", false), // before the window
                        sale(1, 8, 2, "20.00", false),
                        sale(1, 9, 3, "33.00", false),
                        sale(1, 10, 0, "0.00", true),
                        sale(1, 11, 50, "600.00", false), // after the run date
                        sale(2, 8, 1, "20.00", false),
                        sale(2, 9, 0, "0.00", false),
                        sale(2, 10, 2, "42.00", false),
                        sale(3, 9, 5, "50.00", false), // no price of ours in force yet: not counted
                        sale(3, 10, 4, "39.96", false)),
                salesSchema);

        Dataset<Row> measured = PricingPerformance.measure(prices, sales, RUN, 3);
        assertEquals(
                Arrays.asList(Tables.PRICING_PERFORMANCE.schema().orElseThrow().fieldNames()),
                Arrays.asList(measured.columns()));
        List<Row> rows = measured.orderBy("day", "control_group").collectAsList();
        assertEquals(
                List.of(
                        RowFactory.create(
                                d(10),
                                d(8),
                                "optimize",
                                false,
                                1L,
                                0L,
                                2L,
                                money("20.00"),
                                money("12.00"),
                                money("8.00"),
                                10.0,
                                2.0,
                                20.0,
                                8.0),
                        RowFactory.create(
                                d(10),
                                d(8),
                                "rules",
                                true,
                                1L,
                                0L,
                                1L,
                                money("20.00"),
                                money("15.00"),
                                money("5.00"),
                                20.0,
                                1.0,
                                20.0,
                                5.0),
                        RowFactory.create(
                                d(10),
                                d(9),
                                "optimize",
                                false,
                                1L,
                                0L,
                                3L,
                                money("33.00"),
                                money("18.00"),
                                money("15.00"),
                                11.0,
                                3.0,
                                33.0,
                                15.0),
                        RowFactory.create(
                                d(10),
                                d(9),
                                "rules",
                                true,
                                1L,
                                0L,
                                0L,
                                money("0.00"),
                                money("0.00"),
                                money("0.00"),
                                20.0,
                                0.0,
                                0.0,
                                0.0),
                        // product 1 at 11.00 (stocked out, nothing sold) and product 3 at 9.99: 4 units, cost 4 x 7.00
                        RowFactory.create(
                                d(10),
                                d(10),
                                "optimize",
                                false,
                                2L,
                                1L,
                                4L,
                                money("39.96"),
                                money("28.00"),
                                money("11.96"),
                                (11.0 + 9.99) / 2,
                                2.0,
                                19.98,
                                5.98),
                        RowFactory.create(
                                d(10),
                                d(10),
                                "rules",
                                true,
                                1L,
                                0L,
                                2L,
                                money("42.00"),
                                money("30.00"),
                                money("12.00"),
                                21.0,
                                2.0,
                                42.0,
                                12.0)),
                rows);
    }
}
