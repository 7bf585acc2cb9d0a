package io.nightshift.jobs.curation;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
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

    public CandidateScorer(List<Product> catalogue, CurationSettings settings, LocalDate boxDate) {
        this.catalogue = catalogue;
        this.settings = settings;
        this.boxDate = boxDate;
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

    /** Why a product may not go into this customer's box, or null when it may. */
    String ineligibility(Product product, Profile profile, Set<String> disliked) {
        if (!product.active()) return "inactive";
        if (product.launchedOn() != null && product.launchedOn().isAfter(boxDate)) return "not launched";
        if (!product.inTier(profile.tierId())) return "not in tier";
        if (profile.recentProducts().contains(product.productId())) return "sent within no-repeat window";
        for (String d : disliked) {
            if (product.attributes().contains(d)) return "disliked";
        }
        return null;
    }

    public Scored score(Profile profile) {
        Set<String> disliked = dislikedAttributes(profile.preferences());
        List<Product> eligible = new ArrayList<>();
        for (Product product : catalogue) {
            if (ineligibility(product, profile, disliked) == null) eligible.add(product);
        }
        boolean warm = profile.factors() != null && profile.interactions() >= settings.coldStartMinInteractions();
        CurationSettings.Weights w = warm ? settings.weights() : settings.coldStartWeights();
        String basis = warm ? HYBRID : COLD_START;

        double[] dots = new double[eligible.size()];
        double maxDot = 0;
        for (int i = 0; i < eligible.size(); i++) {
            float[] item = eligible.get(i).factors();
            if (profile.factors() != null && item != null) {
                double dot = 0;
                for (int f = 0; f < item.length && f < profile.factors().length; f++) dot += profile.factors()[f] * item[f];
                dots[i] = Math.max(0, dot);
                maxDot = Math.max(maxDot, dots[i]);
            }
        }
        Set<String> dislikeKeys = settings.dislikeKeys().keySet();
        List<Candidate> all = new ArrayList<>(eligible.size());
        for (int i = 0; i < eligible.size(); i++) {
            Product product = eligible.get(i);
            double content = contentScore(product.attributes(), profile.preferences(), dislikeKeys);
            Double cf = profile.factors() == null ? null : (maxDot > 0 ? dots[i] / maxDot : 0.0);
            double score = w.content() * content + w.collaborative() * (cf == null ? 0 : cf) + w.popularity() * product.popularity();
            all.add(new Candidate(product.productId(), product.category(), product.price(), content, cf,
                    product.popularity(), score, basis, StableHash.of(profile.customerId(), product.productId(), boxDate)));
        }
        all.sort(BEST_FIRST);
        // The best few of each category, so the diversity rule can always be met from the kept candidates.
        Map<String, Integer> perCategory = new HashMap<>();
        List<Candidate> kept = new ArrayList<>();
        for (Candidate c : all) {
            int n = perCategory.merge(String.valueOf(c.category()), 1, Integer::sum);
            if (n <= settings.candidatesPerCategory()) kept.add(c);
        }
        return new Scored(kept, eligible.size());
    }
}
