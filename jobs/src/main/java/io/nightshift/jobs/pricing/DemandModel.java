package io.nightshift.jobs.pricing;

/**
 * Expected units over the pricing horizon at a price: the forecast (made at the current price) scaled by
 * {@code (price / current)^elasticity}; sales before the next replenishment are capped by the available
 * stock, sales after it are not (the replenishment restocks).
 */
public final class DemandModel {
    private final double demandBeforeReplenishment;
    private final double demandAfterReplenishment;
    private final double elasticity;
    private final double currentPrice;
    private final Integer stock;
    private final int horizonDays;

    /**
     * @param forecast          expected units per day at the current price, from the day after the run date
     * @param stock             available units now, null when unknown (then not a constraint)
     * @param replenishmentDays days until new stock arrives
     * @param horizonDays       days the profit is summed over
     */
    public DemandModel(
            double[] forecast,
            double elasticity,
            double currentPrice,
            Integer stock,
            int replenishmentDays,
            int horizonDays) {
        double before = 0;
        double after = 0;
        int days = Math.min(horizonDays, forecast.length);
        for (int d = 0; d < days; d++) {
            double units = Math.max(0, forecast[d]);
            if (d < replenishmentDays) {
                before += units;
            } else {
                after += units;
            }
        }
        this.demandBeforeReplenishment = before;
        this.demandAfterReplenishment = after;
        this.elasticity = elasticity;
        this.currentPrice = currentPrice;
        this.stock = stock;
        this.horizonDays = Math.max(1, days);
    }

    /** Unconstrained demand over the horizon at {@code price}. */
    public double demand(double price) {
        return (demandBeforeReplenishment + demandAfterReplenishment) * factor(price);
    }

    /** Demand before the replenishment at {@code price}, ignoring stock. */
    public double demandBeforeReplenishment(double price) {
        return demandBeforeReplenishment * factor(price);
    }

    /** Expected units sold over the horizon at {@code price}, stock permitting. */
    public double units(double price) {
        double before = demandBeforeReplenishment(price);
        if (stock != null) {
            before = Math.min(before, Math.max(0, stock));
        }
        return before + demandAfterReplenishment * factor(price);
    }

    public double profit(double price, double unitCost) {
        return (price - unitCost) * units(price);
    }

    /** Whether the stock runs out before the replenishment at {@code price}. */
    public boolean stockBinds(double price) {
        return stock != null && demandBeforeReplenishment(price) > stock;
    }

    /** Mean daily demand at the current price. */
    public double meanDailyDemand() {
        return (demandBeforeReplenishment + demandAfterReplenishment) / horizonDays;
    }

    private double factor(double price) {
        return Math.pow(price / currentPrice, elasticity);
    }

    public double elasticity() {
        return elasticity;
    }

    public double currentPrice() {
        return currentPrice;
    }

    public Integer stock() {
        return stock;
    }
}
