package io.nightshift.jobs.curation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The in-memory fair rounds: contests, fairness across rounds, passes, and independence of input order. */
class FairRoundsTest {
    record Candidate(String customer, int product, String category, double price, double score) {}

    private final List<Candidate> candidates = new ArrayList<>();
    private final Map<String, Integer> limits = new TreeMap<>();
    private final Map<Integer, Integer> units = new TreeMap<>();

    FairRoundsTest candidate(String customer, int product, String category, double score) {
        candidates.add(new Candidate(customer, product, category, 10, score));
        return this;
    }

    FairRounds.Outcome allocate(List<Candidate> order, int maxPasses) {
        FairRounds rounds = new FairRounds(2, maxPasses);
        limits.forEach((customer, limit) -> rounds.box(customer, limit, 1000.0));
        units.forEach(rounds::units);
        for (Candidate c : order) {
            rounds.candidate(
                    c.customer(),
                    c.product(),
                    c.category(),
                    c.price(),
                    c.score(),
                    StableHash.of(c.customer(), c.product(), TinyShop.BOX_DATE));
        }
        return rounds.allocate();
    }

    static Map<String, List<Integer>> boxes(FairRounds.Outcome outcome) {
        Map<String, List<Integer>> out = new TreeMap<>();
        for (FairRounds.Grant g : outcome.grants()) {
            out.computeIfAbsent(g.customerId(), k -> new ArrayList<>()).add(g.productId());
        }
        out.values().forEach(Collections::sort);
        return out;
    }

    @Test
    void aLoserOfAContestGetsTheirFirstItemBeforeTheWinnerGetsASecond() {
        // Product 1 has one unit and both want it most; a has more to lose (its next-best is far worse), so
        // a wins it. b then takes its next-best in a second pass of round 1, before a's second item (round 2).
        candidate("a", 1, "x", 0.9).candidate("a", 2, "y", 0.1).candidate("a", 3, "z", 0.05);
        candidate("b", 1, "x", 0.8).candidate("b", 2, "y", 0.7);
        units.put(1, 1);
        units.put(2, 1);
        units.put(3, 5);
        limits.put("a", 2);
        limits.put("b", 2);
        FairRounds.Outcome outcome = allocate(candidates, 100);
        // Round 1: pass 1 a gets 1, b loses; pass 2 b gets 2 (its only other product). Round 2: a gets 3.
        assertEquals(Map.of("a", List.of(1, 3), "b", List.of(2)), boxes(outcome));
        assertEquals(
                List.of(
                        new FairRounds.Grant("a", 1, 1),
                        new FairRounds.Grant("b", 2, 2),
                        new FairRounds.Grant("a", 3, 3)),
                outcome.grants());
        assertEquals(3, outcome.passes());
        assertTrue(outcome.finished());
    }

    @Test
    void equalRegretGoesToTheHigherScoreThenTheHash() {
        candidate("a", 1, "x", 0.75).candidate("a", 2, "y", 0.5);
        candidate("b", 1, "x", 0.625).candidate("b", 2, "y", 0.375);
        units.put(1, 1);
        units.put(2, 5);
        limits.put("a", 1);
        limits.put("b", 1);
        // Both lose 0.25 by taking their next-best: a's higher score wins the unit.
        assertEquals(Map.of("a", List.of(1), "b", List.of(2)), boxes(allocate(candidates, 100)));
    }

    @Test
    void aProductWithoutUnitsIsNeverProposedAndStockIsNeverExceeded() {
        for (int c = 0; c < 30; c++) {
            for (int p = 1; p <= 6; p++) {
                candidate("c" + c, p, "cat" + p, 1.0 - p * 0.1 + c * 0.001);
            }
            limits.put("c" + c, 3);
        }
        units.put(1, 4);
        units.put(2, 0);
        units.put(3, 10);
        units.put(4, 20);
        units.put(5, 50);
        FairRounds.Outcome outcome = allocate(candidates, 100);
        Map<Integer, Integer> used = new TreeMap<>();
        for (FairRounds.Grant g : outcome.grants()) {
            used.merge(g.productId(), 1, Integer::sum);
        }
        assertFalse(used.containsKey(2));
        assertFalse(used.containsKey(6), "product 6 never had units: " + used);
        used.forEach((product, n) -> assertTrue(n <= units.get(product), "product " + product + " used " + n));
        // Every unit that some box can still take is used: product 5 once per customer (30 of its 50).
        assertEquals(
                4 + 10 + 20 + 30,
                used.values().stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void theOutcomeDoesNotDependOnTheOrderCandidatesArrive() {
        Random random = new Random(7);
        for (int c = 0; c < 40; c++) {
            for (int p = 1; p <= 12; p++) {
                // Coarse scores, so many ties are broken by the hash.
                candidate(String.format("c%02d", c), p, "cat" + (p % 4), Math.round(random.nextDouble() * 4) / 4.0);
            }
            limits.put(String.format("c%02d", c), 1 + c % 5);
        }
        for (int p = 1; p <= 12; p++) {
            units.put(p, 1 + random.nextInt(8));
        }
        FairRounds.Outcome first = allocate(candidates, 1000);
        List<Candidate> shuffled = new ArrayList<>(candidates);
        Collections.shuffle(shuffled, new Random(11));
        FairRounds.Outcome second = allocate(shuffled, 1000);
        assertEquals(boxes(first), boxes(second));
        assertEquals(first.passes(), second.passes());
    }

    @Test
    void thousandsOfCustomersAndProductsEachGetTheirOwnBestProduct() {
        // More customers, products and candidates than the arrays start with.
        for (int c = 0; c < 3000; c++) {
            candidate("c" + c, 10_000 + c, "own", 0.9).candidate("c" + c, 20_000 + c, "other", 0.1);
            limits.put("c" + c, 1);
            units.put(10_000 + c, 1);
            units.put(20_000 + c, 1);
        }
        Map<String, List<Integer>> boxes = boxes(allocate(candidates, 10));
        assertEquals(3000, boxes.size());
        assertEquals(List.of(12_999), boxes.get("c2999"));
    }

    @Test
    void stoppingAtMaxPassesSaysTheRoundsDidNotFinish() {
        candidate("a", 1, "x", 0.9).candidate("a", 2, "y", 0.8);
        candidate("b", 1, "x", 0.8).candidate("b", 2, "y", 0.1);
        units.put(1, 1);
        units.put(2, 5);
        limits.put("a", 2);
        limits.put("b", 2);
        FairRounds.Outcome cut = allocate(candidates, 1);
        assertFalse(cut.finished());
        assertEquals(1, cut.passes());
        assertEquals(Map.of("b", List.of(1)), boxes(cut));
    }
}
