package io.nightshift.jobs.pricing;

import io.nightshift.common.config.PricingSettings;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

/**
 * Price experiments: the optimiser deliberately moves the price of some products around its chosen optimum so
 * the elasticity stage sees more price levels (passive data moves a list price about 1.5 times a year).
 * <p>A product is tested when experiments are enabled, it is optimised (not the control group), it has a
 * forecast, its elasticity interval (ci_high - ci_low) is at least {@code min-interval-width}, the forecast sells
 * at least {@code min-units-per-day}, its decision is an ordinary one (not a stock-driven markdown or rationing,
 * not a hold below min-change) and it falls in the tested {@code share} (a SplitMix64 hash of product id and
 * seed: the same products every run). Its schedule cycles through the optimum, +amplitude and -amplitude by ISO
 * week, from a phase hashed from product id and seed, so in any week the tested products are spread evenly over
 * the three levels and every product sees all three every three weeks. Reruns give the same prices.
 * <p>The experimental price lies within optimum x (1 +/- amplitude) and within every bound of the night (floor,
 * cap, max-daily-change from the previous price, competitor ceiling), ending in the configured cents when such a
 * price lies within that band. No test when no price lies on the schedule's side of the optimum, or when the pricer's
 * own
 * demand model expects it to give up more than {@code max-profit-loss} of the optimum's expected profit over the
 * horizon. A tested price carries PRICE_EXPERIMENT first, then the optimum's reasons.
 */
public final class PriceExperiment {
    /** The three levels, in cycle order: optimum, up, down. */
    static final int[] CYCLE = {0, 1, -1};

    private static final long SELECTION_SALT = 0x3C6EF372FE94F82BL;
    private static final long PHASE_SALT = 0xA54FF53A5F1D36F1L;
    /** Decisions the stock or a hold made: not moved for a test. */
    private static final List<String> NOT_TESTED = List.of(
            ReasonCode.OVERSTOCK_MARKDOWN.name(),
            ReasonCode.LOW_STOCK_HIGH_DEMAND.name(),
            ReasonCode.MIN_CHANGE_HOLD.name(),
            ReasonCode.NO_FORECAST_FALLBACK.name());

    private PriceExperiment() {}

    /** Whether the product is among the tested share (before the per-night conditions). */
    public static boolean selected(int productId, double share, long seed) {
        return share > 0 && unit(hash(productId, seed, SELECTION_SALT)) < share;
    }

    /** The schedule's level on {@code day}: -1 (down), 0 (the optimum) or +1 (up); constant within an ISO week. */
    public static int level(int productId, LocalDate day, long seed) {
        long week = isoWeekIndex(day);
        int phase = (int) Math.floorMod(hash(productId, seed, PHASE_SALT), 3L);
        return CYCLE[(int) Math.floorMod(week + phase, 3L)];
    }

    /** Weeks since the ISO week of 1970-01-01 (Monday 1969-12-29 starts week 0): continuous across years. */
    static long isoWeekIndex(LocalDate day) {
        return Math.floorDiv(
                day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toEpochDay() + 3, 7);
    }

    /**
     * The experimental decision, or {@code optimum} itself when the product is not tested tonight.
     *
     * @param optimum the optimiser's decision for the product
     * @param model   the demand model the optimum came from (null: never tested)
     * @param cost    the unit cost the floor is built on
     */
    public static PriceDecision apply(
            PricingInput in,
            PriceDecision optimum,
            DemandModel model,
            PricingSettings.Guardrails g,
            PricingSettings.ExperimentSettings s,
            double cost) {
        if (!s.enabled() || model == null || in.runDate() == null) {
            return optimum;
        }
        Double width = in.elasticityIntervalWidth();
        if (width == null || width < s.minIntervalWidth()) {
            return optimum;
        }
        if (model.meanDailyDemand() < s.minUnitsPerDay()) {
            return optimum;
        }
        for (String r : NOT_TESTED) {
            if (optimum.reasonCodes().contains(r)) {
                return optimum;
            }
        }
        if (!selected(in.productId(), s.share(), s.seed())) {
            return optimum;
        }
        int level = level(in.productId(), in.runDate(), s.seed());
        if (level == 0) {
            return optimum;
        }

        long floor = OptimizePricer.ceilCents(cost * (1 + g.minMargin()));
        long cap = OptimizePricer.floorCents(in.basePrice().doubleValue() * g.capRatio());
        long previousCents = Math.round(in.previousPrice().doubleValue() * 100);
        if (floor > cap || previousCents < floor || previousCents > cap) {
            return optimum;
        }
        OptimizePricer.Bounds bounds = OptimizePricer.bounds(in, g, floor, cap);
        long optimumCents = optimum.price().movePointRight(2).longValueExact();
        // On the schedule's side of the optimum, within the amplitude and every bound of the night.
        long low = level > 0 ? optimumCents + 1 : OptimizePricer.ceilCents(optimumCents / 100.0 * (1 - s.amplitude()));
        long high =
                level > 0 ? OptimizePricer.floorCents(optimumCents / 100.0 * (1 + s.amplitude())) : optimumCents - 1;
        low = Math.max(low, bounds.low());
        high = Math.min(high, bounds.high());
        if (low > high) {
            return optimum;
        }
        // The far end of the band; the nearest price with the configured ending when one lies in it, else any cents
        // (the optimiser's own rule: with .99 endings and 5% a product under about $20 has no .99 price in its band).
        long price = OptimizePricer.nearestEnding(level > 0 ? high : low, low, high, g);

        double optimumProfit = model.profit(optimumCents / 100.0, cost);
        double profit = model.profit(price / 100.0, cost);
        if (!(optimumProfit > 0) || optimumProfit - profit > s.maxProfitLoss() * optimumProfit) {
            return optimum;
        }

        List<String> reasons = new ArrayList<>();
        reasons.add(ReasonCode.PRICE_EXPERIMENT.name());
        for (String r : optimum.reasonCodes()) {
            if (!reasons.contains(r)) {
                reasons.add(r);
            }
        }
        return new PriceDecision(
                OptimizePricer.cents(price),
                optimum.strategy(),
                List.copyOf(reasons),
                model.units(price / 100.0),
                profit,
                optimum.expectedUnitsAtPrevious(),
                optimum.expectedProfitAtPrevious(),
                optimum.floor(),
                optimum.cap(),
                optimumProfit);
    }

    /** SplitMix64's finaliser of the product id, seed and salt. */
    static long hash(int productId, long seed, long salt) {
        long z = productId * 0x9E3779B97F4A7C15L + seed * 0xD1B54A32D192ED03L + salt;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The hash's top 53 bits as a number in [0, 1). */
    static double unit(long hash) {
        return (hash >>> 11) * 0x1.0p-53;
    }
}
