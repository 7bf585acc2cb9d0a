package io.nightshift.jobs.curation;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;

import io.nightshift.common.config.CurationSettings;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * Every due subscriber scored against the catalogue, on the executors: slices of the catalogue meet chunks of
 * the customers through a shuffle (see {@link #score}) and the customers are streamed through
 * {@link CandidateScorer}. The output keeps the best {@code candidates-per-category} eligible products per
 * customer and category.
 */
public final class Candidates {
    public static final StructType SCHEMA = new StructType()
            .add("customer_id", DataTypes.StringType, false)
            .add("tier_id", DataTypes.IntegerType, false)
            .add("product_id", DataTypes.IntegerType, false)
            .add("category", DataTypes.StringType, true)
            .add("price", DataTypes.DoubleType, false)
            .add("content_score", DataTypes.DoubleType, false)
            .add("cf_score", DataTypes.DoubleType, true)
            .add("popularity_score", DataTypes.DoubleType, false)
            .add("curation_score", DataTypes.DoubleType, false)
            .add("basis", DataTypes.StringType, false)
            .add("tie_break", DataTypes.LongType, false)
            .add("eligible_products", DataTypes.IntegerType, false);

    private Candidates() {}

    /**
     * One row per product: product_id, category, price, active, launched_on, attributes array of "key\0value"
     * (lower case), tiers array<int>, factors array<float> (null without ALS factors), popularity.
     * Inputs: products (product_id, category, base_price, active, launched_on), attributes (product_id,
     * attribute_key, attribute_value), product tiers (product_id, tier_id), item factors, popularity.
     */
    public static Dataset<Row> catalogue(
            Dataset<Row> products,
            Dataset<Row> attributes,
            Dataset<Row> productTiers,
            Dataset<Row> itemFactors,
            Dataset<Row> popularity) {
        Dataset<Row> attrs = attributes
                .groupBy("product_id")
                .agg(array_sort(collect_set(org.apache.spark.sql.functions.concat(
                                org.apache.spark.sql.functions.lower(
                                        org.apache.spark.sql.functions.trim(col("attribute_key"))),
                                lit("\u0000"),
                                org.apache.spark.sql.functions.lower(
                                        org.apache.spark.sql.functions.trim(col("attribute_value"))))))
                        .as("attributes"));
        Dataset<Row> tiers = productTiers
                .groupBy("product_id")
                .agg(array_sort(collect_set("tier_id")).as("tiers"));
        return products.select(
                        col("product_id"),
                        col("category"),
                        col("base_price").cast("double").as("price"),
                        col("active"),
                        col("launched_on"))
                .join(attrs, "product_id", "left")
                .join(tiers, "product_id", "left")
                .join(itemFactors, "product_id", "left")
                .join(popularity, "product_id", "left")
                .withColumn("popularity", coalesce(col("popularity"), lit(0.0)));
    }

    /** A catalogue row as the scorer sees it. */
    static CandidateScorer.Product product(Row r) {
        List<String> attributes =
                r.isNullAt(r.fieldIndex("attributes")) ? List.of() : r.getList(r.fieldIndex("attributes"));
        List<Integer> tiers = r.isNullAt(r.fieldIndex("tiers")) ? List.of() : r.getList(r.fieldIndex("tiers"));
        Date launched = r.getAs("launched_on");
        return new CandidateScorer.Product(
                r.<Integer>getAs("product_id"),
                r.getAs("category"),
                r.<Double>getAs("price"),
                tiers.stream().mapToInt(Integer::intValue).toArray(),
                r.<Boolean>getAs("active"),
                launched == null ? null : launched.toLocalDate(),
                Set.copyOf(attributes),
                floats(r, "factors"),
                r.<Double>getAs("popularity"));
    }

    /**
     * One row per due subscriber (skip_reason null): customer_id, tier_id, preferences (array of key, value,
     * strength), recent_products (sent within the no-repeat window before the box date), interactions, factors.
     */
    public static Dataset<Row> profiles(
            Dataset<Row> due,
            Dataset<Row> preferences,
            Dataset<Row> boxHistory,
            Dataset<Row> interactions,
            Dataset<Row> userFactors,
            LocalDate boxDate,
            int noRepeatDays) {
        Dataset<Row> prefs = preferences
                .groupBy("customer_id")
                .agg(array_sort(collect_list(struct(
                                col("preference_key").as("key"),
                                col("preference_value").as("value"),
                                col("strength"))))
                        .as("preferences"));
        Dataset<Row> recent = boxHistory
                .filter(col("box_date")
                        .lt(lit(Date.valueOf(boxDate)))
                        .and(col("box_date").geq(lit(Date.valueOf(boxDate.minusDays(noRepeatDays))))))
                .groupBy("customer_id")
                .agg(array_sort(collect_set("product_id")).as("recent_products"));
        Dataset<Row> counts =
                interactions.groupBy("customer_id").agg(count(lit(1)).as("interactions"));
        return due.filter(col("skip_reason").isNull())
                .select("customer_id", "tier_id")
                .join(prefs, "customer_id", "left")
                .join(recent, "customer_id", "left")
                .join(counts, "customer_id", "left")
                .join(userFactors, "customer_id", "left")
                .withColumn("interactions", coalesce(col("interactions"), lit(0L)));
    }

    /**
     * Scores every profile against the catalogue: rows of {@link #SCHEMA}. Nothing per product passes through
     * the driver: the catalogue is cut into slices of at most {@code catalogue-slice-products} products and the
     * profiles into one chunk per core, and one shuffle brings every slice together with every chunk (each
     * product is copied once per chunk, each profile once per slice). With several slices a first pass adds up
     * each customer's {@link CandidateScorer.Reach} over the slices, and the slices' best few per category are
     * merged into the catalogue's, so the rows are exactly those of one scorer holding the whole catalogue.
     */
    public static Dataset<Row> score(
            Dataset<Row> profiles, Dataset<Row> catalogue, CurationSettings settings, LocalDate boxDate) {
        SparkSession spark = profiles.sparkSession();
        long products = catalogue.count();
        int slices = (int)
                Math.max(1, (products + settings.catalogueSliceProducts() - 1) / settings.catalogueSliceProducts());
        int chunks = Math.max(1, spark.sparkContext().defaultParallelism());
        HashPartitioner meetings = new HashPartitioner(chunks * slices);
        // Shuffled into its meetings once: the reach pass and the scoring pass both read that shuffle.
        JavaPairRDD<Integer, CandidateScorer.Product> items = catalogue
                .javaRDD()
                .map(Candidates::product)
                .flatMapToPair(p -> {
                    int slice = Math.floorMod(p.productId(), slices);
                    List<Tuple2<Integer, CandidateScorer.Product>> copies = new ArrayList<>(chunks);
                    for (int chunk = 0; chunk < chunks; chunk++) {
                        copies.add(new Tuple2<>(chunk * slices + slice, p));
                    }
                    return copies.iterator();
                })
                .partitionBy(meetings);
        JavaRDD<Tuple2<CandidateScorer.Profile, CandidateScorer.Reach>> customers =
                profiles.javaRDD().map(r -> new Tuple2<>(profile(r), null));
        if (slices > 1) {
            JavaPairRDD<String, CandidateScorer.Reach> reach = meet(items, customers, meetings, slices, chunks)
                    .flatMapToPair(meeting -> {
                        CandidateScorer scorer =
                                new CandidateScorer(sorted(meeting._2()._1()), settings, boxDate);
                        return stream(meeting._2()._2().iterator())
                                .map(c -> new Tuple2<>(c._1().customerId(), scorer.reach(c._1())))
                                .iterator();
                    })
                    .reduceByKey(CandidateScorer.Reach::plus);
            customers = customers
                    .mapToPair(c -> new Tuple2<>(c._1().customerId(), c._1()))
                    .join(reach)
                    .values();
        }
        JavaRDD<Row> rows = meet(items, customers, meetings, slices, chunks).flatMap(meeting -> {
            CandidateScorer scorer = new CandidateScorer(sorted(meeting._2()._1()), settings, boxDate);
            // One customer's rows at a time: a chunk's candidates together would not fit in a task's memory.
            return stream(meeting._2()._2().iterator())
                    .flatMap(c -> rows(c._1(), scorer.score(c._1(), c._2())).stream())
                    .iterator();
        });
        Dataset<Row> scored = spark.createDataFrame(rows, SCHEMA);
        if (slices == 1) {
            return scored;
        }
        WindowSpec bestFirst = Window.partitionBy("customer_id", "category")
                .orderBy(col("curation_score").desc(), col("tie_break"), col("product_id"));
        return scored.withColumn("rank_in_category", row_number().over(bestFirst))
                .filter(col("rank_in_category").leq(settings.candidatesPerCategory()))
                .drop("rank_in_category");
    }

    /**
     * Every catalogue slice meets every chunk of customers: key chunk x slices + slice, the slice's products
     * (already partitioned by {@code meetings}, a copy per chunk) and the chunk's customers (with their reach, or
     * null) grouped under it; only the customers are shuffled here.
     */
    private static JavaPairRDD<
                    Integer,
                    Tuple2<
                            Iterable<CandidateScorer.Product>,
                            Iterable<Tuple2<CandidateScorer.Profile, CandidateScorer.Reach>>>>
            meet(
                    JavaPairRDD<Integer, CandidateScorer.Product> items,
                    JavaRDD<Tuple2<CandidateScorer.Profile, CandidateScorer.Reach>> customers,
                    HashPartitioner meetings,
                    int slices,
                    int chunks) {
        JavaPairRDD<Integer, Tuple2<CandidateScorer.Profile, CandidateScorer.Reach>> customersByMeeting = customers
                .mapPartitionsWithIndex(
                        (index, it) -> stream(it)
                                .flatMap(c -> IntStream.range(0, slices)
                                        .mapToObj(slice -> new Tuple2<>(index % chunks * slices + slice, c)))
                                .iterator(),
                        false)
                .mapToPair(t -> t);
        return items.cogroup(customersByMeeting, meetings)
                .filter(meeting -> meeting._2()._2().iterator().hasNext());
    }

    /** A slice's products in product order, as the scorer indexes them (the shuffle delivers them in any order). */
    private static List<CandidateScorer.Product> sorted(Iterable<CandidateScorer.Product> products) {
        List<CandidateScorer.Product> list = new ArrayList<>();
        products.forEach(list::add);
        list.sort(Comparator.comparingInt(CandidateScorer.Product::productId));
        return list;
    }

    private static <T> Stream<T> stream(Iterator<T> iterator) {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator, Spliterator.ORDERED), false);
    }

    /** A profiles row as the scorer sees it. */
    static CandidateScorer.Profile profile(Row r) {
        List<CandidateScorer.Preference> preferences = new ArrayList<>();
        if (!r.isNullAt(r.fieldIndex("preferences"))) {
            for (Row p : r.<Row>getList(r.fieldIndex("preferences"))) {
                preferences.add(new CandidateScorer.Preference(p.getString(0), p.getString(1), p.getInt(2)));
            }
        }
        Set<Integer> recent = r.isNullAt(r.fieldIndex("recent_products"))
                ? Set.of()
                : new HashSet<>(r.<Integer>getList(r.fieldIndex("recent_products")));
        return new CandidateScorer.Profile(
                r.getAs("customer_id"),
                r.<Integer>getAs("tier_id"),
                preferences,
                recent,
                r.<Long>getAs("interactions"),
                floats(r, "factors"));
    }

    private static List<Row> rows(CandidateScorer.Profile customer, CandidateScorer.Scored scored) {
        List<Row> out = new ArrayList<>(scored.candidates().size());
        for (CandidateScorer.Candidate c : scored.candidates()) {
            out.add(RowFactory.create(
                    customer.customerId(),
                    customer.tierId(),
                    c.productId(),
                    c.category(),
                    c.price(),
                    c.content(),
                    c.collaborative(),
                    c.popularity(),
                    c.score(),
                    c.basis(),
                    c.tieBreak(),
                    scored.eligibleProducts()));
        }
        return out;
    }

    private static float[] floats(Row r, String field) {
        int i = r.fieldIndex(field);
        if (r.isNullAt(i)) {
            return null;
        }
        List<Float> list = r.getList(i);
        float[] out = new float[list.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = list.get(k);
        }
        return out;
    }
}
