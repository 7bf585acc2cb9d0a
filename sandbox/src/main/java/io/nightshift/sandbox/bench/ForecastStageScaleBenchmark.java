package io.nightshift.sandbox.bench;

import io.nightshift.common.catalog.Tables;
import io.nightshift.common.config.NightshiftConfig;
import io.nightshift.common.time.RunDates;
import io.nightshift.jobs.forecast.ForecastStage;
import io.nightshift.jobs.ingest.CalendarDays;
import io.nightshift.jobs.stage.StageContext;
import io.nightshift.jobs.stage.StageReport;
import io.nightshift.sandbox.sample.SampleShopSpec;
import io.nightshift.sandbox.sample.ShopHistory;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The forecast stage at a catalogue's size without ingesting it (ingesting 10,000 products x 730 days takes over an
 * hour here): silver.products, sales_daily, competitor_prices and calendar are written straight from the sample
 * generator's in-memory history ({@link ShopHistory}: the demand, prices, stock-outs and competitor prices the
 * generated shop's files and database hold), then the stage runs for the last day twice: the first run trains the
 * global model, the second reuses it, as the nights until {@code retrain-days} do. Local mode only (the rows are
 * built in the tasks from this JVM's history). Approximations, against an ingested warehouse: one order per sale
 * day, no returns, the day's price the simulated price.
 *
 * <p>Usage: NIGHTSHIFT_WAREHOUSE=empty-folder ForecastStageScaleBenchmark PRODUCTS [DAYS] (default 730 days ending
 * 2026-10-31).
 */
public final class ForecastStageScaleBenchmark {
    static final LocalDate LAST_DAY = LocalDate.of(2026, 10, 31);
    /** The history the tasks build rows from (local mode: the same JVM). */
    private static ShopHistory history;

    private ForecastStageScaleBenchmark() {}

    public static void main(String[] args) throws Exception {
        int products = Integer.parseInt(args[0]);
        int days = args.length > 1 ? Integer.parseInt(args[1]) : 730;
        NightshiftConfig config = NightshiftConfig.load(Optional.empty());
        SampleShopSpec spec = new SampleShopSpec(
                products,
                days,
                1,
                config.sample().seed(),
                LAST_DAY,
                config.shop().country(),
                config.shop().currency(),
                config.shop().timeZone());
        long start = System.nanoTime();
        history = ShopHistory.simulate(spec);
        double simulated = seconds(start);
        try (StageContext context = new StageContext(config, false, Clock.systemUTC())) {
            SparkSession spark = context.spark();
            start = System.nanoTime();
            RunDates window = new RunDates(spec.firstDay(), LAST_DAY);
            context.writer().write(Tables.PRODUCTS, products(spark));
            context.writer().replaceDates(Tables.SALES_DAILY, sales(spark), window);
            context.writer().replaceDates(Tables.COMPETITOR_PRICES, competitorPrices(spark), window);
            StructType indicators = new StructType()
                    .add("day", DataTypes.DateType)
                    .add("indicator", DataTypes.StringType)
                    .add("value", DataTypes.DoubleType);
            context.writer()
                    .replaceDates(
                            Tables.CALENDAR,
                            CalendarDays.withIndicators(
                                    CalendarDays.holidays(
                                            spark,
                                            spec.firstDay(),
                                            LAST_DAY,
                                            config.shop().country(),
                                            config.shop().region()),
                                    spark.createDataFrame(List.of(), indicators)),
                            window);
            double written = seconds(start);
            long salesRows = context.catalog().read(spark, Tables.SALES_DAILY).count();

            start = System.nanoTime();
            long grouped = context.catalog()
                    .read(spark, Tables.SALES_DAILY)
                    .groupBy("product_id")
                    .count()
                    .count();
            double baseline = seconds(start);
            start = System.nanoTime();
            StageReport trained = new ForecastStage().run(context, LAST_DAY);
            double training = seconds(start);
            start = System.nanoTime();
            StageReport reused = new ForecastStage().run(context, LAST_DAY);
            double reusing = seconds(start);

            System.out.printf(
                    Locale.ROOT,
                    "%,d products x %d days: simulated in %.1f s, silver written in %.1f s (%,d sales_daily rows)%n",
                    products,
                    days,
                    simulated,
                    written,
                    salesRows);
            System.out.printf(Locale.ROOT, "%-52s %10s %10s%n", "", "seconds", "x baseline");
            System.out.printf(
                    Locale.ROOT,
                    "%-52s %10.1f %10s%n",
                    "baseline: read sales_daily, group per product",
                    baseline,
                    "1.0");
            System.out.printf(
                    Locale.ROOT,
                    "%-52s %10.1f %10.1f%n",
                    "forecast stage, global model trained",
                    training,
                    training / baseline);
            System.out.printf(
                    Locale.ROOT,
                    "%-52s %10.1f %10.1f%n",
                    "forecast stage, stored global model reused",
                    reusing,
                    reusing / baseline);
            System.out.printf(
                    Locale.ROOT,
                    "rows written: %s / %s; products grouped %,d; cores %d%n",
                    trained.rowsWritten(),
                    reused.rowsWritten(),
                    grouped,
                    Runtime.getRuntime().availableProcessors());
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static Dataset<Row> products(SparkSession spark) {
        List<Row> rows = new ArrayList<>();
        Timestamp now = Timestamp.from(Instant.now());
        for (ShopHistory.Product p : history.products()) {
            rows.add(RowFactory.create(
                    p.productId(),
                    p.sku(),
                    p.sku(),
                    p.category(),
                    null,
                    p.basePrice(),
                    p.unitCost(),
                    history.spec().currency(),
                    true,
                    p.launchIndex() > 0 ? Date.valueOf(history.day(p.launchIndex())) : null,
                    now));
        }
        return spark.createDataFrame(rows, Tables.PRODUCTS.schema().orElseThrow());
    }

    /** One row per product and day from its launch, as ingest writes them. */
    private static Dataset<Row> sales(SparkSession spark) {
        return fromProducts(spark, Tables.SALES_DAILY.schema().orElseThrow(), ForecastStageScaleBenchmark::salesRows);
    }

    private static Iterator<Row> salesRows(int p) {
        ShopHistory.Days d = history.days(p);
        List<Row> rows = new ArrayList<>();
        for (int t = Math.max(0, history.products().get(p).launchIndex()); t < history.dayCount(); t++) {
            int units = d.soldUnits()[t];
            BigDecimal price = BigDecimal.valueOf(d.priceCents()[t], 2);
            rows.add(RowFactory.create(
                    history.products().get(p).productId(),
                    Date.valueOf(history.day(t)),
                    (long) units,
                    price.multiply(BigDecimal.valueOf(units)),
                    units > 0 ? price : null,
                    units > 0 ? 1L : 0L,
                    d.stockout()[t],
                    0L,
                    units > 0 ? "order_lines" : null));
        }
        return rows.iterator();
    }

    private static Dataset<Row> competitorPrices(SparkSession spark) {
        return fromProducts(
                spark, Tables.COMPETITOR_PRICES.schema().orElseThrow(), ForecastStageScaleBenchmark::competitorRows);
    }

    private static Iterator<Row> competitorRows(int p) {
        int competitors = ShopHistory.competitors();
        int[] cents = history.days(p).competitorCents();
        List<Row> rows = new ArrayList<>();
        for (int t = 0; t < history.dayCount(); t++) {
            for (int c = 0; c < competitors; c++) {
                if (cents[t * competitors + c] > 0) {
                    rows.add(RowFactory.create(
                            history.products().get(p).productId(),
                            "competitor_" + c,
                            Date.valueOf(history.day(t)),
                            BigDecimal.valueOf(cents[t * competitors + c], 2)));
                }
            }
        }
        return rows.iterator();
    }

    /** Rows built per product in Spark's tasks (local mode: they read this JVM's history). */
    private static Dataset<Row> fromProducts(
            SparkSession spark, StructType schema, FlatMapFunction<Integer, Row> rows) {
        List<Integer> indexes =
                IntStream.range(0, history.products().size()).boxed().toList();
        int slices = Math.max(8, indexes.size() / 250);
        return spark.createDataFrame(
                JavaSparkContext.fromSparkContext(spark.sparkContext())
                        .parallelize(indexes, slices)
                        .flatMap(rows),
                schema);
    }
}
