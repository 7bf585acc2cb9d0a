package io.nightshift.jobs.pricing;

/** Why a price is what it is: every gold.prices row carries at least one. */
public enum ReasonCode {
    /**
     * rules: stock below the low-stock threshold and demand above the high-demand one (base x 1.15); optimize: stock
     * binds before replenishment and the price rises to ration it.
     */
    LOW_STOCK_HIGH_DEMAND,
    /**
     * rules: much stock and little demand (the markdown branch); optimize: stock covers more than overstock-days and
     * the price falls to clear it.
     */
    OVERSTOCK_MARKDOWN,
    /** rules: the third branch with the markup over base deciding. */
    STANDARD_MARKUP,
    /**
     * no competitor price for the product: the competitor rules do not apply (the seed would anchor on the base price).
     */
    NO_COMPETITOR_DATA,
    /** the lowest competitor price decided (rules: competitor + margin won; optimize: the competitor ceiling bound). */
    COMPETITOR_POSITION,
    /** optimize: the expected-profit optimum lies inside every guardrail. */
    PROFIT_OPTIMUM,
    /** the price was raised to the cost floor. */
    COST_FLOOR,
    /** the price was lowered to the cap (base x cap-ratio). */
    PRICE_CAP,
    /** the move was limited to the maximum change per night (optimize, and the rules of the control group). */
    MAX_DAILY_CHANGE,
    /** optimize: the change was smaller than min-change, so the previous price stays. */
    MIN_CHANGE_HOLD,
    /** no forecast for the product: base price (rules) or a move towards base within the guardrails (optimize). */
    NO_FORECAST_FALLBACK,
    /** the elasticity was estimated at a pooled level (category or shop), not for the product alone. */
    POOLED_ELASTICITY,
    /** no elasticity for the product: the configured default was used. */
    DEFAULT_ELASTICITY,
    /** the product is in the control group and stays on the rules strategy. */
    CONTROL_GROUP,
    /** the product's cost is unknown: the floor assumes the configured share of base (the seed's assumption). */
    UNKNOWN_COST,
    /**
     * no stock row for the product on or before the run date: stock counted as zero (rules) or unconstrained
     * (optimize).
     */
    NO_INVENTORY,
    /**
     * optimize: a price experiment moved the price around the optimum (within every guardrail) so the elasticity can be
     * learnt.
     */
    PRICE_EXPERIMENT
}
