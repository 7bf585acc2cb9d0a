package io.nightshift.jobs.curation;

import io.nightshift.common.config.CurationSettings;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Scores one customer against the whole catalogue: eligibility, the content score (the seed's rule), the
 * collaborative score and the blend; keeps the best few eligible products of each category for allocation.
 * Plain Java, run on the executors for every customer (see {@link Candidates}).
 */
public final class CandidateScorer implements Serializable {
    public static final String HYBRID = "hybrid";
    public static final String COLD_START = "cold_start";

    /** A product as the scorer sees it; {@code attributes} holds {@link #attribute(String, String)} keys. */
    public record Product(
            int productId,
            String category,
            double price,
            int[] tiers,
            boolean active,
            LocalDate launchedOn,
            Set<String> attributes,
            float[] factors,
            double popularity)
            implements Serializable {}

    public record Preference(String key, String value, int strength) implements Serializable {}

    /** One subscriber: tier, stated preferences, products sent within the no-repeat window, ALS factors. */
    public record Profile(
            String customerId,
            int tierId,
            List<Preference> preferences,
            Set<Integer> recentProducts,
            long interactions,
            float[] factors)
            implements Serializable {}

    public record Candidate(
            int productId,
            String category,
            double price,
            double content,
            Double collaborative,
            double popularity,
            double score,
            String basis,
            long tieBreak)
            implements Serializable {}

    /** The kept candidates and how many products were eligible in all. */
    public record Scored(List<Candidate> candidates, int eligibleProducts) {}

    /** Best score first; equal scores by the stable hash of (customer, product, box date). */
    public static final Comparator<Candidate> BEST_FIRST =
            Comparator.comparingDouble(Candidate::score).reversed().thenComparingLong(Candidate::tieBreak);

    private final List<Product> catalogue;
    private final CurationSettings settings;
    private final LocalDate boxDate;

    // The catalogue indexed once for the per-customer loop, which runs customers x products times: categories
    // and attributes numbered, each product's attribute numbers, and per tier the catalogue positions that are
    // active, launched by the box date and in that tier.
    private final int[] categoryOf;
    private final String[] categoryNames;
    private final Map<String, Integer> attributeIds = new HashMap<>();
    private final int[][] attributesOf;
    private final int[][] productsWithAttribute;
    private final byte[] dateSuffix;
    private final Map<Integer, int[]> availableByTier = new HashMap<>();

    public CandidateScorer(List<Product> catalogue, CurationSettings settings, LocalDate boxDate) {
        this.catalogue = catalogue;
        this.settings = settings;
        this.boxDate = boxDate;
        Map<String, Integer> categories = new LinkedHashMap<>();
        this.categoryOf = new int[catalogue.size()];
        this.attributesOf = new int[catalogue.size()][];
        Map<Integer, List<Integer>> byTier = new TreeMap<>();
        for (int i = 0; i < catalogue.size(); i++) {
            Product product = catalogue.get(i);
            categoryOf[i] = categories.computeIfAbsent(String.valueOf(product.category()), k -> categories.size());
            attributesOf[i] = product.attributes().stream()
                    .mapToInt(a -> attributeIds.computeIfAbsent(a, k -> attributeIds.size()))
                    .sorted()
                    .toArray();
            boolean available = product.active()
                    && (product.launchedOn() == null || !product.launchedOn().isAfter(boxDate));
            if (!available) {
                continue;
            }
            for (int tier : product.tiers()) {
                List<Integer> positions = byTier.computeIfAbsent(tier, k -> new ArrayList<>());
                if (positions.isEmpty() || positions.get(positions.size() - 1) != i) {
                    positions.add(i);
                }
            }
        }
        this.categoryNames = categories.keySet().toArray(new String[0]);
        // The inverse: per attribute number, the catalogue positions that have it (content is summed over these).
        int[] counts = new int[attributeIds.size()];
        for (int[] attributes : attributesOf) {
            for (int a : attributes) {
                counts[a]++;
            }
        }
        this.productsWithAttribute = new int[attributeIds.size()][];
        for (int a = 0; a < counts.length; a++) {
            productsWithAttribute[a] = new int[counts[a]];
        }
        int[] filled = new int[attributeIds.size()];
        for (int i = 0; i < attributesOf.length; i++) {
            for (int a : attributesOf[i]) {
                productsWithAttribute[a][filled[a]++] = i;
            }
        }
        this.dateSuffix = StableHash.dateSuffix(boxDate);
        byTier.forEach((tier, positions) -> availableByTier.put(
                tier, positions.stream().mapToInt(Integer::intValue).toArray()));
    }

    /** How attributes and preferences are matched: key and value, trimmed, case-insensitive. */
    public static String attribute(String key, String value) {
        return key.trim().toLowerCase(Locale.ROOT) + "\u0000" + value.trim().toLowerCase(Locale.ROOT);
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

    /**
     * What a customer's score needs from the whole catalogue when it is scored in slices: the largest ALS dot
     * product over their eligible products (it scales the collaborative score) and how many are eligible.
     */
    public record Reach(double maxDot, int eligibleProducts) implements Serializable {
        /** Both slices' reach as one: the larger dot product, the eligible products added. */
        public Reach plus(Reach other) {
            return new Reach(Math.max(maxDot, other.maxDot), eligibleProducts + other.eligibleProducts);
        }
    }

    /** This catalogue's part of the customer's {@link Reach}. */
    public Reach reach(Profile profile) {
        Eligible first = eligible(profile);
        return new Reach(first.maxDot(), first.count());
    }

    /** Scores the customer against this catalogue, which is the whole catalogue. */
    public Scored score(Profile profile) {
        return score(profile, null);
    }

    /**
     * Scores the customer against this catalogue; {@code reach}, when not null, is the customer's reach over
     * the whole catalogue this one is a slice of, so the scores equal those of one scorer holding everything.
     */
    public Scored score(Profile profile, Reach reach) {
        Eligible first = eligible(profile);
        float[] user = profile.factors();
        double maxDot = reach == null ? first.maxDot() : reach.maxDot();
        int[] eligible = first.positions();
        int eligibleCount = first.count();
        double[] dots = first.dots();
        boolean warm = user != null && profile.interactions() >= settings.coldStartMinInteractions();
        CurationSettings.Weights w = warm ? settings.weights() : settings.coldStartWeights();
        String basis = warm ? HYBRID : COLD_START;
        Likes likes = likes(profile.preferences(), settings.dislikeKeys().keySet());
        // Matched strengths per catalogue position, each summed in preference order (the seed's rule below).
        double[] matched = new double[catalogue.size()];
        for (int k = 0; k < likes.attributes().length; k++) {
            if (likes.attributes()[k] < 0) {
                continue;
            }
            for (int i : productsWithAttribute[likes.attributes()[k]]) {
                matched[i] += likes.strengths()[k];
            }
        }
        long customerHash = StableHash.forCustomer(profile.customerId());

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
            content[i] = likes.total() == 0 ? 0 : matched[i] / likes.total();
            double cf = user == null ? 0 : (maxDot > 0 ? dots[i] / maxDot : 0.0);
            score[i] = w.content() * content[i] + w.collaborative() * cf + w.popularity() * product.popularity();
            int category = categoryOf[i];
            int n = kept[category];
            if (n == keep && score[i] < bestScore[category][n - 1]) {
                continue;
            }
            long hash = StableHash.finish(customerHash, product.productId(), dateSuffix);
            if (n == keep && score[i] == bestScore[category][n - 1] && hash >= bestHash[category][n - 1]) {
                continue;
            }
            // Insert in order (score descending, then hash), dropping the last when the category is full.
            int at = Math.min(n, keep - 1);
            while (at > 0
                    && (score[i] > bestScore[category][at - 1]
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
                candidates.add(new Candidate(
                        product.productId(),
                        product.category(),
                        product.price(),
                        content[i],
                        cf,
                        product.popularity(),
                        score[i],
                        basis,
                        bestHash[category][k]));
            }
        }
        candidates.sort(BEST_FIRST.thenComparingInt(Candidate::productId));
        return new Scored(candidates, reach == null ? eligibleCount : reach.eligibleProducts());
    }

    /** The first pass: the customer's eligible catalogue positions and their ALS dot products (0 without factors). */
    private record Eligible(int[] positions, int count, double[] dots, double maxDot) {}

    private Eligible eligible(Profile profile) {
        int[] disliked = attributeIds(dislikedAttributes(profile.preferences()));
        int[] recent = profile.recentProducts().stream()
                .mapToInt(Integer::intValue)
                .sorted()
                .toArray();
        float[] user = profile.factors();
        int[] inTier = availableByTier.getOrDefault(profile.tierId(), new int[0]);
        int[] eligible = new int[inTier.length];
        int eligibleCount = 0;
        double[] dots = new double[catalogue.size()];
        double maxDot = 0;
        for (int i : inTier) {
            Product product = catalogue.get(i);
            if (Arrays.binarySearch(recent, product.productId()) >= 0 || matchesAny(attributesOf[i], disliked)) {
                continue;
            }
            eligible[eligibleCount++] = i;
            float[] item = product.factors();
            if (user != null && item != null) {
                double dot = 0;
                for (int f = 0; f < item.length && f < user.length; f++) {
                    dot += user[f] * item[f];
                }
                dots[i] = Math.max(0, dot);
                maxDot = Math.max(maxDot, dots[i]);
            }
        }
        return new Eligible(eligible, eligibleCount, dots, maxDot);
    }

    /** The numbers of these attributes; attributes no product has are left out (they match nothing). */
    private int[] attributeIds(Set<String> attributes) {
        return attributes.stream()
                .map(attributeIds::get)
                .filter(Objects::nonNull)
                .mapToInt(Integer::intValue)
                .toArray();
    }

    private static boolean matchesAny(int[] productAttributes, int[] attributes) {
        for (int a : attributes) {
            if (Arrays.binarySearch(productAttributes, a) >= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * The seed's content rule for one customer: the sum of the strengths of their positive preferences that
     * the product's attributes match, over the sum of all their positive strengths ({@code total}), so 1 is a
     * product matching everything they said they like; 0 for a customer without positive preferences. The
     * preferences are held as attribute numbers (-1: no product has it), built once per customer.
     */
    private record Likes(int[] attributes, int[] strengths, double total) {}

    private Likes likes(List<Preference> preferences, Set<String> dislikeKeys) {
        List<Preference> positive = new ArrayList<>();
        double total = 0;
        for (Preference p : preferences) {
            if (p.strength() <= 0 || dislikeKeys.contains(p.key())) {
                continue;
            }
            positive.add(p);
            total += p.strength();
        }
        int[] attributes = new int[positive.size()];
        int[] strengths = new int[positive.size()];
        for (int k = 0; k < attributes.length; k++) {
            attributes[k] = attributeIds.getOrDefault(
                    attribute(positive.get(k).key(), positive.get(k).value()), -1);
            strengths[k] = positive.get(k).strength();
        }
        return new Likes(attributes, strengths, total);
    }
}
