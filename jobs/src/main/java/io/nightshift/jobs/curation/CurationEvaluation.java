package io.nightshift.jobs.curation;

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

import io.nightshift.common.config.CurationSettings;
import io.nightshift.common.db.CommerceReader;
import io.nightshift.jobs.stage.StageContext;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offline evaluation: each customer's most recent rated box is held out; the models are trained on what came
 * before it (earlier boxes and their ratings, purchases before it) and rank every product eligible for that
 * box (tier, launched, not sent in the 90 days before, not disliked). A held-out item rated at least
 * {@code relevant-rating} is relevant, with gain 2^(rating - relevant-rating + 1) - 1 (1 for a 4, 3 for a 5).
 * Reports precision@k and NDCG@k averaged over the customers with at least one relevant held-out item.
 */
public final class CurationEvaluation {
    private static final Logger LOG = LoggerFactory.getLogger(CurationEvaluation.class);

    /** One model's figures. */
    public record Metric(String model, long customers, double precision, double ndcg, Double trueAffinity) {}

    /** What validation on the box before the held-out one chose, and its NDCG@k there (null: no earlier rated box). */
    public record Validation(
            LocalDate boxDate,
            CurationSettings.Weights weights,
            double ratingNeutral,
            double ndcg,
            int settingsTried) {}

    /** The held-out box date and the metrics per model, in report order. */
    public record Report(
            LocalDate holdoutDate, int k, long heldOutItems, List<Metric> metrics, Validation validation) {}

    /** One held-out box: the history before it, its customers, their relevant items and ideal DCG@k. */
    private record Holdout(
            LocalDate date,
            Dataset<Row> before,
            Dataset<Row> purchases,
            Dataset<Row> due,
            Dataset<Row> relevant,
            Dataset<Row> ideal,
            long items) {
        void unpersist() {
            before.unpersist();
            relevant.unpersist();
        }
    }

    /** ALS and the scoring inputs, fitted on what came before a held-out box under one setting. */
    private record Fitted(Dataset<Row> catalogue, Dataset<Row> profiles, Dataset<Row> interactions) {
        void unpersist() {
            catalogue.unpersist();
            profiles.unpersist();
            interactions.unpersist();
        }
    }

    private CurationEvaluation() {}

    /** Reads the shop from the commerce database and evaluates. */
    public static Report evaluate(
            StageContext context, int k, Optional<LocalDate> holdout, List<CurationSettings.Weights> extraBlends) {
        CurationSettings settings = context.config().curation();
        CommerceReader source = new CommerceReader(
                context.spark(), context.commerce(), context.config().shop().timeZone(), settings.jdbcPartitions());
        LocalDate first = LocalDate.of(1900, 1, 1);
        LocalDate last = LocalDate.of(9999, 1, 1);
        CurateBoxesStage.Inputs in = new CurateBoxesStage.Inputs(
                source.customers(),
                source.tiers(),
                source.preferences().cache(),
                source.curationProducts().cache(),
                source.attributes().cache(),
                source.productTiers().cache(),
                source.boxHistory(first, last).cache(),
                source.purchases(first, last).cache(),
                null);
        String tastes = context.config().storage().groundTruth() + "/customer_tastes.csv";
        Dataset<Row> truth = null;
        try {
            truth = context.spark()
                    .read()
                    .option("header", "true")
                    .option("inferSchema", "true")
                    .csv(tastes)
                    .cache();
            truth.count();
        } catch (RuntimeException e) {
            truth = null; // not a sample shop: no ground truth to score against
        }
        return evaluate(in, settings, k, holdout, extraBlends, truth);
    }

    /**
     * With the sample shop's ground truth (customer_id, key, value, weight: stated and hidden tastes), the mean
     * true affinity of each model's top k: the sum of the weights of the customer's tastes the product matches,
     * what the simulated ratings follow. Unlike the held-out box, it also sees products the old curation never sent.
     */
    static Dataset<Row> trueAffinity(Dataset<Row> top, Dataset<Row> truth, Dataset<Row> attributes) {
        Dataset<Row> matches = truth.select(
                        col("customer_id"),
                        org.apache.spark.sql.functions.lower(col("key")).as("k"),
                        org.apache.spark.sql.functions.lower(col("value")).as("v"),
                        col("weight"))
                .join(
                        attributes.select(
                                col("product_id"),
                                org.apache
                                        .spark
                                        .sql
                                        .functions
                                        .lower(col("attribute_key"))
                                        .as("k"),
                                org.apache
                                        .spark
                                        .sql
                                        .functions
                                        .lower(col("attribute_value"))
                                        .as("v")),
                        new String[] {"k", "v"})
                .groupBy("customer_id", "product_id")
                .agg(sum("weight").as("affinity"));
        return top.join(matches, new String[] {"customer_id", "product_id"}, "left")
                .select(coalesce(col("affinity"), lit(0L)).cast("double").as("affinity"));
    }

