package io.nightshift.sandbox.pricing;

import io.nightshift.common.config.PricingSettings;
import java.util.Locale;

/** A pricing strategy of the closed loop: which pricer it runs and which elasticities it is told. */
public enum LoopStrategy {
    /** The seed's rules. */
    RULES("rules"),
    /** The optimiser on the shop's own estimates, as in production. */
    OPTIMIZE("optimize"),
    /** The optimiser told the generator's true elasticities: the upper bound any estimate can reach. */
    OPTIMIZE_TRUTH("optimize-truth"),
    /** The optimiser on its own estimates with price experiments on (nightshift.pricing.experiments.enabled). */
    OPTIMIZE_LEARN("optimize-learn");

    public final String label;

    LoopStrategy(String label) {
        this.label = label;
    }

    /** Whether the strategy prices from the elasticity estimates (and so the loop re-estimates them). */
    public boolean usesEstimates() {
        return this == OPTIMIZE || this == OPTIMIZE_LEARN;
    }

    /** The pricing settings the strategy runs the Pricer with (no control group: the loop compares whole shops). */
    public PricingSettings settings(PricingSettings base) {
        PricingSettings shop = base.withControlGroupShare(0);
        return switch (this) {
            case RULES -> shop.withStrategy(PricingSettings.Strategy.RULES);
            case OPTIMIZE, OPTIMIZE_TRUTH ->
                shop.withStrategy(PricingSettings.Strategy.OPTIMIZE)
                        .withExperiments(shop.experiments().withEnabled(false));
            case OPTIMIZE_LEARN ->
                shop.withStrategy(PricingSettings.Strategy.OPTIMIZE)
                        .withExperiments(shop.experiments().withEnabled(true));
        };
    }

    public static LoopStrategy parse(String label) {
        for (LoopStrategy s : values()) {
            if (s.label.equals(label.strip().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new IllegalArgumentException(
                "unknown strategy '" + label + "' (rules, optimize, optimize-truth, optimize-learn)");
    }
}
