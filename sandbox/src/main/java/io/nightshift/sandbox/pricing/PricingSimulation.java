package io.nightshift.sandbox.pricing;

import io.nightshift.common.config.PricingSettings;
import io.nightshift.jobs.pricing.PriceDecision;
import io.nightshift.jobs.pricing.Pricer;
import io.nightshift.jobs.pricing.PricingInput;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Replays the last days of the sample shop on its true demand model with prices set every night by a
 * strategy, and counts what the shop would have earned. Demand on day t at price p is the generator's
 * {@code baseline_demand} (its expected demand at the reference price, with season, holidays, competitor
 * effect and traffic shock of that day) x (p / reference)^(true elasticity), drawn gamma-Poisson with the
 * product's true dispersion; sales are capped by stock, which follows the product's (s, Q) replenishment
 * policy and lead time. The random numbers of a product and day do not depend on the price (common random
 * numbers), so two strategies meet the same customers.
 *
 * <p>Each night the strategy sees what the pipeline would: the stock, the day's lowest competitor price, an
 * elasticity (the elasticity stage's, or the truth when that table is absent) and a forecast. The forecast is
 * a shortcut: the mean of the last 28 days' sales on days without a stock-out (re-running the forecast stage
 * on simulated sales every night is too slow for a what-if tool), the same for both strategies.
 */
public final class PricingSimulation {
    static final int FORECAST_WINDOW_DAYS = 28;

    /** One product as the ground truth knows it. */
    public record TrueProduct(
            int productId,
            String sku,
            String category,
            BigDecimal basePrice,
            BigDecimal unitCost,
            double referencePrice,
            double elasticity,
            double dispersion,
            int leadTimeDays,
            int reorderPoint,
            int orderQuantity,
            int safetyStock) {}

    /**
     * The shop's history and the replay's inputs, per product, indexed by day from {@code firstDay}.
     *
     * @param baselineDemand  per product, per day of the history: expected demand at the reference price
     * @param soldUnits       per product, per day: units the shop sold (for the forecast before the window)
     * @param stockout        per product, per day
     * @param pricesCents     per product, per day: the price the shop charged
     * @param lowestCompetitor per product, per day: the lowest competitor price, null when none
     * @param startOnHand     per product: stock at the end of the day before the window
     * @param elasticityEstimate per product: what the strategy is told (null: the default)
     */
    public record Shop(
            LocalDate firstDay,
            List<TrueProduct> products,
            double[][] baselineDemand,
            int[][] soldUnits,
            boolean[][] stockout,
            long[][] pricesCents,
            BigDecimal[][] lowestCompetitor,
            int[] startOnHand,
            Double[] elasticityEstimate,
            String elasticitySource) {}

    /** What one strategy earned over the replay. */
    public record Result(
            String strategy,
            double revenue,
            double profit,
            long units,
            long stockoutDays,
            long belowCost,
            long aboveCap,
            long priceChanges,
            Map<String, Long> reasons) {}

    private PricingSimulation() {}

