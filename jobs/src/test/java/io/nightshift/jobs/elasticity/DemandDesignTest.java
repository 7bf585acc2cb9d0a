package io.nightshift.jobs.elasticity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The regression design on tiny hand-written histories, and the regression on data with a known answer. */
class DemandDesignTest {
    static final LocalDate MONDAY = LocalDate.of(2025, 3, 3);

    static DemandDesign.Day day(int offset, long units, Double price, boolean stockout) {
        return new DemandDesign.Day(MONDAY.plusDays(offset), units, price, stockout, false, 0.0);
    }

    @Test
    void stockoutDaysAreLeftOutAndNoSaleDaysTakeTheLastObservedPrice() {
        List<DemandDesign.Day> history = List.of(
                day(3, 2, 9.99, false),
                day(0, 0, null, false), // before the first sale: the first price after it
                day(1, 4, 10.99, false),
                day(2, 0, null, false), // no sale: still 10.99
                day(4, 7, 9.99, true)); // stocked out: censored demand, left out
        DemandDesign.Design d = DemandDesign.build(history);
        assertEquals(4, d.observations());
        assertEquals(1, d.stockoutDays());
        assertEquals(6, d.totalUnits());
        assertEquals(2, d.distinctPrices());
        assertArrayEquals(new double[] {0, 4, 0, 2}, d.units());
        assertArrayEquals(
                new long[] {
                    MONDAY.toEpochDay(), MONDAY.toEpochDay() + 1, MONDAY.toEpochDay() + 2, MONDAY.toEpochDay() + 3
                },
                d.epochDay());
        double[] logPrice = new double[4];
        for (int k = 0; k < 4; k++) {
            logPrice[k] = d.x()[k][DemandDesign.PRICE_COLUMN];
        }
        double high = Math.log(10.99);
        double low = Math.log(9.99);
        double mean = (3 * high + low) / 4;
        assertArrayEquals(new double[] {high - mean, high - mean, high - mean, low - mean}, logPrice, 1e-12);
    }

