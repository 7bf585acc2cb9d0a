package io.nightshift.jobs.curation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fair-round allocation of {@link Allocation}, in memory: every box's kept candidates at once, as primitive
 * arrays (about 40 bytes a candidate), so a pass costs only the customers still proposing in it.
 * <ul>
 *   <li>Fair rounds: nobody gets an (n+1)th item while a customer who can still get an nth item has not.</li>
 *   <li>In each pass every customer of the round who has not got their item yet proposes their best feasible
 *       candidate: in stock, not yet in their box, under the category cap and within the box's value ceiling.</li>
 *   <li>A product proposed more often than it has units goes to the proposers who would lose most by taking
 *       their next-best feasible candidate instead (score minus next score), then the higher score, then the
 *       stable hash, then the customer id. The others propose again in the next pass of the round.</li>
 * </ul>
 * The outcome does not depend on the order candidates are added in: each box's candidates are ordered by score
 * then hash, and every contest by a total order.
 */
public final class FairRounds {
    /** One allocated item and the pass that granted it. */
    public record Grant(String customerId, int productId, int pass) {}

    /** The allocated items, how many passes it took, whether every round ended (false: stopped at maxPasses). */
    public record Outcome(List<Grant> grants, int passes, boolean finished) {}

    private final int maxPerCategory;
    private final int maxPasses;

    private final Map<String, Integer> customerIndex = new HashMap<>();
    private final List<String> customerIds = new ArrayList<>();
    private int[] productLimit = new int[1024];
    private double[] valueMax = new double[1024];

    private final Map<Integer, Integer> productIndex = new HashMap<>();
    private final List<Integer> productIds = new ArrayList<>();
    private int[] unitsAvailable = new int[1024];

    private final Map<String, Integer> categoryIndex = new HashMap<>();

    private int candidates;
    private int[] candidateCustomer = new int[1024];
    private int[] candidateProduct = new int[1024];
    private int[] candidateCategory = new int[1024];
    private double[] candidatePrice = new double[1024];
    private double[] candidateScore = new double[1024];
    private long[] candidateTieBreak = new long[1024];

    public FairRounds(int maxPerCategory, int maxPasses) {
        this.maxPerCategory = maxPerCategory;
        this.maxPasses = maxPasses;
    }

    /** A box to fill; a null value ceiling admits nothing (as a null comparison does in SQL). */
    public void box(String customerId, int limit, Double ceiling) {
        int c = customer(customerId);
        productLimit[c] = limit;
        valueMax[c] = ceiling == null ? Double.NaN : ceiling;
    }

    /** Units of a product the boxes may use; a product never given units has none. */
    public void units(int productId, int units) {
        int p = product(productId); // may grow unitsAvailable, so before indexing it
        unitsAvailable[p] = Math.max(0, units);
    }

    /** A candidate of a box; candidates of customers without a box are ignored. */
    public void candidate(
            String customerId, int productId, String category, double price, double score, long tieBreak) {
        if (candidates == candidateCustomer.length) {
            int n = candidates * 2;
            candidateCustomer = Arrays.copyOf(candidateCustomer, n);
            candidateProduct = Arrays.copyOf(candidateProduct, n);
            candidateCategory = Arrays.copyOf(candidateCategory, n);
            candidatePrice = Arrays.copyOf(candidatePrice, n);
            candidateScore = Arrays.copyOf(candidateScore, n);
            candidateTieBreak = Arrays.copyOf(candidateTieBreak, n);
        }
        int i = candidates++;
        candidateCustomer[i] = customer(customerId);
        candidateProduct[i] = product(productId);
        candidateCategory[i] =
                categoryIndex.computeIfAbsent(category == null ? "" : category, k -> categoryIndex.size());
        candidatePrice[i] = price;
        candidateScore[i] = score;
        candidateTieBreak[i] = tieBreak;
    }

