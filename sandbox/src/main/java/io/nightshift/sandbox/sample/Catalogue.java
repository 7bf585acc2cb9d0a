package io.nightshift.sandbox.sample;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Draws the products: each from its own seeded stream, so product n is the same for any catalogue size. */
final class Catalogue {
    /** Products at or below this base price may go into every tier's box; pricier ones only Premium and Elite. */
    static final long ALL_TIERS_MAX_PRICE_CENTS = 25_00;

    private Catalogue() {}

    static List<ProductProfile> draw(SampleShopSpec spec) {
        List<ProductProfile> products = new ArrayList<>(spec.products());
        for (int id = 1; id <= spec.products(); id++) {
            products.add(drawOne(spec, id));
        }
        return products;
    }

    private static ProductProfile drawOne(SampleShopSpec spec, int id) {
        SeededRandom random = SeededRandom.of(spec.seed(), "catalogue", id);
        Category category = Category.values()[random.weighted(Category.SHARE)];
        String brand = category.brands.get(random.integer(0, category.brands.size() - 1));
        String sku = String.format(Locale.ROOT, "SKU-%06d", id);

        List<String[]> attributes = new ArrayList<>();
        attributes.add(new String[] {"category", category.label});
        attributes.add(new String[] {"brand", brand});
        boolean bothKeys = random.chance(0.7);
        for (int k = 0; k < category.attributes.size() && (k == 0 || bothKeys); k++) {
            var attribute = category.attributes.get(k);
            attributes.add(new String[] {
                attribute.getKey(),
                attribute.getValue().get(random.integer(0, attribute.getValue().size() - 1))
            });
        }
        String headline = attributes.get(2)[1].replace('_', ' ');
        String name =
                brand + " " + Character.toUpperCase(headline.charAt(0)) + headline.substring(1) + " " + category.noun;

        double dollars = random.logNormal(category.medianPriceDollars, category.priceSigma);
        long basePriceCents = Math.max(199, Math.round(dollars) * 100 - 1);
        long unitCostCents = Math.round(basePriceCents * random.uniform(0.40, 0.70));

        // Every tenth product is a fast, well-stocked seller with frequent promotions: the shop
        // always has products whose elasticity a log-log fit can recover.
        boolean fastMover = id % 10 == 1;
        boolean intermittent = !fastMover && random.chance(0.22);
        boolean newProduct = !fastMover && random.chance(0.10);
        LocalDate launchedOn = newProduct
                ? spec.lastDay().minusDays(random.integer(60, 180))
                : spec.firstDay().minusDays(random.integer(30, 1200));
        boolean understocked = !fastMover && random.chance(0.25);

        double elasticity = clip(random.gaussian(category.meanElasticity, 0.45), -3.5, -0.5);
        double crossElasticity = random.uniform(0.3, 1.0);
        double baseLevel;
        double dispersion;
        if (fastMover) {
            baseLevel = random.uniform(20, 45);
            dispersion = random.uniform(15, 30);
        } else if (intermittent) {
            baseLevel = random.uniform(0.05, 0.5);
            dispersion = random.uniform(0.5, 2);
        } else {
            baseLevel = Math.min(80, random.logNormal(5, 0.85));
            dispersion = random.uniform(4, 15);
        }
        double trendPerYear = clip(random.gaussian(0.03, 0.15), -0.35, 0.45);
        double yearlyAmplitude = category.yearlyAmplitude * random.uniform(0.6, 1.4);
        int yearlyPeakDay = Math.floorMod(category.peakDayOfYear + random.integer(-20, 20), 365);
        double holidayUplift = category.holidaySensitivity * random.uniform(0.5, 1.5);
        double viewsPerUnit = random.uniform(15, 40);
        double webShare = random.uniform(0.55, 0.75);
        int leadTimeDays = random.integer(3, 14);

        List<Integer> tiers = basePriceCents <= ALL_TIERS_MAX_PRICE_CENTS ? List.of(1, 2, 3) : List.of(2, 3);
        boolean[] marketplaces = new boolean[Marketplace.values().length];
        for (int m = 0; m < marketplaces.length; m++) {
            marketplaces[m] = random.chance(0.6);
        }

        return new ProductProfile(
                id,
                sku,
                name,
                category,
                brand,
                List.copyOf(attributes),
                basePriceCents,
                unitCostCents,
                launchedOn,
                elasticity,
                crossElasticity,
                baseLevel,
                trendPerYear,
                yearlyAmplitude,
                yearlyPeakDay,
                holidayUplift,
                intermittent,
                fastMover,
                understocked,
                dispersion,
                viewsPerUnit,
                webShare,
                leadTimeDays,
                tiers,
                marketplaces);
    }

    static double clip(double x, double low, double high) {
        return Math.max(low, Math.min(high, x));
    }
}
