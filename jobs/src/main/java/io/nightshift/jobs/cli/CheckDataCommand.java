package io.nightshift.jobs.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import io.nightshift.common.catalog.TableCatalog;
import io.nightshift.common.catalog.TableSpec;
import io.nightshift.common.catalog.Tables;
import io.nightshift.jobs.readiness.DataReadiness;
import io.nightshift.jobs.readiness.DataReadiness.ProductProfile;
import io.nightshift.jobs.readiness.DataReadiness.Thresholds;
import io.nightshift.jobs.readiness.ReadinessReport;
import io.nightshift.jobs.readiness.ReadinessReport.Feed;
import io.nightshift.jobs.readiness.ReadinessReport.FeedState;
import io.nightshift.jobs.stage.StageContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code check-data}: how ready a warehouse's silver tables (an import's, or the daily feeds') are for the stages:
 * history per product, intermittent demand, price variation, which optional feeds are there, and for each stage what
 * it can do with them and what to add. Reads only; the figures come from {@link DataReadiness}, the words from
 * {@link ReadinessReport}. Without silver.sales_daily there is nothing to check: a usage error (exit 2).
 */
@Command(
        name = "check-data",
        mixinStandardHelpOptions = true,
        description = "data-readiness report: history, intermittency, price variation and feeds against each stage's"
                + " thresholds, and what to add")
final class CheckDataCommand extends BaseCommand {
    @Option(
            names = "--date",
            paramLabel = "YYYY-MM-DD",
            converter = DateConverter.class,
            description = "as-of day (default: the newest day in silver.sales_daily)")
    LocalDate date;

    @Option(names = "--html", paramLabel = "FILE", description = "also write the report as a self-contained HTML page")
    Path html;

    CheckDataCommand(Launch launch) {
        super(launch);
    }

    @Override
    protected Integer run() throws Exception {
        try (StageContext context = newContext(false)) {
            SparkSession spark = context.spark();
            TableCatalog catalog = context.catalog();
            if (!catalog.exists(spark, Tables.SALES_DAILY)) {
                throw new UsageException(
                        Tables.SALES_DAILY.qualifiedName() + " does not exist in " + catalog.warehouse()
                                + ": import the shop's orders (bin/pipeline import) and run ingest first");
            }
            Dataset<Row> sales = catalog.read(spark, Tables.SALES_DAILY);
            LocalDate asOf = date != null ? date : newestDay(sales);
            Thresholds thresholds = Thresholds.from(config);

            boolean hasProducts = catalog.exists(spark, Tables.PRODUCTS);
            Dataset<Row> products = hasProducts
                    ? catalog.read(spark, Tables.PRODUCTS)
                    : sales.select("product_id")
                            .distinct()
                            .withColumn("active", lit(true))
                            .withColumn("category", lit(null).cast(DataTypes.StringType))
                            .withColumn("unit_cost", lit(null).cast(DataTypes.createDecimalType(12, 2)));
            Dataset<Row> traffic = readOrEmpty(spark, catalog, Tables.TRAFFIC_DAILY);
            Dataset<Row> competitors = readOrEmpty(spark, catalog, Tables.COMPETITOR_PRICES);
            Dataset<Row> inventory = readOrEmpty(spark, catalog, Tables.INVENTORY_DAILY);

            Dataset<Row> perProduct = DataReadiness.perProduct(
                    sales,
                    products,
                    asOf,
                    thresholds.forecastHistoryDays(),
                    thresholds.elasticityWindowDays(),
                    thresholds.curationHistoryDays());
            perProduct = DataReadiness.withFeed(
                    perProduct, traffic, "traffic", asOf.minusDays(thresholds.elasticityWindowDays() - 1L), asOf);
            perProduct = DataReadiness.withFeed(perProduct, competitors, "competitor_price", asOf, asOf);
            perProduct = DataReadiness.withFeed(
                    perProduct, inventory, "stock", asOf.minusDays(thresholds.stockLookbackDays()), asOf);
            List<ProductProfile> profiles =
                    perProduct.collectAsList().stream().map(ProductProfile::of).toList();

            ReadinessReport.Feeds feeds = new ReadinessReport.Feeds(
                    feed(spark, catalog, Tables.SALES_DAILY, asOf),
                    feed(spark, catalog, Tables.TRAFFIC_DAILY, asOf),
                    feed(spark, catalog, Tables.COMPETITOR_PRICES, asOf),
                    feed(spark, catalog, Tables.INVENTORY_DAILY, asOf),
                    feed(spark, catalog, Tables.CALENDAR, asOf),
                    hasProducts);
            ReadinessReport.Report report = ReadinessReport.describe(
                    config.storage().warehouse(),
                    asOf,
                    DataReadiness.summarize(profiles, thresholds),
                    feeds,
                    thresholds);
            launch.out().print(ReadinessReport.text(report));
            if (html != null) {
                Files.writeString(html, ReadinessReport.html(report), StandardCharsets.UTF_8);
                launch.out().println("\nHTML report: " + html.toAbsolutePath());
            }
        }
        launch.out().flush();
        return 0;
    }

    private static LocalDate newestDay(Dataset<Row> sales) {
        Row newest = sales.agg(max(col("day"))).first();
        if (newest.isNullAt(0)) {
            throw new UsageException(Tables.SALES_DAILY.qualifiedName() + " has no rows: nothing to check");
        }
        return ((Date) newest.get(0)).toLocalDate();
    }

    private static Dataset<Row> readOrEmpty(SparkSession spark, TableCatalog catalog, TableSpec table) {
        return catalog.exists(spark, table)
                ? catalog.read(spark, table)
                : spark.createDataFrame(List.of(), table.schema().orElseThrow());
    }

    private static Feed feed(SparkSession spark, TableCatalog catalog, TableSpec table, LocalDate asOf) {
        if (!catalog.exists(spark, table)) {
            return Feed.missing(table.qualifiedName());
        }
        Row span = DataReadiness.span(catalog.read(spark, table), asOf).first();
        long rows = span.getLong(span.fieldIndex("rows"));
        if (rows == 0) {
            return new Feed(table.qualifiedName(), FeedState.EMPTY, null, null, 0);
        }
        return new Feed(
                table.qualifiedName(),
                FeedState.PRESENT,
                span.<Date>getAs("first_day").toLocalDate(),
                span.<Date>getAs("last_day").toLocalDate(),
                rows);
    }
}