    public Outcome allocate() {
        int customers = customerIds.size();
        // Each customer's candidates, best first: boxStart[c] .. boxStart[c + 1] in byPreference.
        int[] boxStart = new int[customers + 1];
        for (int i = 0; i < candidates; i++) {
            boxStart[candidateCustomer[i] + 1]++;
        }
        for (int c = 0; c < customers; c++) {
            boxStart[c + 1] += boxStart[c];
        }
        int[] fill = Arrays.copyOf(boxStart, customers);
        int[] byPreference = new int[candidates];
        for (int i = 0; i < candidates; i++) {
            byPreference[fill[candidateCustomer[i]]++] = i;
        }
        for (int c = 0; c < customers; c++) {
            // A box's list is short (candidates-per-category per category): sorted boxed, one box at a time.
            Integer[] box = new Integer[boxStart[c + 1] - boxStart[c]];
            for (int k = 0; k < box.length; k++) {
                box[k] = byPreference[boxStart[c] + k];
            }
            Arrays.sort(box, (a, b) -> {
                int byScore = Double.compare(candidateScore[b], candidateScore[a]);
                if (byScore != 0) {
                    return byScore;
                }
                int byHash = Long.compare(candidateTieBreak[a], candidateTieBreak[b]);
                return byHash != 0
                        ? byHash
                        : Integer.compare(productIds.get(candidateProduct[a]), productIds.get(candidateProduct[b]));
            });
            for (int k = 0; k < box.length; k++) {
                byPreference[boxStart[c] + k] = box[k];
            }
        }

        int[] remaining = Arrays.copyOf(unitsAvailable, productIds.size());
        int rounds = 0;
        for (int c = 0; c < customers; c++) {
            rounds = Math.max(rounds, productLimit[c]);
        }
        int[][] chosen = new int[customers][];
        int[] inBox = new int[customers];
        double[] boxValue = new double[customers];
        boolean[] taken = new boolean[candidates];
        List<Grant> grants = new ArrayList<>();

        int level = 0;
        int passes = 0;
        int[] members = inRound(inBox, 0);
        while (level < rounds && passes < maxPasses) {
            // Proposals: the customer, their best feasible candidate, and the regret of losing it.
            int proposals = 0;
            int[] proposer = new int[members.length];
            int[] proposed = new int[members.length];
            double[] regret = new double[members.length];
            for (int c : members) {
                int best = -1;
                double next = 0;
                for (int k = boxStart[c]; k < boxStart[c + 1]; k++) {
                    int i = byPreference[k];
                    if (!feasible(i, c, remaining, taken, chosen[c], inBox[c], boxValue[c])) {
                        continue;
                    }
                    if (best < 0) {
                        best = i;
                    } else {
                        next = candidateScore[i];
                        break;
                    }
                }
                if (best >= 0) {
                    proposer[proposals] = c;
                    proposed[proposals] = best;
                    regret[proposals] = candidateScore[best] - next;
                    proposals++;
                }
            }
            if (proposals == 0) {
                // Nobody in this round can take another item; those already at the next level go on.
                level++;
                members = inRound(inBox, level);
                continue;
            }
            passes++;
            Integer[] contest = new Integer[proposals];
            for (int p = 0; p < proposals; p++) {
                contest[p] = p;
            }
            Arrays.sort(contest, (a, b) -> {
                int byProduct = Integer.compare(candidateProduct[proposed[a]], candidateProduct[proposed[b]]);
                if (byProduct != 0) {
                    return byProduct;
                }
                int byRegret = Double.compare(regret[b], regret[a]);
                if (byRegret != 0) {
                    return byRegret;
                }
                int byScore = Double.compare(candidateScore[proposed[b]], candidateScore[proposed[a]]);
                if (byScore != 0) {
                    return byScore;
                }
                int byHash = Long.compare(candidateTieBreak[proposed[a]], candidateTieBreak[proposed[b]]);
                return byHash != 0 ? byHash : customerIds.get(proposer[a]).compareTo(customerIds.get(proposer[b]));
            });
            int[] losers = new int[proposals];
            int lost = 0;
            int product = -1;
            int unitsLeft = 0;
            for (int p : contest) {
                int i = proposed[p];
                int c = proposer[p];
                if (candidateProduct[i] != product) {
                    product = candidateProduct[i];
                    unitsLeft = remaining[product];
                }
                if (unitsLeft > 0) {
                    unitsLeft--;
                    remaining[product]--;
                    taken[i] = true;
                    chosen[c] = chosen[c] == null ? new int[] {i} : append(chosen[c], i);
                    inBox[c]++;
                    boxValue[c] += candidatePrice[i];
                    grants.add(new Grant(customerIds.get(c), productIds.get(product), passes));
                } else {
                    losers[lost++] = c;
                }
            }
            if (lost == 0) {
                level++;
                members = inRound(inBox, level);
            } else {
                members = Arrays.copyOf(losers, lost);
            }
        }
        return new Outcome(grants, passes, level >= rounds);
    }

    /** In stock, not in the box yet, under the category cap, and within the value ceiling. */
    private boolean feasible(int i, int c, int[] remaining, boolean[] taken, int[] box, int inBox, double value) {
        if (taken[i] || remaining[candidateProduct[i]] <= 0) {
            return false;
        }
        if (!(value + candidatePrice[i] <= valueMax[c] + 1e-9)) {
            return false;
        }
        if (box != null) {
            int sameCategory = 0;
            for (int j = 0; j < inBox; j++) {
                if (candidateCategory[box[j]] == candidateCategory[i]) {
                    sameCategory++;
                }
            }
            if (sameCategory >= maxPerCategory) {
                return false;
            }
        }
        return true;
    }

    /** The customers with exactly {@code level} items and room for another. */
    private int[] inRound(int[] inBox, int level) {
        int[] members = new int[inBox.length];
        int n = 0;
        for (int c = 0; c < inBox.length; c++) {
            if (inBox[c] == level && level < productLimit[c]) {
                members[n++] = c;
            }
        }
        return Arrays.copyOf(members, n);
    }

    private static int[] append(int[] array, int value) {
        int[] out = Arrays.copyOf(array, array.length + 1);
        out[array.length] = value;
        return out;
    }

    private int customer(String customerId) {
        Integer known = customerIndex.get(customerId);
        if (known != null) {
            return known;
        }
        int c = customerIds.size();
        customerIndex.put(customerId, c);
        customerIds.add(customerId);
        if (c == productLimit.length) {
            productLimit = Arrays.copyOf(productLimit, c * 2);
            valueMax = Arrays.copyOf(valueMax, c * 2);
        }
        valueMax[c] = Double.NaN; // no box until box() says so
        return c;
    }

    private int product(int productId) {
        Integer known = productIndex.get(productId);
        if (known != null) {
            return known;
        }
        int p = productIds.size();
        productIndex.put(productId, p);
        productIds.add(productId);
        if (p == unitsAvailable.length) {
            unitsAvailable = Arrays.copyOf(unitsAvailable, p * 2);
        }
        return p;
    }
}
