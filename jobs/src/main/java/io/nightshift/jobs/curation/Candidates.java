package io.nightshift.jobs.curation;

import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.reflect.ClassTag$;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;

/**
 * Every due subscriber scored against the catalogue, on the executors: the catalogue (one row per product, a
 * few thousand) is broadcast, the customers are streamed through {@link CandidateScorer}. The output keeps
 * the best {@code candidates-per-category} eligible products per customer and category.
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

    private Candidates() {
    }

    /**
     * One row per product: product_id, category, price, active, launched_on, attributes array of "key\0value"
     * (lower case), tiers array<int>, factors array<float> (null without ALS factors), popularity.
     * Inputs: products (product_id, category, base_price, active, launched_on), attributes (product_id,
     * attribute_key, attribute_value), product tiers (product_id, tier_id), item factors, popularity.
     */
    public static Dataset<Row> catalogue(Dataset<Row> products, Dataset<Row> attributes, Dataset<Row> productTiers,
                                         Dataset<Row> itemFactors, Dataset<Row> popularity) {
        Dataset<Row> attrs = attributes.groupBy("product_id").agg(array_sort(collect_set(
                org.apache.spark.sql.functions.concat(org.apache.spark.sql.functions.lower(org.apache.spark.sql.functions.trim(col("attribute_key"))),
                        lit("\u0000"), org.apache.spark.sql.functions.lower(org.apache.spark.sql.functions.trim(col("attribute_value")))))).as("attributes"));
        Dataset<Row> tiers = productTiers.groupBy("product_id").agg(array_sort(collect_set("tier_id")).as("tiers"));
        return products.select(col("product_id"), col("category"), col("base_price").cast("double").as("price"),
                        col("active"), col("launched_on"))
                .join(attrs, "product_id", "left")
                .join(tiers, "product_id", "left")
                .join(itemFactors, "product_id", "left")
                .join(popularity, "product_id", "left")
                .withColumn("popularity", coalesce(col("popularity"), lit(0.0)))
                .orderBy("product_id");
    }

    /** The catalogue frame on the driver, in product order (it is small: one row per product). */
    public static List<CandidateScorer.Product> collect(Dataset<Row> catalogue) {
        List<CandidateScorer.Product> products = new ArrayList<>();
        for (Row r : catalogue.collectAsList()) {
            List<String> attributes = r.isNullAt(r.fieldIndex("attributes")) ? List.of() : r.getList(r.fieldIndex("attributes"));
            List<Integer> tiers = r.isNullAt(r.fieldIndex("tiers")) ? List.of() : r.getList(r.fieldIndex("tiers"));
            Date launched = r.getAs("launched_on");
            products.add(new CandidateScorer.Product(r.<Integer>getAs("product_id"), r.getAs("category"),
                    r.<Double>getAs("price"), tiers.stream().mapToInt(Integer::intValue).toArray(),
                    r.<Boolean>getAs("active"), launched == null ? null : launched.toLocalDate(),
                    Set.copyOf(attributes), floats(r, "factors"), r.<Double>getAs("popularity")));
        }
        return products;
    }

    /**
     * One row per due subscriber (skip_reason null): customer_id, tier_id, preferences (array of key, value,
     * strength), recent_products (sent within the no-repeat window before the box date), interactions, factors.
     */
    public static Dataset<Row> profiles(Dataset<Row> due, Dataset<Row> preferences, Dataset<Row> boxHistory,
                                        Dataset<Row> interactions, Dataset<Row> userFactors, LocalDate boxDate,
                                        int noRepeatDays) {
        Dataset<Row> prefs = preferences.groupBy("customer_id").agg(array_sort(collect_list(struct(
                col("preference_key").as("key"), col("preference_value").as("value"), col("strength")))).as("preferences"));
        Dataset<Row> recent = boxHistory
                .filter(col("box_date").lt(lit(Date.valueOf(boxDate)))
                        .and(col("box_date").geq(lit(Date.valueOf(boxDate.minusDays(noRepeatDays))))))
                .groupBy("customer_id").agg(array_sort(collect_set("product_id")).as("recent_products"));
        Dataset<Row> counts = interactions.groupBy("customer_id").agg(count(lit(1)).as("interactions"));
        return due.filter(col("skip_reason").isNull()).select("customer_id", "tier_id")
                .join(prefs, "customer_id", "left")
                .join(recent, "customer_id", "left")
                .join(counts, "customer_id", "left")
                .join(userFactors, "customer_id", "left")
                .withColumn("interactions", coalesce(col("interactions"), lit(0L)));
    }

    /** Scores every profile against the catalogue: rows of {@link #SCHEMA}. */
    public static Dataset<Row> score(Dataset<Row> profiles, List<CandidateScorer.Product> catalogue,
                                     CurationSettings settings, LocalDate boxDate) {
        SparkSession spark = profiles.sparkSession();
        Broadcast<CandidateScorer> scorer = spark.sparkContext().broadcast(
                new CandidateScorer(catalogue, settings, boxDate), ClassTag$.MODULE$.apply(CandidateScorer.class));
        FlatMapFunction<Iterator<Row>, Row> each = rows -> new Iterator<>() {
            private Iterator<Row> current = java.util.Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && rows.hasNext()) {
                    current = scoreOne(scorer.value(), rows.next()).iterator();
                }
                return current.hasNext();
            }

            @Override
            public Row next() {
                hasNext();
                return current.next();
            }
        };
        return profiles.mapPartitions(each::call, Encoders.row(SCHEMA));
    }

    private static List<Row> scoreOne(CandidateScorer scorer, Row r) {
        String customer = r.getAs("customer_id");
        int tier = r.<Integer>getAs("tier_id");
        List<CandidateScorer.Preference> preferences = new ArrayList<>();
        if (!r.isNullAt(r.fieldIndex("preferences"))) {
            for (Row p : r.<Row>getList(r.fieldIndex("preferences"))) {
                preferences.add(new CandidateScorer.Preference(p.getString(0), p.getString(1), p.getInt(2)));
            }
        }
        Set<Integer> recent = r.isNullAt(r.fieldIndex("recent_products")) ? Set.of()
                : new HashSet<>(r.<Integer>getList(r.fieldIndex("recent_products")));
        CandidateScorer.Scored scored = scorer.score(new CandidateScorer.Profile(customer, tier, preferences, recent,
                r.<Long>getAs("interactions"), floats(r, "factors")));
        List<Row> out = new ArrayList<>(scored.candidates().size());
        for (CandidateScorer.Candidate c : scored.candidates()) {
            out.add(RowFactory.create(customer, tier, c.productId(), c.category(), c.price(), c.content(), c.collaborative(),
                    c.popularity(), c.score(), c.basis(), c.tieBreak(), scored.eligibleProducts()));
        }
        return out;
    }

    private static float[] floats(Row r, String field) {
        int i = r.fieldIndex(field);
        if (r.isNullAt(i)) return null;
        List<Float> list = r.getList(i);
        float[] out = new float[list.size()];
        for (int k = 0; k < out.length; k++) out[k] = list.get(k);
        return out;
    }
}
