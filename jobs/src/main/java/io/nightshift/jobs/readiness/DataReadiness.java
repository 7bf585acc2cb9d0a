package io.nightshift.jobs.readiness;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.var_pop;
import static org.apache.spark.sql.functions.when;

import io.nightshift.common.config.NightshiftConfig;
import io.nightshift.common.config.PricingSettings;
import io.nightshift.jobs.elasticity.ProductEstimate;
import io.nightshift.jobs.pricing.PriceFrames;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * What the stages can do with a warehouse's silver tables: one row per product with its history length, its
 * demand pattern (Syntetos-Boylan ADI and CV²), its distinct prices in the elasticity window and which optional
 * feeds cover it ({@link #perProduct}, {@link #withFeed}); then, without Spark, the counts a readiness report
 * states against the stages' own thresholds ({@link #summarize}).
 */
public final class DataReadiness {
    /**
     * Syntetos, Boylan and Croston (2005): a product whose average inter-demand interval (days per day with a sale)
     * is above 1.32 is intermittent; with a squared coefficient of variation of its non-zero demand sizes of 0.49
     * or more it is lumpy (intermittent) or erratic (not intermittent), else intermittent or smooth.
     */
    public static final double ADI_CUTOFF = 1.32;

    public static final double CV2_CUTOFF = 0.49;

    /**
     * Two full years of daily history: the forecast's yearly profile needs them ({@code YearlyProfile.applies}:
     * at least 2 x 365.25 days).
     */
    public static final int YEARLY_PROFILE_DAYS = 731;

    private DataReadiness() {}

    /**
     * The stages' thresholds this report measures against, from the configuration (reference.conf's defaults
     * unless the shop's file overrides them).
     */
    public record Thresholds(
            int forecastHistoryDays,
            int forecastMinHistoryDays,
            int forecastLevelWindowDays,
            double intermittentZeroShare,
            int elasticityWindowDays,
            int elasticityMinObservations,
            int elasticityMinDistinctPrices,
            long elasticityMinUnits,
            boolean addToCartFunnel,
            PricingSettings.Strategy pricingStrategy,
            double controlGroupShare,
            double unknownCostRatio,
            int stockLookbackDays,
            int curationHistoryDays) {

        public static Thresholds from(NightshiftConfig config) {
            return new Thresholds(
                    config.forecast().historyDays(),
                    config.forecast().minHistoryDays(),
                    config.forecast().levelWindowDays(),
                    config.forecast().model().intermittentZeroShare(),
                    config.elasticity().windowDays(),
                    config.elasticity().minObservations(),
                    config.elasticity().minDistinctPrices(),
                    config.elasticity().minUnits(),
                    config.elasticity().addToCartFunnel(),
                    config.pricing().strategy(),
                    config.pricing().controlGroupShare(),
                    config.pricing().rules().unknownCostRatio().doubleValue(),
                    PriceFrames.STOCK_LOOKBACK_DAYS,
                    config.curation().als().historyDays());
        }
    }

    /**
     * One row per product of silver.products: {@code product_id, active, has_category, has_cost}, the first day
     * with a sale up to {@code asOf} ({@code first_sale}, null when none) and {@code history_days} from it to
     * {@code asOf} (both counted); over the forecast window ({@code forecastDays} ending on {@code asOf}), stock-out
     * days left out as the forecast leaves them out: {@code observed_days}, {@code zero_days}, {@code stockout_days},
     * {@code adi} (observed days since the first sale per day with a sale; null without a sale) and {@code cv2}
     * (of the units on days with a sale); over the elasticity window ({@code elasticityDays}): {@code usable_days}
     * (not stocked out, once a price is known), {@code distinct_prices} (own average prices of days with a sale)
     * and {@code window_units}; and {@code recent_units}, the units of the last {@code recentDays}.
     *
     * @param sales    silver.sales_daily (dense: a row per product and day, 0 units on a day without a sale)
     * @param products silver.products
     */
    public static Dataset<Row> perProduct(
            Dataset<Row> sales,
            Dataset<Row> products,
            LocalDate asOf,
            int forecastDays,
            int elasticityDays,
            int recentDays) {
        Dataset<Row> upTo = sales.filter(col("day").leq(lit(Date.valueOf(asOf))));
        Column observed = not(col("stockout"));
        Column sold = observed.and(col("units").gt(0));

        Dataset<Row> firstSale = upTo.filter(col("units").gt(0))
                .groupBy("product_id")
                .agg(min("day").as("first_sale"));

        Dataset<Row> forecast = upTo.filter(col("day").geq(lit(Date.valueOf(asOf.minusDays(forecastDays - 1L)))))
                .join(firstSale, new String[] {"product_id"}, "left")
                .groupBy("product_id")
                .agg(
                        count(when(observed, lit(1))).as("observed_days"),
                        count(when(observed.and(col("units").equalTo(0)), lit(1)))
                                .as("zero_days"),
                        count(when(col("stockout"), lit(1))).as("stockout_days"),
                        count(when(sold, lit(1))).as("demand_days"),
                        count(when(observed.and(col("day").geq(col("first_sale"))), lit(1)))
                                .as("days_since_first_sale"),
                        avg(when(sold, col("units"))).as("mean_size"),
                        var_pop(when(sold, col("units"))).as("var_size"));

        Dataset<Row> elasticity = upTo.filter(col("day").geq(lit(Date.valueOf(asOf.minusDays(elasticityDays - 1L)))))
                .groupBy("product_id")
                .agg(
                        count(when(observed, lit(1))).as("window_days"),
                        count(col("avg_unit_price")).as("priced_days"),
                        countDistinct(when(sold, col("avg_unit_price"))).as("distinct_prices"),
                        sum(when(observed, col("units")).otherwise(0L)).as("window_units"));

        Dataset<Row> recent = upTo.filter(col("day").geq(lit(Date.valueOf(asOf.minusDays(recentDays - 1L)))))
                .groupBy("product_id")
                .agg(sum("units").as("recent_units"));

        return products.select(
                        col("product_id"),
                        col("active"),
                        col("category").isNotNull().as("has_category"),
                        col("unit_cost").isNotNull().as("has_cost"))
                .join(firstSale, new String[] {"product_id"}, "left")
                .join(forecast, new String[] {"product_id"}, "left")
                .join(elasticity, new String[] {"product_id"}, "left")
                .join(recent, new String[] {"product_id"}, "left")
                .select(
                        col("product_id"),
                        col("active"),
                        col("has_category"),
                        col("has_cost"),
                        col("first_sale"),
                        datediff(lit(Date.valueOf(asOf)), col("first_sale"))
                                .plus(1)
                                .as("history_days"),
                        coalesce(col("observed_days"), lit(0L)).as("observed_days"),
                        coalesce(col("zero_days"), lit(0L)).as("zero_days"),
                        coalesce(col("stockout_days"), lit(0L)).as("stockout_days"),
                        when(
                                        col("demand_days").gt(0),
                                        col("days_since_first_sale").divide(col("demand_days")))
                                .as("adi"),
                        when(
                                        col("mean_size").gt(0),
                                        col("var_size").divide(col("mean_size").multiply(col("mean_size"))))
                                .as("cv2"),
                        when(col("priced_days").gt(0), col("window_days"))
                                .otherwise(0L)
                                .as("usable_days"),
                        coalesce(col("distinct_prices"), lit(0L)).as("distinct_prices"),
                        coalesce(col("window_units"), lit(0L))
                                .cast(DataTypes.LongType)
                                .as("window_units"),
                        coalesce(col("recent_units"), lit(0L))
                                .cast(DataTypes.LongType)
                                .as("recent_units"));
    }

    /**
     * {@code perProduct} with a boolean column {@code column}: whether {@code feed} (any table with product_id and
     * day) has a row for the product between {@code from} and {@code to}, both included.
     */
    public static Dataset<Row> withFeed(
            Dataset<Row> perProduct, Dataset<Row> feed, String column, LocalDate from, LocalDate to) {
        Dataset<Row> covered = feed.filter(
                        col("day").geq(lit(Date.valueOf(from))).and(col("day").leq(lit(Date.valueOf(to)))))
                .select("product_id")
                .distinct()
                .withColumn(column, lit(true));
        return perProduct
                .join(covered, new String[] {"product_id"}, "left")
                .withColumn(column, coalesce(col(column), lit(false)));
    }

    /** One row: a day-keyed table's {@code first_day}, {@code last_day} and {@code rows} up to {@code asOf}. */
    public static Dataset<Row> span(Dataset<Row> table, LocalDate asOf) {
        return table.filter(col("day").leq(lit(Date.valueOf(asOf))))
                .agg(
                        min("day").as("first_day"),
                        max("day").as("last_day"),
                        count(lit(1)).as("rows"));
    }

    /** One product as {@link #perProduct} and {@link #withFeed} describe it. */
    public record ProductProfile(
            int productId,
            boolean active,
            boolean hasCategory,
            boolean hasCost,
            Integer historyDays,
            long observedDays,
            long zeroDays,
            long stockoutDays,
            Double adi,
            Double cv2,
            long usableDays,
            long distinctPrices,
            long windowUnits,
            long recentUnits,
            boolean traffic,
            boolean competitorPrice,
            boolean stock) {

        public boolean sold() {
            return historyDays != null;
        }

        public boolean intermittent() {
            return adi != null && adi > ADI_CUTOFF;
        }

        public boolean variable() {
            return cv2 != null && cv2 >= CV2_CUTOFF;
        }

        public static ProductProfile of(Row r) {
            return new ProductProfile(
                    r.<Integer>getAs("product_id"),
                    r.<Boolean>getAs("active"),
                    r.<Boolean>getAs("has_category"),
                    r.<Boolean>getAs("has_cost"),
                    r.getAs("history_days"),
                    r.<Long>getAs("observed_days"),
                    r.<Long>getAs("zero_days"),
                    r.<Long>getAs("stockout_days"),
                    r.getAs("adi"),
                    r.getAs("cv2"),
                    r.<Long>getAs("usable_days"),
                    r.<Long>getAs("distinct_prices"),
                    r.<Long>getAs("window_units"),
                    r.<Long>getAs("recent_units"),
                    flag(r, "traffic"),
                    flag(r, "competitor_price"),
                    flag(r, "stock"));
        }

        private static boolean flag(Row r, String column) {
            return r.schema().getFieldIndex(column).isDefined() && Boolean.TRUE.equals(r.getAs(column));
        }
    }

    /** The distribution of history lengths (days) over the active products with a sale; zeros when none. */
    public record Distribution(int count, int min, int median, int max) {
        /** The lower median of an even count, so every figure is a product's own. */
        static Distribution of(List<Integer> values) {
            if (values.isEmpty()) {
                return new Distribution(0, 0, 0, 0);
            }
            List<Integer> sorted = new ArrayList<>(values);
            sorted.sort(null);
            return new Distribution(
                    sorted.size(), sorted.get(0), sorted.get((sorted.size() - 1) / 2), sorted.get(sorted.size() - 1));
        }
    }

    /** The elasticity stage's checks before it fits a product's own regression, on the product's profile. */
    public static ProductEstimate.Status elasticityCheck(ProductProfile p, Thresholds t) {
        return ProductEstimate.dataCheck(
                p.windowUnits(),
                p.usableDays(),
                p.distinctPrices(),
                t.elasticityMinObservations(),
                t.elasticityMinDistinctPrices(),
                t.elasticityMinUnits());
    }

    /**
     * The counts of the report, over the active products (the ones every stage works on) unless named otherwise.
     *
     * @param noPrice     active products without a priced sale in the elasticity window (then one, two, three or
     *                    more distinct prices)
     * @param smooth      Syntetos-Boylan classes of the active products with a sale in the forecast window
     */
    public record Summary(
            int products,
            int active,
            int activeSold,
            Distribution history,
            int classified,
            int smooth,
            int erratic,
            int intermittent,
            int lumpy,
            int noPrice,
            int onePrice,
            int twoPrices,
            int threeOrMorePrices,
            int medianDistinctPrices,
            int forecastOwnModel,
            int forecastYearly,
            int forecastIntermittentCandidates,
            int elasticityOwn,
            int elasticityNoSales,
            int elasticityTooFewDays,
            int elasticityTooFewPrices,
            int elasticityTooFewUnits,
            int withoutCategory,
            int withCost,
            int withStock,
            int withCompetitorPrice,
            int withTraffic,
            int withStockouts,
            int soldRecently) {

        /** Active products the Syntetos-Boylan classification calls intermittent (ADI above 1.32): lumpy included. */
        public int intermittentOrLumpy() {
            return intermittent + lumpy;
        }
    }

    /** The counts of the report from every product's profile (one per product of silver.products). */
    public static Summary summarize(List<ProductProfile> profiles, Thresholds t) {
        List<ProductProfile> active =
                profiles.stream().filter(ProductProfile::active).toList();
        List<Integer> histories = new ArrayList<>();
        int smooth = 0;
        int erratic = 0;
        int intermittent = 0;
        int lumpy = 0;
        int[] priceCounts = new int[4];
        List<Integer> distinct = new ArrayList<>();
        int ownModel = 0;
        int yearly = 0;
        int croston = 0;
        int[] gaps = new int[ProductEstimate.Status.values().length];
        int withoutCategory = 0;
        int withCost = 0;
        int withStock = 0;
        int withCompetitor = 0;
        int withTraffic = 0;
        int withStockouts = 0;
        int soldRecently = 0;
        for (ProductProfile p : active) {
            if (p.sold()) {
                histories.add(p.historyDays());
            }
            if (p.adi() != null) {
                if (p.intermittent()) {
                    if (p.variable()) {
                        lumpy++;
                    } else {
                        intermittent++;
                    }
                } else if (p.variable()) {
                    erratic++;
                } else {
                    smooth++;
                }
            }
            priceCounts[(int) Math.min(3, p.distinctPrices())]++;
            distinct.add((int) p.distinctPrices());
            if (p.observedDays() >= t.forecastMinHistoryDays()) {
                ownModel++;
                if (p.observedDays() + p.stockoutDays() >= YEARLY_PROFILE_DAYS) {
                    yearly++;
                }
                if ((double) p.zeroDays() / p.observedDays() >= t.intermittentZeroShare()) {
                    croston++;
                }
            }
            gaps[elasticityCheck(p, t).ordinal()]++;
            withoutCategory += p.hasCategory() ? 0 : 1;
            withCost += p.hasCost() ? 1 : 0;
            withStock += p.stock() ? 1 : 0;
            withCompetitor += p.competitorPrice() ? 1 : 0;
            withTraffic += p.traffic() ? 1 : 0;
            withStockouts += p.stockoutDays() > 0 ? 1 : 0;
            soldRecently += p.recentUnits() > 0 ? 1 : 0;
        }
        return new Summary(
                profiles.size(),
                active.size(),
                histories.size(),
                Distribution.of(histories),
                smooth + erratic + intermittent + lumpy,
                smooth,
                erratic,
                intermittent,
                lumpy,
                priceCounts[0],
                priceCounts[1],
                priceCounts[2],
                priceCounts[3],
                Distribution.of(distinct).median(),
                ownModel,
                yearly,
                croston,
                gaps[ProductEstimate.Status.FITTED.ordinal()],
                gaps[ProductEstimate.Status.NO_SALES.ordinal()],
                gaps[ProductEstimate.Status.TOO_FEW_OBSERVATIONS.ordinal()],
                gaps[ProductEstimate.Status.TOO_FEW_PRICES.ordinal()],
                gaps[ProductEstimate.Status.TOO_FEW_UNITS.ordinal()],
                withoutCategory,
                withCost,
                withStock,
                withCompetitor,
                withTraffic,
                withStockouts,
                soldRecently);
    }
}
