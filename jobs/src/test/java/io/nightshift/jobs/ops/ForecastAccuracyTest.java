package io.nightshift.jobs.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nightshift.common.testing.TestSpark;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Scoring past forecasts on hand-written frames. */
class ForecastAccuracyTest {
    static final LocalDate RUN = LocalDate.of(2026, 11, 10);

    static Date d(int dayOfNovember) {
        return Date.valueOf(LocalDate.of(2026, 11, dayOfNovember));
    }

    @Test
    void scoresPastForecastsByProductModelAndHorizonLeavingOutStockoutsAndTheFuture() {
        SparkSession spark = TestSpark.session();
        StructType forecastSchema = new StructType()
                .add("run_date", DataTypes.DateType)
                .add("product_id", DataTypes.IntegerType)
                .add("day", DataTypes.DateType)
                .add("yhat", DataTypes.DoubleType)
                .add("yhat_lower", DataTypes.DoubleType)
                .add("yhat_upper", DataTypes.DoubleType)
                .add("model", DataTypes.StringType);
        Dataset<Row> forecasts = spark.createDataFrame(
                List.of(
                        RowFactory.create(
                                d(8), 1, d(9), 10.0, 8.0, 12.0, "ets"), // 1 day ahead, actual 12: error -2, inside
                        RowFactory.create(
                                d(7), 1, d(9), 15.0, 14.0, 16.0, "ets"), // 2 days ahead, actual 12: error +3, outside
                        RowFactory.create(
                                d(8), 1, d(10), 9.0, 7.0, 11.0, "ets"), // 2 days ahead, stockout day: left out
                        RowFactory.create(d(10), 1, d(11), 9.0, 7.0, 11.0, "ets"), // the future: not scored
                        RowFactory.create(d(9), 2, d(10), 4.0, 0.0, 8.0, "croston")), // 1 day ahead, actual 0
                forecastSchema);
        StructType salesSchema = new StructType()
                .add("product_id", DataTypes.IntegerType)
                .add("day", DataTypes.DateType)
                .add("units", DataTypes.LongType)
                .add("stockout", DataTypes.BooleanType);
        Dataset<Row> sales = spark.createDataFrame(
                List.of(
                        RowFactory.create(1, d(9), 12L, false),
                        RowFactory.create(1, d(10), 1L, true),
                        RowFactory.create(2, d(10), 0L, false)),
                salesSchema);

        List<Row> rows = ForecastAccuracy.score(forecasts, sales, RUN, 28)
                .select("product_id", "model", "horizon", "n", "mae", "bias", "wape", "interval_coverage")
                .orderBy("product_id", "horizon")
                .collectAsList();
        assertEquals(
                List.of(
                        RowFactory.create(1, "ets", 1, 1L, 2.0, -2.0, 2.0 / 12, 1.0),
                        RowFactory.create(1, "ets", 2, 1L, 3.0, 3.0, 3.0 / 12, 0.0),
                        RowFactory.create(2, "croston", 1, 1L, 4.0, 4.0, null, 1.0)),
                rows);
    }
}
