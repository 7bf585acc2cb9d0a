package io.nightshift.jobs.pricing;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.List;

/**
 * One product's price and why. Expected units and profit are over the pricing horizon, at the chosen and
 * at the previous price (null without a forecast).
 */
public record PriceDecision(BigDecimal price, String strategy, List<String> reasonCodes, Double expectedUnits,
                            Double expectedProfit, Double expectedUnitsAtPrevious, Double expectedProfitAtPrevious,
                            BigDecimal floor, BigDecimal cap) implements Serializable {
}
