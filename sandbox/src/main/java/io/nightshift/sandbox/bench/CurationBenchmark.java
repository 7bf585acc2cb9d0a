package io.nightshift.sandbox.bench;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import com.typesafe.config.ConfigFactory;
import io.nightshift.common.catalog.TableCatalog;
import io.nightshift.common.catalog.TableWriter;
import io.nightshift.common.catalog.Tables;
import io.nightshift.common.config.CurationSettings;
import io.nightshift.common.config.NightshiftConfig;
import io.nightshift.common.spark.SparkSessions;
import io.nightshift.common.time.RunDates;
import io.nightshift.jobs.curation.CurateBoxesStage;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * bench/curation.sh: the curation (scores, ALS, allocation, gold write) for SUBSCRIBERS x PRODUCTS on
 * synthetic frames built in Spark (12 monthly boxes of history, 5 purchases and 3 preferences per
 * subscriber), next to the baseline of a bare Spark scan-and-write of the same input frames to Delta.
 * The PostgreSQL write is not included (it is a COPY of the box rows). Usage: CurationBenchmark SUBSCRIBERS PRODUCTS
 * OUT_DIR
 */
public final class CurationBenchmark {
    static final LocalDate BOX_DATE = LocalDate.of(2026, 12, 1);

    private CurationBenchmark() {}

    public static void main(String[] args) throws Exception {
        long subscribers = Long.parseLong(args[0]);
        long products = Long.parseLong(args[1]);
        String out = args[2];
        NightshiftConfig config = NightshiftConfig.load(Optional.empty());
        SparkSession spark = SparkSessions.create(config);
        CurationSettings settings =
                CurationSettings.from(ConfigFactory.defaultReference().resolve());

        CurateBoxesStage.Inputs in = synthetic(spark, subscribers, products);
        List<Dataset<Row>> inputs = List.of(
                in.customers(),
                in.preferences(),
                in.products(),
                in.attributes(),
                in.productTiers(),
                in.boxHistory(),
                in.purchases(),
                in.inventory());
        // Materialise the synthetic inputs once, so neither run pays for generating them.
        long inputRows = 0;
        for (Dataset<Row> frame : inputs) {
            inputRows += frame.cache().count();
        }

        long start = System.nanoTime();
        long baselineRows = 0;
        int i = 0;
        for (Dataset<Row> frame : inputs) {
            frame.write().format("delta").mode("overwrite").save(out + "/_baseline/input" + (i++));
            baselineRows += frame.count();
        }
        double baselineSeconds = (System.nanoTime() - start) / 1e9;

        start = System.nanoTime();
        List<Dataset<Row>> cached = new ArrayList<>();
        CurateBoxesStage.Curation curation = CurateBoxesStage.curate(in, BOX_DATE, settings, cached);
        long writeStart = System.nanoTime();
        TableWriter writer = new TableWriter(spark, new TableCatalog(out), false);
        long items = writer.replaceDates(Tables.NEXT_BOX_ITEMS, curation.nextBoxItems(), RunDates.of(BOX_DATE))
                .rowsWritten();
        double curationSeconds = (System.nanoTime() - start) / 1e9;
        System.err.printf(
                Locale.ROOT, "gold.next_box_items written in %.1f s%n", (System.nanoTime() - writeStart) / 1e9);
        Row boxes = curation.summary()
                .selectExpr("count(*)", "sum(items)", "sum(case when items = product_limit then 1 else 0 end)")
                .head();

        System.out.println(
                "| subscribers x products | input rows | curate-boxes s | boxes (full) | items | allocation passes | bare scan+write s | ratio | peak heap MB |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        System.out.printf(
                Locale.ROOT,
                "| %,d x %,d | %,d | %.1f | %,d (%,d) | %,d | %d | %.1f | %.2fx | %,d |%n",
                subscribers,
                products,
                inputRows,
                curationSeconds,
                boxes.getLong(0),
                boxes.getLong(2),
                items,
                curation.allocation().passes(),
                baselineSeconds,
                curationSeconds / baselineSeconds,
                peakHeapMegabytes());
        spark.stop();
    }

