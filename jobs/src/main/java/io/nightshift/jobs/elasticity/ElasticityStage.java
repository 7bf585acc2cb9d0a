package io.nightshift.jobs.elasticity;

import static org.apache.spark.sql.functions.col;

import io.nightshift.common.catalog.TableCatalog;
import io.nightshift.common.catalog.TableWriter;
import io.nightshift.common.catalog.Tables;
import io.nightshift.common.config.ElasticitySettings;
import io.nightshift.common.time.RunDates;
import io.nightshift.jobs.stage.Stage;
import io.nightshift.jobs.stage.StageContext;
import io.nightshift.jobs.stage.StageReport;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code elasticity}: each active product's own-price elasticity from the window of silver sales before the
 * run date, with an interval and the level it was pooled to, into gold.price_elasticity (the run date's rows
 * replaced). Reads silver.sales_daily, silver.products, silver.calendar, silver.competitor_prices and (for the
 * add-to-cart funnel) silver.traffic_daily.
 */
public final class ElasticityStage implements Stage {
    private static final Logger LOG = LoggerFactory.getLogger(ElasticityStage.class);

    @Override
    public String name() {
        return "elasticity";
    }

    @Override
    public String description() {
        return "own-price elasticity per product (Poisson log-log regression, shrunk toward category and shop)";
    }

    @Override
    public StageReport run(StageContext context, LocalDate date) {
        ElasticitySettings settings = context.config().elasticity();
        SparkSession spark = context.spark();
        TableCatalog catalog = context.catalog();
        for (var table : List.of(Tables.SALES_DAILY, Tables.PRODUCTS, Tables.CALENDAR)) {
            if (!catalog.exists(spark, table)) {
                throw new IllegalStateException(
                        "elasticity needs " + table.qualifiedName() + ", which does not exist: run ingest first");
            }
        }
        LocalDate from = date.minusDays(settings.windowDays() - 1L);
        Dataset<Row> products = catalog.read(spark, Tables.PRODUCTS).filter(col("active"));
        Dataset<Row> competitorIndex = catalog.exists(spark, Tables.COMPETITOR_PRICES)
                ? ElasticityFrames.competitorIndex(catalog.read(spark, Tables.COMPETITOR_PRICES), from, date)
                : spark.createDataFrame(
                        List.of(),
                        new StructType()
                                .add("product_id", "int")
                                .add("day", "date")
                                .add("competitor_log_index", "double"));
        Dataset<Row> traffic = catalog.exists(spark, Tables.TRAFFIC_DAILY) && settings.addToCartFunnel()
                ? catalog.read(spark, Tables.TRAFFIC_DAILY)
                : spark.createDataFrame(
                        List.of(),
                        new StructType()
                                .add("product_id", "int")
                                .add("day", "date")
                                .add("views", "long")
                                .add("add_to_cart", "long"));
        Dataset<Row> observations = ElasticityFrames.observations(
                catalog.read(spark, Tables.SALES_DAILY),
                products,
                catalog.read(spark, Tables.CALENDAR),
                competitorIndex,
                traffic,
                from,
                date);
        Dataset<Row> estimates =
                ElasticityFrames.estimates(observations, settings).persist();
        try {
            Shrinkage shrinkage = Shrinkage.fit(estimates, settings);
            LOG.info(String.format(
                    Locale.ROOT,
                    "elasticity %s: shop mean %.2f, between-product sd %.2f, between-category sd %.2f, %d categories",
                    date,
                    shrinkage.globalMean(),
                    Math.sqrt(shrinkage.withinCategoryVariance()),
                    Math.sqrt(shrinkage.betweenCategoryVariance()),
                    shrinkage.categories().size()));
            Dataset<Row> published = ElasticityFrames.publish(products, estimates, shrinkage, date);
            TableWriter.WriteResult result =
                    context.writer().replaceDates(Tables.PRICE_ELASTICITY, published, RunDates.of(date));
            return StageReport.empty(name()).wrote(Tables.PRICE_ELASTICITY.qualifiedName(), result.rowsWritten());
        } finally {
            estimates.unpersist();
        }
    }
}
