package io.nightshift.jobs.pricing;

import io.nightshift.common.config.PricingSettings;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The seed's {@code optimize_price} (the conceptual PHP pricing API), exactly:
 * <pre>
 * if stock &lt; 10 and demand &gt; 50:        base x 1.15
 * elif stock &gt; 100 and demand &lt; 20:     max(base x 0.95, lowest competitor + 0.50)
 * else:                                  max(base x 1.02, lowest competitor + 1.00)
 * then max(price, cost), min(price, 1.5 x base), round to cents (half up)
 * </pre>
 * stock = on hand - reserved - safety stock (0 when unknown, as the seed's {@code ?? 0}); demand = the sum of
 * yhat over the next 7 days; cost is the product's unit cost, 0.70 x base only when unknown. No forecast: the
 * base price (the seed's fallback). Thresholds and multipliers come from {@link PricingSettings.RulesSettings};
 * money is exact decimal arithmetic.
 * <p>Two departures from the seed, both guardrails a merchant expects of any price: with no competitor price the
 * competitor terms do not apply (the seed put the base price in its place, so a shop without a competitor feed got
 * base + 1.00 everywhere: +30% on cheap items) and the row says NO_COMPETITOR_DATA; and the price moves at most
 * the shop's maximum daily change away from the previous price (the cost floor still wins).
 */
public final class RulesPricer {
    private RulesPricer() {}

    /** {@link #price(PricingInput, PricingSettings.RulesSettings, double)} without a limit on the daily move. */
    public static PriceDecision price(PricingInput in, PricingSettings.RulesSettings rules) {
        return price(in, rules, Double.POSITIVE_INFINITY);
    }

    /**
     * The price and its reason codes; expected units and profit are filled in by {@link Pricer}.
     *
     * @param maxDailyChange the largest move from the previous price, as a share of it
     */
    public static PriceDecision price(PricingInput in, PricingSettings.RulesSettings rules, double maxDailyChange) {
        List<String> reasons = new ArrayList<>();
        BigDecimal base = in.basePrice();
        BigDecimal cost = in.unitCost();
        if (cost == null) {
            cost = base.multiply(rules.unknownCostRatio());
            reasons.add(ReasonCode.UNKNOWN_COST.name());
        }
        BigDecimal cap = base.multiply(rules.capRatio());
        BigDecimal floorCents = cost.setScale(2, RoundingMode.HALF_UP);
        BigDecimal capCents = cap.setScale(2, RoundingMode.HALF_UP);
        if (!in.hasForecast()) {
            reasons.add(0, ReasonCode.NO_FORECAST_FALLBACK.name());
            BigDecimal fallback = withinDailyChange(base, in.previousPrice(), maxDailyChange, reasons);
            return decision(fallback.setScale(2, RoundingMode.HALF_UP), reasons, floorCents, capCents);
        }
        Integer available = in.availableStock();
        if (available == null) {
            reasons.add(ReasonCode.NO_INVENTORY.name());
        }
        double stock = available == null ? 0 : available;
        double demand = in.forecastSum(rules.demandDays());
        BigDecimal competitor = in.lowestCompetitor();
        if (competitor == null) {
            reasons.add(ReasonCode.NO_COMPETITOR_DATA.name());
        }

        BigDecimal price;
        List<String> decided = new ArrayList<>();
        if (stock < rules.lowStockBelow() && demand > rules.highDemandAbove()) {
            price = base.multiply(rules.lowStockMarkup());
            decided.add(ReasonCode.LOW_STOCK_HIGH_DEMAND.name());
        } else if (stock > rules.overstockAbove() && demand < rules.lowDemandBelow()) {
            BigDecimal markdown = base.multiply(rules.overstockMarkdown());
            price = markdown;
            decided.add(ReasonCode.OVERSTOCK_MARKDOWN.name());
            if (competitor != null
                    && competitor.add(rules.overstockCompetitorMargin()).compareTo(markdown) > 0) {
                price = competitor.add(rules.overstockCompetitorMargin());
                decided.add(ReasonCode.COMPETITOR_POSITION.name());
            }
        } else {
            BigDecimal markup = base.multiply(rules.standardMarkup());
            if (competitor != null && competitor.add(rules.competitorMargin()).compareTo(markup) > 0) {
                price = competitor.add(rules.competitorMargin());
                decided.add(ReasonCode.COMPETITOR_POSITION.name());
            } else {
                price = markup;
                decided.add(ReasonCode.STANDARD_MARKUP.name());
            }
        }
        price = withinDailyChange(price, in.previousPrice(), maxDailyChange, decided);
        if (price.compareTo(cost) < 0) {
            price = cost;
            decided.add(ReasonCode.COST_FLOOR.name());
        }
        if (price.compareTo(cap) > 0) {
            price = cap;
            decided.add(ReasonCode.PRICE_CAP.name());
        }
        decided.addAll(reasons);
        return decision(price.setScale(2, RoundingMode.HALF_UP), decided, floorCents, capCents);
    }

    /**
     * {@code price} moved at most {@code maxDailyChange} away from {@code previous} (to whole cents inside the band).
     */
    private static BigDecimal withinDailyChange(
            BigDecimal price, BigDecimal previous, double maxDailyChange, List<String> reasons) {
        if (previous == null || previous.signum() <= 0 || Double.isInfinite(maxDailyChange)) {
            return price;
        }
        BigDecimal change = BigDecimal.valueOf(maxDailyChange);
        BigDecimal high = previous.multiply(BigDecimal.ONE.add(change)).setScale(2, RoundingMode.DOWN);
        BigDecimal low = previous.multiply(BigDecimal.ONE.subtract(change)).setScale(2, RoundingMode.UP);
        if (price.compareTo(high) > 0) {
            reasons.add(ReasonCode.MAX_DAILY_CHANGE.name());
            return high;
        }
        if (price.compareTo(low) < 0) {
            reasons.add(ReasonCode.MAX_DAILY_CHANGE.name());
            return low;
        }
        return price;
    }

    private static PriceDecision decision(BigDecimal price, List<String> reasons, BigDecimal floor, BigDecimal cap) {
        return new PriceDecision(
                price,
                PricingSettings.Strategy.RULES.label(),
                List.copyOf(reasons),
                null,
                null,
                null,
                null,
                floor,
                cap);
    }
}
