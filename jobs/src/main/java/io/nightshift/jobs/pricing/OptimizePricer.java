package io.nightshift.jobs.pricing;

import io.nightshift.common.config.PricingSettings;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The profit-maximising strategy: the price that maximises expected profit over the horizon
 * ({@link DemandModel}), within the guardrails, in this order of precedence:
 * <ol>
 *   <li>hard: floor = cost x (1 + min margin), cap = base x cap ratio (a previous price outside them moves to
 *       the nearer one at once);</li>
 *   <li>at most max-daily-change away from the previous price;</li>
 *   <li>optional ceiling at the lowest competitor x ratio (ignored when it would break the two above);</li>
 *   <li>prices end in the configured cents when one such price lies within the bounds;</li>
 *   <li>a change below min-change of the previous price is not made.</li>
 * </ol>
 * Stock that runs out before replenishment makes the higher price the profitable one (rationing,
 * LOW_STOCK_HIGH_DEMAND); stock covering more than overstock-days of demand is marked down to the price that
 * sells it within clear-within-days (OVERSTOCK_MARKDOWN). Without a forecast the target is the base price
 * (NO_FORECAST_FALLBACK), reached within the same guardrails. Deterministic: a fixed candidate grid, ties to
 * the price nearest the previous one, then the lower.
 */
public final class OptimizePricer {
    /** Candidate prices of the unconstrained search: a geometric grid from just above cost to this x base. */
    static final double SEARCH_MAX_BASE_MULTIPLE = 3.0;

    static final int SEARCH_POINTS = 400;

    private OptimizePricer() {}

    /**
     * @param model      the demand model at the previous price, or null without a forecast
     * @param infoReasons reasons about the inputs (elasticity source, unknown cost, ...) appended to the decision's
     */
    public static PriceDecision price(
            PricingInput in,
            PricingSettings.Guardrails g,
            BigDecimal unknownCostRatio,
            DemandModel model,
            List<String> infoReasons) {
        List<String> info = new ArrayList<>(infoReasons);
        double base = in.basePrice().doubleValue();
        double cost;
        if (in.unitCost() != null) {
            cost = in.unitCost().doubleValue();
        } else {
            cost = in.basePrice().multiply(unknownCostRatio).doubleValue();
            info.add(ReasonCode.UNKNOWN_COST.name());
        }
        double previous = in.previousPrice().doubleValue();
        long floor = ceilCents(cost * (1 + g.minMargin()));
        long cap = floorCents(base * g.capRatio());
        if (floor > cap) {
            // Cost above the cap: no price satisfies both. The cap wins unless it is below cost itself.
            long price = Math.max(cap, ceilCents(cost));
            return decision(
                    price,
                    List.of(price > cap ? ReasonCode.COST_FLOOR.name() : ReasonCode.PRICE_CAP.name()),
                    info,
                    model,
                    previous,
                    cost,
                    cents(floor),
                    cents(cap));
        }

        long previousCents = Math.round(previous * 100);
        Bounds bounds = bounds(in, g, floor, cap);
        long low = bounds.low();
        ReasonCode lowReason = bounds.lowReason();
        long high = bounds.high();
        ReasonCode highReason = bounds.highReason();

        List<String> decided = new ArrayList<>();
        long chosen;
        if (model == null) {
            decided.add(ReasonCode.NO_FORECAST_FALLBACK.name());
            long target = Math.round(base * 100);
            if (target < low) {
                decided.add(lowReason.name());
            }
            if (target > high) {
                decided.add(highReason.name());
            }
            chosen = target >= low && target <= high ? target : nearestEnding(clamp(target, low, high), low, high, g);
        } else {
            double target = unconstrainedOptimum(model, cost, base);
            boolean overstock = false;
            Integer stock = model.stock();
            double meanDaily = model.meanDailyDemand();
            if (stock != null
                    && stock > 0
                    && g.clearWithinDays() > 0
                    && (meanDaily <= 0 || stock / meanDaily > g.overstockDays())) {
                double clearing = meanDaily <= 0
                        ? 0
                        : previous * Math.pow(stock / (meanDaily * g.clearWithinDays()), 1 / model.elasticity());
                if (clearing < target) {
                    target = clearing;
                    overstock = true;
                }
            }
            long targetCents = Math.round(target * 100);
            if (targetCents < low) {
                chosen = overstock
                        ? nearestEnding(low, low, high, g)
                        : bestCandidate(model, cost, low, high, g, previousCents);
            } else if (targetCents > high) {
                chosen = bestCandidate(model, cost, low, high, g, previousCents);
            } else {
                chosen = overstock
                        ? nearestEnding(targetCents, low, high, g)
                        : bestCandidate(model, cost, low, high, g, previousCents);
            }
            if (overstock && chosen < previousCents) {
                decided.add(ReasonCode.OVERSTOCK_MARKDOWN.name());
            } else if (model.stockBinds(previous) && chosen > previousCents) {
                decided.add(ReasonCode.LOW_STOCK_HIGH_DEMAND.name());
            } else if (targetCents >= low && targetCents <= high) {
                decided.add(ReasonCode.PROFIT_OPTIMUM.name());
            }
            if (targetCents < low) {
                decided.add(lowReason.name());
            }
            if (targetCents > high) {
                decided.add(highReason.name());
            }
        }
        // No penny churn: a small move is not worth making, when staying is within the hard bounds.
        if (chosen != previousCents
                && Math.abs(chosen - previousCents) < g.minChange() * previousCents
                && previousCents >= floor
                && previousCents <= cap) {
            chosen = previousCents;
            decided = new ArrayList<>(List.of(ReasonCode.MIN_CHANGE_HOLD.name()));
        }
        return decision(chosen, decided, info, model, previous, cost, cents(floor), cents(cap));
    }

