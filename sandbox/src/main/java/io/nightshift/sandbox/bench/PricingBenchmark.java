package io.nightshift.sandbox.bench;

import com.typesafe.config.ConfigFactory;
import io.nightshift.common.catalog.TableCatalog;
import io.nightshift.common.catalog.TableWriter;
import io.nightshift.common.catalog.Tables;
import io.nightshift.common.config.NightshiftConfig;
import io.nightshift.common.config.PricingSettings;
import io.nightshift.common.db.CommerceDatabase;
import io.nightshift.common.db.CommerceSchema;
import io.nightshift.common.spark.SparkSessions;
import io.nightshift.common.time.RunDates;
import io.nightshift.jobs.pricing.PriceFrames;
import io.nightshift.jobs.pricing.PricePublisher;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * bench/pricing.sh: (1) publish throughput into PostgreSQL, COPY FREEZE into a new copy of the table, checks,
 * index builds and rename swap in one transaction (PricePublisher, circuit breaker included), with where its
 * time went, next to the baseline of a plain JDBC batched INSERT of the same
 * rows in one transaction, same server, same process; (2) the price stage's transformation (inputs gathered,
 * priced on the executors, written to gold.prices) for PRODUCTS products, next to a bare Delta write of the
 * same input rows.
 * Usage: PricingBenchmark PUBLISH_ROWS PRODUCTS WORK_FOLDER [REPEATS] (0 rows or products skips that part)
 */
public final class PricingBenchmark {
    private PricingBenchmark() {}

    public static void main(String[] args) throws Exception {
        int publishRows = Integer.parseInt(args[0]);
        int products = Integer.parseInt(args[1]);
        Path work = Path.of(args[2]);
        Files.createDirectories(work);
        int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        if (publishRows > 0) {
            publish(publishRows, work.resolve("postgres"));
        }
        if (products > 0) {
            priceStage(products, work.resolve("warehouse"), repeats);
        }
    }

    static void publish(int rows, Path dataFolder) throws Exception {
        PricingSettings settings = PricingSettings.from(ConfigFactory.defaultReference());
        PricePublisher publisher = new PricePublisher(settings);
        try (CommerceDatabase db = CommerceDatabase.startEmbedded(dataFolder)) {
            CommerceSchema.migrate(db.dataSource());
            List<PricePublisher.PriceRow> a = set(rows, LocalDate.of(2026, 1, 1), BigDecimal.ONE);
            List<PricePublisher.PriceRow> b = set(rows, LocalDate.of(2026, 1, 2), new BigDecimal("1.05"));
            double[] copySeconds = new double[4];
            double[] insertSeconds = new double[4];
            List<String> phases = new ArrayList<>();
            try (Connection c = db.connect()) {
                publisher.publish(
                        c, a.iterator(), PricePublisher.Request.publish(a.get(0).runDate())); // warm-up
                for (int i = 0; i < copySeconds.length; i++) {
                    List<PricePublisher.PriceRow> set = i % 2 == 0 ? b : a;
                    long start = System.nanoTime();
                    PricePublisher.Outcome outcome = publisher.publish(
                            c,
                            set.iterator(),
                            PricePublisher.Request.publish(set.get(0).runDate()));
                    copySeconds[i] = (System.nanoTime() - start) / 1e9;
                    if (outcome.status() != PricePublisher.Status.PUBLISHED) {
                        throw new IllegalStateException("not published: " + outcome);
                    }
                    PricePublisher.Phases p = outcome.phases();
                    long other = Math.round(copySeconds[i] * 1000)
                            - p.loadMillis()
                            - p.compareMillis()
                            - p.indexMillis()
                            - p.swapMillis();
                    phases.add(String.format(
                            Locale.ROOT,
                            "%.2f s = %s, other (lock, create, log, commit) %d ms",
                            copySeconds[i],
                            p,
                            other));
                }
                // The idempotent rerun: the same set again is compared and rolled back.
                List<PricePublisher.PriceRow> last = copySeconds.length % 2 == 0 ? a : b;
                long rerunStart = System.nanoTime();
                PricePublisher.Outcome rerun = publisher.publish(
                        c,
                        last.iterator(),
                        PricePublisher.Request.publish(last.get(0).runDate()));
                phases.add(String.format(
                        Locale.ROOT,
                        "rerun of the same set: %s in %.2f s (%s)",
                        rerun.status(),
                        (System.nanoTime() - rerunStart) / 1e9,
                        rerun.phases()));
                for (int i = 0; i < insertSeconds.length; i++) {
                    List<PricePublisher.PriceRow> set = i % 2 == 0 ? b : a;
                    long start = System.nanoTime();
                    batchedInsert(c, set);
                    insertSeconds[i] = (System.nanoTime() - start) / 1e9;
                }
            }
            double copy = median(copySeconds);
            double insert = median(insertSeconds);
            System.out.println("| publish of " + String.format(Locale.ROOT, "%,d", rows)
                    + " prices | seconds (median of 4) | rows/s | vs batched INSERT |");
            System.out.println("| --- | --- | --- | --- |");
            System.out.printf(
                    Locale.ROOT,
                    "| COPY FREEZE into a new copy + breaker + index builds + rename swap, one transaction | %.2f | %,.0f | %.1fx |%n",
                    copy,
                    rows / copy,
                    insert / copy);
            System.out.printf(
                    Locale.ROOT,
                    "| baseline: DELETE + batched INSERT (1,000 a batch), one transaction | %.2f | %,.0f | 1.0x |%n",
                    insert,
                    rows / insert);
            System.out.println();
            System.out.println("Where each publish's time went:");
            for (String line : phases) {
                System.out.println("- " + line);
            }
        }
    }

