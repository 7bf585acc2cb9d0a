package io.nightshift.jobs.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.nightshift.common.config.PricingSettings;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Price experiments on the pure pricer: bounds, determinism, share, the profit cap and the reason code. */
class PriceExperimentTest {
    static final PricingSettings REFERENCE =
            PricingSettings.from(ConfigFactory.defaultReference()).withControlGroupShare(0);
    /** Every eligible product tested (share 1), a loose profit cap: each test below isolates one condition. */
    static final PricingSettings ON = REFERENCE.withExperiments(
            REFERENCE.experiments().withEnabled(true).withShare(1).withMaxProfitLoss(0.5));
    /** A Monday; the next two Mondays start the other two levels of every product's cycle. */
    static final LocalDate MONDAY = LocalDate.of(2026, 11, 30);

    /** Base 40, cost 20, previous 39.99, elasticity -2 (optimum 39.99 ~ 2 x cost), a wide interval, 5 units a day. */
    static PricingInput product(int id, LocalDate day, double ciLow, double ciHigh, double perDay) {
        return new PricingInput(
                id,
                "SKU-" + id,
                "coffee",
                new BigDecimal("40.00"),
                new BigDecimal("20.00"),
                new BigDecimal("39.99"),
                200,
                0,
                0,
                null,
                OptimizePricerTest.flat(perDay),
                -2.0,
                "product",
                ciLow,
                ciHigh,
                day);
    }

    static PricingInput product(int id, LocalDate day) {
        return product(id, day, -3.0, -1.0, 5);
    }

    /** The week (of three from MONDAY) in which the product's schedule is at {@code level}. */
    static LocalDate weekAt(int id, int level) {
        for (int w = 0; w < 3; w++) {
            if (PriceExperiment.level(id, MONDAY.plusWeeks(w), 0) == level) {
                return MONDAY.plusWeeks(w);
            }
        }
        throw new AssertionError("no week at level " + level);
    }

    @Test
    void offByDefault() {
        assertFalse(REFERENCE.experiments().enabled());
        for (int w = 0; w < 3; w++) {
            PriceDecision d = new Pricer(REFERENCE).price(product(1, MONDAY.plusWeeks(w)));
            assertFalse(d.isExperiment());
            assertNull(d.expectedProfitAtOptimum());
        }
    }

    @Test
    void cyclesThroughOptimumUpAndDownWithinTheAmplitude() {
        Pricer pricer = new Pricer(ON);
        PriceDecision optimum = new Pricer(REFERENCE).price(product(1, MONDAY));
        assertEquals(new BigDecimal("39.99"), optimum.price());
        PriceDecision atOptimum = pricer.price(product(1, weekAt(1, 0)));
        PriceDecision up = pricer.price(product(1, weekAt(1, 1)));
        PriceDecision down = pricer.price(product(1, weekAt(1, -1)));
        assertFalse(atOptimum.isExperiment());
        assertEquals(optimum.price(), atOptimum.price());
        // 39.99 x 1.05 = 41.99: the .99 price within the amplitude is 40.99; 39.99 x 0.95 = 37.9905, so 37.99
        // would be a cent beyond it: 38.99
        assertEquals(new BigDecimal("40.99"), up.price());
        assertEquals(new BigDecimal("38.99"), down.price());
        for (PriceDecision d : List.of(up, down)) {
            assertEquals(
                    "PRICE_EXPERIMENT", d.reasonCodes().get(0), d.reasonCodes().toString());
            assertEquals("optimize", d.strategy());
            assertEquals(optimum.expectedProfit(), d.expectedProfitAtOptimum(), 1e-9);
            assertTrue(d.expectedProfit() <= d.expectedProfitAtOptimum(), "the optimum is the optimum");
            assertEquals(optimum.expectedProfitAtPrevious(), d.expectedProfitAtPrevious(), 1e-9);
        }
        // the same level all week, the same prices on a rerun
        assertEquals(
                up.price(), pricer.price(product(1, weekAt(1, 1).plusDays(6))).price());
        assertEquals(up, pricer.price(product(1, weekAt(1, 1))));
    }