    @Test
    void controlsThatNeverVaryInTheWindowAreDropped() {
        List<DemandDesign.Day> history = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            history.add(day(i, 3, i % 2 == 0 ? 5.0 : 4.5, false));
        }
        DemandDesign.Design d = DemandDesign.build(history);
        assertEquals("intercept", d.columns().get(0));
        assertEquals("log_price", d.columns().get(1));
        assertTrue(d.columns().contains("weekday_sunday"));
        assertFalse(d.columns().contains("public_holiday"), "no holiday in the window");
        assertFalse(d.columns().contains("competitor_log_index"), "no competitor data");
        assertFalse(d.columns().contains("black_friday_weekend"));
        assertEquals(d.columns().size(), d.x()[0].length);
    }

    @Test
    void theAddToCartFunnelStacksACartRowPerDayThatSharesOnlyThePriceCoefficient() {
        List<DemandDesign.Day> history = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            history.add(new DemandDesign.Day(
                    MONDAY.plusDays(i), 3, i % 3 == 0 ? 5.0 : 4.5, i == 7, false, 0.0, 100L + i, 7L + i % 2));
        }
        DemandDesign.Design d = DemandDesign.build(history, true);
        assertEquals(39, d.observations(), "one stocked-out day left out");
        assertEquals(78, d.units().length, "a units row and a cart row per usable day");
        int cartIntercept = d.columns().indexOf("cart_intercept");
        int views = d.columns().indexOf("cart_log_views");
        assertTrue(cartIntercept > DemandDesign.PRICE_COLUMN
                && views == d.columns().size() - 1);
        double[] unitsRow = d.x()[0];
        double[] cartRow = d.x()[1];
        assertEquals(d.epochDay()[0], d.epochDay()[1]);
        assertEquals(unitsRow[DemandDesign.PRICE_COLUMN], cartRow[DemandDesign.PRICE_COLUMN]);
        assertEquals(1, unitsRow[0]);
        assertEquals(0, cartRow[0]);
        assertEquals(0, unitsRow[cartIntercept]);
        assertEquals(1, cartRow[cartIntercept]);
        assertEquals(Math.log(100.5), cartRow[views], 1e-12);
        assertEquals(7, d.units()[1]);
        assertEquals(0, d.response()[0]);
        assertEquals(1, d.response()[1]);
        int cartColumns =
                (int) d.columns().stream().filter(c -> c.startsWith("cart_")).count();
        assertArrayEquals(new int[] {d.columns().size() - cartColumns - 1, cartColumns}, d.responseParameters());
        assertEquals(null, DemandDesign.build(history, false).response(), "no funnel: one response");
    }

    @Test
    void eachResponseIsWeightedByItsPearsonDispersionNeverAboveOne() {
        // Two groups of four rows, each with its own intercept (one parameter per group), fitted exactly at the
        // group means: group 0 (mean 4) has residuals -4, 4, -4, 4, Pearson chi2 = 4 x 16 / 4 = 16 over 3 df;
        // group 1 (mean 4) has residuals 0, 1, -1, 0, chi2 = 0.5 over 3 df, below 1, so weight 1.
        double[][] x = {{1, 0}, {1, 0}, {1, 0}, {1, 0}, {0, 1}, {0, 1}, {0, 1}, {0, 1}};
        double[] y = {0, 8, 0, 8, 4, 5, 3, 4};
        double[] beta = {Math.log(4), Math.log(4)};
        int[] group = {0, 0, 0, 0, 1, 1, 1, 1};
        double[] w = PoissonRegression.dispersionWeights(x, y, beta, group, new int[] {1, 1});
        assertArrayEquals(new double[] {3 / 16.0, 3 / 16.0, 3 / 16.0, 3 / 16.0, 1, 1, 1, 1}, w, 1e-12);
    }

    @Test
    void weightsOfOneGiveTheUnweightedFitAndScalingAllWeightsLeavesTheEstimate() {
        double[][] x = new double[60][];
        double[] y = new double[60];
        long[] day = new long[60];
        Random random = new Random(7);
        for (int i = 0; i < 60; i++) {
            double logPrice = i % 5 == 0 ? -0.2 : 0;
            x[i] = new double[] {1, logPrice};
            y[i] = poisson(random, 6 * Math.exp(-2 * logPrice));
            day[i] = i;
        }
        double[] ones = new double[60];
        double[] halves = new double[60];
        Arrays.fill(ones, 1);
        Arrays.fill(halves, 0.5);
        PoissonRegression.Fit plain = PoissonRegression.fit(x, y, day, 0);
        PoissonRegression.Fit withOnes = PoissonRegression.fit(x, y, ones, day, 0);
        PoissonRegression.Fit withHalves = PoissonRegression.fit(x, y, halves, day, 0);
        assertArrayEquals(plain.coefficients(), withOnes.coefficients(), 1e-9);
        assertArrayEquals(plain.coefficients(), withHalves.coefficients(), 1e-6);
        // The sandwich covariance does not depend on a common scale of the weights.
        assertEquals(plain.standardError(1), withHalves.standardError(1), 1e-6);
    }

    @Test
    void retailEventsFollowThanksgiving() {
        // Thanksgiving 2025 is Thursday 27 November.
        assertEquals(
                DemandDesign.RetailEvent.BLACK_FRIDAY_WEEKEND, DemandDesign.RetailEvent.of(LocalDate.of(2025, 11, 28)));
        assertEquals(
                DemandDesign.RetailEvent.BLACK_FRIDAY_WEEKEND, DemandDesign.RetailEvent.of(LocalDate.of(2025, 11, 30)));
        assertEquals(DemandDesign.RetailEvent.CYBER_MONDAY, DemandDesign.RetailEvent.of(LocalDate.of(2025, 12, 1)));
        assertEquals(
                DemandDesign.RetailEvent.DECEMBER_BEFORE_CHRISTMAS,
                DemandDesign.RetailEvent.of(LocalDate.of(2025, 12, 2)));
        assertEquals(DemandDesign.RetailEvent.CHRISTMAS, DemandDesign.RetailEvent.of(LocalDate.of(2025, 12, 25)));
        assertEquals(DemandDesign.RetailEvent.NONE, DemandDesign.RetailEvent.of(LocalDate.of(2025, 11, 27)));
    }

    @Test
    void twoRowsForOneDayAreAnError() {
        assertThrows(
                IllegalArgumentException.class,
                () -> DemandDesign.build(List.of(day(0, 1, 2.0, false), day(0, 2, 2.0, false))));
    }

    /** Overdispersed, weekly-seasonal demand with zeros and promotions: the true elasticity is -2. */
    @Test
    void poissonRegressionRecoversAKnownElasticityAndItsIntervalCoversIt() {
        Random random = new Random(11);
        List<DemandDesign.Day> history = new ArrayList<>();
        for (int t = 0; t < 365; t++) {
            double price = (t / 40) % 3 == 0 ? 8.0 : (t % 50 < 6 ? 6.4 : 10.0);
            double weekly = (t % 7 == 5 || t % 7 == 6) ? 1.3 : 1.0;
            double mean = 1.5 * weekly * Math.pow(price / 10.0, -2.0);
            double gamma = mean * gamma(random, 5) / 5;
            history.add(day(t, poisson(random, gamma), price, false));
        }
        DemandDesign.Design d = DemandDesign.build(history);
        PoissonRegression.Fit fit = PoissonRegression.fit(d.x(), d.units(), d.epochDay(), 14);
        assertTrue(fit.converged());
        double beta = fit.coefficients()[DemandDesign.PRICE_COLUMN];
        double se = fit.standardError(DemandDesign.PRICE_COLUMN);
        assertEquals(-2.0, beta, 0.3);
        assertTrue(se > 0.02 && se < 0.3, "se " + se);
        assertTrue(Math.abs(beta + 2.0) < 2.6 * se, "interval covers the truth: " + beta + " +- " + se);
    }

    static long poisson(Random random, double mean) {
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        long k = 0;
        while (product > limit) {
            product *= random.nextDouble();
            k++;
        }
        return k;
    }

    /** Gamma(shape, 1) by Marsaglia-Tsang, shape >= 1. */
    static double gamma(Random random, double shape) {
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = random.nextGaussian();
            double v = Math.pow(1 + c * x, 3);
            if (v > 0 && Math.log(random.nextDouble()) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }
}
