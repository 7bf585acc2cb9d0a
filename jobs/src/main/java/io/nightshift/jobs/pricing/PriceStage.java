package io.nightshift.jobs.pricing;

import static org.apache.spark.sql.functions.col;

import io.nightshift.common.catalog.TableCatalog;
import io.nightshift.common.catalog.TableSpec;
import io.nightshift.common.catalog.TableWriter;
import io.nightshift.common.catalog.Tables;
import io.nightshift.common.config.PricingSettings;
import io.nightshift.common.db.CommerceReader;
import io.nightshift.common.time.RunDates;
import io.nightshift.jobs.stage.Stage;
import io.nightshift.jobs.stage.StageContext;
import io.nightshift.jobs.stage.StageReport;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code price}: one price per product on sale for the run date, into gold.prices (the date's rows replaced,
 * every earlier run kept). Reads the date's forecast, the latest elasticity, stock, the day's competitor
 * prices, costs and the previous run's prices; missing forecasts and elasticities have their fallbacks
 * (NO_FORECAST_FALLBACK, DEFAULT_ELASTICITY) rather than failing the night.
 */
public final class PriceStage implements Stage {
    private static final Logger LOG = LoggerFactory.getLogger(PriceStage.class);
    /** The columns read from gold.price_elasticity (its other columns are the elasticity stage's business). */
    static final StructType ELASTICITY_COLUMNS = new StructType()
            .add("run_date", DataTypes.DateType)
            .add("product_id", DataTypes.IntegerType)
            .add("elasticity", DataTypes.DoubleType)
            .add("pooling_level", DataTypes.StringType);

    static final StructType SAFETY_STOCK_COLUMNS =
            new StructType().add("product_id", DataTypes.IntegerType).add("safety_stock", DataTypes.IntegerType);

    @Override
    public String name() {
        return "price";
    }

    @Override
    public String description() {
        return "price every product on sale (optimize under guardrails, or the seed's rules) into gold.prices";
    }

    @Override
    public StageReport run(StageContext context, LocalDate date) throws Exception {
        PricingSettings settings = context.config().pricing();
        SparkSession spark = context.spark();
        Dataset<Row> safety = new CommerceReader(
                        spark, context.commerce(), context.config().shop().timeZone(), 1)
                .safetyStock();
        Dataset<Row> prices =
                price(spark, context.catalog(), safety, settings, date).persist();
        try {
            long rows = prices.count();
            TableWriter.WriteResult result = context.writer().replaceDates(Tables.PRICES, prices, RunDates.of(date));
            if (LOG.isInfoEnabled()) {
                LOG.info(
                        "priced {} products for {} ({} strategy): {}",
                        rows,
                        date,
                        settings.strategy().label(),
                        prices.groupBy("strategy").count().collectAsList());
            }
            return StageReport.empty(name()).wrote(Tables.PRICES.qualifiedName(), result.rowsWritten());
        } finally {
            prices.unpersist();
        }
    }

    /** gold.prices rows for {@code date} from the warehouse's current tables (nothing written). */
    public static Dataset<Row> price(
            SparkSession spark,
            TableCatalog catalog,
            Dataset<Row> safetyStock,
            PricingSettings settings,
            LocalDate date) {
        if (!catalog.exists(spark, Tables.PRODUCTS)) {
            throw new IllegalStateException("silver.products does not exist yet: run ingest before price");
        }
        Dataset<Row> elasticity = catalog.exists(spark, Tables.PRICE_ELASTICITY)
                ? catalog.read(spark, Tables.PRICE_ELASTICITY)
                        .select("run_date", "product_id", "elasticity", "pooling_level", "ci_low", "ci_high")
                : spark.createDataFrame(List.of(), ELASTICITY_COLUMNS);
        Dataset<Row> inputs = PriceFrames.inputs(
                date,
                settings.horizonDays(),
                catalog.read(spark, Tables.PRODUCTS),
                readOrEmpty(spark, catalog, Tables.INVENTORY_DAILY),
                safetyStock,
                readOrEmpty(spark, catalog, Tables.COMPETITOR_PRICES),
                readOrEmpty(spark, catalog, Tables.DEMAND_FORECAST).select("run_date", "product_id", "day", "yhat"),
                elasticity.withColumn("elasticity", col("elasticity").cast(DataTypes.DoubleType)),
                readOrEmpty(spark, catalog, Tables.PRICES));
        return PriceFrames.decide(inputs, date, settings);
    }

    static Dataset<Row> readOrEmpty(SparkSession spark, TableCatalog catalog, TableSpec table) {
        return catalog.exists(spark, table)
                ? catalog.read(spark, table)
                : spark.createDataFrame(List.of(), table.schema().orElseThrow());
    }
}