    /** The allowed prices [low, high] in cents and which guardrail each end is. */
    record Bounds(long low, ReasonCode lowReason, long high, ReasonCode highReason) {}

    /**
     * The bounds every price of the night must lie in, in cents: floor and cap (a previous price outside them
     * pins the bound on the nearer one), max-daily-change around the previous price, the competitor ceiling.
     */
    static Bounds bounds(PricingInput in, PricingSettings.Guardrails g, long floor, long cap) {
        double previous = in.previousPrice().doubleValue();
        long previousCents = Math.round(previous * 100);
        long low = floor;
        ReasonCode lowReason = ReasonCode.COST_FLOOR;
        long high = cap;
        ReasonCode highReason = ReasonCode.PRICE_CAP;
        long changeLow = ceilCents(previous * (1 - g.maxDailyChange()));
        long changeHigh = floorCents(previous * (1 + g.maxDailyChange()));
        if (previousCents < floor) {
            high = floor;
            highReason = ReasonCode.COST_FLOOR;
        } else if (previousCents > cap) {
            low = cap;
            lowReason = ReasonCode.PRICE_CAP;
        } else {
            if (changeLow > low) {
                low = changeLow;
                lowReason = ReasonCode.MAX_DAILY_CHANGE;
            }
            if (changeHigh < high) {
                high = changeHigh;
                highReason = ReasonCode.MAX_DAILY_CHANGE;
            }
        }
        if (g.hasCompetitorCeiling() && in.lowestCompetitor() != null) {
            long ceiling = floorCents(in.lowestCompetitor().doubleValue() * g.competitorCeilingRatio());
            if (ceiling >= low && ceiling < high) {
                high = ceiling;
                highReason = ReasonCode.COMPETITOR_POSITION;
            }
        }
        return new Bounds(low, lowReason, high, highReason);
    }

    /** The product's cost for the floor: unit_cost, else the unknown-cost share of base. */
    static double cost(PricingInput in, BigDecimal unknownCostRatio) {
        return in.unitCost() != null
                ? in.unitCost().doubleValue()
                : in.basePrice().multiply(unknownCostRatio).doubleValue();
    }

    /** The profit-maximising price ignoring every guardrail but cost, on a geometric grid. */
    static double unconstrainedOptimum(DemandModel model, double cost, double base) {
        double from = Math.max(0.01, cost * 1.0001);
        double to = Math.max(from * 1.01, base * SEARCH_MAX_BASE_MULTIPLE);
        double ratio = Math.pow(to / from, 1.0 / (SEARCH_POINTS - 1));
        double best = model.currentPrice();
        double bestProfit = model.profit(best, cost);
        double p = from;
        for (int i = 0; i < SEARCH_POINTS; i++, p *= ratio) {
            double profit = model.profit(p, cost);
            if (profit > bestProfit + 1e-9
                    || (Math.abs(profit - bestProfit) <= 1e-9
                            && Math.abs(p - model.currentPrice()) < Math.abs(best - model.currentPrice()))) {
                best = p;
                bestProfit = profit;
            }
        }
        return best;
    }

