package io.nightshift.sandbox.sample;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The subscribers, their true tastes (only some of which they told the shop), and the history of
 * their monthly boxes. Tastes are keyed like product_attributes: category, brand, flavor_profile...
 */
final class Subscribers {
    static final int[] TIER_LIMIT = {0, 3, 5, 7};
    static final int BOX_MONTHS = 12;
    /** A product is not sent to the same customer again within this many days. */
    static final int NO_REPEAT_DAYS = 90;

    private static final String[] FIRST_NAMES = {
        "Ava", "Ben", "Chloe", "Diego", "Emma", "Farah", "Gus", "Hana", "Ivan", "Jade", "Kofi", "Lena", "Mateo", "Nora",
        "Omar", "Priya", "Quinn", "Rosa", "Sam", "Tara"
    };
    private static final String[] LAST_NAMES = {
        "Adams", "Baker", "Chen", "Diaz", "Evans", "Fischer", "Garcia", "Hughes", "Ito", "Jones", "Khan", "Lopez",
        "Miller", "Nguyen", "Okafor", "Patel", "Rossi", "Smith"
    };

    record Taste(String key, String value, int weight, boolean stated) {}

    record Customer(
            int index,
            UUID id,
            String email,
            String firstName,
            String lastName,
            int tier,
            String status,
            LocalDate createdOn,
            int createdSecond,
            List<Taste> tastes) {}

    record BoxItem(Customer customer, ProductProfile product, LocalDate boxDate, double curationScore, int rating) {}

    final List<Customer> customers;
    /** [category ordinal][customer]: running sum of how much each customer buys from the category. */
    private final double[][] cumulativeByCategory;

    private Subscribers(List<Customer> customers) {
        this.customers = customers;
        Category[] categories = Category.values();
        cumulativeByCategory = new double[categories.length][customers.size()];
        for (Category category : categories) {
            double sum = 0;
            for (Customer customer : customers) {
                double weight = 0;
                for (Taste taste : customer.tastes()) {
                    if (taste.key().equals("category") && taste.value().equals(category.label)) {
                        weight += taste.weight();
                    }
                }
                // Customers who like a category buy much more of it; everyone buys a little.
                sum += 0.05 + Math.pow(Math.max(0, weight), 1.5);
                cumulativeByCategory[category.ordinal()][customer.index()] = sum;
            }
        }
    }

    static Subscribers draw(SampleShopSpec spec) {
        List<Customer> customers = new ArrayList<>(spec.customers());
        LocalDate earliest = spec.firstDay().isBefore(firstBoxDate(spec)) ? spec.firstDay() : firstBoxDate(spec);
        for (int i = 0; i < spec.customers(); i++) {
            SeededRandom random = SeededRandom.of(spec.seed(), "customer", i);
            UUID id = UUID.nameUUIDFromBytes(
                    ("nightshift-sample-customer:" + spec.seed() + ":" + i).getBytes(StandardCharsets.UTF_8));
            String first = FIRST_NAMES[random.integer(0, FIRST_NAMES.length - 1)];
            String last = LAST_NAMES[random.integer(0, LAST_NAMES.length - 1)];
            String email = String.format(
                    Locale.ROOT,
                    "%s.%s.%06d@example.com",
                    first.toLowerCase(Locale.ROOT),
                    last.toLowerCase(Locale.ROOT),
                    i + 1);
            int tier = 1 + random.weighted(new double[] {0.50, 0.35, 0.15});
            String status =
                    new String[] {"active", "paused", "cancelled"}[random.weighted(new double[] {0.9, 0.07, 0.03})];
            LocalDate createdOn = earliest.minusDays(random.integer(1, 365));
            customers.add(new Customer(
                    i,
                    id,
                    email,
                    first,
                    last,
                    tier,
                    status,
                    createdOn,
                    random.integer(8 * 3600, 22 * 3600),
                    drawTastes(random)));
        }
        return new Subscribers(List.copyOf(customers));
    }

