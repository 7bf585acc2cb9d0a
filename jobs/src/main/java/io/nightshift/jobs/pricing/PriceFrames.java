package io.nightshift.jobs.pricing;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;

import io.nightshift.common.catalog.Tables;
import io.nightshift.common.config.PricingSettings;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;

/**
 * The price stage's transformations, pure {@code Dataset -> Dataset} functions: gather each product's inputs
 * for a run date into one row ({@link #inputs}), then price every row on the executors ({@link #decide}).
 */
public final class PriceFrames {
    /** Stock older than this many days before the run date is not trusted: the product counts as without stock data. */
    public static final int STOCK_LOOKBACK_DAYS = 30;

    /** One row per product to price: {@link PricingInput}'s fields as columns. */
    public static final StructType INPUT_SCHEMA = new StructType()
            .add("product_id", DataTypes.IntegerType, false)
            .add("sku", DataTypes.StringType, false)
            .add("category", DataTypes.StringType, true)
            .add("currency", DataTypes.StringType, false)
            .add("base_price", DataTypes.createDecimalType(12, 2), false)
            .add("unit_cost", DataTypes.createDecimalType(12, 2), true)
            .add("previous_price", DataTypes.createDecimalType(12, 2), false)
            .add("on_hand", DataTypes.IntegerType, true)
            .add("reserved", DataTypes.IntegerType, false)
            .add("safety_stock", DataTypes.IntegerType, false)
            .add("lowest_competitor", DataTypes.createDecimalType(12, 2), true)
            .add("forecast", DataTypes.createArrayType(DataTypes.DoubleType, false), true)
            .add("elasticity", DataTypes.DoubleType, true)
            .add("pooling_level", DataTypes.StringType, true)
            .add("elasticity_low", DataTypes.DoubleType, true)
            .add("elasticity_high", DataTypes.DoubleType, true);

    private PriceFrames() {}

    /**
     * Each product on sale on {@code date} (active, launched by then) with everything its price depends on.
     *
     * @param products     silver.products
     * @param inventory    silver.inventory_daily (the latest row on or before the date counts)
     * @param safetyStock  product_id, safety_stock (the commerce database's inventory policy); may be empty
     * @param competitors  silver.competitor_prices (the date's lowest price counts)
     * @param forecast     gold.demand_forecast (the date's run, the days after the date up to the horizon)
     * @param elasticity   gold.price_elasticity (the latest run on or before the date); its interval (ci_low,
     *                     ci_high) when the frame has those columns, else none (then no price experiments)
     * @param prices       gold.prices (the latest run before the date gives the previous price; else base)
     */
    public static Dataset<Row> inputs(
            LocalDate date,
            int horizonDays,
            Dataset<Row> products,
            Dataset<Row> inventory,
            Dataset<Row> safetyStock,
            Dataset<Row> competitors,
            Dataset<Row> forecast,
            Dataset<Row> elasticity,
            Dataset<Row> prices) {
        Column day = lit(Date.valueOf(date));
        Dataset<Row> onSale = products.filter(col("active")
                        .and(col("launched_on").isNull().or(col("launched_on").leq(day))))
                .select("product_id", "sku", "category", "currency", "base_price", "unit_cost");

        Dataset<Row> stock = latestPer(
                        inventory.filter(col("day")
                                .leq(day)
                                .and(col("day").geq(lit(Date.valueOf(date.minusDays(STOCK_LOOKBACK_DAYS)))))),
                        "day")
                .select("product_id", "on_hand", "reserved");
        Dataset<Row> safety = safetyStock.select(col("product_id"), col("safety_stock"));
        Dataset<Row> lowest = competitors
                .filter(col("day").equalTo(day))
                .groupBy("product_id")
                .agg(min("price").as("lowest_competitor"));
        Dataset<Row> demand = forecast.filter(col("run_date")
                        .equalTo(day)
                        .and(col("day").gt(day))
                        .and(col("day").leq(lit(Date.valueOf(date.plusDays(horizonDays))))))
                .groupBy("product_id")
                .agg(sort_array(collect_list(struct(col("day"), col("yhat")))).as("days"))
                .select(col("product_id"), col("days.yhat").as("forecast"));
        List<String> elasticityColumns = List.of(elasticity.columns());
        Column ciLow = elasticityColumns.contains("ci_low")
                ? col("ci_low").cast(DataTypes.DoubleType)
                : lit(null).cast(DataTypes.DoubleType);
        Column ciHigh = elasticityColumns.contains("ci_high")
                ? col("ci_high").cast(DataTypes.DoubleType)
                : lit(null).cast(DataTypes.DoubleType);
        Dataset<Row> elastic = latestPer(elasticity.filter(col("run_date").leq(day)), "run_date")
                .select(
                        col("product_id"),
                        col("elasticity"),
                        col("pooling_level"),
                        ciLow.as("elasticity_low"),
                        ciHigh.as("elasticity_high"));
        Dataset<Row> previous = latestPer(prices.filter(col("run_date").lt(day)), "run_date")
                .select(col("product_id"), col("price").as("last_price"));

        Dataset<Row> joined = onSale.join(stock, "product_id", "left")
                .join(safety, "product_id", "left")
                .join(lowest, "product_id", "left")
                .join(demand, "product_id", "left")
                .join(elastic, "product_id", "left")
                .join(previous, "product_id", "left");
        return joined.select(
                col("product_id"),
                col("sku"),
                col("category"),
                col("currency"),
                col("base_price"),
                col("unit_cost"),
                coalesce(col("last_price"), col("base_price")).as("previous_price"),
                col("on_hand"),
                coalesce(col("reserved"), lit(0)).as("reserved"),
                coalesce(col("safety_stock"), lit(0)).as("safety_stock"),
                col("lowest_competitor")
                        .cast(DataTypes.createDecimalType(12, 2))
                        .as("lowest_competitor"),
                col("forecast"),
                col("elasticity"),
                col("pooling_level"),
                col("elasticity_low"),
                col("elasticity_high"));
    }