    /** The most profitable allowed price in [low, high] cents: endings when any fits, else every cent step. */
    static long bestCandidate(
            DemandModel model, double cost, long low, long high, PricingSettings.Guardrails g, long previousCents) {
        List<Long> candidates = endings(low, high, g);
        if (candidates.isEmpty()) {
            long step = Math.max(1, (high - low) / 200);
            for (long c = low; c <= high; c += step) {
                candidates.add(c);
            }
            candidates.add(high);
        }
        if (previousCents >= low && previousCents <= high) {
            candidates.add(previousCents);
        }
        long best = candidates.get(0);
        double bestProfit = Double.NEGATIVE_INFINITY;
        for (long c : candidates) {
            double profit = model.profit(c / 100.0, cost);
            boolean better = profit > bestProfit + 1e-9;
            boolean tie = Math.abs(profit - bestProfit) <= 1e-9;
            if (better
                    || (tie
                            && (Math.abs(c - previousCents) < Math.abs(best - previousCents)
                                    || (Math.abs(c - previousCents) == Math.abs(best - previousCents) && c < best)))) {
                best = c;
                bestProfit = Math.max(profit, bestProfit);
            }
        }
        return best;
    }

    /** The allowed price with the configured ending nearest to {@code target}, or target itself when none fits. */
    static long nearestEnding(long target, long low, long high, PricingSettings.Guardrails g) {
        List<Long> candidates = endings(low, high, g);
        long best = clamp(target, low, high);
        long bestDistance = Long.MAX_VALUE;
        for (long c : candidates) {
            long distance = Math.abs(c - target);
            if (distance < bestDistance || (distance == bestDistance && c < best)) {
                best = c;
                bestDistance = distance;
            }
        }
        return best;
    }

    /** Every price in [low, high] cents ending in the configured cents (empty without an ending). */
    static List<Long> endings(long low, long high, PricingSettings.Guardrails g) {
        List<Long> out = new ArrayList<>();
        if (!g.hasPriceEnding()) {
            return out;
        }
        long endingCents = Math.round(g.priceEnding() * 100);
        for (long dollars = low / 100 - 1; dollars * 100 + endingCents <= high; dollars++) {
            long c = dollars * 100 + endingCents;
            if (c >= low && c > 0) {
                out.add(c);
            }
        }
        return out;
    }

    private static PriceDecision decision(
            long priceCents,
            List<String> decided,
            List<String> info,
            DemandModel model,
            double previous,
            double cost,
            BigDecimal floor,
            BigDecimal cap) {
        List<String> reasons = new ArrayList<>(decided);
        for (String r : info) {
            if (!reasons.contains(r)) {
                reasons.add(r);
            }
        }
        double price = priceCents / 100.0;
        Double units = model == null ? null : model.units(price);
        Double profit = model == null ? null : model.profit(price, cost);
        Double unitsAtPrevious = model == null ? null : model.units(previous);
        Double profitAtPrevious = model == null ? null : model.profit(previous, cost);
        return new PriceDecision(
                cents(priceCents),
                PricingSettings.Strategy.OPTIMIZE.label(),
                List.copyOf(reasons),
                units,
                profit,
                unitsAtPrevious,
                profitAtPrevious,
                floor,
                cap);
    }

    static long clamp(long value, long low, long high) {
        return Math.max(low, Math.min(high, value));
    }

    /** Up to the next cent, tolerant of binary noise (10.00000001 is 10.00). */
    static long ceilCents(double amount) {
        return (long) Math.ceil(amount * 100 - 1e-6);
    }

    static long floorCents(double amount) {
        return (long) Math.floor(amount * 100 + 1e-6);
    }

    static BigDecimal cents(long cents) {
        return BigDecimal.valueOf(cents, 2).setScale(2, RoundingMode.UNNECESSARY);
    }
}
