package io.nightshift.jobs.pricing;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * Everything the price of one product on one run date depends on.
 *
 * @param unitCost         null when the catalogue does not know it
 * @param previousPrice    the last run's price (gold.prices), else the base price
 * @param onHand           null when no stock row exists on or before the run date
 * @param lowestCompetitor the lowest competitor price of the run date, null when none
 * @param forecast         expected units per day for the days after the run date (yhat), null when no forecast
 * @param elasticity       own-price elasticity, null when none was estimated
 * @param poolingLevel     the elasticity's pooling level ("product" when estimated for the product alone)
 * @param elasticityLow    the low end of the elasticity's interval (ci_low), null when unknown
 * @param elasticityHigh   the high end of the elasticity's interval (ci_high), null when unknown
 * @param runDate          the night priced, null when unknown (then no price experiment)
 */
public record PricingInput(
        int productId,
        String sku,
        String category,
        BigDecimal basePrice,
        BigDecimal unitCost,
        BigDecimal previousPrice,
        Integer onHand,
        int reserved,
        int safetyStock,
        BigDecimal lowestCompetitor,
        double[] forecast,
        Double elasticity,
        String poolingLevel,
        Double elasticityLow,
        Double elasticityHigh,
        LocalDate runDate)
        implements Serializable {

    /** Without the elasticity's interval and the run date: never a price experiment. */
    public PricingInput(
            int productId,
            String sku,
            String category,
            BigDecimal basePrice,
            BigDecimal unitCost,
            BigDecimal previousPrice,
            Integer onHand,
            int reserved,
            int safetyStock,
            BigDecimal lowestCompetitor,
            double[] forecast,
            Double elasticity,
            String poolingLevel) {
        this(
                productId,
                sku,
                category,
                basePrice,
                unitCost,
                previousPrice,
                onHand,
                reserved,
                safetyStock,
                lowestCompetitor,
                forecast,
                elasticity,
                poolingLevel,
                null,
                null,
                null);
    }

    /** ci_high - ci_low, or null when the interval is unknown. */
    public Double elasticityIntervalWidth() {
        return elasticityLow == null || elasticityHigh == null || elasticityLow.isNaN() || elasticityHigh.isNaN()
                ? null
                : elasticityHigh - elasticityLow;
    }

    /** On hand - reserved - safety stock, or empty when stock is unknown. */
    public Integer availableStock() {
        return onHand == null ? null : onHand - reserved - safetyStock;
    }

    public boolean hasForecast() {
        return forecast != null && forecast.length > 0;
    }

    /** Sum of the forecast over the first {@code days} days (fewer when the forecast is shorter). */
    public double forecastSum(int days) {
        if (!hasForecast()) {
            return 0;
        }
        double sum = 0;
        for (int d = 0; d < Math.min(days, forecast.length); d++) {
            sum += forecast[d];
        }
        return sum;
    }
}
