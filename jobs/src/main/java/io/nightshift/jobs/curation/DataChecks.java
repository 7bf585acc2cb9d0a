package io.nightshift.jobs.curation;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.trim;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bad subscription data that curation works around, each reported with a reason in the run log and never a
 * failure: customers who cannot get a box, preferences no product can match, products without attributes or
 * tiers. Each check is a small Spark query; the messages name a few examples and the count.
 */
public final class DataChecks {
    private static final Logger LOG = LoggerFactory.getLogger(DataChecks.class);

    private DataChecks() {}

    /** One line per problem, also logged as warnings. */
    public static List<String> run(
            Dataset<Row> due,
            Dataset<Row> preferences,
            Dataset<Row> products,
            Dataset<Row> attributes,
            Dataset<Row> productTiers,
            Set<String> dislikeKeys) {
        List<String> problems = new ArrayList<>();
        for (Row r : due.filter(col("skip_reason").isNotNull())
                .groupBy("skip_reason")
                .agg(
                        count(lit(1)).as("n"),
                        slice(array_sort(collect_list("customer_id")), 1, 3).as("examples"))
                .orderBy("skip_reason")
                .collectAsList()) {
            problems.add(
                    r.getLong(1) + " subscriber(s) get no box: " + r.getString(0) + " (e.g. " + r.getList(2) + ")");
        }
        Dataset<Row> known = attributes
                .select(
                        lower(trim(col("attribute_key"))).as("k"),
                        lower(trim(col("attribute_value"))).as("v"))
                .distinct();
        Dataset<Row> unmatched = preferences
                .filter(col("strength")
                        .gt(0)
                        .and(col("preference_key").isin(dislikeKeys.toArray()).unary_$bang()))
                .withColumn("k", lower(trim(col("preference_key"))))
                .withColumn("v", lower(trim(col("preference_value"))))
                .join(known, new String[] {"k", "v"}, "left_anti")
                .groupBy("preference_key", "preference_value")
                .agg(count(lit(1)).as("n"))
                .orderBy(col("n").desc(), col("preference_key"), col("preference_value"));
        for (Row r : unmatched.limit(10).collectAsList()) {
            problems.add("preference " + r.getString(0) + " = " + r.getString(1) + " of " + r.getLong(2)
                    + " customer(s) matches no product attribute: it adds nothing to their content scores");
        }
        long noAttributes = products.join(
                        attributes.select("product_id").distinct(), new String[] {"product_id"}, "left_anti")
                .count();
        if (noAttributes > 0) {
            problems.add(noAttributes + " product(s) have no attributes (e.g. "
                    + examples(products.join(
                            attributes.select("product_id").distinct(), new String[] {"product_id"}, "left_anti"))
                    + "): content score 0, chosen on collaborative filtering and popularity only");
        }
        Dataset<Row> noTiers = products.filter(col("active"))
                .join(productTiers.select("product_id").distinct(), new String[] {"product_id"}, "left_anti");
        long untiered = noTiers.count();
        if (untiered > 0) {
            problems.add(
                    untiered + " active product(s) are in no tier (e.g. " + examples(noTiers) + "): never in a box");
        }
        problems.forEach(p -> LOG.warn("curate-boxes: {}", p));
        return problems;
    }

    private static List<Object> examples(Dataset<Row> products) {
        return products.select("product_id").orderBy("product_id").limit(5).collectAsList().stream()
                .map(r -> r.get(0))
                .toList();
    }
}
