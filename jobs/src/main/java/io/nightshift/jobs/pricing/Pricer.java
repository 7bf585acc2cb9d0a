package io.nightshift.jobs.pricing;

import io.nightshift.common.config.PricingSettings;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Prices one product: picks the strategy (the configured one, or rules for the control group), resolves
 * the elasticity (the product's, pooled, or the default) and builds the demand model both strategies'
 * expected units and profit come from; the optimiser's price may then be a {@link PriceExperiment}.
 * Pure and serializable: executors call it per row.
 */
public final class Pricer implements Serializable {
    public static final String PRODUCT_POOLING = "product";

    private final PricingSettings settings;

    public Pricer(PricingSettings settings) {
        this.settings = settings;
    }

    public PriceDecision price(PricingInput in) {
        List<String> info = new ArrayList<>();
        double elasticity;
        if (in.elasticity() == null || in.elasticity().isNaN()) {
            elasticity = settings.defaultElasticity();
            info.add(ReasonCode.DEFAULT_ELASTICITY.name());
        } else {
            elasticity = in.elasticity();
            if (in.poolingLevel() != null && !PRODUCT_POOLING.equals(in.poolingLevel())) {
                info.add(ReasonCode.POOLED_ELASTICITY.name());
            }
        }
        elasticity = Math.max(settings.minElasticity(), Math.min(settings.maxElasticity(), elasticity));
        DemandModel model = in.hasForecast()
                ? new DemandModel(
                        in.forecast(),
                        elasticity,
                        in.previousPrice().doubleValue(),
                        in.availableStock(),
                        settings.replenishmentDays(),
                        settings.horizonDays())
                : null;
        boolean control = settings.strategy() == PricingSettings.Strategy.OPTIMIZE
                && ControlGroup.contains(in.productId(), settings.controlGroupShare());
        if (settings.strategy() == PricingSettings.Strategy.RULES || control) {
            PriceDecision rules = RulesPricer.price(
                    in, settings.rules(), settings.guardrailsFor(in.category()).maxDailyChange());
            List<String> reasons = new ArrayList<>(rules.reasonCodes());
            if (control) {
                reasons.add(ReasonCode.CONTROL_GROUP.name());
            }
            if (model != null) {
                for (String r : info) {
                    if (!reasons.contains(r)) {
                        reasons.add(r);
                    }
                }
            }
            double cost = in.unitCost() != null
                    ? in.unitCost().doubleValue()
                    : in.basePrice()
                            .multiply(settings.rules().unknownCostRatio())
                            .doubleValue();
            double price = rules.price().doubleValue();
            double previous = in.previousPrice().doubleValue();
            return new PriceDecision(
                    rules.price(),
                    rules.strategy(),
                    List.copyOf(reasons),
                    model == null ? null : model.units(price),
                    model == null ? null : model.profit(price, cost),
                    model == null ? null : model.units(previous),
                    model == null ? null : model.profit(previous, cost),
                    rules.floor(),
                    rules.cap());
        }
        if (in.availableStock() == null && model != null) {
            info.add(ReasonCode.NO_INVENTORY.name());
        }
        PricingSettings.Guardrails guardrails = settings.guardrailsFor(in.category());
        PriceDecision optimum = OptimizePricer.price(
                in, guardrails, settings.rules().unknownCostRatio(), model, model == null ? List.of() : info);
        return PriceExperiment.apply(
                in,
                optimum,
                model,
                guardrails,
                settings.experiments(),
                OptimizePricer.cost(in, settings.rules().unknownCostRatio()));
    }
}
