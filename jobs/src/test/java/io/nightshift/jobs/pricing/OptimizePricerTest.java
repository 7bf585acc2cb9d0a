package io.nightshift.jobs.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.nightshift.common.config.PricingSettings;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Each guardrail of the optimiser, on one product with a flat forecast. */
class OptimizePricerTest {
    /** reference.conf's settings, all products optimised (no control group). */
    static final PricingSettings DEFAULTS =
            PricingSettings.from(ConfigFactory.defaultReference()).withControlGroupShare(0);

    static double[] flat(double perDay) {
        double[] f = new double[14];
        Arrays.fill(f, perDay);
        return f;
    }

    static PricingInput product(String cost, String previous, Integer stock, double[] forecast, double elasticity) {
        return new PricingInput(
                7,
                "SKU-7",
                "coffee",
                new BigDecimal("20.00"),
                cost == null ? null : new BigDecimal(cost),
                new BigDecimal(previous),
                stock,
                0,
                0,
                null,
                forecast,
                elasticity,
                "product");
    }

    static PriceDecision optimize(PricingSettings settings, PricingInput in) {
        return new Pricer(settings).price(in);
    }

    @Test
    void interiorOptimumEndsInNinetyNine() {
        // constant elasticity -2 and cost 10: profit peaks at 10 x 2 / (2 - 1) = 20; 19.99 is the best .99 price
        PriceDecision d = optimize(DEFAULTS, product("10.00", "19.00", 200, flat(5), -2));
        assertEquals(new BigDecimal("19.99"), d.price());
        assertEquals(List.of("PROFIT_OPTIMUM"), d.reasonCodes());
        assertTrue(d.expectedProfit() >= d.expectedProfitAtPrevious());
        assertEquals("optimize", d.strategy());
    }

    @Test
    void maxDailyChangeLimitsTheMove() {
        // inelastic: the optimum is at the cap, but one night moves at most 10%: 20.00 -> at most 22.00
        PriceDecision d = optimize(DEFAULTS, product("10.00", "20.00", 200, flat(5), -1.1));
        assertEquals(new BigDecimal("21.99"), d.price());
        assertTrue(d.reasonCodes().contains("MAX_DAILY_CHANGE"));
        PriceDecision down = optimize(DEFAULTS, product("2.00", "20.00", 200, flat(5), -4));
        // the bound is 18.00; the lowest price ending in .99 within it is 18.99
        assertEquals(new BigDecimal("18.99"), down.price());
        assertTrue(down.reasonCodes().contains("MAX_DAILY_CHANGE"));
    }

    @Test
    void capIsBaseTimesOneAndAHalf() {
        PriceDecision d = optimize(DEFAULTS, product("10.00", "28.00", 200, flat(5), -1.1));
        assertEquals(new BigDecimal("30.00"), d.cap());
        assertTrue(d.price().compareTo(new BigDecimal("30.00")) <= 0);
        assertTrue(d.reasonCodes().contains("PRICE_CAP"));
        // a previous price above the cap comes down to it at once
        PriceDecision above = optimize(DEFAULTS, product("10.00", "40.00", 200, flat(5), -1.1));
        assertEquals(new BigDecimal("30.00"), above.price());
    }

    @Test
    void costFloorIsCostPlusMinimumMargin() {
        // cost 19.50 x 1.05 = 20.475 -> 20.48, above the previous 20.00: the price jumps to the floor
        PriceDecision d = optimize(DEFAULTS, product("19.50", "20.00", 200, flat(5), -3));
        assertEquals(new BigDecimal("20.48"), d.floor());
        assertEquals(new BigDecimal("20.48"), d.price());
        assertTrue(d.reasonCodes().contains("COST_FLOOR"));
        // an overstock markdown wants a price below the floor: the floor holds
        PriceDecision elastic = optimize(DEFAULTS, product("18.00", "19.50", 5000, flat(1), -2));
        assertTrue(elastic.price().compareTo(elastic.floor()) >= 0);
        assertTrue(elastic.reasonCodes().contains("COST_FLOOR"));
    }

    @Test
    void smallMovesAreNotMade() {
        // optimum 20.20 (elasticity -1.98, cost 10), any cents: a 1% move is below min-change 2%, keep 20.00
        PricingSettings anyCents = DEFAULTS.withGuardrails(DEFAULTS.guardrails().withPriceEnding(-1));
        PriceDecision d = optimize(anyCents, product("10.00", "20.00", 200, flat(5), -1.98));
        assertEquals(new BigDecimal("20.00"), d.price());
        assertEquals(List.of("MIN_CHANGE_HOLD"), d.reasonCodes());
    }

    @Test
    void competitorCeilingWhenConfigured() {
        PricingSettings withCeiling =
                DEFAULTS.withGuardrails(DEFAULTS.guardrails().withCompetitorCeilingRatio(1.05));
        PricingInput in = new PricingInput(
                7,
                "SKU-7",
                "coffee",
                new BigDecimal("20.00"),
                new BigDecimal("10.00"),
                new BigDecimal("20.50"),
                200,
                0,
                0,
                new BigDecimal("20.00"),
                flat(5),
                -1.1,
                "product");
        PriceDecision d = optimize(withCeiling, in);
        assertEquals(new BigDecimal("20.99"), d.price());
        assertTrue(d.reasonCodes().contains("COMPETITOR_POSITION"));
        // without the setting the competitor does not bound the price
        assertTrue(optimize(DEFAULTS, in).price().compareTo(new BigDecimal("21.00")) > 0);
    }

