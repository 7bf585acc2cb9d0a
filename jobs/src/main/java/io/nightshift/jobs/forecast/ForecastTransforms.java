package io.nightshift.jobs.forecast;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.nightshift.common.config.ForecastStageSettings;
import io.nightshift.jobs.forecast.model.GlobalForecast;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/** The forecast stage's pure transformations: silver tables in, per-product models, gold rows out. */
public final class ForecastTransforms {
    private ForecastTransforms() {}

    /**
     * One row per active product and history day: units (null on a stock-out day: censored demand, not a
     * zero), the day's average selling price, the mean competitor price and the holiday flag.
     */
    public static Dataset<Row> history(
            Dataset<Row> sales,
            Dataset<Row> competitorPrices,
            Dataset<Row> calendar,
            Dataset<Row> products,
            LocalDate from,
            LocalDate to) {
        Column window = col("day").between(lit(Date.valueOf(from)), lit(Date.valueOf(to)));
        Dataset<Row> competitor = competitorPrices
                .filter(window)
                .groupBy("product_id", "day")
                .agg(avg(col("price").cast("double")).as("competitor_price"));
        Dataset<Row> active = products.filter(col("active")).select("product_id");
        return sales.filter(window)
                .join(active, "product_id")
                .join(competitor, new String[] {"product_id", "day"}, "left")
                .join(calendar.select("day", "is_holiday"), new String[] {"day"}, "left")
                .select(
                        col("product_id"),
                        col("day"),
                        when(col("stockout"), lit(null))
                                .otherwise(col("units").cast("double"))
                                .as("units"),
                        col("avg_unit_price").cast("double").as("price"),
                        col("competitor_price"),
                        coalesce(col("is_holiday"), lit(false)).as("is_holiday"));
    }

    /** Every product's model, forecast and backtest (one row per product, see {@link ProductForecast#OUTPUT}). */
    public static Dataset<Row> fit(
            Dataset<Row> history, LocalDate runDate, ForecastStageSettings settings, Set<LocalDate> futureHolidays) {
        return fit(history, runDate, settings, futureHolidays, null);
    }

    /** @param global the global model's forecasts by product, broadcast; null when it did not run */
    public static Dataset<Row> fit(
            Dataset<Row> history,
            LocalDate runDate,
            ForecastStageSettings settings,
            Set<LocalDate> futureHolidays,
            Broadcast<Map<Integer, GlobalForecast>> global) {
        return history.groupByKey((MapFunction<Row, Integer>) r -> r.<Integer>getAs("product_id"), Encoders.INT())
                .flatMapGroups(
                        new ProductForecast(runDate, settings, futureHolidays, global),
                        Encoders.row(ProductForecast.OUTPUT));
    }

    /**
     * Every modelled product's days (as the stage's per-product fit sees them), gathered on the driver for the global
     * model: product id to its {@link ProductDays}.
     */
    static Map<Integer, ProductDays> productDays(
            Dataset<Row> history, LocalDate runDate, ForecastStageSettings settings, Set<LocalDate> futureHolidays) {
        int h = settings.horizonDays();
        List<Tuple2<Integer, ProductDays>> collected = history.groupByKey(
                        (MapFunction<Row, Integer>) r -> r.<Integer>getAs("product_id"), Encoders.INT())
                .flatMapGroups(
                        (FlatMapGroupsFunction<Integer, Row, Tuple2<Integer, ProductDays>>) (id, rows) -> {
                            ProductDays d = ProductForecast.days(rows, runDate, h, futureHolidays);
                            return DemandForecast.modelled(d.units(), settings)
                                    ? List.of(new Tuple2<>(id, d)).iterator()
                                    : Collections.emptyIterator();
                        },
                        Encoders.tuple(Encoders.INT(), Encoders.javaSerialization(ProductDays.class)))
                .collectAsList();
        Map<Integer, ProductDays> out = new TreeMap<>();
        for (Tuple2<Integer, ProductDays> t : collected) {
            out.put(t._1(), t._2());
        }
        return out;
    }

    /**
     * gold.demand_forecast rows of the products with a model of their own; {@code adjustment} says when screening
     * capped one-off orders in the history or the sanity bound scaled the forecast (null otherwise).
     */
    public static Dataset<Row> forecasts(Dataset<Row> fitted, LocalDate runDate) {
        return fitted.filter(col("model").notEqual(lit(ProductForecast.CATEGORY_PROFILE)))
                .select(
                        col("product_id"),
                        col("model"),
                        col("adjustment"),
                        explode(col("forecast")).as("f"))
                .select(
                        lit(Date.valueOf(runDate)).as("run_date"),
                        col("product_id"),
                        col("f.day").as("day"),
                        col("f.yhat").as("yhat"),
                        col("f.yhat_lower").as("yhat_lower"),
                        col("f.yhat_upper").as("yhat_upper"),
                        col("model"),
                        col("adjustment"));
    }

