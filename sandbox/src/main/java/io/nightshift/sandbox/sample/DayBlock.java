package io.nightshift.sandbox.sample;

/**
 * Everything simulated for every product over a few consecutive days, laid out as flat arrays
 * indexed by {@code slot = dayInBlock * products + productIndex}; the writers read it day by day.
 */
final class DayBlock {
    static final int CHANNELS = 2;

    final int products;
    final int capacityDays;
    int firstDay;
    int dayCount;

    final boolean[] launched;
    final int[] priceCents;
    final double[] competitorIndex;
    final double[] baselineDemand;
    final double[] expectedDemand;
    final int[] trueDemand;
    final int[] soldUnits;
    final boolean[] stockout;
    final int[] onHand;
    final int[] received;
    /** [slot * CHANNELS + channel], channel 0 = web, 1 = app. */
    final int[] views;

    final int[] sessions;
    final int[] addToCart;
    /** [slot * competitors + competitor]; 0 when the competitor does not sell the product. */
    final int[] competitorPriceCents;

    DayBlock(int products, int capacityDays) {
        this.products = products;
        this.capacityDays = capacityDays;
        int n = products * capacityDays;
        launched = new boolean[n];
        priceCents = new int[n];
        competitorIndex = new double[n];
        baselineDemand = new double[n];
        expectedDemand = new double[n];
        trueDemand = new int[n];
        soldUnits = new int[n];
        stockout = new boolean[n];
        onHand = new int[n];
        received = new int[n];
        views = new int[n * CHANNELS];
        sessions = new int[n * CHANNELS];
        addToCart = new int[n * CHANNELS];
        competitorPriceCents = new int[n * Competitors.count()];
    }

    int slot(int dayInBlock, int productIndex) {
        return dayInBlock * products + productIndex;
    }
}
