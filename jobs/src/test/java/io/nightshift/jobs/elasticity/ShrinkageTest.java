package io.nightshift.jobs.elasticity;

import static io.nightshift.jobs.elasticity.ProductEstimate.Status.FITTED;
import static io.nightshift.jobs.elasticity.ProductEstimate.Status.FIT_FAILED;
import static io.nightshift.jobs.elasticity.ProductEstimate.Status.TOO_FEW_PRICES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.common.config.ElasticitySettings;
import io.nightshift.common.testing.TestSpark;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The empirical-Bayes pooling and the flagging rules, on hand-made estimates. */
class ShrinkageTest {
    static final ElasticitySettings SETTINGS =
            new ElasticitySettings(365, 60, 3, 20, 14, 0.9, -8, -0.1, 0.1, -1.5, 1.0, true);

    static ProductEstimate fitted(int id, String category, double elasticity, double se) {
        return new ProductEstimate(id, category, FITTED, elasticity, se, 300, 6, 1000);
    }

    /** Two categories of precisely measured products spread around -1 and -2.5. */
    static List<ProductEstimate> shop() {
        List<ProductEstimate> all = new ArrayList<>();
        double[] offsets = {-0.3, -0.1, 0.0, 0.1, 0.3, -0.2, 0.2};
        for (int i = 0; i < offsets.length; i++) {
            all.add(fitted(i + 1, "tea", -1.0 + offsets[i], 0.05));
            all.add(fitted(i + 11, "toys", -2.5 + offsets[i], 0.05));
        }
        return all;
    }

    @Test
    void categoryMeansAndSpreadAreRecoveredFromPreciseEstimates() {
        Shrinkage s = Shrinkage.fit(shop(), SETTINGS);
        assertEquals(-1.0, s.prior("tea").mean(), 0.05);
        assertEquals(-2.5, s.prior("toys").mean(), 0.05);
        // Offsets have sd 0.216; the estimates' own noise (0.05) is taken out.
        assertEquals(0.21, Math.sqrt(s.withinCategoryVariance()), 0.04);
        assertEquals(-1.75, s.globalMean(), 0.05);
    }

    @Test
    void aPreciseEstimateKeepsItsOwnValueAndIsPooledAtProductLevel() {
        Shrinkage s = Shrinkage.fit(shop(), SETTINGS);
        Shrinkage.Result r = s.apply(fitted(99, "tea", -1.4, 0.05));
        assertEquals(Shrinkage.PRODUCT, r.poolingLevel());
        assertEquals(-1.4, r.elasticity(), 0.05);
        assertTrue(r.productWeight() > 0.9);
        assertTrue(r.ciLow() < r.elasticity() && r.elasticity() < r.ciHigh());
        assertFalse(r.flagged());
        assertNull(r.reason());
    }

    @Test
    void aNoisyEstimateIsShrunkTowardItsCategoryWithAWiderInterval() {
        Shrinkage s = Shrinkage.fit(shop(), SETTINGS);
        Shrinkage.Result r = s.apply(fitted(99, "tea", -3.0, 1.0));
        assertEquals(Shrinkage.CATEGORY, r.poolingLevel());
        assertTrue(r.productWeight() < 0.1, "weight " + r.productWeight());
        assertTrue(
                r.elasticity() > -1.25 && r.elasticity() < -1.0,
                "shrunk to about the category mean: " + r.elasticity());
        assertFalse(r.flagged());
    }

    @Test
    void aProductWhosePriceBarelyVariedGetsItsCategoryEstimateAndSaysWhy() {
        Shrinkage s = Shrinkage.fit(shop(), SETTINGS);
        Shrinkage.Result r =
                s.apply(new ProductEstimate(99, "toys", TOO_FEW_PRICES, Double.NaN, Double.NaN, 300, 2, 500));
        assertEquals(Shrinkage.CATEGORY, r.poolingLevel());
        assertEquals(s.prior("toys").mean(), r.elasticity(), 1e-12);
        assertEquals(0, r.productWeight());
        assertFalse(r.flagged());
        assertTrue(r.reason().startsWith("too few distinct prices"), r.reason());
    }

    @Test
    void aCategoryWithoutAnyFittedProductFallsBackToTheShop() {
        Shrinkage s = Shrinkage.fit(shop(), SETTINGS);
        Shrinkage.Result r =
                s.apply(new ProductEstimate(99, "pet", TOO_FEW_PRICES, Double.NaN, Double.NaN, 300, 1, 500));
        assertEquals(Shrinkage.GLOBAL, r.poolingLevel());
        assertEquals(s.globalMean(), r.elasticity(), 1e-12);
        assertTrue(r.ciHigh() - r.ciLow() > 1, "a between-category spread of 0.75 gives a wide interval");
    }

    @Test
    void aPositiveEstimateIsNeverPassedOnButReplacedAndFlagged() {
        Shrinkage s = Shrinkage.fit(shop(), SETTINGS);
        Shrinkage.Result r = s.apply(fitted(99, "tea", 0.8, 0.05));
        assertTrue(r.flagged());
        assertEquals(s.prior("tea").mean(), r.elasticity(), 1e-12);
        assertEquals(0, r.productWeight());
        assertTrue(r.reason().startsWith("positive own estimate 0.80"), r.reason());
    }