    /** Prices every input row on the executors; the rows are gold.prices' for {@code date}. */
    public static Dataset<Row> decide(Dataset<Row> inputs, LocalDate date, PricingSettings settings) {
        Pricer pricer = new Pricer(settings);
        Date runDate = Date.valueOf(date);
        StructType schema = Tables.PRICES.schema().orElseThrow();
        return inputs.mapPartitions(
                (MapPartitionsFunction<Row, Row>) rows -> new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return rows.hasNext();
                    }

                    @Override
                    public Row next() {
                        Row row = rows.next();
                        PricingInput in = toInput(row, date);
                        return toRow(runDate, row.getAs("currency"), in, pricer.price(in));
                    }
                },
                Encoders.row(schema));
    }

    /** The row's inputs for pricing on {@code date}. */
    static PricingInput toInput(Row row, LocalDate date) {
        List<Double> forecast =
                row.isNullAt(row.fieldIndex("forecast")) ? null : row.getList(row.fieldIndex("forecast"));
        double[] daily = null;
        if (forecast != null) {
            daily = new double[forecast.size()];
            for (int i = 0; i < daily.length; i++) {
                daily[i] = forecast.get(i) == null ? 0 : forecast.get(i);
            }
        }
        return new PricingInput(
                row.getAs("product_id"),
                row.getAs("sku"),
                row.getAs("category"),
                row.getAs("base_price"),
                row.getAs("unit_cost"),
                row.getAs("previous_price"),
                row.getAs("on_hand"),
                row.<Integer>getAs("reserved"),
                row.<Integer>getAs("safety_stock"),
                row.getAs("lowest_competitor"),
                daily,
                row.getAs("elasticity"),
                row.getAs("pooling_level"),
                row.getAs("elasticity_low"),
                row.getAs("elasticity_high"),
                date);
    }

    static Row toRow(Date runDate, String currency, PricingInput in, PriceDecision d) {
        List<Object> values = new ArrayList<>(List.of(
                runDate,
                in.productId(),
                in.sku(),
                d.price(),
                in.previousPrice(),
                currency,
                d.strategy(),
                JavaConverters.asScalaBuffer(d.reasonCodes()).toList()));
        values.add(d.expectedUnits());
        values.add(d.expectedProfit());
        values.add(d.expectedUnitsAtPrevious());
        values.add(d.expectedProfitAtPrevious());
        values.add(d.floor());
        values.add(d.cap());
        values.add(in.unitCost());
        values.add(in.basePrice());
        values.add(d.expectedProfitAtOptimum());
        return RowFactory.create(values.toArray());
    }

    /** The row with the greatest {@code orderColumn} per product (ties: any, but keys make them unique). */
    private static Dataset<Row> latestPer(Dataset<Row> rows, String orderColumn) {
        return rows.withColumn(
                        "_rank",
                        row_number()
                                .over(Window.partitionBy("product_id")
                                        .orderBy(col(orderColumn).desc())))
                .filter(col("_rank").equalTo(1))
                .drop("_rank");
    }
}
