package io.nightshift.sandbox.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.nightshift.common.config.ElasticitySettings;
import io.nightshift.common.config.ForecastStageSettings;
import io.nightshift.common.config.PricingSettings;
import io.nightshift.jobs.pricing.PriceDecision;
import io.nightshift.jobs.pricing.ReasonCode;
import io.nightshift.sandbox.sample.SampleShopSpec;
import io.nightshift.sandbox.sample.ShopHistory;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The closed loop on a tiny generated shop: a few products, a few nights. */
class ClosedLoopSimulationTest {
    static final Config REFERENCE = ConfigFactory.defaultReference();
    static final ClosedLoopSimulation.Settings SETTINGS = new ClosedLoopSimulation.Settings(
            PricingSettings.from(REFERENCE),
            ForecastStageSettings.from(REFERENCE),
            ElasticitySettings.from(REFERENCE),
            "US",
            "");
    static final ShopHistory SHOP = ShopHistory.simulate(
            new SampleShopSpec(8, 420, 0, 3L, LocalDate.of(2026, 11, 30), "US", "USD", ZoneId.of("America/New_York")));

    static ClosedLoopSimulation.Plan plan(int nights, int refitDays, List<LoopStrategy> strategies) {
        return new ClosedLoopSimulation.Plan(nights, refitDays, 1L, strategies, 2);
    }

    @Test
    void everyStrategyMeetsTheSameFirstDayAndStaysWithinCostAndCap() {
        ClosedLoopSimulation.Result result =
                ClosedLoopSimulation.run(SHOP, plan(10, 5, List.of(LoopStrategy.values())), SETTINGS, null);
        assertEquals(LocalDate.of(2026, 11, 20), result.cutoff());
        assertEquals(4, result.strategies().size());
        for (ClosedLoopSimulation.StrategyResult r : result.strategies()) {
            assertEquals(0, r.belowCost() + r.aboveCap(), r.strategy() + " broke a guardrail");
            assertTrue(r.units() > 0, r.strategy() + " sold nothing");
            assertEquals(2, r.weeks().size(), "a week of 7 nights and one of 3");
            assertEquals(
                    r.profit(), r.weeks().get(0).profit() + r.weeks().get(1).profit(), 1e-6);
        }
        assertNull(result.strategy(LoopStrategy.RULES).shareWithin(), "rules is told no estimates");
        assertNotNull(result.strategy(LoopStrategy.OPTIMIZE).shareWithin());
        assertNotNull(result.initialShareWithin());
    }

    @Test
    void aRerunGivesTheSameFigures() {
        ClosedLoopSimulation.Plan plan = plan(4, 2, List.of(LoopStrategy.OPTIMIZE, LoopStrategy.OPTIMIZE_LEARN));
        ClosedLoopSimulation.Result first = ClosedLoopSimulation.run(SHOP, plan, SETTINGS, null);
        ClosedLoopSimulation.Result second = ClosedLoopSimulation.run(SHOP, plan, SETTINGS, null);
        for (int i = 0; i < 2; i++) {
            assertEquals(
                    first.strategies().get(i).profit(),
                    second.strategies().get(i).profit());
            assertEquals(
                    first.strategies().get(i).weeks(),
                    second.strategies().get(i).weeks());
        }
    }

    @Test
    void theSameStrategyTwiceSellsTheSameUnitsCommonRandomNumbers() {
        ClosedLoopSimulation.Result result = ClosedLoopSimulation.run(
                SHOP, plan(3, 3, List.of(LoopStrategy.RULES, LoopStrategy.RULES)), SETTINGS, null);
        assertEquals(
                result.strategies().get(0).units(), result.strategies().get(1).units());
    }

    @Test
    void pricesAreSetNightlyAndModelsRefittedOnTheCadence() {
        Map<LocalDate, List<PricingInputSummary>> nights = new TreeMap<>();
        ClosedLoopSimulation.run(
                SHOP, plan(3, 2, List.of(LoopStrategy.OPTIMIZE)), SETTINGS, (strategy, runDate, inputs, decisions) -> {
                    List<PricingInputSummary> rows = new ArrayList<>();
                    for (int i = 0; i < inputs.size(); i++) {
                        rows.add(new PricingInputSummary(
                                inputs.get(i).forecast()[0], inputs.get(i).elasticity(), decisions.get(i)));
                    }
                    nights.put(runDate, rows);
                });
        assertEquals(
                List.of(LocalDate.of(2026, 11, 27), LocalDate.of(2026, 11, 28), LocalDate.of(2026, 11, 29)),
                List.copyOf(nights.keySet()));
        List<List<PricingInputSummary>> byNight = List.copyOf(nights.values());
        for (int p = 0; p < byNight.get(0).size(); p++) {
            // Night 2 reads night 1's forecast one day on, with night 1's elasticity; night 3 refits.
            assertEquals(
                    byNight.get(0).get(p).elasticity(), byNight.get(1).get(p).elasticity());
            assertFalse(
                    byNight.get(0).get(p).decision().reasonCodes().contains(ReasonCode.PRICE_EXPERIMENT.name()),
                    "optimize does not experiment");
        }
    }

    record PricingInputSummary(double firstForecastDay, Double elasticity, PriceDecision decision) {}
}
