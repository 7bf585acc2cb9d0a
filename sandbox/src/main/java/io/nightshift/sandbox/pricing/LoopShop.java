package io.nightshift.sandbox.pricing;

import io.nightshift.sandbox.sample.ShopHistory;
import java.util.SplittableRandom;

/**
 * One strategy's shop in the closed loop: the real history up to the cut-off day, then the days the loop simulated
 * with the strategy's prices. Demand on a simulated day is the generator's baseline (season, holidays, competitors,
 * traffic shock of that day, none of which depend on the shop's price) x (price / reference)^true elasticity, drawn
 * gamma-Poisson from the product's and day's own random numbers ({@link PricingSimulation#draw}), so every strategy
 * meets the same customers; sales are capped by stock, which follows the product's (s, Q) policy and lead time as in
 * the generator. Views do not depend on price; add-to-cart events are drawn at the strategy's price from the
 * generator's funnel, also from common random numbers.
 */
final class LoopShop {
    private static final long CART_STREAM = 0x5DEECE66DL;

    final ShopHistory history;
    final int cutoff;
    final long seed;
    /** Per product, per day: the price the shop charged, units sold, stock-out, add-to-cart per channel. */
    final int[][] priceCents;

    final int[][] sold;
    final boolean[][] stockout;
    final int[][] addToCart;
    /** Per product: stock at the end of the last day simulated, units on order, arrivals by day. */
    final int[] onHand;

    final int[] onOrder;
    final int[][] arrivals;

    /** The real history up to and including day {@code cutoff}, with the orders then on their way. */
    LoopShop(ShopHistory history, int cutoff, long seed) {
        this.history = history;
        this.cutoff = cutoff;
        this.seed = seed;
        int n = history.products().size();
        int days = history.dayCount();
        priceCents = new int[n][];
        sold = new int[n][];
        stockout = new boolean[n][];
        addToCart = new int[n][];
        onHand = new int[n];
        onOrder = new int[n];
        arrivals = new int[n][];
        for (int p = 0; p < n; p++) {
            ShopHistory.Days d = history.days(p);
            priceCents[p] = d.priceCents().clone();
            sold[p] = d.soldUnits().clone();
            stockout[p] = d.stockout().clone();
            addToCart[p] = d.addToCart().clone();
            onHand[p] = d.onHand()[cutoff];
            arrivals[p] = new int[days + history.products().get(p).leadTimeDays() + 2];
            // An order placed on day t arrives on t + lead time: those placed by the cut-off arrive by cutoff + lead.
            int lead = history.products().get(p).leadTimeDays();
            for (int t = cutoff + 1; t <= cutoff + lead && t < d.arrivals().length; t++) {
                arrivals[p][t] = d.arrivals()[t];
                onOrder[p] += d.arrivals()[t];
            }
        }
    }

    /** Sells product {@code p} on {@code day} at {@code cents}: stock arrives, demand is drawn, stock is reordered. */
    void simulateDay(int p, int day, int cents) {
        ShopHistory.Product product = history.products().get(p);
        ShopHistory.Days d = history.days(p);
        int arriving = arrivals[p][day];
        onHand[p] += arriving;
        onOrder[p] -= arriving;
        double expected =
                d.baselineDemand()[day] * Math.pow(cents / 100.0 / product.referencePrice(), product.trueElasticity());
        int demand = PricingSimulation.draw(expected, product.dispersion(), seed, product.productId(), day);
        int sales = Math.min(demand, onHand[p]);
        onHand[p] -= sales;
        while (onHand[p] + onOrder[p] <= product.reorderPoint()) {
            arrivals[p][day + product.leadTimeDays()] += product.orderQuantity();
            onOrder[p] += product.orderQuantity();
        }
        priceCents[p][day] = cents;
        sold[p][day] = sales;
        stockout[p][day] = demand > sales;
        double rate = history.cartRate(p, cents, d.competitorIndex()[day]);
        SplittableRandom random = new SplittableRandom(
                PricingSimulation.mix(PricingSimulation.mix(seed * 31 + product.productId() + CART_STREAM) + day));
        for (int c = 0; c < ShopHistory.CHANNELS; c++) {
            int k = day * ShopHistory.CHANNELS + c;
            int carts = PricingSimulation.poissonInverse(d.views()[k] * rate, random.nextDouble());
            addToCart[p][k] = Math.min(d.sessions()[k], carts);
        }
    }

    /** Whether product {@code p} is on sale on {@code day} (launched by then). */
    boolean launched(int p, int day) {
        return history.products().get(p).launchIndex() <= day;
    }
}
