package io.nightshift.sandbox.pricing;

import io.nightshift.common.config.ElasticitySettings;
import io.nightshift.common.config.ForecastStageSettings;
import io.nightshift.jobs.elasticity.DemandDesign;
import io.nightshift.jobs.forecast.DemandForecast;
import io.nightshift.sandbox.sample.ShopHistory;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the forecast, elasticity and price stages would read from silver on a night of the closed loop, built from a
 * {@link LoopShop} instead of Delta tables, with the silver tables' rules: sales_daily has a row per product and day
 * from launch (units, the day's selling price only on a day with a sale, the stock-out flag); the forecast's
 * competitor price is the day's mean over the competitors' feeds and its history the last {@code history-days};
 * the elasticity window is the last {@code window-days}, with the competitor log index (each competitor's log price
 * relative to its own mean over the window, averaged over the competitors seen that day, 0 when none) and the day's
 * views and add-to-cart summed over channels.
 */
final class StageInputs {
    private StageInputs() {}

    /** The forecast stage's model for product {@code p} on the night of {@code runDay}. */
    static DemandForecast.Result forecast(
            LoopShop shop, int p, int runDay, boolean[] holidays, ForecastStageSettings settings) {
        int first = Math.max(shop.history.products().get(p).launchIndex(), runDay - settings.historyDays() + 1);
        int n = runDay - first + 1;
        int h = settings.horizonDays();
        double[] units = new double[n];
        double[] price = new double[n + h];
        double[] competitor = new double[n + h];
        boolean[] holiday = new boolean[n + h];
        Arrays.fill(price, Double.NaN);
        Arrays.fill(competitor, Double.NaN);
        for (int i = 0; i < n + h; i++) {
            int t = first + i;
            holiday[i] = t < holidays.length && holidays[t];
            if (i >= n) {
                continue;
            }
            units[i] = shop.stockout[p][t] ? Double.NaN : shop.sold[p][t];
            if (shop.sold[p][t] > 0) {
                price[i] = shop.priceCents[p][t] / 100.0;
            }
            competitor[i] = meanCompetitor(shop.history, p, t);
        }
        return DemandForecast.forecast(units, price, competitor, holiday, settings);
    }

    /** The elasticity stage's days of product {@code p} for the night of {@code runDay}. */
    static List<DemandDesign.Day> elasticityDays(
            LoopShop shop, int p, int runDay, boolean[] holidays, LocalDate firstDay, ElasticitySettings settings) {
        int first = Math.max(shop.history.products().get(p).launchIndex(), runDay - settings.windowDays() + 1);
        // The competitor index's own-mean is taken over the stage's window, which starts before launch when the
        // product is younger than the window: its competitors' prices are in silver from the window's first day.
        int windowStart = Math.max(0, runDay - settings.windowDays() + 1);
        double[] index = competitorLogIndex(shop.history, p, windowStart, runDay);
        int channels = ShopHistory.CHANNELS;
        ShopHistory.Days d = shop.history.days(p);
        List<DemandDesign.Day> days = new ArrayList<>(runDay - first + 1);
        for (int t = first; t <= runDay; t++) {
            long views = 0;
            long carts = 0;
            for (int c = 0; c < channels; c++) {
                views += d.views()[t * channels + c];
                carts += shop.addToCart[p][t * channels + c];
            }
            Double price = shop.sold[p][t] > 0 ? shop.priceCents[p][t] / 100.0 : null;
            days.add(new DemandDesign.Day(
                    firstDay.plusDays(t),
                    shop.sold[p][t],
                    price,
                    shop.stockout[p][t],
                    holidays[t],
                    index[t - windowStart],
                    views,
                    carts));
        }
        return days;
    }

    /** Per day from..to: mean over competitors of (log price - that competitor's mean log price over from..to). */
    static double[] competitorLogIndex(ShopHistory history, int p, int from, int to) {
        int competitors = ShopHistory.competitors();
        int[] cents = history.days(p).competitorCents();
        double[] mean = new double[competitors];
        int[] count = new int[competitors];
        for (int t = from; t <= to; t++) {
            for (int c = 0; c < competitors; c++) {
                int price = cents[t * competitors + c];
                if (price > 0) {
                    mean[c] += Math.log(price / 100.0);
                    count[c]++;
                }
            }
        }
        for (int c = 0; c < competitors; c++) {
            if (count[c] > 0) {
                mean[c] /= count[c];
            }
        }
        double[] index = new double[to - from + 1];
        for (int t = from; t <= to; t++) {
            double sum = 0;
            int seen = 0;
            for (int c = 0; c < competitors; c++) {
                int price = cents[t * competitors + c];
                if (price > 0) {
                    sum += Math.log(price / 100.0) - mean[c];
                    seen++;
                }
            }
            index[t - from] = seen == 0 ? 0 : sum / seen;
        }
        return index;
    }

    /** The day's mean competitor price (the forecast's regressor), NaN when no feed has the product. */
    static double meanCompetitor(ShopHistory history, int p, int t) {
        int competitors = ShopHistory.competitors();
        int[] cents = history.days(p).competitorCents();
        double sum = 0;
        int seen = 0;
        for (int c = 0; c < competitors; c++) {
            int price = cents[t * competitors + c];
            if (price > 0) {
                sum += price / 100.0;
                seen++;
            }
        }
        return seen == 0 ? Double.NaN : sum / seen;
    }

    /** The day's lowest competitor price (the price stage's), null when none. */
    static BigDecimal lowestCompetitor(ShopHistory history, int p, int t) {
        int competitors = ShopHistory.competitors();
        int[] cents = history.days(p).competitorCents();
        int lowest = 0;
        for (int c = 0; c < competitors; c++) {
            int price = cents[t * competitors + c];
            if (price > 0 && (lowest == 0 || price < lowest)) {
                lowest = price;
            }
        }
        return lowest == 0 ? null : BigDecimal.valueOf(lowest, 2);
    }
}
