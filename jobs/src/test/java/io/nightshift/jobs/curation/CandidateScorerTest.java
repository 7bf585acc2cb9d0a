package io.nightshift.jobs.curation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.common.config.CurationSettings;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The per-customer rules in plain Java: the seed's content score, eligibility, blending and the kept pool. */
class CandidateScorerTest {
    static final LocalDate BOX = LocalDate.of(2026, 12, 1);
    static final CurationSettings CONTENT_ONLY = TinyShop.settings(
            "nightshift.curation { weights { content = 1, collaborative = 0, popularity = 0 }, cold-start { content = 1, popularity = 0 } }");

    static CandidateScorer.Product product(int id, String category, int[] tiers, double popularity, String... kv) {
        Set<String> attributes = new HashSet<>();
        attributes.add(CandidateScorer.attribute("category", category));
        for (int i = 0; i < kv.length; i += 2) {
            attributes.add(CandidateScorer.attribute(kv[i], kv[i + 1]));
        }
        return new CandidateScorer.Product(
                id, category, 10, tiers, true, BOX.minusYears(1), attributes, null, popularity);
    }

    static CandidateScorer.Profile profile(
            String id, int tier, List<CandidateScorer.Preference> preferences, Set<Integer> recent) {
        return new CandidateScorer.Profile(id, tier, preferences, recent, 0, null);
    }

    static final List<CandidateScorer.Preference> SEED_PREFERENCES = List.of(
            new CandidateScorer.Preference("category", "apparel", 4),
            new CandidateScorer.Preference("color", "blue", 3),
            new CandidateScorer.Preference("brand", "Nike", 5));

    @Test
    void seedExampleScoresTheSumOfMatchingStrengthsOverTheCustomersTotal() {
        List<CandidateScorer.Product> catalogue = List.of(
                product(101, "electronics", new int[] {1}, 0, "brand", "Sony"),
                product(102, "apparel", new int[] {1}, 0, "brand", "Nike", "color", "blue"),
                product(103, "apparel", new int[] {1}, 0, "brand", "Adidas", "color", "blue"),
                product(104, "apparel", new int[] {1}, 0, "brand", "Nike", "color", "red"),
                product(105, "shoes", new int[] {1}, 0, "brand", "nike"));
        CandidateScorer scorer = new CandidateScorer(catalogue, CONTENT_ONLY, BOX);
        Map<Integer, Double> content = scorer.score(profile("c1", 1, SEED_PREFERENCES, Set.of())).candidates().stream()
                .collect(Collectors.toMap(CandidateScorer.Candidate::productId, CandidateScorer.Candidate::content));
        // apparel 4 + blue 3 + Nike 5 = 12 of 12; apparel + blue = 7; apparel + Nike = 9; Nike alone 5
        // (case-insensitive).
        assertEquals(Map.of(101, 0.0, 102, 1.0, 103, 7 / 12.0, 104, 9 / 12.0, 105, 5 / 12.0), content);
        List<Integer> order = scorer.score(profile("c1", 1, SEED_PREFERENCES, Set.of())).candidates().stream()
                .map(CandidateScorer.Candidate::productId)
                .toList();
        assertEquals(List.of(102, 104, 103, 105, 101), order);
    }

    @Test
    void negativeStrengthAndConfiguredDislikeKeysExcludeProducts() {
        List<CandidateScorer.Product> catalogue = List.of(
                product(1, "snacks", new int[] {1}, 0, "brand", "Crunch Lab"),
                product(2, "coffee", new int[] {1}, 0, "brand", "Nike"),
                product(3, "coffee", new int[] {1}, 0, "brand", "Bean & Co"));
        CandidateScorer scorer = new CandidateScorer(catalogue, CONTENT_ONLY, BOX);
        List<CandidateScorer.Preference> preferences = List.of(
                new CandidateScorer.Preference("category", "snacks", -4),
                new CandidateScorer.Preference("avoid_brand", "Nike", 1),
                new CandidateScorer.Preference("category", "coffee", 2));
        CandidateScorer.Scored scored = scorer.score(profile("c1", 1, preferences, Set.of()));
        assertEquals(
                List.of(3),
                scored.candidates().stream()
                        .map(CandidateScorer.Candidate::productId)
                        .toList());
        assertEquals(1, scored.eligibleProducts());
        // avoid_brand is a dislike key: it does not count as a liked preference in the content score.
        assertEquals(1.0, scored.candidates().get(0).content());
    }

    @Test
    void onlyActiveLaunchedProductsOfTheCustomersTierNotSentRecentlyAreEligible() {
        CandidateScorer.Product inactive =
                new CandidateScorer.Product(4, "tea", 10, new int[] {1}, false, null, Set.of(), null, 0);
        CandidateScorer.Product unlaunched =
                new CandidateScorer.Product(5, "tea", 10, new int[] {1}, true, BOX.plusDays(1), Set.of(), null, 0);
        CandidateScorer.Product launchedOnBoxDate =
                new CandidateScorer.Product(6, "tea", 10, new int[] {1}, true, BOX, Set.of(), null, 0);
        List<CandidateScorer.Product> catalogue = List.of(
                product(1, "tea", new int[] {1, 2}, 0),
                product(2, "tea", new int[] {2, 3}, 0),
                product(3, "tea", new int[] {1}, 0),
                inactive,
                unlaunched,
                launchedOnBoxDate);
        CandidateScorer scorer = new CandidateScorer(catalogue, CONTENT_ONLY, BOX);
        Set<Integer> basic = scorer.score(profile("c1", 1, List.of(), Set.of(3))).candidates().stream()
                .map(CandidateScorer.Candidate::productId)
                .collect(Collectors.toSet());
        assertEquals(Set.of(1, 6), basic);
        Set<Integer> premium = scorer.score(profile("c1", 2, List.of(), Set.of())).candidates().stream()
                .map(CandidateScorer.Candidate::productId)
                .collect(Collectors.toSet());
        assertEquals(Set.of(1, 2), premium);
    }

