package io.nightshift.sandbox.sample;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The sample shop's whole history in memory, from the same simulators as {@link SampleShopGenerator} (the same spec
 * gives the same products, prices, demand, stock and traffic as the generated files), with nothing written: what a
 * simulation that re-prices the shop needs, including what does not depend on the shop's own price (the baseline
 * demand, competitor prices, views) for the days it re-plays.
 */
public final class ShopHistory {
    public static final int CHANNELS = DayBlock.CHANNELS;

    /** One product as the ground truth knows it. */
    public record Product(
            int productId,
            String sku,
            String category,
            BigDecimal basePrice,
            BigDecimal unitCost,
            double trueElasticity,
            double crossElasticity,
            double dispersion,
            double viewsPerUnit,
            int launchIndex,
            int leadTimeDays,
            int reorderPoint,
            int orderQuantity,
            int safetyStock) {
        public double referencePrice() {
            return basePrice.doubleValue();
        }
    }

    /**
     * One product's days, indexed from the history's first day; per channel arrays at {@code t * CHANNELS + channel};
     * competitor prices at {@code t * competitors() + competitor}, 0 when the competitor does not sell the product or
     * its feed did not arrive that day.
     *
     * @param baselineDemand expected demand at the reference price (season, holidays, competitors, traffic shock)
     * @param arrivals       units arriving per day, including orders placed by the last day that arrive after it
     */
    public record Days(
            int[] priceCents,
            double[] baselineDemand,
            double[] competitorIndex,
            int[] soldUnits,
            boolean[] stockout,
            int[] onHand,
            int[] arrivals,
            int[] views,
            int[] sessions,
            int[] addToCart,
            int[] competitorCents) {}

    private final SampleShopSpec spec;
    private final List<ProductProfile> profiles;
    private final List<Product> products;
    private final List<Days> days;

    private ShopHistory(SampleShopSpec spec, List<ProductProfile> profiles, List<Product> products, List<Days> days) {
        this.spec = spec;
        this.profiles = profiles;
        this.products = products;
        this.days = days;
    }

    /** Runs every product's simulator over the spec's days (in parallel: each product has its own streams). */
    public static ShopHistory simulate(SampleShopSpec spec) {
        ShopCalendar calendar = new ShopCalendar(spec);
        List<ProductProfile> profiles = Catalogue.draw(spec);
        boolean[][] missingFeeds = Competitors.missingFeeds(spec);
        int competitors = Competitors.count();
        int n = spec.days();
        Days[] out = new Days[profiles.size()];
        Product[] products = new Product[profiles.size()];
        IntStream.range(0, profiles.size()).parallel().forEach(p -> {
            ProductSimulator simulator = new ProductSimulator(profiles.get(p), calendar, spec.seed());
            Days d = new Days(
                    new int[n],
                    new double[n],
                    new double[n],
                    new int[n],
                    new boolean[n],
                    new int[n],
                    null,
                    new int[n * CHANNELS],
                    new int[n * CHANNELS],
                    new int[n * CHANNELS],
                    new int[n * competitors]);
            DayBlock block = new DayBlock(1, 1);
            for (int t = 0; t < n; t++) {
                simulator.step(t, block, 0);
                if (!block.launched[0]) {
                    continue;
                }
                d.priceCents()[t] = block.priceCents[0];
                d.baselineDemand()[t] = block.baselineDemand[0];
                d.competitorIndex()[t] = block.competitorIndex[0];
                d.soldUnits()[t] = block.soldUnits[0];
                d.stockout()[t] = block.stockout[0];
                d.onHand()[t] = block.onHand[0];
                for (int c = 0; c < CHANNELS; c++) {
                    d.views()[t * CHANNELS + c] = block.views[c];
                    d.sessions()[t * CHANNELS + c] = block.sessions[c];
                    d.addToCart()[t * CHANNELS + c] = block.addToCart[c];
                }
                for (int c = 0; c < competitors; c++) {
                    d.competitorCents()[t * competitors + c] = missingFeeds[c][t] ? 0 : block.competitorPriceCents[c];
                }
            }
            ProductProfile profile = profiles.get(p);
            out[p] = new Days(
                    d.priceCents(),
                    d.baselineDemand(),
                    d.competitorIndex(),
                    d.soldUnits(),
                    d.stockout(),
                    d.onHand(),
                    simulator.arrivals.clone(),
                    d.views(),
                    d.sessions(),
                    d.addToCart(),
                    d.competitorCents());
            products[p] = new Product(
                    profile.productId(),
                    profile.sku(),
                    profile.category().label,
                    BigDecimal.valueOf(profile.basePriceCents(), 2),
                    BigDecimal.valueOf(profile.unitCostCents(), 2),
                    profile.elasticity(),
                    profile.crossElasticity(),
                    profile.dispersion(),
                    profile.viewsPerUnit(),
                    simulator.launchIndex,
                    profile.leadTimeDays(),
                    simulator.reorderPoint,
                    simulator.orderQuantity,
                    simulator.safetyStock);
        });
        return new ShopHistory(spec, profiles, List.of(products), List.of(out));
    }

    /** Expected add-to-cart events per view of product {@code index} at this own price and competitor index. */
    public double cartRate(int index, int priceCents, double competitorIndex) {
        return ProductSimulator.cartRate(profiles.get(index), priceCents, competitorIndex);
    }

    public static int competitors() {
        return Competitors.count();
    }

    public SampleShopSpec spec() {
        return spec;
    }

    public LocalDate firstDay() {
        return spec.firstDay();
    }

    public int dayCount() {
        return spec.days();
    }

    public LocalDate day(int index) {
        return spec.firstDay().plusDays(index);
    }

    public List<Product> products() {
        return products;
    }

    public Days days(int product) {
        return days.get(product);
    }
}
