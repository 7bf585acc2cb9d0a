package io.nightshift.jobs.elasticity;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;

import io.nightshift.common.config.ElasticitySettings;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructType;

/** The elasticity stage's transformations: pure functions of data frames, no IO. */
public final class ElasticityFrames {
    /** One row per product and usable-or-not day of the window, with its controls. */
    public static final StructType OBSERVATION = new StructType()
            .add("product_id", DataTypes.IntegerType, false)
            .add("category", DataTypes.StringType, true)
            .add("day", DataTypes.DateType, false)
            .add("units", DataTypes.LongType, false)
            .add("price", DataTypes.DoubleType, true)
            .add("stockout", DataTypes.BooleanType, false)
            .add("is_holiday", DataTypes.BooleanType, false)
            .add("competitor_log_index", DataTypes.DoubleType, false)
            .add("views", DataTypes.LongType, true)
            .add("add_to_cart", DataTypes.LongType, true);

    /** One row per product with a sales history in the window: its own regression. */
    public static final StructType ESTIMATE = new StructType()
            .add("product_id", DataTypes.IntegerType, false)
            .add("category", DataTypes.StringType, true)
            .add("status", DataTypes.StringType, false)
            .add("raw_elasticity", DataTypes.DoubleType, true)
            .add("raw_std_error", DataTypes.DoubleType, true)
            .add("n_obs", DataTypes.LongType, false)
            .add("distinct_prices", DataTypes.IntegerType, false)
            .add("total_units", DataTypes.LongType, false);

    public static final StructType PUBLISHED = new StructType()
            .add("run_date", DataTypes.DateType, false)
            .add("product_id", DataTypes.IntegerType, false)
            .add("category", DataTypes.StringType, true)
            .add("elasticity", DataTypes.DoubleType, false)
            .add("ci_low", DataTypes.DoubleType, false)
            .add("ci_high", DataTypes.DoubleType, false)
            .add("pooling_level", DataTypes.StringType, false)
            .add("n_obs", DataTypes.LongType, false)
            .add("distinct_prices", DataTypes.IntegerType, false)
            .add("raw_elasticity", DataTypes.DoubleType, true)
            .add("raw_std_error", DataTypes.DoubleType, true)
            .add("product_weight", DataTypes.DoubleType, false)
            .add("flagged", DataTypes.BooleanType, false)
            .add("reason", DataTypes.StringType, true);

    private ElasticityFrames() {}

    /**
     * A competitor price index per product and day: each competitor's log price relative to its own mean
     * over the window, averaged over the competitors seen that day. Relative to each competitor's mean, so a
     * missing feed (one competitor absent a day) does not move the index by that competitor's price level.
     */
    public static Dataset<Row> competitorIndex(Dataset<Row> competitorPrices, LocalDate from, LocalDate to) {
        // The averages are taken in decimal: a sum of doubles depends on the order of its rows, which depends on
        // how the rows sit in files and partitions, and a backfill must give the bits the nightlies gave.
        Dataset<Row> window = competitorPrices
                .filter(col("day").geq(lit(Date.valueOf(from))).and(col("day").leq(lit(Date.valueOf(to)))))
                .filter(col("price").gt(0))
                .withColumn(
                        "log_price",
                        log(col("price").cast(DataTypes.DoubleType)).cast(EXACT));
        return window.withColumn(
                        "relative",
                        col("log_price")
                                .minus(avg("log_price").over(Window.partitionBy("product_id", "competitor")))
                                .cast(EXACT))
                .groupBy("product_id", "day")
                .agg(avg("relative").cast(DataTypes.DoubleType).as("competitor_log_index"));
    }

    /** Exact for sums of log prices: 18 decimals, far below a double's precision at these magnitudes. */
    private static final DecimalType EXACT = DataTypes.createDecimalType(38, 18);

    /** The product-days of the window with price, stock-out flag, holiday, competitor index and traffic. */
    public static Dataset<Row> observations(
            Dataset<Row> sales,
            Dataset<Row> products,
            Dataset<Row> calendar,
            Dataset<Row> competitorIndex,
            Dataset<Row> traffic,
            LocalDate from,
            LocalDate to) {
        Dataset<Row> days = sales.filter(
                        col("day").geq(lit(Date.valueOf(from))).and(col("day").leq(lit(Date.valueOf(to)))))
                .select(
                        col("product_id"),
                        col("day"),
                        col("units"),
                        col("avg_unit_price").cast(DataTypes.DoubleType).as("price"),
                        col("stockout"));
        return days.join(products.select("product_id", "category"), "product_id")
                .join(calendar.select("day", "is_holiday"), days.col("day").equalTo(calendar.col("day")), "left")
                .drop(calendar.col("day"))
                .join(competitorIndex, new String[] {"product_id", "day"}, "left")
                .join(
                        traffic.select("product_id", "day", "views", "add_to_cart"),
                        new String[] {"product_id", "day"},
                        "left")
                .select(
                        col("product_id"),
                        col("category"),
                        col("day"),
                        col("units"),
                        col("price"),
                        col("stockout"),
                        coalesce(col("is_holiday"), lit(false)).as("is_holiday"),
                        coalesce(col("competitor_log_index"), lit(0.0)).as("competitor_log_index"),
                        col("views").cast(DataTypes.LongType).as("views"),
                        col("add_to_cart").cast(DataTypes.LongType).as("add_to_cart"));
    }