    @Test
    void withoutPreferencesOrHistoryACustomerIsScoredOnPopularityAsColdStart() {
        CurationSettings settings =
                TinyShop.settings("nightshift.curation.cold-start { content = 0.8, popularity = 0.2 }");
        List<CandidateScorer.Product> catalogue =
                List.of(product(1, "tea", new int[] {1}, 0.2), product(2, "tea", new int[] {1}, 0.9));
        List<CandidateScorer.Candidate> candidates = new CandidateScorer(catalogue, settings, BOX)
                .score(profile("new", 1, List.of(), Set.of()))
                .candidates();
        assertEquals(
                List.of(2, 1),
                candidates.stream().map(CandidateScorer.Candidate::productId).toList());
        assertEquals(CandidateScorer.COLD_START, candidates.get(0).basis());
        assertEquals(0.0, candidates.get(0).content());
        assertNull(candidates.get(0).collaborative());
        assertEquals(0.2 * 0.9, candidates.get(0).score(), 1e-12);
    }

    @Test
    void collaborativeScoresAreDotProductsScaledToTheCustomersBestAndBlendedWhenWarm() {
        CurationSettings settings = TinyShop.settings(
                "nightshift.curation { weights { content = 0.5, collaborative = 0.5, popularity = 0 },"
                        + " cold-start.min-interactions = 2 }");
        List<CandidateScorer.Product> catalogue = List.of(
                new CandidateScorer.Product(
                        1,
                        "tea",
                        10,
                        new int[] {1},
                        true,
                        null,
                        Set.of(CandidateScorer.attribute("category", "tea")),
                        new float[] {1, 0},
                        0),
                new CandidateScorer.Product(2, "tea", 10, new int[] {1}, true, null, Set.of(), new float[] {0, 2}, 0),
                new CandidateScorer.Product(3, "tea", 10, new int[] {1}, true, null, Set.of(), new float[] {-1, 0}, 0));
        List<CandidateScorer.Preference> likesTea = List.of(new CandidateScorer.Preference("category", "tea", 3));
        CandidateScorer scorer = new CandidateScorer(catalogue, settings, BOX);
        Map<Integer, CandidateScorer.Candidate> warm = scorer
                .score(new CandidateScorer.Profile("w", 1, likesTea, Set.of(), 5, new float[] {1, 1}))
                .candidates()
                .stream()
                .collect(Collectors.toMap(CandidateScorer.Candidate::productId, c -> c));
        assertEquals(0.5, warm.get(1).collaborative(), 1e-12);
        assertEquals(1.0, warm.get(2).collaborative(), 1e-12);
        assertEquals(0.0, warm.get(3).collaborative(), 1e-12);
        assertEquals(0.5 * 1 + 0.5 * 0.5, warm.get(1).score(), 1e-12);
        assertEquals(CandidateScorer.HYBRID, warm.get(1).basis());
        // Too little history: factors are ignored and the cold-start blend applies.
        CandidateScorer.Candidate cold = scorer.score(
                        new CandidateScorer.Profile("w", 1, likesTea, Set.of(), 1, new float[] {1, 1}))
                .candidates()
                .get(0);
        assertEquals(CandidateScorer.COLD_START, cold.basis());
    }

    @Test
    void keepsTheBestFewOfEachCategoryAndBreaksTiesByTheStableHash() {
        CurationSettings settings = TinyShop.settings("nightshift.curation.candidates-per-category = 2");
        List<CandidateScorer.Product> catalogue = new ArrayList<>();
        for (int id = 1; id <= 5; id++) {
            catalogue.add(product(id, "tea", new int[] {1}, 0));
        }
        for (int id = 6; id <= 8; id++) {
            catalogue.add(product(id, "coffee", new int[] {1}, 0));
        }
        CandidateScorer scorer = new CandidateScorer(catalogue, settings, BOX);
        List<CandidateScorer.Candidate> kept =
                scorer.score(profile("c1", 1, List.of(), Set.of())).candidates();
        assertEquals(4, kept.size());
        List<Long> hashes =
                kept.stream().map(CandidateScorer.Candidate::tieBreak).toList();
        assertEquals(hashes.stream().sorted().toList(), hashes, "equal scores are ordered by the stable hash");
        assertEquals(
                StableHash.of("c1", kept.get(0).productId(), BOX), kept.get(0).tieBreak());
        assertEquals(
                kept, scorer.score(profile("c1", 1, List.of(), Set.of())).candidates(), "same inputs, same candidates");
        assertTrue(
                StableHash.of("c1", 1, BOX) != StableHash.of("c1", 1, BOX.plusMonths(1)),
                "the box date is part of the hash");
    }
}
