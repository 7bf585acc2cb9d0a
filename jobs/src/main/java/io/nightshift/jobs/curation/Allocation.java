package io.nightshift.jobs.curation;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * Fills every box from its customer's candidates at once, under the box rules and the stock.
 * <ul>
 *   <li>Fair rounds: nobody gets an (n+1)th item while a customer who can still get an nth item has not,
 *       so nobody's box is filled with scarce products before everyone has had their first pick.</li>
 *   <li>In each pass every customer of the current round proposes their best feasible candidate: in stock,
 *       not yet in their box, under the category cap and within the box's value ceiling.</li>
 *   <li>A product proposed more often than it has units goes where it adds the most total score: to the
 *       proposers who would lose most by taking their next-best candidate instead (score minus next score),
 *       then the higher score, then the stable hash. The others propose again in the next pass.</li>
 * </ul>
 * Every step is a Spark join or window over all customers; passes are few (one per round when nothing is
 * scarce). Inputs: candidates ({@link Candidates#SCHEMA}), boxes (customer_id, product_limit, value_max) and
 * units (product_id, units_available).
 */
public final class Allocation {
    private static final Logger LOG = LoggerFactory.getLogger(Allocation.class);

    /** The chosen rows (the candidates' columns plus box_rank), how many passes it took, whether it finished. */
    public record Result(Dataset<Row> items, int passes, boolean finished) {
    }

    private Allocation() {
    }

    public static Result allocate(Dataset<Row> candidates, Dataset<Row> boxes, Dataset<Row> units,
                                  int maxPerCategory, int maxPasses) {
        Dataset<Row> pool = candidates.withColumn("category", coalesce(col("category"), lit("")))
                .join(boxes.select("customer_id", "product_limit", "value_max"), "customer_id")
                .select("customer_id", "product_id", "category", "price", "curation_score", "tie_break",
                        "product_limit", "value_max")
                .localCheckpoint();
        Dataset<Row> chosen = pool.limit(0).select("customer_id", "product_id", "category", "price", "curation_score", "tie_break");
        Row top = boxes.agg(max("product_limit")).head();
        int rounds = top.isNullAt(0) ? 0 : top.getInt(0);
        int level = 0;
        int passes = 0;
        while (level < rounds && passes < maxPasses) {
            passes++;
            Dataset<Row> proposals = pass(pool, chosen, units, level, maxPerCategory).localCheckpoint();
            Row counts = proposals.agg(count(lit(1)), sum(when(col("granted"), 1).otherwise(0))).head();
            long proposed = counts.getLong(0);
            long granted = counts.isNullAt(1) ? 0 : counts.getLong(1);
            LOG.debug("allocation pass {} (round {}): {} proposals, {} granted", passes, level + 1, proposed, granted);
            if (granted > 0) {
                chosen = chosen.unionByName(proposals.filter(col("granted")).drop("granted")).localCheckpoint();
            }
            // Everyone who proposed got their item: nobody in this round can get another, so the next round starts.
            if (granted == proposed) {
                level++;
            }
        }
        boolean finished = level >= rounds;
        WindowSpec inBox = Window.partitionBy("customer_id").orderBy(col("curation_score").desc(), col("tie_break"));
        Dataset<Row> items = candidates.join(chosen.select("customer_id", "product_id"), new String[] {"customer_id", "product_id"})
                .withColumn("box_rank", row_number().over(inBox));
        return new Result(items, passes, finished);
    }

    /** One pass: the best feasible proposal of each customer in the round, {@code granted} when the product has a unit for it. */
    static Dataset<Row> pass(Dataset<Row> pool, Dataset<Row> chosen, Dataset<Row> units, int level, int maxPerCategory) {
        Dataset<Row> perCustomer = chosen.groupBy("customer_id").agg(count(lit(1)).as("in_box"), sum("price").as("box_value"));
        Dataset<Row> perCategory = chosen.groupBy("customer_id", "category").agg(count(lit(1)).as("in_category"));
        Dataset<Row> remaining = units.join(chosen.groupBy("product_id").agg(count(lit(1)).as("used")), new String[] {"product_id"}, "left")
                .select(col("product_id"), col("units_available").minus(coalesce(col("used"), lit(0L))).as("remaining"))
                .filter(col("remaining").gt(0));
        Column inBox = coalesce(col("in_box"), lit(0L));
        Dataset<Row> feasible = pool.join(perCustomer, new String[] {"customer_id"}, "left")
                .filter(inBox.equalTo(level).and(inBox.lt(col("product_limit")))
                        .and(coalesce(col("box_value"), lit(0.0)).plus(col("price")).leq(col("value_max").plus(1e-9))))
                .join(chosen.select("customer_id", "product_id"), new String[] {"customer_id", "product_id"}, "left_anti")
                .join(perCategory, new String[] {"customer_id", "category"}, "left")
                .filter(coalesce(col("in_category"), lit(0L)).lt(maxPerCategory))
                .join(remaining, "product_id");
        WindowSpec byCustomer = Window.partitionBy("customer_id").orderBy(col("curation_score").desc(), col("tie_break"));
        Dataset<Row> proposals = feasible
                .withColumn("choice", row_number().over(byCustomer))
                .withColumn("next_score", lead("curation_score", 1).over(byCustomer))
                .filter(col("choice").equalTo(1))
                .withColumn("regret", col("curation_score").minus(coalesce(col("next_score"), lit(0.0))));
        WindowSpec byProduct = Window.partitionBy("product_id")
                .orderBy(col("regret").desc(), col("curation_score").desc(), col("tie_break"));
        return proposals.withColumn("granted", row_number().over(byProduct).leq(col("remaining")))
                .select("customer_id", "product_id", "category", "price", "curation_score", "tie_break", "granted");
    }
}