    /** gold.forecast_backtest rows. */
    public static Dataset<Row> backtest(Dataset<Row> fitted, LocalDate runDate) {
        return fitted.select(col("product_id"), explode(col("backtest")).as("b"))
                .select(
                        lit(Date.valueOf(runDate)).as("run_date"),
                        col("product_id"),
                        col("b.model").as("model"),
                        col("b.origin").as("origin"),
                        col("b.horizon").as("horizon"),
                        col("b.mase").as("mase"),
                        col("b.smape").as("smape"),
                        col("b.bias").as("bias"),
                        col("b.interval_coverage").as("interval_coverage"),
                        col("b.chosen").as("chosen"));
    }

    /**
     * Forecasts for active products with too short a history (or none): their category's profile, i.e. per
     * day the category's summed forecast (and bounds) over the summed recent level of its modelled products,
     * times the product's own recent level (the category's mean level when it has sold nothing yet). A
     * category without any modelled product uses the profile of all products.
     */
    public static Dataset<Row> categoryFallback(
            Dataset<Row> fitted, Dataset<Row> modelled, Dataset<Row> products, LocalDate runDate, int horizonDays) {
        Dataset<Row> category = products.filter(col("active"))
                .select(col("product_id"), coalesce(col("category"), lit("")).as("category"));
        Dataset<Row> levels = fitted.select("product_id", "recent_level", "model");
        Dataset<Row> base = modelled.join(levels.select("product_id", "recent_level"), "product_id")
                .filter(col("recent_level").gt(0))
                .join(category, "product_id");
        Dataset<Row> byCategory = base.groupBy("category", "day")
                .agg(
                        (sum("yhat").divide(sum("recent_level"))).as("r_yhat"),
                        (sum("yhat_lower").divide(sum("recent_level"))).as("r_lower"),
                        (sum("yhat_upper").divide(sum("recent_level"))).as("r_upper"));
        Dataset<Row> overall = base.groupBy("day")
                .agg(
                        (sum("yhat").divide(sum("recent_level"))).as("g_yhat"),
                        (sum("yhat_lower").divide(sum("recent_level"))).as("g_lower"),
                        (sum("yhat_upper").divide(sum("recent_level"))).as("g_upper"));
        Dataset<Row> categoryLevel = levels.filter(col("model").notEqual(lit(ProductForecast.CATEGORY_PROFILE)))
                .join(category, "product_id")
                .groupBy("category")
                .agg(avg("recent_level").as("category_level"));
        double globalLevel = 0;
        // products needing the fallback: short history, or active with no sales row at all
        Dataset<Row> needing = category.join(levels, new String[] {"product_id"}, "left")
                .filter(col("model").isNull().or(col("model").equalTo(lit(ProductForecast.CATEGORY_PROFILE))))
                .join(categoryLevel, new String[] {"category"}, "left")
                .select(
                        col("product_id"),
                        col("category"),
                        coalesce(col("recent_level"), col("category_level"), lit(globalLevel))
                                .as("level"));
        // every horizon day, with the all-product profile; flat (level, 0 .. 2 x level) when nothing is modelled
        List<Row> dayRows = new ArrayList<>();
        for (int k = 1; k <= horizonDays; k++) {
            dayRows.add(RowFactory.create(Date.valueOf(runDate.plusDays(k))));
        }
        Dataset<Row> days = fitted.sparkSession()
                .createDataFrame(dayRows, new StructType().add("day", DataTypes.DateType, false))
                .join(overall, new String[] {"day"}, "left")
                .select(
                        col("day"), coalesce(col("g_yhat"), lit(1.0)).as("g_yhat"),
                        coalesce(col("g_lower"), lit(0.0)).as("g_lower"),
                                coalesce(col("g_upper"), lit(2.0)).as("g_upper"));
        return needing.crossJoin(days)
                .join(byCategory, new String[] {"category", "day"}, "left")
                .select(
                        lit(Date.valueOf(runDate)).as("run_date"),
                        col("product_id"),
                        col("day"),
                        col("level")
                                .multiply(coalesce(col("r_yhat"), col("g_yhat")))
                                .as("yhat"),
                        col("level")
                                .multiply(coalesce(col("r_lower"), col("g_lower")))
                                .as("lo"),
                        col("level")
                                .multiply(coalesce(col("r_upper"), col("g_upper")))
                                .as("hi"),
                        lit(ProductForecast.CATEGORY_PROFILE).as("model"))
                .select(
                        col("run_date"),
                        col("product_id"),
                        col("day"),
                        col("yhat"),
                        least(col("lo"), col("yhat")).as("yhat_lower"),
                        greatest(col("hi"), col("yhat")).as("yhat_upper"),
                        col("model"),
                        lit(null).cast(DataTypes.StringType).as("adjustment"));
    }
}
