package io.nightshift.jobs.curation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.nightshift.common.config.CurationSettings;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** evaluate-curation's validation step: the hybrid's settings are chosen on the box before the held-out one. */
class CurationEvaluationTest {
    static final LocalDate TRAINING_BOX = LocalDate.of(2026, 6, 1);
    static final LocalDate VALIDATION_BOX = LocalDate.of(2026, 10, 1);
    static final LocalDate HELD_OUT_BOX = LocalDate.of(2026, 11, 1);

    @Test
    void theValidatedBlendIsTheOneThatRanksTheEarlierBoxBest() {
        // Nobody stated a preference, so content ranks every product alike (by the hash). Product 1 is the one
        // everybody buys and, in the validation box, rates 5: popularity ranks it first, content rarely does.
        TinyShop shop = new TinyShop();
        for (int p = 1; p <= 6; p++) {
            shop.product(p, "c" + p, 10, TinyShop.tiers(1));
        }
        for (int c = 0; c < 8; c++) {
            String customer = "c" + c;
            shop.customer(customer, 1);
            shop.bought(customer, 1, TRAINING_BOX.plusDays(3), 1);
            shop.bought(customer, 2 + c % 5, TRAINING_BOX.plusDays(5), 1);
            shop.sent(customer, 2 + (c + 1) % 5, TRAINING_BOX, 4).sent(customer, 2 + (c + 2) % 5, TRAINING_BOX, 2);
            shop.sent(customer, 1, VALIDATION_BOX, 5).sent(customer, 2 + (c + 3) % 5, VALIDATION_BOX, 1);
            shop.sent(customer, 2 + (c + 4) % 5, HELD_OUT_BOX, 5);
        }
        CurationSettings settings = TinyShop.settings("""
                nightshift.curation.evaluation.validation {
                  collaborative-shares = [0.0]
                  popularity-shares = [0.0, 0.5]
                  rating-neutral = [2.5]
                }
                nightshift.curation.cold-start.min-interactions = 1
                """);
        CurationEvaluation.Report report =
                CurationEvaluation.evaluate(shop.inputs(), settings, 1, Optional.empty(), List.of(), null);

        assertEquals(HELD_OUT_BOX, report.holdoutDate());
        CurationEvaluation.Validation validation = report.validation();
        assertNotNull(validation);
        assertEquals(VALIDATION_BOX, validation.boxDate());
        assertEquals(new CurationSettings.Weights(0.5, 0.0, 0.5), validation.weights());
        assertEquals(1.0, validation.ndcg(), 1e-9);
        assertEquals(2, validation.settingsTried());
        assertEquals(
                "hybrid, validated",
                report.metrics().get(report.metrics().size() - 1).model());
    }
}
