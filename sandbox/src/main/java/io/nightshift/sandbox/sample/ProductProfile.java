package io.nightshift.sandbox.sample;

import java.time.LocalDate;
import java.util.List;

/**
 * One product of the sample shop as the catalogue shows it and as its demand truly behaves.
 * The behaviour fields are the ground truth that forecasting, elasticity and pricing are scored on.
 *
 * @param attributes      (key, value) pairs shown in product_attributes, category and brand first
 * @param baseLevel       mean units per day at the reference price on an average day
 * @param fastMover       a well-stocked fast seller with frequent promotions (kept so elasticity is identifiable)
 * @param understocked    replenished too late, so it runs out of stock now and then
 * @param dispersion      shape of the gamma-Poisson noise; smaller is noisier
 * @param tiers           subscription tiers whose boxes may contain it
 * @param marketplaces    flags in {@link Marketplace} order: listed there or not
 */
record ProductProfile(
        int productId,
        String sku,
        String name,
        Category category,
        String brand,
        List<String[]> attributes,
        long basePriceCents,
        long unitCostCents,
        LocalDate launchedOn,
        double elasticity,
        double crossElasticity,
        double baseLevel,
        double trendPerYear,
        double yearlyAmplitude,
        int yearlyPeakDay,
        double holidayUplift,
        boolean intermittent,
        boolean fastMover,
        boolean understocked,
        double dispersion,
        double viewsPerUnit,
        double webShare,
        int leadTimeDays,
        List<Integer> tiers,
        boolean[] marketplaces) {

    /** Reference price for the demand curve: the base (list) price the product launched with. */
    double referencePrice() {
        return basePriceCents / 100.0;
    }

    boolean matches(String key, String value) {
        for (String[] kv : attributes) {
            if (kv[0].equals(key) && kv[1].equals(value)) {
                return true;
            }
        }
        return false;
    }
}