    @Test
    void lowStockWithHighDemandRaisesThePrice() {
        // 5 units for 7 days of 10 a day: rationing by price earns more than selling out at 20
        PriceDecision d = optimize(DEFAULTS, product("10.00", "20.00", 5, flat(10), -2));
        assertTrue(d.price().compareTo(new BigDecimal("20.00")) > 0, d.toString());
        assertTrue(d.reasonCodes().contains("LOW_STOCK_HIGH_DEMAND"), d.toString());
    }

    @Test
    void overstockIsMarkedDown() {
        // 5,000 units at 1 a day is 5,000 days of cover: mark down (at most 10% a night)
        PriceDecision d = optimize(DEFAULTS, product("10.00", "20.00", 5000, flat(1), -2));
        assertTrue(d.price().compareTo(new BigDecimal("20.00")) < 0, d.toString());
        assertTrue(d.price().compareTo(new BigDecimal("18.00")) >= 0, d.toString());
        assertTrue(d.reasonCodes().contains("OVERSTOCK_MARKDOWN"), d.toString());
    }

    @Test
    void noForecastMovesTowardsBase() {
        PricingInput in = new PricingInput(
                7,
                "SKU-7",
                "coffee",
                new BigDecimal("20.00"),
                new BigDecimal("10.00"),
                new BigDecimal("25.00"),
                100,
                0,
                0,
                null,
                null,
                null,
                null);
        PriceDecision d = optimize(DEFAULTS, in);
        assertEquals(new BigDecimal("22.99"), d.price());
        assertEquals(List.of("NO_FORECAST_FALLBACK", "MAX_DAILY_CHANGE"), d.reasonCodes());
        assertNull(d.expectedProfit());
        PricingInput atBase = new PricingInput(
                7,
                "SKU-7",
                "coffee",
                new BigDecimal("20.00"),
                new BigDecimal("10.00"),
                new BigDecimal("20.00"),
                100,
                0,
                0,
                null,
                null,
                null,
                null);
        assertEquals(new BigDecimal("20.00"), optimize(DEFAULTS, atBase).price());
    }

    @Test
    void elasticitySourceIsAReason() {
        PricingInput pooled = new PricingInput(
                7,
                "SKU-7",
                "coffee",
                new BigDecimal("20.00"),
                new BigDecimal("10.00"),
                new BigDecimal("19.00"),
                200,
                0,
                0,
                null,
                flat(5),
                -2.0,
                "category");
        assertTrue(optimize(DEFAULTS, pooled).reasonCodes().contains("POOLED_ELASTICITY"));
        PricingInput missing = new PricingInput(
                7,
                "SKU-7",
                "coffee",
                new BigDecimal("20.00"),
                new BigDecimal("10.00"),
                new BigDecimal("19.00"),
                200,
                0,
                0,
                null,
                flat(5),
                null,
                null);
        assertTrue(optimize(DEFAULTS, missing).reasonCodes().contains("DEFAULT_ELASTICITY"));
    }

    @Test
    void categoryOverridesApplyToTheirCategoryOnly() {
        PricingSettings snacksSlow = DEFAULTS.withCategoryGuardrails(
                Map.of("snacks", DEFAULTS.guardrails().withMaxDailyChange(0.05)));
        PricingInput coffee = product("10.00", "20.00", 200, flat(5), -1.1);
        PricingInput snack = new PricingInput(
                7,
                "SKU-7",
                "snacks",
                new BigDecimal("20.00"),
                new BigDecimal("10.00"),
                new BigDecimal("20.00"),
                200,
                0,
                0,
                null,
                flat(5),
                -1.1,
                "product");
        assertTrue(optimize(snacksSlow, snack).price().compareTo(new BigDecimal("21.00")) <= 0);
        assertEquals(new BigDecimal("21.99"), optimize(snacksSlow, coffee).price());
    }

    @Test
    void categoryOverridesAreReadFromConfig() {
        PricingSettings s = PricingSettings.from(ConfigFactory.parseString(
                        "nightshift.pricing.category-overrides { electronics-accessories { max-daily-change = 0.05 } }")
                .withFallback(ConfigFactory.defaultReference()));
        assertEquals(0.05, s.guardrailsFor("electronics-accessories").maxDailyChange());
        assertEquals(0.10, s.guardrailsFor("coffee").maxDailyChange());
        assertEquals(0.05, s.guardrailsFor("electronics-accessories").minMargin());
    }

    @Test
    void controlGroupStaysOnRulesDeterministically() {
        PricingInput in = product("10.00", "19.00", 200, flat(5), -2);
        PriceDecision control = optimize(DEFAULTS.withControlGroupShare(1.0), in);
        assertEquals("rules", control.strategy());
        assertTrue(control.reasonCodes().contains("CONTROL_GROUP"));
        long inGroup = IntStream.rangeClosed(1, 10_000)
                .filter(id -> ControlGroup.contains(id, 0.10))
                .count();
        assertTrue(inGroup > 900 && inGroup < 1100, "share " + inGroup);
        assertEquals(ControlGroup.contains(42, 0.1), ControlGroup.contains(42, 0.1));
    }

    @Test
    void pricesWithoutEndingUseCents() {
        PricingSettings anyCents = DEFAULTS.withGuardrails(DEFAULTS.guardrails().withPriceEnding(-1));
        PriceDecision d = optimize(anyCents, product("10.00", "19.00", 200, flat(5), -2));
        assertNotEquals(new BigDecimal("19.99"), d.price());
        assertTrue(Math.abs(d.price().doubleValue() - 20.0) < 0.06, d.toString());
        assertFalse(d.reasonCodes().isEmpty());
    }
}
