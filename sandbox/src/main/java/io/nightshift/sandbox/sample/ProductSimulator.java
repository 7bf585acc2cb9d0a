package io.nightshift.sandbox.sample;

/**
 * One product's life, a day at a time: its price plan, its competitors' prices, the true demand,
 * stock and replenishment, and its web traffic. Its random streams are its own, so products can be
 * stepped on any thread in any order and still come out the same.
 */
final class ProductSimulator {
    /** AR(1) traffic shock on the log scale: persistence and stationary standard deviation. */
    static final double SHOCK_PERSISTENCE = 0.7;

    static final double SHOCK_SD = 0.15;
    static final double SESSIONS_PER_VIEW = 0.72;
    static final double CART_ADDS_PER_UNIT_SOLD = 2.2;

    final ProductProfile product;
    private final ShopCalendar calendar;
    final int launchIndex;
    final int[] priceCents;
    final int reorderPoint;
    final int orderQuantity;
    final int safetyStock;

    private final SeededRandom demandRandom;
    private final SeededRandom trafficRandom;
    private final SeededRandom[] competitorRandom;
    private final boolean[] covered;
    private final double[] competitorOffset;
    private final double[] competitorWalk;
    private final int[] competitorPromoDaysLeft;
    private final double[] competitorPromoDepth;

    private double logShock;
    private int onHand;
    private int onOrder;
    /** Units arriving each day, by the day they arrive (orders placed up to the last day included). */
    final int[] arrivals;

    ProductSimulator(ProductProfile product, ShopCalendar calendar, long seed) {
        this.product = product;
        this.calendar = calendar;
        this.launchIndex = Math.max(0, calendar.index(product.launchedOn()));
        int id = product.productId();
        this.priceCents = PricePlan.draw(product, calendar.days, SeededRandom.of(seed, "price-plan", id));

        int competitors = Competitors.count();
        competitorRandom = new SeededRandom[competitors];
        covered = new boolean[competitors];
        competitorOffset = new double[competitors];
        competitorWalk = new double[competitors];
        competitorPromoDaysLeft = new int[competitors];
        competitorPromoDepth = new double[competitors];
        for (int c = 0; c < competitors; c++) {
            competitorRandom[c] = SeededRandom.of(seed, "competitor-price", id, c);
            covered[c] = competitorRandom[c].chance(Competitors.COVERAGE[c]);
            competitorOffset[c] = competitorRandom[c].gaussian(Competitors.PRICE_OFFSET[c], 0.05);
        }

        // Stocking: comfortable products hold enough for the worst lead-time window of the
        // expected path with a wide margin; under-stocked ones reorder too late and too little.
        SeededRandom stockingRandom = SeededRandom.of(seed, "stocking", id);
        int window = product.leadTimeDays() + 1;
        double meanDemand = 0;
        double worstWindow = 0;
        double[] path = new double[calendar.days];
        for (int t = 0; t < calendar.days; t++) {
            path[t] = seasonalDemand(t) * ownPriceFactor(priceCents[t]);
            meanDemand += path[t] / calendar.days;
        }
        double windowSum = 0;
        for (int t = 0; t < calendar.days; t++) {
            windowSum += path[t] - (t >= window ? path[t - window] : 0);
            worstWindow = Math.max(worstWindow, windowSum);
        }
        if (product.understocked()) {
            reorderPoint = (int) Math.floor(meanDemand * product.leadTimeDays() * stockingRandom.uniform(0.5, 1.0));
            orderQuantity = Math.max(1, (int) Math.round(meanDemand * stockingRandom.uniform(7, 20)));
        } else {
            double competitorBound = Math.exp(0.25 * product.crossElasticity());
            double dailyPeak = worstWindow / window;
            double variance = worstWindow + window * dailyPeak * dailyPeak / product.dispersion();
            reorderPoint = (int) Math.ceil(1.6 * competitorBound * worstWindow + 4 * Math.sqrt(variance) + 3);
            orderQuantity = Math.max(3, (int) Math.ceil(meanDemand * 30));
        }
        safetyStock = Math.max(0, reorderPoint - (int) Math.round(meanDemand * product.leadTimeDays()));
        onHand = reorderPoint + orderQuantity;
        arrivals = new int[calendar.days + 16];
        demandRandom = SeededRandom.of(seed, "demand", id);
        trafficRandom = SeededRandom.of(seed, "traffic", id);
    }

