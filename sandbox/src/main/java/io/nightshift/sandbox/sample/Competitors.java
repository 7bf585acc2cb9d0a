package io.nightshift.sandbox.sample;

import java.util.List;

/** The competitors whose price feeds land every day, and the days a feed did not arrive. */
final class Competitors {
    static final List<String> NAMES = List.of("acme_mart", "bargain_hub", "shopzilla", "valueway");
    /** Share of the catalogue each competitor also sells. */
    static final double[] COVERAGE = {0.55, 0.45, 0.50, 0.35};
    /** Typical log price gap to the shop's reference price: bargain_hub undercuts, shopzilla is dearer. */
    static final double[] PRICE_OFFSET = {0.00, -0.08, 0.03, -0.03};

    static final double MISSING_FEED_PER_DAY = 0.015;

    static int count() {
        return NAMES.size();
    }

    /** [competitor][day]: true when that day's file is missing entirely. */
    static boolean[][] missingFeeds(SampleShopSpec spec) {
        boolean[][] missing = new boolean[count()][spec.days()];
        for (int c = 0; c < count(); c++) {
            SeededRandom random = SeededRandom.of(spec.seed(), "feed-missing", c);
            for (int t = 0; t < spec.days(); t++) {
                missing[c][t] = random.chance(MISSING_FEED_PER_DAY);
            }
        }
        return missing;
    }
}