    @Test
    void scheduleIsDeterministicAndBalanced() {
        int[] perLevel = new int[3];
        for (int id = 1; id <= 3000; id++) {
            Set<Integer> seen = new HashSet<>();
            for (int w = 0; w < 3; w++) {
                int level = PriceExperiment.level(id, MONDAY.plusWeeks(w), 0);
                assertEquals(
                        level,
                        PriceExperiment.level(id, MONDAY.plusWeeks(w).plusDays(6), 0),
                        "constant within the ISO week");
                assertEquals(level, PriceExperiment.level(id, MONDAY.plusWeeks(w + 3), 0), "a three-week cycle");
                seen.add(level);
                if (w == 0) {
                    perLevel[level + 1]++;
                }
            }
            assertEquals(Set.of(-1, 0, 1), seen, "every product sees the three levels every three weeks");
        }
        for (int n : perLevel) {
            assertTrue(Math.abs(n - 1000) < 100, "a third of the products per level: " + n);
        }
        // across a year boundary the weeks stay consecutive (2026 has 53 ISO weeks)
        assertEquals(
                PriceExperiment.isoWeekIndex(LocalDate.of(2026, 12, 28)) + 1,
                PriceExperiment.isoWeekIndex(LocalDate.of(2027, 1, 4)));
    }

    @Test
    void theShareIsAStableHashedSelection() {
        int selected = 0;
        for (int id = 1; id <= 10_000; id++) {
            boolean in = PriceExperiment.selected(id, 0.25, 0);
            assertEquals(in, PriceExperiment.selected(id, 0.25, 0));
            if (in) {
                selected++;
                assertTrue(PriceExperiment.selected(id, 0.5, 0), "a larger share keeps the products already tested");
            }
        }
        assertTrue(Math.abs(selected - 2500) < 150, "about a quarter: " + selected);
        assertFalse(PriceExperiment.selected(1, 0, 0));

        PricingSettings quarter = ON.withExperiments(ON.experiments().withShare(0.25));
        int tested = 0;
        for (int id = 1; id <= 400; id++) {
            PriceDecision d = new Pricer(quarter).price(product(id, weekAt(id, 1)));
            assertEquals(PriceExperiment.selected(id, 0.25, 0), d.isExperiment(), "product " + id);
            if (d.isExperiment()) {
                tested++;
            }
        }
        assertTrue(tested > 70 && tested < 130, "tested " + tested);
    }

    @Test
    void onlyUncertainProductsThatSell() {
        Pricer pricer = new Pricer(ON);
        LocalDate up = weekAt(1, 1);
        assertTrue(pricer.price(product(1, up)).isExperiment());
        assertFalse(pricer.price(product(1, up, -2.2, -1.8, 5)).isExperiment(), "a narrow interval: nothing to learn");
        assertFalse(pricer.price(product(1, up, -3.0, -1.0, 0.5)).isExperiment(), "selling under min-units-per-day");
        assertFalse(
                pricer.price(new PricingInput(
                                1,
                                "SKU-1",
                                "coffee",
                                new BigDecimal("40.00"),
                                new BigDecimal("20.00"),
                                new BigDecimal("39.99"),
                                200,
                                0,
                                0,
                                null,
                                OptimizePricerTest.flat(5),
                                -2.0,
                                "product"))
                        .isExperiment(),
                "no interval and no date (the simulator's inputs): no test");
        PricingSettings control = ON.withControlGroupShare(1);
        PriceDecision d = new Pricer(control).price(product(1, up));
        assertFalse(d.isExperiment(), "the control group stays on rules");
        PriceDecision rules = new Pricer(ON.withStrategy(PricingSettings.Strategy.RULES)).price(product(1, up));
        assertFalse(rules.isExperiment());
        // stock running out before replenishment: the optimiser rations, no test on top
        PriceDecision scarce = pricer.price(new PricingInput(
                1,
                "SKU-1",
                "coffee",
                new BigDecimal("40.00"),
                new BigDecimal("20.00"),
                new BigDecimal("39.99"),
                3,
                0,
                0,
                null,
                OptimizePricerTest.flat(5),
                -2.0,
                "product",
                -3.0,
                -1.0,
                up));
        assertFalse(scarce.isExperiment(), scarce.reasonCodes().toString());
    }