    /** Each product's own regression, fitted on the executors (one group per product). */
    public static Dataset<Row> estimates(Dataset<Row> observations, ElasticitySettings settings) {
        return observations
                .groupByKey((MapFunction<Row, Integer>) r -> r.getInt(r.fieldIndex("product_id")), Encoders.INT())
                .flatMapGroups(
                        (FlatMapGroupsFunction<Integer, Row, Row>)
                                (productId, rows) -> List.of(toRow(estimate(productId, rows, settings)))
                                        .iterator(),
                        Encoders.row(ESTIMATE));
    }

    static ProductEstimate estimate(int productId, Iterator<Row> rows, ElasticitySettings settings) {
        List<DemandDesign.Day> history = new ArrayList<>();
        String category = null;
        while (rows.hasNext()) {
            Row r = rows.next();
            category = r.getAs("category");
            Object price = r.getAs("price");
            history.add(new DemandDesign.Day(
                    ((Date) r.getAs("day")).toLocalDate(),
                    r.<Long>getAs("units"),
                    price == null ? null : (Double) price,
                    r.<Boolean>getAs("stockout"),
                    r.<Boolean>getAs("is_holiday"),
                    r.<Double>getAs("competitor_log_index"),
                    r.<Long>getAs("views"),
                    r.<Long>getAs("add_to_cart")));
        }
        return ProductEstimate.estimate(productId, category, history, settings);
    }

    static Row toRow(ProductEstimate e) {
        return RowFactory.create(
                e.productId(),
                e.category(),
                e.status().name(),
                e.fitted() ? e.elasticity() : null,
                e.fitted() ? e.standardError() : null,
                e.observations(),
                e.distinctPrices(),
                e.totalUnits());
    }

    static ProductEstimate fromRow(Row r) {
        Object raw = r.getAs("raw_elasticity");
        Object se = r.getAs("raw_std_error");
        return new ProductEstimate(
                r.getAs("product_id"),
                r.getAs("category"),
                ProductEstimate.Status.valueOf(r.getAs("status")),
                raw == null ? Double.NaN : (Double) raw,
                se == null ? Double.NaN : (Double) se,
                r.<Long>getAs("n_obs"),
                r.<Integer>getAs("distinct_prices"),
                r.<Long>getAs("total_units"));
    }

    /**
     * gold.price_elasticity rows: every product of {@code products} (with its estimate, or none when it had no
     * sales history in the window) shrunk by {@code shrinkage}.
     */
    public static Dataset<Row> publish(
            Dataset<Row> products, Dataset<Row> estimates, Shrinkage shrinkage, LocalDate runDate) {
        Date run = Date.valueOf(runDate);
        Dataset<Row> joined = products.select("product_id", "category")
                .join(estimates.drop("category"), new String[] {"product_id"}, "left");
        return joined.map(
                (MapFunction<Row, Row>) r -> {
                    int productId = r.getAs("product_id");
                    String category = r.getAs("category");
                    ProductEstimate estimate = r.getAs("status") == null
                            ? new ProductEstimate(
                                    productId,
                                    category,
                                    ProductEstimate.Status.NO_SALES,
                                    Double.NaN,
                                    Double.NaN,
                                    0,
                                    0,
                                    0)
                            : fromRow(r);
                    Shrinkage.Result result = shrinkage.apply(estimate);
                    return RowFactory.create(
                            run,
                            productId,
                            category,
                            result.elasticity(),
                            result.ciLow(),
                            result.ciHigh(),
                            result.poolingLevel(),
                            estimate.observations(),
                            estimate.distinctPrices(),
                            estimate.fitted() ? estimate.elasticity() : null,
                            estimate.fitted() ? estimate.standardError() : null,
                            result.productWeight(),
                            result.flagged(),
                            result.reason());
                },
                Encoders.row(PUBLISHED));
    }
}
