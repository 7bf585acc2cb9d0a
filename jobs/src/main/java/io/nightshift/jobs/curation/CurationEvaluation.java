package io.nightshift.jobs.curation;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * Offline evaluation: each customer's most recent rated box is held out; the models are trained on what came
 * before it (earlier boxes and their ratings, purchases before it) and rank every product eligible for that
 * box (tier, launched, not sent in the 90 days before, not disliked). A held-out item rated at least
 * {@code relevant-rating} is relevant, with gain 2^(rating - relevant-rating + 1) - 1 (1 for a 4, 3 for a 5).
 * Reports precision@k and NDCG@k averaged over the customers with at least one relevant held-out item.
 */
public final class CurationEvaluation {
    /** One model's figures. */
    public record Metric(String model, long customers, double precision, double ndcg, Double trueAffinity) {
    }

    /** The held-out box date and the metrics per model, in report order. */
    public record Report(LocalDate holdoutDate, int k, long heldOutItems, List<Metric> metrics) {
    }

    private CurationEvaluation() {
    }

    /** Reads the shop from the commerce database and evaluates. */
    public static Report evaluate(io.nightshift.jobs.stage.StageContext context, int k, java.util.Optional<LocalDate> holdout,
                                  List<CurationSettings.Weights> extraBlends) {
        CurationSettings settings = CurationSettings.from(context.config().raw());
        CurationSource source = new CurationSource(context.spark(), context.commerce(), context.config().shop().timeZone(),
                settings.jdbcPartitions());
        LocalDate first = LocalDate.of(1900, 1, 1);
        LocalDate last = LocalDate.of(9999, 1, 1);
        CurateBoxesStage.Inputs in = new CurateBoxesStage.Inputs(source.customers(), source.tiers(), source.preferences().cache(),
                source.products().cache(), source.attributes().cache(), source.productTiers().cache(),
                source.boxHistory(first, last).cache(), source.purchases(first, last).cache(), null);
        String tastes = context.config().storage().groundTruth() + "/customer_tastes.csv";
        Dataset<Row> truth = null;
        try {
            truth = context.spark().read().option("header", "true").option("inferSchema", "true").csv(tastes).cache();
            truth.count();
        } catch (RuntimeException e) {
            truth = null;   // not a sample shop: no ground truth to score against
        }
        return evaluate(in, settings, k, holdout, extraBlends, truth);
    }

    /**
     * With the sample shop's ground truth (customer_id, key, value, weight: stated and hidden tastes), the mean
     * true affinity of each model's top k: the sum of the weights of the customer's tastes the product matches,
     * what the simulated ratings follow. Unlike the held-out box, it also sees products the old curation never sent.
     */
    static Dataset<Row> trueAffinity(Dataset<Row> top, Dataset<Row> truth, Dataset<Row> attributes) {
        Dataset<Row> matches = truth.select(col("customer_id"), org.apache.spark.sql.functions.lower(col("key")).as("k"),
                        org.apache.spark.sql.functions.lower(col("value")).as("v"), col("weight"))
                .join(attributes.select(col("product_id"), org.apache.spark.sql.functions.lower(col("attribute_key")).as("k"),
                        org.apache.spark.sql.functions.lower(col("attribute_value")).as("v")), new String[] {"k", "v"})
                .groupBy("customer_id", "product_id").agg(sum("weight").as("affinity"));
        return top.join(matches, new String[] {"customer_id", "product_id"}, "left")
                .select(coalesce(col("affinity"), lit(0L)).cast("double").as("affinity"));
    }

    /** The models compared: each a blend (warm weights, cold-start weights). */
    public static Map<String, CurationSettings> models(CurationSettings configured, int k) {
        Map<String, CurationSettings> models = new LinkedHashMap<>();
        CurationSettings base = configured.withCandidatesPerCategory(Math.max(k, configured.candidatesPerCategory()));
        models.put("popularity", base.withWeights(new CurationSettings.Weights(0, 0, 1), new CurationSettings.Weights(0, 0, 1)));
        models.put("content", base.withWeights(new CurationSettings.Weights(1, 0, 0), new CurationSettings.Weights(1, 0, 0)));
        models.put("als", base.withWeights(new CurationSettings.Weights(0, 1, 0), new CurationSettings.Weights(0, 0, 0)));
        models.put("hybrid", base);
        return models;
    }