    @Test
    void neverOutsideTheGuardrails() {
        // Upward week with the previous price at the cap (40 x 1.5 = 60): no room above, no test.
        PricingInput atCap = new PricingInput(
                1,
                "SKU-1",
                "coffee",
                new BigDecimal("40.00"),
                new BigDecimal("20.00"),
                new BigDecimal("60.00"),
                200,
                0,
                0,
                null,
                OptimizePricerTest.flat(5),
                -1.1,
                "product",
                -3.0,
                -0.5,
                weekAt(1, 1));
        PriceDecision capped = new Pricer(ON).price(atCap);
        assertTrue(capped.price().compareTo(capped.cap()) <= 0);
        assertFalse(capped.isExperiment(), capped.reasonCodes().toString());
        // Downward week with the optimum just above the floor (cost 38 x 1.05 = 39.90): the test goes down to the
        // floor, not below; no .99 price lies between floor and optimum, so any cents (the optimiser's own rule).
        PricingInput nearFloor = new PricingInput(
                1,
                "SKU-1",
                "coffee",
                new BigDecimal("40.00"),
                new BigDecimal("38.00"),
                new BigDecimal("39.99"),
                200,
                0,
                0,
                null,
                OptimizePricerTest.flat(5),
                -2.0,
                "product",
                -3.0,
                -1.0,
                weekAt(1, -1));
        DemandModel model = new DemandModel(OptimizePricerTest.flat(5), -2.0, 39.99, 200, 7, 14);
        PriceDecision optimum = new PriceDecision(
                new BigDecimal("39.99"),
                "optimize",
                List.of("PROFIT_OPTIMUM"),
                model.units(39.99),
                model.profit(39.99, 38),
                model.units(39.99),
                model.profit(39.99, 38),
                new BigDecimal("39.90"),
                new BigDecimal("60.00"));
        PricingSettings.Guardrails anyCents = ON.guardrails().withPriceEnding(-1);
        PriceDecision toFloor = PriceExperiment.apply(nearFloor, optimum, model, anyCents, ON.experiments(), 38);
        assertTrue(toFloor.isExperiment());
        assertEquals(new BigDecimal("39.90"), toFloor.price(), "down to the floor, not the amplitude's 37.99");
        assertEquals(
                new BigDecimal("39.90"),
                PriceExperiment.apply(nearFloor, optimum, model, ON.guardrails(), ON.experiments(), 38)
                        .price());
        // the optimum at the floor: nothing below it, no test
        PriceDecision atFloor = new PriceDecision(
                new BigDecimal("39.90"),
                "optimize",
                List.of("PROFIT_OPTIMUM"),
                model.units(39.90),
                model.profit(39.90, 38),
                model.units(39.99),
                model.profit(39.99, 38),
                new BigDecimal("39.90"),
                new BigDecimal("60.00"));
        assertFalse(PriceExperiment.apply(nearFloor, atFloor, model, ON.guardrails(), ON.experiments(), 38)
                .isExperiment());
        // Many products, both directions, a wide amplitude: every test within floor, cap and max-daily-change.
        PricingSettings wide = ON.withExperiments(new PricingSettings.ExperimentSettings(true, 1, 0.3, 0, 0, 1, 7));
        int tests = 0;
        for (int id = 1; id <= 300; id++) {
            BigDecimal previous = new BigDecimal(20 + (id % 40)).add(new BigDecimal("0.99"));
            double elasticity = -1.2 - (id % 9) * 0.4;
            PricingInput in = new PricingInput(
                    id,
                    "SKU",
                    "coffee",
                    new BigDecimal("40.00"),
                    new BigDecimal("18.00"),
                    previous,
                    200,
                    0,
                    0,
                    null,
                    OptimizePricerTest.flat(5),
                    elasticity,
                    "product",
                    -5.0,
                    -0.5,
                    MONDAY.plusWeeks(id % 3));
            PriceDecision d = new Pricer(wide).price(in);
            PriceDecision best = new Pricer(REFERENCE).price(in);
            if (!d.isExperiment()) {
                continue;
            }
            tests++;
            double move = d.price().doubleValue() / previous.doubleValue() - 1;
            assertTrue(Math.abs(move) <= 0.10 + 1e-9, "max-daily-change: " + move);
            assertTrue(d.price().compareTo(d.floor()) >= 0 && d.price().compareTo(d.cap()) <= 0);
            assertTrue(Math.abs(d.price().doubleValue() / best.price().doubleValue() - 1) <= 0.3 + 1e-9);
            assertTrue(d.price().compareTo(best.price()) != 0);
        }
        assertTrue(tests > 50, "tests " + tests);
    }