    /** The models compared: each a blend (warm weights, cold-start weights). */
    public static Map<String, CurationSettings> models(CurationSettings configured, int k) {
        Map<String, CurationSettings> models = new LinkedHashMap<>();
        CurationSettings base = configured.withCandidatesPerCategory(Math.max(k, configured.candidatesPerCategory()));
        models.put(
                "popularity",
                base.withWeights(new CurationSettings.Weights(0, 0, 1), new CurationSettings.Weights(0, 0, 1)));
        models.put(
                "content",
                base.withWeights(new CurationSettings.Weights(1, 0, 0), new CurationSettings.Weights(1, 0, 0)));
        models.put(
                "als", base.withWeights(new CurationSettings.Weights(0, 1, 0), new CurationSettings.Weights(0, 0, 0)));
        models.put("hybrid", base);
        return models;
    }

    /**
     * {@code in}: the shop's frames with the whole box history (ratings included) and purchases; the latest
     * box date that has ratings is held out. The models compared are popularity, content, ALS, the configured
     * hybrid, the {@code extraBlends}, and the hybrid chosen by validation on the rated box before the held-out one.
     */
    public static Report evaluate(
            CurateBoxesStage.Inputs in,
            CurationSettings settings,
            int k,
            Optional<LocalDate> holdoutDate,
            List<CurationSettings.Weights> extraBlends,
            Dataset<Row> truth) {
        Row latest = in.boxHistory()
                .filter(col("rating").isNotNull())
                .agg(max("box_date"))
                .head();
        if (latest.isNullAt(0)) {
            throw new IllegalStateException("no rated box items in subscription_box_items: nothing to hold out");
        }
        LocalDate date = holdoutDate.orElse(latest.getDate(0).toLocalDate());
        Holdout test = holdout(in, settings, date, k);
        Fitted configured = fit(in, test, settings);

        List<Metric> metrics = new ArrayList<>();
        Map<String, CurationSettings> models = models(settings, k);
        for (CurationSettings.Weights blend : extraBlends) {
            models.put(
                    String.format(
                            Locale.ROOT,
                            "hybrid %.2f/%.2f/%.2f",
                            blend.content(),
                            blend.collaborative(),
                            blend.popularity()),
                    models.get("hybrid").withWeights(blend, settings.coldStartWeights()));
        }
        for (Map.Entry<String, CurationSettings> model : models.entrySet()) {
            metrics.add(metric(model.getKey(), test, configured, model.getValue(), k, truth, in.attributes()));
        }

        Validation validation = null;
        Row previous = in.boxHistory()
                .filter(col("rating").isNotNull().and(col("box_date").lt(lit(Date.valueOf(date)))))
                .agg(max("box_date"))
                .head();
        if (!previous.isNullAt(0)) {
            validation = validate(in, settings, previous.getDate(0).toLocalDate(), k);
            CurationSettings chosen = models.get("hybrid")
                    .withRatingNeutral(validation.ratingNeutral())
                    .withWeights(validation.weights(), settings.coldStartWeights());
            Fitted fitted = chosen.als().equals(settings.als()) ? configured : fit(in, test, chosen);
            metrics.add(metric("hybrid, validated", test, fitted, chosen, k, truth, in.attributes()));
            if (fitted != configured) {
                fitted.unpersist();
            }
        }
        configured.unpersist();
        test.unpersist();
        return new Report(date, k, test.items(), metrics, validation);
    }

    /**
     * Every setting of the validation grid scored on {@code boxDate} (trained on what came before it): the one
     * with the best NDCG@k, the first in grid order on a tie. Only earlier boxes are looked at, so the held-out
     * box plays no part in the choice.
     */
    static Validation validate(CurateBoxesStage.Inputs in, CurationSettings settings, LocalDate boxDate, int k) {
        Holdout box = holdout(in, settings, boxDate, k);
        CurationSettings base = models(settings, k).get("hybrid");
        Validation best = null;
        int tried = 0;
        for (double neutral : settings.validation().ratingNeutrals()) {
            CurationSettings withNeutral = base.withRatingNeutral(neutral);
            Fitted fitted = fit(in, box, withNeutral);
            for (double popularity : settings.validation().popularityShares()) {
                for (double collaborative : settings.validation().collaborativeShares()) {
                    if (collaborative + popularity > 1) {
                        continue;
                    }
                    CurationSettings.Weights weights =
                            new CurationSettings.Weights(1 - collaborative - popularity, collaborative, popularity);
                    double ndcg = metric(
                                    "validation",
                                    box,
                                    fitted,
                                    withNeutral.withWeights(weights, settings.coldStartWeights()),
                                    k,
                                    null,
                                    in.attributes())
                            .ndcg();
                    tried++;
                    LOG.info(String.format(
                            Locale.ROOT,
                            "evaluate-curation: validation on %s: rating-neutral %.1f, content %.2f, collaborative %.2f, popularity %.2f: NDCG@%d %.4f",
                            boxDate,
                            neutral,
                            weights.content(),
                            weights.collaborative(),
                            weights.popularity(),
                            k,
                            ndcg));
                    if (best == null || ndcg > best.ndcg()) {
                        best = new Validation(boxDate, weights, neutral, ndcg, 0);
                    }
                }
            }
            fitted.unpersist();
        }
        box.unpersist();
        return new Validation(best.boxDate(), best.weights(), best.ratingNeutral(), best.ndcg(), tried);
    }