    /** Replays days [start, start + days) of the shop's history with the strategy's prices. */
    public static Result run(Shop shop, int startIndex, int days, PricingSettings settings, long seed) {
        Pricer pricer = new Pricer(settings);
        int n = shop.products().size();
        double revenue = 0;
        double profit = 0;
        long units = 0;
        long stockoutDays = 0;
        long belowCost = 0;
        long aboveCap = 0;
        long changes = 0;
        Map<String, Long> reasons = new LinkedHashMap<>();
        for (int p = 0; p < n; p++) {
            TrueProduct product = shop.products().get(p);
            int onHand = shop.startOnHand()[p];
            int onOrder = 0;
            int[] arrivals = new int[days + product.leadTimeDays() + 2];
            BigDecimal previous = BigDecimal.valueOf(shop.pricesCents()[p][startIndex - 1], 2);
            // Sales history for the naive forecast: the shop's before the window, the replay's within it.
            int[] sold = Arrays.copyOf(shop.soldUnits()[p], shop.soldUnits()[p].length);
            boolean[] out = Arrays.copyOf(shop.stockout()[p], shop.stockout()[p].length);
            double cost = product.unitCost().doubleValue();
            double cap = product.basePrice().doubleValue() * 1.5;
            for (int d = 0; d < days; d++) {
                int t = startIndex + d;
                // The night before day t: the pipeline prices with what it knows at the end of day t - 1.
                double[] forecast = naiveForecast(sold, out, t, settings.horizonDays());
                PricingInput in = new PricingInput(
                        product.productId(),
                        product.sku(),
                        product.category(),
                        product.basePrice(),
                        product.unitCost(),
                        previous,
                        onHand,
                        0,
                        product.safetyStock(),
                        shop.lowestCompetitor()[p][t - 1],
                        forecast,
                        shop.elasticityEstimate()[p],
                        shop.elasticityEstimate()[p] == null ? null : Pricer.PRODUCT_POOLING);
                PriceDecision decision = pricer.price(in);
                for (String r : decision.reasonCodes()) {
                    reasons.merge(r, 1L, Long::sum);
                }
                double price = decision.price().doubleValue();
                if (price < cost - 1e-9) {
                    belowCost++;
                }
                if (price > cap + 0.005 + 1e-9) {
                    aboveCap++;
                }
                if (decision.price().compareTo(previous) != 0) {
                    changes++;
                }
                previous = decision.price();

                int arriving = arrivals[d];
                onHand += arriving;
                onOrder -= arriving;
                double expected =
                        shop.baselineDemand()[p][t] * Math.pow(price / product.referencePrice(), product.elasticity());
                int demand = draw(expected, product.dispersion(), seed, product.productId(), t);
                int sales = Math.min(demand, onHand);
                onHand -= sales;
                while (onHand + onOrder <= product.reorderPoint()) {
                    arrivals[d + product.leadTimeDays()] += product.orderQuantity();
                    onOrder += product.orderQuantity();
                }
                sold[t] = sales;
                out[t] = demand > sales;
                revenue += sales * price;
                profit += sales * (price - cost);
                units += sales;
                if (demand > sales) {
                    stockoutDays++;
                }
            }
        }
        return new Result(
                settings.strategy().label(),
                revenue,
                profit,
                units,
                stockoutDays,
                belowCost,
                aboveCap,
                changes,
                reasons);
    }

    /** Flat forecast: mean units sold over the last 28 days before day t, stock-out days left out. */
    static double[] naiveForecast(int[] sold, boolean[] stockout, int t, int horizon) {
        double sum = 0;
        int days = 0;
        for (int d = Math.max(0, t - FORECAST_WINDOW_DAYS); d < t; d++) {
            if (!stockout[d]) {
                sum += sold[d];
                days++;
            }
        }
        double[] forecast = new double[horizon];
        Arrays.fill(forecast, days == 0 ? 0 : sum / days);
        return forecast;
    }

    /**
     * A gamma-Poisson draw with mean {@code expected} and shape {@code dispersion}, from uniforms of the
     * product's and day's own stream: the same customers whatever the price (monotone in the mean).
     */
    static int draw(double expected, double dispersion, long seed, int productId, int day) {
        if (expected <= 0) {
            return 0;
        }
        SplittableRandom random = new SplittableRandom(mix(mix(seed * 31 + productId) + day));
        double g = gamma(random, dispersion) / dispersion;
        return poissonInverse(expected * g, random.nextDouble());
    }

    /** The smallest k with P(X <= k) >= u for X ~ Poisson(mean). */
    static int poissonInverse(double mean, double u) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 500) {
            // Normal approximation for very large means (not reached by the sample shop).
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * inverseNormal(u)));
        }
        double p = Math.exp(-mean);
        double cumulative = p;
        int k = 0;
        while (cumulative < u && k < 10_000) {
            k++;
            p *= mean / k;
            cumulative += p;
        }
        return k;
    }

    private static double inverseNormal(double u) {
        return new NormalDistribution(null, 0, 1).inverseCumulativeProbability(u);
    }

    /** Marsaglia and Tsang's gamma sampler, scale 1. */
    static double gamma(SplittableRandom random, double shape) {
        if (shape < 1) {
            return gamma(random, shape + 1) * Math.pow(random.nextDouble(), 1.0 / shape);
        }
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.sqrt(9 * d);
        while (true) {
            double x = random.nextGaussian();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = random.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
                return d * v;
            }
        }
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The lift of {@code candidate} over {@code baseline}, as a share. */
    public static double lift(double candidate, double baseline) {
        return baseline == 0 ? 0 : (candidate - baseline) / Math.abs(baseline);
    }

    public static List<String> topReasons(Map<String, Long> reasons, int count) {
        List<Map.Entry<String, Long>> entries = new ArrayList<>(reasons.entrySet());
        entries.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        List<String> out = new ArrayList<>();
        for (int i = 0; i < Math.min(count, entries.size()); i++) {
            out.add(entries.get(i).getKey() + " " + entries.get(i).getValue());
        }
        return out;
    }
}