    @Test
    void cheapProductsTestAtAnyCentsWhenNoEndingFitsTheBand() {
        // base 5.49, cost 2, previous 4.99, elasticity -2: the optimum 4.00 lies below tonight's 10% band, whose only
        // .99 price is 4.99; 5% up has no .99 price, so the band's edge in any cents
        PricingInput snack = new PricingInput(
                1,
                "SKU-1",
                "snacks",
                new BigDecimal("5.49"),
                new BigDecimal("2.00"),
                new BigDecimal("4.99"),
                200,
                0,
                0,
                null,
                OptimizePricerTest.flat(5),
                -2.0,
                "product",
                -3.0,
                -1.0,
                weekAt(1, 1));
        PriceDecision optimum = new Pricer(REFERENCE).price(snack);
        PriceDecision up = new Pricer(ON).price(snack);
        assertTrue(up.isExperiment(), up.reasonCodes().toString());
        long optimumCents = optimum.price().movePointRight(2).longValueExact();
        assertEquals(
                optimumCents * 105 / 100, up.price().movePointRight(2).longValueExact(), "the band's edge, any cents");
        assertTrue(up.price().compareTo(new BigDecimal("5.48")) <= 0, "max-daily-change from 4.99");
    }

    @Test
    void theProfitCapSkipsCostlyTests() {
        // a very elastic product (-5, optimum near cost x 1.25): 5% off the optimum costs more than 0.1%
        PricingInput elastic = new PricingInput(
                1,
                "SKU-1",
                "coffee",
                new BigDecimal("40.00"),
                new BigDecimal("20.00"),
                new BigDecimal("24.99"),
                200,
                0,
                0,
                null,
                OptimizePricerTest.flat(5),
                -5.0,
                "product",
                -6.0,
                -4.0,
                weekAt(1, 1));
        PriceDecision loose = new Pricer(ON).price(elastic);
        assertTrue(loose.isExperiment(), loose.reasonCodes().toString());
        double loss = (loose.expectedProfitAtOptimum() - loose.expectedProfit()) / loose.expectedProfitAtOptimum();
        assertTrue(loss > 0.001, "the test costs " + loss);
        PricingSettings tight = ON.withExperiments(ON.experiments().withMaxProfitLoss(loss * 0.99));
        PriceDecision skipped = new Pricer(tight).price(elastic);
        assertFalse(skipped.isExperiment());
        assertEquals(new Pricer(REFERENCE).price(elastic), skipped, "exactly the optimum");
        PricingSettings enough = ON.withExperiments(ON.experiments().withMaxProfitLoss(loss * 1.01));
        assertNotNull(new Pricer(enough).price(elastic).expectedProfitAtOptimum());
    }
}
