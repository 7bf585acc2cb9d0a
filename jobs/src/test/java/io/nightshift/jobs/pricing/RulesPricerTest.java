package io.nightshift.jobs.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.common.config.PricingSettings;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The seed's optimize_price, branch by branch and at every boundary. */
class RulesPricerTest {
    static final PricingSettings.RulesSettings SEED = PricingSettings.RulesSettings.seed();

    /** A 7-day forecast summing to exactly {@code demand}, plus an 8th day the rule must ignore. */
    static double[] week(double demand) {
        double[] f = new double[8];
        f[0] = demand;
        f[7] = 1000;
        return f;
    }

    static PricingInput input(String base, String cost, int stock, double demand, String competitor) {
        return new PricingInput(
                1,
                "SKU-1",
                "coffee",
                new BigDecimal(base),
                cost.isEmpty() ? null : new BigDecimal(cost),
                new BigDecimal(base),
                stock,
                0,
                0,
                competitor.isEmpty() ? null : new BigDecimal(competitor),
                week(demand),
                null,
                null);
    }

    @ParameterizedTest(name = "base {0} cost {1} stock {2} demand {3} competitor [{4}] -> {5} {6}")
    @CsvSource({
        // stock < 10 and demand > 50: base x 1.15
        "20.00, 8.00,   9,  51, '',    23.00, LOW_STOCK_HIGH_DEMAND NO_COMPETITOR_DATA",
        // stock 10 is not < 10: third branch; no competitor: the competitor term does not apply (the seed
        // anchored on base + 1.00), base x 1.02
        "20.00, 8.00,  10,  51, '',    20.40, STANDARD_MARKUP NO_COMPETITOR_DATA",
        // demand 50 is not > 50
        "20.00, 8.00,   9,  50, '',    20.40, STANDARD_MARKUP NO_COMPETITOR_DATA",
        // stock > 100 and demand < 20: max(base x 0.95, competitor + 0.50); no competitor: base x 0.95
        "20.00, 8.00, 101,  19, '',    19.00, OVERSTOCK_MARKDOWN NO_COMPETITOR_DATA",
        "20.00, 8.00, 101,  19, 15.00, 19.00, OVERSTOCK_MARKDOWN",
        // stock 100 is not > 100; demand 20 is not < 20
        "20.00, 8.00, 100,  19, 15.00, 20.40, STANDARD_MARKUP",
        "20.00, 8.00, 101,  20, 15.00, 20.40, STANDARD_MARKUP",
        // third branch: max(base x 1.02, competitor + 1.00)
        "20.00, 8.00,  50,  30, 25.00, 26.00, COMPETITOR_POSITION",
        "20.00, 8.00,  50,  30, 19.39, 20.40, STANDARD_MARKUP",
        "20.00, 8.00,  50,  30, 19.41, 20.41, COMPETITOR_POSITION",
        // cap at 1.5 x base
        "20.00, 8.00,  50,  30, 40.00, 30.00, COMPETITOR_POSITION PRICE_CAP",
        // floor at the unit cost
        "20.00, 22.00, 101, 19, 10.00, 22.00, OVERSTOCK_MARKDOWN COST_FLOOR",
        // a cost above the cap: the seed applies the floor, then the cap
        "20.00, 31.00, 50,  30, 10.00, 30.00, STANDARD_MARKUP COST_FLOOR PRICE_CAP",
        // rounding to cents, half up: 10.25 x 1.02 = 10.455; 10.10 x 1.15 = 11.615; cap 9.99 x 1.5 = 14.985
        "10.25, 4.00,  50,  30, 9.00,  10.46, STANDARD_MARKUP",
        "10.10, 4.00,   0,  60, '',    11.62, LOW_STOCK_HIGH_DEMAND NO_COMPETITOR_DATA",
        "9.99,  4.00,  50,  30, 20.00, 14.99, COMPETITOR_POSITION PRICE_CAP",
    })
    void seedBranches(
            String base, String cost, int stock, double demand, String competitor, String price, String reasons) {
        PriceDecision d = RulesPricer.price(input(base, cost, stock, demand, competitor), SEED);
        assertEquals(new BigDecimal(price), d.price());
        assertEquals(List.of(reasons.split(" ")), d.reasonCodes());
        assertEquals("rules", d.strategy());
    }