    /** Demand at the reference price without competitor effect and traffic shock. */
    double seasonalDemand(int t) {
        double trend = Math.exp(product.trendPerYear() * calendar.yearsFromMiddle(t));
        double weekly = product.category().weekly[calendar.dayOfWeek[t]];
        double angle = 2 * Math.PI * (calendar.dayOfYear[t] - product.yearlyPeakDay()) / 365.25;
        double yearly = 1 + product.yearlyAmplitude() * (Math.cos(angle) + 0.3 * Math.cos(2 * angle));
        double holiday = Math.max(0.3, 1 + product.holidayUplift() * calendar.holidayIntensity[t]);
        return product.baseLevel() * trend * weekly * yearly * holiday;
    }

    double ownPriceFactor(int cents) {
        return ownPriceFactor(product, cents);
    }

    static double ownPriceFactor(ProductProfile product, int cents) {
        return Math.pow(cents / (double) product.basePriceCents(), product.elasticity());
    }

    /** Expected add-to-cart events per view at this own price and competitor index. */
    static double cartRate(ProductProfile product, int cents, double competitorIndex) {
        return CART_ADDS_PER_UNIT_SOLD
                / product.viewsPerUnit()
                * ownPriceFactor(product, cents)
                * Math.pow(competitorIndex, product.crossElasticity());
    }

    void step(int t, DayBlock block, int slot) {
        if (t < launchIndex) {
            block.launched[slot] = false;
            return;
        }
        block.launched[slot] = true;
        int price = priceCents[t];
        block.priceCents[slot] = price;

        int competitors = Competitors.count();
        double logGapSum = 0;
        int seen = 0;
        for (int c = 0; c < competitors; c++) {
            int cents = 0;
            if (covered[c]) {
                SeededRandom random = competitorRandom[c];
                competitorWalk[c] = 0.97 * competitorWalk[c] + random.gaussian(0, 0.015);
                if (competitorPromoDaysLeft[c] > 0) {
                    competitorPromoDaysLeft[c]--;
                } else if (random.chance(0.02)) {
                    competitorPromoDaysLeft[c] = random.integer(4, 7);
                    competitorPromoDepth[c] = random.uniform(0.10, 0.25);
                }
                double promo = competitorPromoDaysLeft[c] > 0 ? 1 - competitorPromoDepth[c] : 1;
                cents = (int) Math.max(
                        1,
                        Math.round(
                                product.basePriceCents() * Math.exp(competitorOffset[c] + competitorWalk[c]) * promo));
                logGapSum += Math.log(cents / (double) product.basePriceCents());
                seen++;
            }
            block.competitorPriceCents[slot * competitors + c] = cents;
        }
        double competitorIndex = seen == 0 ? 1 : Math.exp(logGapSum / seen);

        double innovation = demandRandom.gaussian();
        logShock = t == launchIndex
                ? SHOCK_SD * innovation
                : SHOCK_PERSISTENCE * logShock
                        + Math.sqrt(1 - SHOCK_PERSISTENCE * SHOCK_PERSISTENCE) * SHOCK_SD * innovation;
        double shock = Math.exp(logShock - SHOCK_SD * SHOCK_SD / 2);
        double seasonal = seasonalDemand(t);
        double baseline = seasonal * Math.pow(competitorIndex, product.crossElasticity()) * shock;
        double priceFactor = ownPriceFactor(price);
        double expected = baseline * priceFactor;
        int demand = demandRandom.negativeBinomial(expected, product.dispersion());

        int arriving = arrivals[t];
        onHand += arriving;
        onOrder -= arriving;
        int sold = Math.min(demand, onHand);
        onHand -= sold;
        while (onHand + onOrder <= reorderPoint) {
            arrivals[t + product.leadTimeDays()] += orderQuantity;
            onOrder += orderQuantity;
        }

        block.competitorIndex[slot] = competitorIndex;
        block.baselineDemand[slot] = baseline;
        block.expectedDemand[slot] = expected;
        block.trueDemand[slot] = demand;
        block.soldUnits[slot] = sold;
        block.stockout[slot] = demand > sold;
        block.onHand[slot] = onHand;
        block.received[slot] = arriving;

        // Views follow interest (level, season, shock), not price; adding to cart depends on price.
        double viewsMean = seasonal * shock * product.viewsPerUnit();
        double cartRate = cartRate(product, price, competitorIndex);
        for (int channel = 0; channel < DayBlock.CHANNELS; channel++) {
            double share = channel == 0 ? product.webShare() : 1 - product.webShare();
            int views = trafficRandom.negativeBinomial(viewsMean * share, 20);
            int sessions = Math.min(views, trafficRandom.poisson(views * SESSIONS_PER_VIEW));
            int carts = Math.min(sessions, trafficRandom.poisson(views * cartRate));
            int k = slot * DayBlock.CHANNELS + channel;
            block.views[k] = views;
            block.sessions[k] = sessions;
            block.addToCart[k] = carts;
        }
    }

    int onHand() {
        return onHand;
    }
}
