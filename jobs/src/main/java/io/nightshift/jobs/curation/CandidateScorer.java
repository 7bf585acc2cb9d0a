package io.nightshift.jobs.curation;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Scores one customer against the whole catalogue: eligibility, the content score (the seed's rule), the
 * collaborative score and the blend; keeps the best few eligible products of each category for allocation.
 * Plain Java, run on the executors for every customer (see {@link Candidates}).
 */
public final class CandidateScorer implements Serializable {
    public static final String HYBRID = "hybrid";
    public static final String COLD_START = "cold_start";

    /** A product as the scorer sees it; {@code attributes} holds {@link #attribute(String, String)} keys. */
    public record Product(int productId, String category, double price, int[] tiers, boolean active,
                          LocalDate launchedOn, Set<String> attributes, float[] factors, double popularity)
            implements Serializable {
        boolean inTier(int tier) {
            for (int t : tiers) {
                if (t == tier) return true;
            }
            return false;
        }
    }

    public record Preference(String key, String value, int strength) implements Serializable {
    }

    /** One subscriber: tier, stated preferences, products sent within the no-repeat window, ALS factors. */
    public record Profile(String customerId, int tierId, List<Preference> preferences, Set<Integer> recentProducts,
                          long interactions, float[] factors) implements Serializable {
    }

    public record Candidate(int productId, String category, double price, double content, Double collaborative,
                            double popularity, double score, String basis, long tieBreak) implements Serializable {
    }

    /** The kept candidates and how many products were eligible in all. */
    public record Scored(List<Candidate> candidates, int eligibleProducts) {
    }

    /** Best score first; equal scores by the stable hash of (customer, product, box date). */
    public static final Comparator<Candidate> BEST_FIRST = Comparator.comparingDouble(Candidate::score).reversed()
            .thenComparingLong(Candidate::tieBreak);

    private final List<Product> catalogue;
    private final CurationSettings settings;
    private final LocalDate boxDate;

    /** Each catalogue position's category, numbered; the names by number. */
    private final int[] categoryOf;
    private final String[] categoryNames;

    public CandidateScorer(List<Product> catalogue, CurationSettings settings, LocalDate boxDate) {
        this.catalogue = catalogue;
        this.settings = settings;
        this.boxDate = boxDate;
        Map<String, Integer> categories = new LinkedHashMap<>();
        this.categoryOf = new int[catalogue.size()];
        for (int i = 0; i < catalogue.size(); i++) {
            categoryOf[i] = categories.computeIfAbsent(String.valueOf(catalogue.get(i).category()), k -> categories.size());
        }
        this.categoryNames = categories.keySet().toArray(new String[0]);
    }

    /** How attributes and preferences are matched: key and value, trimmed, case-insensitive. */
    public static String attribute(String key, String value) {
        return key.trim().toLowerCase(Locale.ROOT) + "\u0000" + value.trim().toLowerCase(Locale.ROOT);
    }

    /**
     * The seed's content rule: the sum of the strengths of the customer's (positive) preferences that the
     * product's attributes match, divided by the sum of all their positive strengths, so 1 is a product
     * matching everything the customer said they like. 0 for a customer without positive preferences.
     */
    public static double contentScore(Set<String> productAttributes, List<Preference> preferences, Set<String> dislikeKeys) {
        double matched = 0;
        double total = 0;
        for (Preference p : preferences) {
            if (p.strength() <= 0 || dislikeKeys.contains(p.key())) continue;
            total += p.strength();
            if (productAttributes.contains(attribute(p.key(), p.value()))) matched += p.strength();
        }
        return total == 0 ? 0 : matched / total;
    }

    /** The (attribute key, value) pairs this customer's dislikes exclude. */
    Set<String> dislikedAttributes(List<Preference> preferences) {
        Set<String> disliked = new HashSet<>();
        for (Preference p : preferences) {
            String mapped = settings.dislikeKeys().get(p.key());
            if (mapped != null) {
                disliked.add(attribute(mapped, p.value()));
            } else if (p.strength() < 0) {
                disliked.add(attribute(p.key(), p.value()));
            }
        }
        return disliked;
    }

    public Scored score(Profile profile) {
        Set<String> disliked = dislikedAttributes(profile.preferences());
        int[] recent = profile.recentProducts().stream().mapToInt(Integer::intValue).sorted().toArray();
        float[] user = profile.factors();
        // First pass: eligibility and the ALS dot products, whose maximum over the eligible products scales cf.
        int[] eligible = new int[catalogue.size()];
        int eligibleCount = 0;
        double[] dots = new double[catalogue.size()];
        double maxDot = 0;
        for (int i = 0; i < catalogue.size(); i++) {
            Product product = catalogue.get(i);
            if (!eligible(product, profile.tierId(), recent, disliked)) continue;
            eligible[eligibleCount++] = i;
            float[] item = product.factors();
            if (user != null && item != null) {
                double dot = 0;
                for (int f = 0; f < item.length && f < user.length; f++) dot += user[f] * item[f];
                dots[i] = Math.max(0, dot);
                maxDot = Math.max(maxDot, dots[i]);
            }
        }
        boolean warm = user != null && profile.interactions() >= settings.coldStartMinInteractions();
        CurationSettings.Weights w = warm ? settings.weights() : settings.coldStartWeights();
        String basis = warm ? HYBRID : COLD_START;
        Likes likes = likes(profile.preferences(), settings.dislikeKeys().keySet());

        // Second pass: the blend, keeping only the best few of each category (so the diversity rule can always
        // be met from the kept candidates) without sorting every eligible product; the hash is computed only
        // for products that enter a category's best few or tie with its last.
        int keep = settings.candidatesPerCategory();
        int[][] best = new int[categoryNames.length][keep];
        double[][] bestScore = new double[categoryNames.length][keep];
        long[][] bestHash = new long[categoryNames.length][keep];
        int[] kept = new int[categoryNames.length];
        double[] content = new double[catalogue.size()];
        double[] score = new double[catalogue.size()];
        for (int e = 0; e < eligibleCount; e++) {
            int i = eligible[e];
            Product product = catalogue.get(i);
            content[i] = likes.score(product.attributes());
            double cf = user == null ? 0 : (maxDot > 0 ? dots[i] / maxDot : 0.0);
            score[i] = w.content() * content[i] + w.collaborative() * cf + w.popularity() * product.popularity();
            int category = categoryOf[i];
            int n = kept[category];
            if (n == keep && score[i] < bestScore[category][n - 1]) continue;
            long hash = StableHash.of(profile.customerId(), product.productId(), boxDate);
            if (n == keep && score[i] == bestScore[category][n - 1] && hash >= bestHash[category][n - 1]) continue;
            // Insert in order (score descending, then hash), dropping the last when the category is full.
            int at = Math.min(n, keep - 1);
            while (at > 0 && (score[i] > bestScore[category][at - 1]
                    || (score[i] == bestScore[category][at - 1] && hash < bestHash[category][at - 1]))) {
                best[category][at] = best[category][at - 1];
                bestScore[category][at] = bestScore[category][at - 1];
                bestHash[category][at] = bestHash[category][at - 1];
                at--;
            }
            best[category][at] = i;
            bestScore[category][at] = score[i];
            bestHash[category][at] = hash;
            kept[category] = Math.min(n + 1, keep);
        }
        List<Candidate> candidates = new ArrayList<>();
        for (int category = 0; category < categoryNames.length; category++) {
            for (int k = 0; k < kept[category]; k++) {
                int i = best[category][k];
                Product product = catalogue.get(i);
                Double cf = user == null ? null : (maxDot > 0 ? dots[i] / maxDot : 0.0);
                candidates.add(new Candidate(product.productId(), product.category(), product.price(), content[i], cf,
                        product.popularity(), score[i], basis, bestHash[category][k]));
            }
        }
        candidates.sort(BEST_FIRST.thenComparingInt(Candidate::productId));
        return new Scored(candidates, eligibleCount);
    }

    /**
     * Whether a product may go into this customer's box: active, launched by the box date, in the customer's
     * tier, not sent within the no-repeat window, not disliked. On the hot path: no strings, no boxing.
     */
    private boolean eligible(Product product, int tier, int[] recentSorted, Set<String> disliked) {
        if (!product.active()) return false;
        if (product.launchedOn() != null && product.launchedOn().isAfter(boxDate)) return false;
        if (!product.inTier(tier)) return false;
        if (Arrays.binarySearch(recentSorted, product.productId()) >= 0) return false;
        for (String d : disliked) {
            if (product.attributes().contains(d)) return false;
        }
        return true;
    }

    /** A customer's positive preferences as attribute keys, built once per customer; {@link #contentScore} per product. */
    private record Likes(String[] attributes, int[] strengths, double total) {
        double score(Set<String> productAttributes) {
            if (total == 0) return 0;
            double matched = 0;
            for (int k = 0; k < attributes.length; k++) {
                if (productAttributes.contains(attributes[k])) matched += strengths[k];
            }
            return matched / total;
        }
    }

    private static Likes likes(List<Preference> preferences, Set<String> dislikeKeys) {
        List<Preference> positive = new ArrayList<>();
        double total = 0;
        for (Preference p : preferences) {
            if (p.strength() <= 0 || dislikeKeys.contains(p.key())) continue;
            positive.add(p);
            total += p.strength();
        }
        String[] attributes = new String[positive.size()];
        int[] strengths = new int[positive.size()];
        for (int k = 0; k < attributes.length; k++) {
            attributes[k] = attribute(positive.get(k).key(), positive.get(k).value());
            strengths[k] = positive.get(k).strength();
        }
        return new Likes(attributes, strengths, total);
    }
}