    /**
     * {@code in}: the shop's frames with the whole box history (ratings included) and purchases; the latest
     * box date that has ratings is held out.
     */
    public static Report evaluate(CurateBoxesStage.Inputs in, CurationSettings settings, int k,
                                  java.util.Optional<LocalDate> holdoutDate, List<CurationSettings.Weights> extraBlends,
                                  Dataset<Row> truth) {
        Row latest = in.boxHistory().filter(col("rating").isNotNull()).agg(max("box_date")).head();
        if (latest.isNullAt(0)) {
            throw new IllegalStateException("no rated box items in subscription_box_items: nothing to hold out");
        }
        LocalDate holdout = holdoutDate.orElse(latest.getDate(0).toLocalDate());
        Dataset<Row> heldOut = in.boxHistory().filter(col("box_date").equalTo(lit(java.sql.Date.valueOf(holdout)))
                .and(col("rating").isNotNull())).cache();
        Dataset<Row> before = in.boxHistory().filter(col("box_date").lt(lit(java.sql.Date.valueOf(holdout)))).cache();
        Dataset<Row> purchases = in.purchases().filter(col("day").lt(lit(java.sql.Date.valueOf(holdout))));

        // The customers of the held-out box, with their tier.
        Dataset<Row> boxTier = heldOut.select("customer_id").distinct()
                .join(in.customers().select(col("customer_id"), col("subscription_tier_id").as("tier_id")), "customer_id");
        Dataset<Row> due = boxTier.join(in.tiers(), "tier_id")
                .select(col("customer_id"), col("tier_id"), col("tier_name"), col("price").as("tier_price"),
                        col("product_limit"), lit(null).cast("string").as("skip_reason"));
        Dataset<Row> interactions = Interactions.build(before, purchases, holdout, settings.als()).cache();
        Collaborative.Factors factors = Collaborative.fit(interactions, settings.als());
        Dataset<Row> popularity = Interactions.popularity(interactions);
        List<CandidateScorer.Product> catalogue = Candidates.collect(
                Candidates.catalogue(in.products(), in.attributes(), in.productTiers(), factors.items(), popularity));
        Dataset<Row> profiles = Candidates.profiles(due, in.preferences(), before, interactions, factors.users(),
                holdout, settings.noRepeatDays()).cache();

        int threshold = settings.relevantRating();
        Column gain = pow(lit(2.0), col("rating").minus(threshold - 1)).minus(1);
        Dataset<Row> relevant = heldOut.filter(col("rating").geq(threshold))
                .select(col("customer_id"), col("product_id"), gain.as("gain")).cache();
        Dataset<Row> ideal = relevant.withColumn("pos", row_number().over(Window.partitionBy("customer_id").orderBy(col("gain").desc(), col("product_id"))))
                .filter(col("pos").leq(k))
                .groupBy("customer_id").agg(sum(col("gain").divide(log(2.0, col("pos").plus(1)))).as("idcg"));

        List<Metric> metrics = new ArrayList<>();
        Map<String, CurationSettings> models = models(settings, k);
        for (CurationSettings.Weights blend : extraBlends) {
            models.put(String.format(java.util.Locale.ROOT, "hybrid %.2f/%.2f/%.2f", blend.content(), blend.collaborative(), blend.popularity()),
                    models.get("hybrid").withWeights(blend, settings.coldStartWeights()));
        }
        for (Map.Entry<String, CurationSettings> model : models.entrySet()) {
            Dataset<Row> top = Candidates.score(profiles, catalogue, model.getValue(), holdout)
                    .withColumn("pos", row_number().over(Window.partitionBy("customer_id")
                            .orderBy(col("curation_score").desc(), col("tie_break"))))
                    .filter(col("pos").leq(k));
            Dataset<Row> perCustomer = ideal.join(top.join(relevant, new String[] {"customer_id", "product_id"}, "left"), "customer_id")
                    .groupBy("customer_id")
                    .agg(max("idcg").as("idcg"),
                            sum(when(col("gain").isNotNull(), 1).otherwise(0)).as("hits"),
                            sum(coalesce(col("gain"), lit(0.0)).divide(log(2.0, col("pos").plus(1)))).as("dcg"));
            Row m = perCustomer.agg(countDistinct("customer_id"), avg(col("hits").divide(k)), avg(col("dcg").divide(col("idcg")))).head();
            Double affinity = null;
            if (truth != null) {
                Row a = trueAffinity(top, truth, in.attributes()).agg(avg("affinity")).head();
                affinity = a.isNullAt(0) ? null : a.getDouble(0);
            }
            metrics.add(new Metric(model.getKey(), m.getLong(0), m.isNullAt(1) ? 0 : m.getDouble(1), m.isNullAt(2) ? 0 : m.getDouble(2), affinity));
        }
        long items = heldOut.agg(count(lit(1))).head().getLong(0);
        heldOut.unpersist();
        before.unpersist();
        interactions.unpersist();
        profiles.unpersist();
        relevant.unpersist();
        return new Report(holdout, k, items, metrics);
    }
}