    @Test
    void noForecastIsTheBasePrice() {
        PricingInput in = new PricingInput(
                1,
                "SKU-1",
                "coffee",
                new BigDecimal("20.00"),
                new BigDecimal("8.00"),
                new BigDecimal("21.00"),
                3,
                0,
                0,
                new BigDecimal("30.00"),
                null,
                null,
                null);
        PriceDecision d = RulesPricer.price(in, SEED);
        assertEquals(new BigDecimal("20.00"), d.price());
        assertEquals(List.of("NO_FORECAST_FALLBACK"), d.reasonCodes());
    }

    @Test
    void unknownCostFloorsAtSeventyPercentOfBase() {
        PriceDecision d = RulesPricer.price(input("20.00", "", 101, 19, "5.00"), SEED);
        assertEquals(new BigDecimal("19.00"), d.price());
        assertEquals(new BigDecimal("14.00"), d.floor());
        assertTrue(d.reasonCodes().contains("UNKNOWN_COST"));
    }

    @Test
    void stockIsOnHandLessReservedLessSafetyStock() {
        // 15 on hand - 3 reserved - 3 safety = 9 < 10
        PricingInput low = new PricingInput(
                1,
                "SKU-1",
                "coffee",
                new BigDecimal("20.00"),
                new BigDecimal("8.00"),
                new BigDecimal("20.00"),
                15,
                3,
                3,
                null,
                week(51),
                null,
                null);
        assertEquals(new BigDecimal("23.00"), RulesPricer.price(low, SEED).price());
        PricingInput enough = new PricingInput(
                1,
                "SKU-1",
                "coffee",
                new BigDecimal("20.00"),
                new BigDecimal("8.00"),
                new BigDecimal("20.00"),
                16,
                3,
                3,
                null,
                week(51),
                null,
                null);
        assertEquals(new BigDecimal("20.40"), RulesPricer.price(enough, SEED).price());
    }

    @Test
    void theControlGroupNeverMovesMoreThanTheMaximumDailyChangeButNeverBelowCost() {
        // low stock, high demand: base x 1.15 = 23.00, but at most 10% above the previous 20.00
        PricingInput rising = new PricingInput(
                1,
                "SKU-1",
                "coffee",
                new BigDecimal("20.00"),
                new BigDecimal("8.00"),
                new BigDecimal("20.00"),
                5,
                0,
                0,
                null,
                week(51),
                null,
                null);
        PriceDecision up = RulesPricer.price(rising, SEED, 0.10);
        assertEquals(new BigDecimal("22.00"), up.price());
        assertEquals(List.of("LOW_STOCK_HIGH_DEMAND", "MAX_DAILY_CHANGE", "NO_COMPETITOR_DATA"), up.reasonCodes());
        // a previous price far above: the move down is limited too
        PricingInput falling = new PricingInput(
                1,
                "SKU-1",
                "coffee",
                new BigDecimal("20.00"),
                new BigDecimal("8.00"),
                new BigDecimal("29.99"),
                50,
                0,
                0,
                new BigDecimal("19.00"),
                week(30),
                null,
                null);
        // 29.99 x 0.9 = 26.991: the nearest whole cent inside the band
        assertEquals(
                new BigDecimal("27.00"), RulesPricer.price(falling, SEED, 0.10).price());
        // the cost floor wins over the limit
        PricingInput belowCost = new PricingInput(
                1,
                "SKU-1",
                "coffee",
                new BigDecimal("20.00"),
                new BigDecimal("25.00"),
                new BigDecimal("20.00"),
                50,
                0,
                0,
                null,
                week(30),
                null,
                null);
        PriceDecision floor = RulesPricer.price(belowCost, SEED, 0.05);
        assertEquals(new BigDecimal("25.00"), floor.price());
        assertTrue(
                floor.reasonCodes().contains("COST_FLOOR"), floor.reasonCodes().toString());
    }

    @Test
    void unknownStockCountsAsZero() {
        PricingInput in = new PricingInput(
                1,
                "SKU-1",
                "coffee",
                new BigDecimal("20.00"),
                new BigDecimal("8.00"),
                new BigDecimal("20.00"),
                null,
                0,
                0,
                null,
                week(51),
                null,
                null);
        PriceDecision d = RulesPricer.price(in, SEED);
        assertEquals(new BigDecimal("23.00"), d.price());
        assertTrue(d.reasonCodes().contains("NO_INVENTORY"));
    }
}