    static long peakHeapMegabytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak / (1024 * 1024);
    }

    /** A shop like the sample's, generated with hash-based draws so the same sizes give the same frames. */
    static CurateBoxesStage.Inputs synthetic(SparkSession spark, long subscribers, long products) {
        String[] categories = {"coffee", "tea", "snacks", "skincare", "apparel", "electronics", "home", "pet", "toys"};
        Column category = element_at(
                array(Arrays.stream(categories).map(c -> lit(c)).toArray(Column[]::new)),
                pmod(xxhash64(col("id"), lit("category")), lit(categories.length))
                        .cast("int")
                        .plus(1));
        Dataset<Row> productRows = spark.range(1, products + 1)
                .select(
                        col("id").cast("int").as("product_id"),
                        category.as("category"),
                        pmod(xxhash64(col("id"), lit("price")), lit(5500))
                                .divide(100.0)
                                .plus(4.99)
                                .as("base_price"),
                        lit(true).as("active"),
                        lit(Date.valueOf(BOX_DATE.minusYears(2))).as("launched_on"));
        Dataset<Row> attributes = productRows
                .select(
                        col("product_id"),
                        lit("category").as("attribute_key"),
                        col("category").as("attribute_value"))
                .unionByName(productRows.select(
                        col("product_id"),
                        lit("brand").as("attribute_key"),
                        concat(
                                        col("category"),
                                        lit("-brand-"),
                                        pmod(xxhash64(col("product_id"), lit("brand")), lit(4))
                                                .cast("string"))
                                .as("attribute_value")))
                .unionByName(productRows.select(
                        col("product_id"),
                        lit("style").as("attribute_key"),
                        concat(
                                        lit("style-"),
                                        pmod(xxhash64(col("product_id"), lit("style")), lit(5))
                                                .cast("string"))
                                .as("attribute_value")));
        Dataset<Row> productTiers = productRows.select(
                col("product_id"),
                explode(when(col("base_price").leq(25), array(lit(1), lit(2), lit(3)))
                                .otherwise(array(lit(2), lit(3))))
                        .as("tier_id"));
        Dataset<Row> customers = spark.range(subscribers)
                .select(
                        concat(lit("customer-"), expr("lpad(cast(id as string), 9, '0')"))
                                .as("customer_id"),
                        pmod(xxhash64(col("id"), lit("tier")), lit(3))
                                .cast("int")
                                .plus(1)
                                .as("subscription_tier_id"),
                        lit("active").as("subscription_status"),
                        lit(Date.valueOf(BOX_DATE)).as("next_box_date"));
        Dataset<Row> tiers = spark.createDataFrame(
                List.of(
                        RowFactory.create(1, "Basic", 29.99, 3),
                        RowFactory.create(2, "Premium", 59.99, 5),
                        RowFactory.create(3, "Elite", 99.99, 7)),
                new StructType()
                        .add("tier_id", "int")
                        .add("tier_name", "string")
                        .add("price", "double")
                        .add("product_limit", "int"));
        Dataset<Row> preferences = customers
                .select(col("customer_id"), explode(sequence(lit(0), lit(2))).as("n"))
                .select(
                        col("customer_id"),
                        when(col("n").equalTo(2), lit("style"))
                                .otherwise(lit("category"))
                                .as("preference_key"),
                        when(
                                        col("n").equalTo(2),
                                        concat(
                                                lit("style-"),
                                                pmod(xxhash64(col("customer_id"), lit("s")), lit(5))
                                                        .cast("string")))
                                .otherwise(element_at(
                                        array(Arrays.stream(categories)
                                                .map(c -> lit(c))
                                                .toArray(Column[]::new)),
                                        pmod(xxhash64(col("customer_id"), col("n")), lit(categories.length))
                                                .cast("int")
                                                .plus(1)))
                                .as("preference_value"),
                        pmod(xxhash64(col("customer_id"), col("n"), lit("strength")), lit(5))
                                .cast("int")
                                .plus(1)
                                .as("strength"))
                .dropDuplicates("customer_id", "preference_key", "preference_value");
        Dataset<Row> boxHistory = customers
                .select(
                        col("customer_id"),
                        col("subscription_tier_id"),
                        explode(sequence(lit(1), lit(12))).as("month"))
                .select(
                        col("customer_id"),
                        col("month"),
                        explode(sequence(
                                        lit(1),
                                        when(col("subscription_tier_id").equalTo(1), lit(3))
                                                .when(
                                                        col("subscription_tier_id")
                                                                .equalTo(2),
                                                        lit(5))
                                                .otherwise(lit(7))))
                                .as("slot"))
                .select(
                        col("customer_id"),
                        pmod(xxhash64(col("customer_id"), col("month"), col("slot")), lit(products))
                                .cast("int")
                                .plus(1)
                                .as("product_id"),
                        expr("add_months(date'" + BOX_DATE + "', -month)").as("box_date"),
                        pmod(xxhash64(col("customer_id"), col("month"), col("slot"), lit("rating")), lit(5))
                                .cast("int")
                                .plus(1)
                                .as("rating"))
                .dropDuplicates("customer_id", "box_date", "product_id");
        Dataset<Row> purchases = customers
                .select(col("customer_id"), explode(sequence(lit(1), lit(5))).as("n"))
                .select(
                        col("customer_id"),
                        pmod(xxhash64(col("customer_id"), col("n"), lit("p")), lit(products))
                                .cast("int")
                                .plus(1)
                                .as("product_id"),
                        expr("date_sub(date'" + BOX_DATE + "', cast(pmod(xxhash64(customer_id, n), 300) as int) + 1)")
                                .as("day"),
                        lit(1).as("quantity"));
        long unitsPerProduct = Math.max(1, subscribers * 5 * 2 / products);
        Dataset<Row> inventory = productRows.select(
                col("product_id"),
                pmod(xxhash64(col("product_id"), lit("stock")), lit(unitsPerProduct))
                        .cast("int")
                        .plus(5)
                        .as("on_hand"),
                lit(0).as("reserved"),
                lit(2).as("safety_stock"),
                lit(null).cast("int").as("own_reservation"));
        return new CurateBoxesStage.Inputs(
                customers, tiers, preferences, productRows, attributes, productTiers, boxHistory, purchases, inventory);
    }
}