    /** 1-3 liked categories, 1-2 liked brands and attribute values in them, sometimes one dislike; 2-5 stated. */
    private static List<Taste> drawTastes(SeededRandom random) {
        Category[] categories = Category.values();
        Map<String, int[]> liked = new LinkedHashMap<>();
        int likedCategories = random.integer(1, 3);
        List<Category> chosen = new ArrayList<>();
        while (chosen.size() < likedCategories) {
            Category c = categories[random.weighted(Category.SHARE)];
            if (!chosen.contains(c)) {
                chosen.add(c);
            }
        }
        for (Category c : chosen) {
            liked.put("category\u0000" + c.label, new int[] {random.integer(2, 5)});
        }
        int brands = random.integer(1, 2);
        for (int i = 0; i < brands; i++) {
            Category c = chosen.get(random.integer(0, chosen.size() - 1));
            liked.putIfAbsent(
                    "brand\u0000" + c.brands.get(random.integer(0, c.brands.size() - 1)),
                    new int[] {random.integer(1, 4)});
        }
        int attributes = random.integer(1, 2);
        for (int i = 0; i < attributes; i++) {
            Category c = chosen.get(random.integer(0, chosen.size() - 1));
            var attribute = c.attributes.get(random.integer(0, c.attributes.size() - 1));
            liked.putIfAbsent(
                    attribute.getKey() + "\u0000"
                            + attribute
                                    .getValue()
                                    .get(random.integer(0, attribute.getValue().size() - 1)),
                    new int[] {random.integer(1, 3)});
        }
        List<String> keys = new ArrayList<>(liked.keySet());
        boolean dislike = random.chance(0.10);
        // At least one taste stays hidden, so stated preferences never tell the whole story.
        int maxStated = Math.min(dislike ? 4 : 5, keys.size() - 1);
        int stated = Math.min(maxStated, random.integer(2, 5));
        boolean[] isStated = new boolean[keys.size()];
        int[] order = shuffledIndices(keys.size(), random);
        for (int i = 0; i < stated; i++) {
            isStated[order[i]] = true;
        }
        List<Taste> tastes = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            String[] kv = keys.get(i).split("\u0000");
            tastes.add(new Taste(kv[0], kv[1], liked.get(keys.get(i))[0], isStated[i]));
        }
        if (dislike) {
            Category c;
            do {
                c = categories[random.integer(0, categories.length - 1)];
            } while (chosen.contains(c));
            tastes.add(new Taste("category", c.label, -random.integer(3, 5), true));
        }
        return List.copyOf(tastes);
    }

    private static int[] shuffledIndices(int n, SeededRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.integer(0, i);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        return order;
    }

    static LocalDate firstBoxDate(SampleShopSpec spec) {
        return spec.nextBoxDate().minusMonths(BOX_MONTHS);
    }

    /** A customer who buys from the category, drawn with probability growing with how much they like it. */
    Customer buyerOf(Category category, SeededRandom random) {
        double[] cumulative = cumulativeByCategory[category.ordinal()];
        double u = random.uniform() * cumulative[cumulative.length - 1];
        int i = Arrays.binarySearch(cumulative, u);
        return customers.get(Math.min(customers.size() - 1, i >= 0 ? i + 1 : -i - 1));
    }

    static double affinity(Customer customer, ProductProfile product, boolean statedOnly) {
        double sum = 0;
        for (Taste taste : customer.tastes()) {
            if ((!statedOnly || taste.stated()) && product.matches(taste.key(), taste.value())) {
                sum += taste.weight();
            }
        }
        return sum;
    }

    private static boolean dislikes(Customer customer, ProductProfile product) {
        for (Taste taste : customer.tastes()) {
            if (taste.stated() && taste.weight() < 0 && product.matches(taste.key(), taste.value())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Twelve monthly boxes per customer, curated the way the seed's rules say: exactly the tier's
     * number of items, only tier-eligible products already launched, none repeated to the customer
     * within 90 days, none the customer said they dislike; ranked by stated preferences plus noise.
     * Ratings follow the customer's true affinity (stated and hidden tastes) plus noise.
     */
    List<BoxItem> boxHistory(SampleShopSpec spec, List<ProductProfile> products) {
        Map<String, List<ProductProfile>> byTaste = new LinkedHashMap<>();
        for (ProductProfile p : products) {
            for (String[] kv : p.attributes()) {
                byTaste.computeIfAbsent(kv[0] + "\u0000" + kv[1], k -> new ArrayList<>())
                        .add(p);
            }
        }
        List<BoxItem> items = new ArrayList<>();
        for (Customer customer : customers) {
            SeededRandom random = SeededRandom.of(spec.seed(), "boxes", customer.index());
            List<ProductProfile> eligible = products.stream()
                    .filter(p -> p.tiers().contains(customer.tier()) && !dislikes(customer, p))
                    .toList();
            List<String> likedKeys = customer.tastes().stream()
                    .filter(t -> t.stated() && t.weight() > 0)
                    .map(t -> t.key() + "\u0000" + t.value())
                    .toList();
            List<BoxItem> history = new ArrayList<>();
            for (int m = 0; m < BOX_MONTHS; m++) {
                LocalDate boxDate = firstBoxDate(spec).plusMonths(m);
                List<Integer> recent = history.stream()
                        .filter(b -> b.boxDate().plusDays(NO_REPEAT_DAYS).isAfter(boxDate.minusDays(1)))
                        .map(b -> b.product().productId())
                        .toList();
                Map<Integer, double[]> candidates = new LinkedHashMap<>();
                for (int draw = 0; draw < 60 && !eligible.isEmpty(); draw++) {
                    ProductProfile p;
                    if (draw % 2 == 0 && !likedKeys.isEmpty()) {
                        List<ProductProfile> pool =
                                byTaste.getOrDefault(likedKeys.get(random.integer(0, likedKeys.size() - 1)), List.of());
                        if (pool.isEmpty()) {
                            continue;
                        }
                        p = pool.get(random.integer(0, pool.size() - 1));
                    } else {
                        p = eligible.get(random.integer(0, eligible.size() - 1));
                    }
                    if (acceptable(p, customer, boxDate, recent)) {
                        candidates.putIfAbsent(
                                p.productId(), new double[] {affinity(customer, p, true) + random.gaussian(0, 1.0)});
                    }
                }
                // A small catalogue may leave too few random candidates: walk the eligible list.
                for (int i = 0; candidates.size() < TIER_LIMIT[customer.tier()] && i < eligible.size(); i++) {
                    ProductProfile p = eligible.get(i);
                    if (acceptable(p, customer, boxDate, recent)) {
                        candidates.putIfAbsent(
                                p.productId(), new double[] {affinity(customer, p, true) + random.gaussian(0, 1.0)});
                    }
                }
                List<Map.Entry<Integer, double[]>> ranked = new ArrayList<>(candidates.entrySet());
                ranked.sort((a, b) -> a.getValue()[0] != b.getValue()[0]
                        ? Double.compare(b.getValue()[0], a.getValue()[0])
                        : Integer.compare(a.getKey(), b.getKey()));
                for (int i = 0; i < Math.min(TIER_LIMIT[customer.tier()], ranked.size()); i++) {
                    ProductProfile p = products.get(ranked.get(i).getKey() - 1);
                    double score = 1 / (1 + Math.exp(-ranked.get(i).getValue()[0] / 3));
                    double truth = affinity(customer, p, false);
                    int rating =
                            (int) Math.max(1, Math.min(5, Math.round(2.4 + 0.45 * truth + random.gaussian(0, 0.8))));
                    BoxItem item = new BoxItem(customer, p, boxDate, score, rating);
                    history.add(item);
                    items.add(item);
                }
            }
        }
        return items;
    }

    private static boolean acceptable(ProductProfile p, Customer customer, LocalDate boxDate, List<Integer> recent) {
        return p.tiers().contains(customer.tier())
                && !p.launchedOn().isAfter(boxDate)
                && !recent.contains(p.productId())
                && !dislikes(customer, p);
    }
}
