package io.nightshift.jobs.pricing;

/**
 * The control group: a fixed share of products, chosen by a hash of the product id (the same products on
 * every run and every machine), that stays on the rules strategy so the optimiser's lift can be measured.
 */
public final class ControlGroup {
    private ControlGroup() {}

    public static boolean contains(int productId, double share) {
        return share > 0 && position(productId) < share;
    }

    /** Where the product falls in [0, 1): SplitMix64's finaliser of the id, top 53 bits. */
    static double position(int productId) {
        long z = productId + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53;
    }
}
