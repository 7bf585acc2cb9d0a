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
 * yhat over the next 7 days; the lowest competitor price is the base price when there is none; cost is the
 * product's unit cost, 0.70 x base only when unknown. No forecast: the base price (the seed's fallback).
 * Thresholds and multipliers come from {@link PricingSettings.RulesSettings}; money is exact decimal arithmetic.
 */
public final class RulesPricer {
    private RulesPricer() {
    }

    /** The price and its reason codes; expected units and profit are filled in by {@link Pricer}. */
    public static PriceDecision price(PricingInput in, PricingSettings.RulesSettings rules) {
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
            return decision(base.setScale(2, RoundingMode.HALF_UP), reasons, floorCents, capCents);
        }
        Integer available = in.availableStock();
        if (available == null) reasons.add(ReasonCode.NO_INVENTORY.name());
        double stock = available == null ? 0 : available;
        double demand = in.forecastSum(rules.demandDays());
        BigDecimal competitor = in.lowestCompetitor() == null ? base : in.lowestCompetitor();

        BigDecimal price;
        List<String> decided = new ArrayList<>();
        if (stock < rules.lowStockBelow() && demand > rules.highDemandAbove()) {
            price = base.multiply(rules.lowStockMarkup());
            decided.add(ReasonCode.LOW_STOCK_HIGH_DEMAND.name());
        } else if (stock > rules.overstockAbove() && demand < rules.lowDemandBelow()) {
            BigDecimal markdown = base.multiply(rules.overstockMarkdown());
            BigDecimal aboveCompetitor = competitor.add(rules.overstockCompetitorMargin());
            price = markdown.max(aboveCompetitor);
            decided.add(ReasonCode.OVERSTOCK_MARKDOWN.name());
            if (aboveCompetitor.compareTo(markdown) > 0) decided.add(ReasonCode.COMPETITOR_POSITION.name());
        } else {
            BigDecimal markup = base.multiply(rules.standardMarkup());
            BigDecimal aboveCompetitor = competitor.add(rules.competitorMargin());
            price = markup.max(aboveCompetitor);
            decided.add(aboveCompetitor.compareTo(markup) > 0 ? ReasonCode.COMPETITOR_POSITION.name() : ReasonCode.STANDARD_MARKUP.name());
        }
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

    private static PriceDecision decision(BigDecimal price, List<String> reasons, BigDecimal floor, BigDecimal cap) {
        return new PriceDecision(price, PricingSettings.Strategy.RULES.label(), List.copyOf(reasons), null, null, null, null, floor, cap);
    }
}