    /** The baseline: what a plain JDBC loader does, with no staging and no checks. */
    static void batchedInsert(Connection c, List<PricePublisher.PriceRow> rows) throws Exception {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM storefront.product_prices");
        }
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO storefront.product_prices (product_id, sku, price, currency, run_date) VALUES (?, ?, ?, ?, ?)")) {
            int n = 0;
            for (PricePublisher.PriceRow r : rows) {
                p.setInt(1, r.productId());
                p.setString(2, r.sku());
                p.setBigDecimal(3, r.price());
                p.setString(4, r.currency());
                p.setObject(5, r.runDate());
                p.addBatch();
                if (++n % 1000 == 0) {
                    p.executeBatch();
                }
            }
            p.executeBatch();
        }
        c.commit();
        c.setAutoCommit(true);
    }

    static List<PricePublisher.PriceRow> set(int n, LocalDate runDate, BigDecimal factor) {
        List<PricePublisher.PriceRow> rows = new ArrayList<>(n);
        for (int id = 1; id <= n; id++) {
            BigDecimal base = BigDecimal.valueOf(1000 + id % 5000, 2);
            rows.add(new PricePublisher.PriceRow(
                    id,
                    String.format(Locale.ROOT, "SKU-%07d", id),
                    base.multiply(factor).setScale(2, RoundingMode.HALF_UP),
                    "USD",
                    runDate,
                    base.multiply(new BigDecimal("0.5")).setScale(2, RoundingMode.HALF_UP),
                    base.multiply(new BigDecimal("1.5")).setScale(2, RoundingMode.DOWN),
                    base));
        }
        return rows;
    }

    static void priceStage(int products, Path warehouse, int repeats) throws Exception {
        SparkSession spark = SparkSessions.create(new NightshiftConfig.SparkSettings(
                "local[*]",
                "pricing-bench",
                Map.of(
                        "spark.ui.enabled",
                        "false",
                        "spark.sql.shuffle.partitions",
                        "8",
                        "spark.databricks.delta.snapshotPartitions",
                        "2",
                        "spark.sql.session.timeZone",
                        "UTC")));
        LocalDate date = LocalDate.of(2026, 10, 31);
        Date day = Date.valueOf(date);
        Timestamp now = Timestamp.valueOf("2026-10-01 00:00:00");
        String[] categories = {
            "coffee", "tea", "snacks", "skincare", "apparel", "electronics-accessories", "home", "pet", "toys"
        };
        List<Row> productRows = new ArrayList<>();
        List<Row> stock = new ArrayList<>();
        List<Row> competitors = new ArrayList<>();
        List<Row> forecast = new ArrayList<>();
        List<Row> elasticity = new ArrayList<>();
        List<Row> safety = new ArrayList<>();
        for (int id = 1; id <= products; id++) {
            BigDecimal base = BigDecimal.valueOf(499 + (id % 60) * 100, 2);
            productRows.add(RowFactory.create(
                    id,
                    "SKU-" + id,
                    "p",
                    categories[id % categories.length],
                    "b",
                    base,
                    base.multiply(new BigDecimal("0.55")).setScale(2, RoundingMode.HALF_UP),
                    "USD",
                    true,
                    null,
                    now));
            stock.add(RowFactory.create(id, day, 5 + id % 300, id % 3, 5 + id % 300 - id % 3));
            safety.add(RowFactory.create(id, id % 7));
            competitors.add(RowFactory.create(
                    id, "acme", day, base.multiply(new BigDecimal("0.97")).setScale(2, RoundingMode.HALF_UP)));
            for (int d = 1; d <= 14; d++) {
                forecast.add(RowFactory.create(
                        day, id, Date.valueOf(date.plusDays(d)), 0.5 + id % 20, 0.0, 40.0, "bench", null));
            }
            if (id % 5 != 0) {
                elasticity.add(
                        RowFactory.create(day, id, -1.2 - (id % 20) / 10.0, id % 2 == 0 ? "product" : "category"));
            }
        }
        TableCatalog catalog = new TableCatalog(warehouse.toUri().toString());
        TableWriter writer = new TableWriter(spark, catalog, false);
        StructType elasticityColumns = new StructType()
                .add("run_date", DataTypes.DateType)
                .add("product_id", DataTypes.IntegerType)
                .add("elasticity", DataTypes.DoubleType)
                .add("pooling_level", DataTypes.StringType);
        StructType safetyColumns =
                new StructType().add("product_id", DataTypes.IntegerType).add("safety_stock", DataTypes.IntegerType);
        // Inputs as Delta tables, as the stage reads them.
        writer.write(
                Tables.PRODUCTS,
                spark.createDataFrame(productRows, Tables.PRODUCTS.schema().orElseThrow()));
        writer.replaceDates(
                Tables.INVENTORY_DAILY,
                spark.createDataFrame(stock, Tables.INVENTORY_DAILY.schema().orElseThrow()),
                RunDates.of(date));
        writer.replaceDates(
                Tables.COMPETITOR_PRICES,
                spark.createDataFrame(
                        competitors, Tables.COMPETITOR_PRICES.schema().orElseThrow()),
                RunDates.of(date));
        writer.replaceDates(
                Tables.DEMAND_FORECAST,
                spark.createDataFrame(forecast, Tables.DEMAND_FORECAST.schema().orElseThrow()),
                RunDates.of(date));
        Dataset<Row> safetyFrame = spark.createDataFrame(safety, safetyColumns).persist();
        safetyFrame.count();
        Dataset<Row> elasticityFrame =
                spark.createDataFrame(elasticity, elasticityColumns).persist();
        elasticityFrame.count();
        PricingSettings settings = PricingSettings.from(ConfigFactory.defaultReference());

        double[] stageSeconds = new double[repeats];
        double[] bareSeconds = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long start = System.nanoTime();
            Dataset<Row> inputs = PriceFrames.inputs(
                    date,
                    settings.horizonDays(),
                    catalog.read(spark, Tables.PRODUCTS),
                    catalog.read(spark, Tables.INVENTORY_DAILY),
                    safetyFrame,
                    catalog.read(spark, Tables.COMPETITOR_PRICES),
                    catalog.read(spark, Tables.DEMAND_FORECAST),
                    elasticityFrame,
                    spark.createDataFrame(List.of(), Tables.PRICES.schema().orElseThrow()));
            writer.replaceDates(Tables.PRICES, PriceFrames.decide(inputs, date, settings), RunDates.of(date));
            stageSeconds[i] = (System.nanoTime() - start) / 1e9;

            start = System.nanoTime();
            catalog.read(spark, Tables.PRODUCTS)
                    .write()
                    .format("delta")
                    .mode("overwrite")
                    .save(warehouse.resolve("bare").toUri().toString());
            bareSeconds[i] = (System.nanoTime() - start) / 1e9;
        }
        long priced = catalog.read(spark, Tables.PRICES).count();
        double stage = median(stageSeconds);
        double bare = median(bareSeconds);
        System.out.println();
        System.out.println("| price stage, " + String.format(Locale.ROOT, "%,d", products)
                + " products, 14-day forecasts | seconds (median of " + repeats
                + ") | products/s | vs bare Delta write |");
        System.out.println("| --- | --- | --- | --- |");
        System.out.printf(
                Locale.ROOT,
                "| read inputs, price on executors (optimize), write gold.prices (%,d rows) | %.1f | %,.0f | %.1fx |%n",
                priced,
                stage,
                products / stage,
                stage / bare);
        System.out.printf(
                Locale.ROOT,
                "| baseline: read silver.products, write it as Delta | %.1f | %,.0f | 1.0x |%n",
                bare,
                products / bare);
        spark.stop();
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1
                ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }
}
