package io.nightshift.jobs.pricing;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.List;

/**
 * One product's price and why. Expected units and profit are over the pricing horizon, at the chosen and
 * at the previous price (null without a forecast). {@code expectedProfitAtOptimum} is set on a price
 * experiment only: the expected profit at the price the optimiser chose before the experiment moved it (so
 * the test's expected cost is it minus {@code expectedProfit}).
 */
public record PriceDecision(
        BigDecimal price,
        String strategy,
        List<String> reasonCodes,
        Double expectedUnits,
        Double expectedProfit,
        Double expectedUnitsAtPrevious,
        Double expectedProfitAtPrevious,
        BigDecimal floor,
        BigDecimal cap,
        Double expectedProfitAtOptimum)
        implements Serializable {

    /** A decision that is not a price experiment. */
    public PriceDecision(
            BigDecimal price,
            String strategy,
            List<String> reasonCodes,
            Double expectedUnits,
            Double expectedProfit,
            Double expectedUnitsAtPrevious,
            Double expectedProfitAtPrevious,
            BigDecimal floor,
            BigDecimal cap) {
        this(
                price,
                strategy,
                reasonCodes,
                expectedUnits,
                expectedProfit,
                expectedUnitsAtPrevious,
                expectedProfitAtPrevious,
                floor,
                cap,
                null);
    }

    public boolean isExperiment() {
        return reasonCodes.contains(ReasonCode.PRICE_EXPERIMENT.name());
    }
}
