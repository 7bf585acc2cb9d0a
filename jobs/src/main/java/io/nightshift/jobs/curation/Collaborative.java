package io.nightshift.jobs.curation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import io.nightshift.common.config.CurationSettings;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Implicit-feedback ALS (Spark MLlib) over {@link Interactions}: latent factors per customer and product.
 * Deterministic: a fixed seed, fixed user and item block counts, one input row per (customer, product), and the
 * input in one partition sorted by (user, product). ALS adds each customer's (and product's) contributions in
 * the order its shuffles deliver them; with one input partition and one block there is a single map output
 * per shuffle, so that order is the sorted input's on any deployment. With more blocks (faster on many cores)
 * the blocks' shuffle outputs reach each other in the order they are fetched, which on a cluster varies with
 * timing: the factors, and the scores built on them, then differ from local mode in the last float bits.
 */
public final class Collaborative {
    /** customer_id, factors array<float>; product_id, factors array<float>. */
    public record Factors(Dataset<Row> users, Dataset<Row> items) {}

    private Collaborative() {}

    public static Factors fit(Dataset<Row> interactions, CurationSettings.Als als) {
        // ALS wants integer ids: customers are numbered in customer_id order, the same on every run (a window
        // over the distinct customers only, which are few next to the interactions).
        // Implicit ALS regularises a customer's (or product's) equations by their positive interactions only. With
        // none (every boxed item rated at or below neutral) the factors are zero whenever they can be solved, and
        // the equations are singular when the other side's factors are degenerate (a small catalogue, products
        // liked by the same customers). Such customers and products change nobody else's factors (a zero factor
        // adds nothing), so they are left out: they get no factors, which scoring treats as a cold start.
        interactions = interactions
                .join(
                        interactions
                                .filter(col("weight").gt(0))
                                .select("customer_id")
                                .distinct(),
                        "customer_id")
                .join(
                        interactions
                                .filter(col("weight").gt(0))
                                .select("product_id")
                                .distinct(),
                        "product_id")
                .select("customer_id", "product_id", "weight");
        Dataset<Row> users = interactions
                .select("customer_id")
                .distinct()
                .withColumn(
                        "user", row_number().over(Window.orderBy("customer_id")).minus(1))
                .cache();
        Dataset<Row> numbered = interactions.join(users, "customer_id");
        ALSModel model = new ALS()
                .setImplicitPrefs(true)
                .setRank(als.rank())
                .setMaxIter(als.maxIter())
                .setRegParam(als.regParam())
                .setAlpha(als.alpha())
                .setSeed(als.seed())
                .setNumUserBlocks(als.blocks())
                .setNumItemBlocks(als.blocks())
                .setUserCol("user")
                .setItemCol("product_id")
                .setRatingCol("weight")
                .fit(numbered.select("user", "product_id", "weight")
                        .repartition(1)
                        .sortWithinPartitions("user", "product_id"));
        Dataset<Row> userFactors = model.userFactors()
                .join(users, model.userFactors().col("id").equalTo(users.col("user")))
                .select(col("customer_id"), col("features").as("factors"));
        Dataset<Row> itemFactors = model.itemFactors()
                .select(col("id").as("product_id"), col("features").as("factors"));
        return new Factors(userFactors, itemFactors);
    }
}
