package io.nightshift.jobs.ops;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;

/**
 * Scores past forecasts against what sold: the rows of {@code gold.forecast_accuracy} for one run date.
 * Pure: frames in, frame out.
 */
public final class ForecastAccuracy {
    private ForecastAccuracy() {}

    /**
     * @param forecasts   gold.demand_forecast rows (run_date, product_id, day, yhat, yhat_lower, yhat_upper, model)
     * @param sales       silver.sales_daily rows (product_id, day, units, stockout)
     * @param runDate     the monitoring run's date: forecasts for days in (runDate - windowDays, runDate] are scored
     * @param windowDays  how many target days back each run scores
     */
    private static final DecimalType EXACT = DataTypes.createDecimalType(38, 18);

    public static Dataset<Row> score(Dataset<Row> forecasts, Dataset<Row> sales, LocalDate runDate, int windowDays) {
        Column first = lit(Date.valueOf(runDate.minusDays(windowDays - 1L)));
        Column last = lit(Date.valueOf(runDate));
        Dataset<Row> past = forecasts
                .where(col("day").between(first, last).and(col("day").gt(col("run_date"))))
                .select(
                        col("product_id"),
                        col("day"),
                        col("model"),
                        datediff(col("day"), col("run_date")).as("horizon"),
                        col("yhat"),
                        col("yhat_lower"),
                        col("yhat_upper"));
        Dataset<Row> actual = sales.where(
                        col("day").between(first, last).and(col("stockout").equalTo(false)))
                .select(
                        col("product_id"),
                        col("day"),
                        col("units").cast("double").as("actual"));
        Dataset<Row> joined = past.join(actual, new String[] {"product_id", "day"});
        // Sums and means in decimal: a sum of doubles depends on the order of its rows (files, partitions), and a
        // backfill must give the bits the nightlies gave.
        Column yhat = col("yhat").cast(EXACT);
        Column error = yhat.minus(col("actual").cast(EXACT));
        Column inside = when(col("actual").between(col("yhat_lower"), col("yhat_upper")), 1.0)
                .otherwise(0.0);
        return joined.groupBy("product_id", "model", "horizon")
                .agg(
                        count(lit(1)).as("n"),
                        sum("actual").as("actual_units"),
                        sum(yhat).cast("double").as("forecast_units"),
                        avg(abs(error)).cast("double").as("mae"),
                        avg(error).cast("double").as("bias"),
                        sum(abs(error)).cast("double").as("abs_error"),
                        avg(inside).as("interval_coverage"))
                .withColumn(
                        "wape", when(col("actual_units").gt(0), col("abs_error").divide(col("actual_units"))))
                .drop("abs_error")
                .withColumn("run_date", last)
                .withColumn("horizon", col("horizon").cast("int"));
    }
}