    private static Holdout holdout(CurateBoxesStage.Inputs in, CurationSettings settings, LocalDate date, int k) {
        Date day = Date.valueOf(date);
        Dataset<Row> heldOut = in.boxHistory()
                .filter(col("box_date").equalTo(lit(day)).and(col("rating").isNotNull()));
        Dataset<Row> before =
                in.boxHistory().filter(col("box_date").lt(lit(day))).cache();
        Dataset<Row> purchases = in.purchases().filter(col("day").lt(lit(day)));
        // The customers of the held-out box, with their tier.
        Dataset<Row> boxTier = heldOut.select("customer_id")
                .distinct()
                .join(
                        in.customers()
                                .select(
                                        col("customer_id"),
                                        col("subscription_tier_id").as("tier_id")),
                        "customer_id");
        Dataset<Row> due = boxTier.join(in.tiers(), "tier_id")
                .select(
                        col("customer_id"),
                        col("tier_id"),
                        col("tier_name"),
                        col("price").as("tier_price"),
                        col("product_limit"),
                        lit(null).cast("string").as("skip_reason"));
        int threshold = settings.relevantRating();
        Column gain = pow(lit(2.0), col("rating").minus(threshold - 1)).minus(1);
        Dataset<Row> relevant = heldOut.filter(col("rating").geq(threshold))
                .select(col("customer_id"), col("product_id"), gain.as("gain"))
                .cache();
        Dataset<Row> ideal = relevant.withColumn(
                        "pos",
                        row_number()
                                .over(Window.partitionBy("customer_id")
                                        .orderBy(col("gain").desc(), col("product_id"))))
                .filter(col("pos").leq(k))
                .groupBy("customer_id")
                .agg(sum(col("gain").divide(log(2.0, col("pos").plus(1)))).as("idcg"));
        long items = heldOut.agg(count(lit(1))).head().getLong(0);
        return new Holdout(date, before, purchases, due, relevant, ideal, items);
    }

    private static Fitted fit(CurateBoxesStage.Inputs in, Holdout box, CurationSettings settings) {
        Dataset<Row> interactions = Interactions.build(box.before(), box.purchases(), box.date(), settings.als())
                .cache();
        Collaborative.Factors factors = Collaborative.fit(interactions, settings.als());
        Dataset<Row> popularity = Interactions.popularity(interactions);
        Dataset<Row> catalogue = Candidates.catalogue(
                        in.products(), in.attributes(), in.productTiers(), factors.items(), popularity)
                .cache();
        Dataset<Row> profiles = Candidates.profiles(
                        box.due(),
                        in.preferences(),
                        box.before(),
                        interactions,
                        factors.users(),
                        box.date(),
                        settings.noRepeatDays())
                .cache();
        return new Fitted(catalogue, profiles, interactions);
    }

    private static Metric metric(
            String name,
            Holdout box,
            Fitted fitted,
            CurationSettings model,
            int k,
            Dataset<Row> truth,
            Dataset<Row> attributes) {
        Dataset<Row> top = Candidates.score(fitted.profiles(), fitted.catalogue(), model, box.date())
                .withColumn(
                        "pos",
                        row_number()
                                .over(Window.partitionBy("customer_id")
                                        .orderBy(col("curation_score").desc(), col("tie_break"))))
                .filter(col("pos").leq(k));
        Dataset<Row> perCustomer = box.ideal()
                .join(top.join(box.relevant(), new String[] {"customer_id", "product_id"}, "left"), "customer_id")
                .groupBy("customer_id")
                .agg(
                        max("idcg").as("idcg"),
                        sum(when(col("gain").isNotNull(), 1).otherwise(0)).as("hits"),
                        sum(coalesce(col("gain"), lit(0.0))
                                        .divide(log(2.0, col("pos").plus(1))))
                                .as("dcg"));
        Row m = perCustomer
                .agg(
                        countDistinct("customer_id"),
                        avg(col("hits").divide(k)),
                        avg(col("dcg").divide(col("idcg"))))
                .head();
        Double affinity = null;
        if (truth != null) {
            Row a = trueAffinity(top, truth, attributes).agg(avg("affinity")).head();
            affinity = a.isNullAt(0) ? null : a.getDouble(0);
        }
        return new Metric(
                name, m.getLong(0), m.isNullAt(1) ? 0 : m.getDouble(1), m.isNullAt(2) ? 0 : m.getDouble(2), affinity);
    }
}