    @Test
    void anAbsurdlyElasticEstimateIsReplacedAndFlagged() {
        Shrinkage s = Shrinkage.fit(shop(), SETTINGS);
        Shrinkage.Result r = s.apply(fitted(99, "toys", -14, 0.5));
        assertTrue(r.flagged());
        assertEquals(s.prior("toys").mean(), r.elasticity(), 1e-12);
        assertTrue(r.reason().startsWith("implausible own estimate -14.00"), r.reason());
    }

    @Test
    void noPublishedElasticityIsAboveTheCap() {
        List<ProductEstimate> inelastic =
                List.of(fitted(1, "tea", -0.02, 0.01), fitted(2, "tea", -0.05, 0.01), fitted(3, "tea", -0.03, 0.01));
        Shrinkage s = Shrinkage.fit(inelastic, SETTINGS);
        Shrinkage.Result r = s.apply(fitted(4, "tea", -0.04, 0.01));
        assertEquals(-0.1, r.elasticity(), 1e-12);
        assertTrue(r.flagged());
        assertTrue(r.reason().contains("capped at -0.10"), r.reason());
        assertTrue(r.ciLow() <= r.elasticity() && r.elasticity() <= r.ciHigh());
    }

    @Test
    void withoutAnyFittedProductTheConfiguredFallbackIsUsed() {
        Shrinkage s = Shrinkage.fit(List.of(), SETTINGS);
        Shrinkage.Result r = s.apply(new ProductEstimate(1, "tea", TOO_FEW_PRICES, Double.NaN, Double.NaN, 10, 1, 5));
        assertEquals(-1.5, r.elasticity(), 1e-12);
        assertEquals(Shrinkage.GLOBAL, r.poolingLevel());
    }

    @Test
    void theResultDoesNotDependOnTheOrderOfTheEstimatesToTheLastBit() {
        List<ProductEstimate> reversed = new ArrayList<>(shop());
        Collections.reverse(reversed);
        Shrinkage a = Shrinkage.fit(shop(), SETTINGS);
        Shrinkage b = Shrinkage.fit(reversed, SETTINGS);
        assertEquals(a.withinCategoryVariance(), b.withinCategoryVariance());
        assertEquals(a.apply(fitted(99, "tea", -1.3, 0.2)), b.apply(fitted(99, "tea", -1.3, 0.2)));
    }

    /**
     * A shop of noisy estimates in five categories and one without a category, with unfitted, positive and
     * absurd ones among them, so that sums in another order would differ in the last bits.
     */
    static List<ProductEstimate> noisyShop() {
        Random random = new Random(11);
        String[] categories = {"tea", "toys", "pet", "garden", "books", null};
        List<ProductEstimate> all = new ArrayList<>();
        for (int id = 1; id <= 600; id++) {
            String category = categories[random.nextInt(categories.length)];
            if (random.nextInt(10) == 0) {
                all.add(new ProductEstimate(id, category, FIT_FAILED, Double.NaN, Double.NaN, 80, 4, 200));
            } else {
                all.add(fitted(id, category, -1.8 + 1.5 * random.nextGaussian(), 0.02 + random.nextDouble()));
            }
        }
        all.add(fitted(601, "tea", -20, 0.3));
        return all;
    }

    private static Dataset<Row> frame(List<ProductEstimate> estimates) {
        SparkSession spark = TestSpark.session();
        return spark.createDataFrame(
                estimates.stream().map(ElasticityFrames::toRow).toList(), ElasticityFrames.ESTIMATE);
    }

    private static void assertSameBits(Shrinkage expected, Shrinkage actual, String what) {
        assertEquals(expected.withinCategoryVariance(), actual.withinCategoryVariance(), what);
        assertEquals(expected.betweenCategoryVariance(), actual.betweenCategoryVariance(), what);
        assertEquals(expected.globalMean(), actual.globalMean(), what);
        // Records compare their doubles exactly (as Double.compare does).
        assertEquals(expected.categories(), actual.categories(), what);
        assertEquals(expected.prior("no such category"), actual.prior("no such category"), what);
    }

    /** The stage fits on a frame, the probe and these tests in memory: the same estimates must give the same bits. */
    @Test
    void aFrameInAnyOrderAndPartitioningGivesTheSameBitsAsTheListInMemory() {
        List<ProductEstimate> estimates = noisyShop();
        Shrinkage inMemory = Shrinkage.fit(estimates, SETTINGS);
        assertEquals(6, inMemory.categories().size(), "five categories and the one without");
        assertEquals(Shrinkage.CATEGORY, inMemory.prior(null).level());
        assertSameBits(inMemory, Shrinkage.fit(frame(estimates), SETTINGS), "one partition in product order");
        for (long seed = 1; seed <= 4; seed++) {
            List<ProductEstimate> shuffled = new ArrayList<>(estimates);
            Collections.shuffle(shuffled, new Random(seed));
            int partitions = 2 + (int) seed;
            assertSameBits(
                    inMemory,
                    Shrinkage.fit(frame(shuffled).repartition(partitions), SETTINGS),
                    "shuffled into " + partitions + " partitions (seed " + seed + ")");
        }
    }

    @Test
    void aFrameWithoutAnyFittedProductGivesTheConfiguredFallbackLikeTheList() {
        List<ProductEstimate> unfitted = List.of(
                new ProductEstimate(1, "tea", TOO_FEW_PRICES, Double.NaN, Double.NaN, 10, 1, 5),
                new ProductEstimate(2, null, FIT_FAILED, Double.NaN, Double.NaN, 90, 4, 50));
        assertSameBits(
                Shrinkage.fit(unfitted, SETTINGS), Shrinkage.fit(frame(unfitted), SETTINGS), "no fitted product");
    }
}
