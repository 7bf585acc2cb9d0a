package io.nightshift.jobs.pricing;

import java.io.Serializable;
import java.math.BigDecimal;

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
 */
public record PricingInput(int productId, String sku, String category, BigDecimal basePrice, BigDecimal unitCost,
                           BigDecimal previousPrice, Integer onHand, int reserved, int safetyStock,
                           BigDecimal lowestCompetitor, double[] forecast, Double elasticity, String poolingLevel)
        implements Serializable {

    /** On hand - reserved - safety stock, or empty when stock is unknown. */
    public Integer availableStock() {
        return onHand == null ? null : onHand - reserved - safetyStock;
    }

    public boolean hasForecast() {
        return forecast != null && forecast.length > 0;
    }

    /** Sum of the forecast over the first {@code days} days (fewer when the forecast is shorter). */
    public double forecastSum(int days) {
        if (!hasForecast()) return 0;
        double sum = 0;
        for (int d = 0; d < Math.min(days, forecast.length); d++) sum += forecast[d];
        return sum;
    }
}
