package io.nightshift.jobs.curation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.common.testing.TestSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The allocation across all boxes on hand-written candidates: box limits, diversity, value ceiling, scarce stock,
 * fairness.
 */
class AllocationTest {
    private final List<Row> candidates = new ArrayList<>();
    private final List<Row> boxes = new ArrayList<>();
    private final List<Row> units = new ArrayList<>();

    AllocationTest candidate(String customer, int product, String category, double price, double score) {
        candidates.add(RowFactory.create(
                customer,
                1,
                product,
                category,
                price,
                score,
                null,
                0.0,
                score,
                "hybrid",
                StableHash.of(customer, product, TinyShop.BOX_DATE),
                10));
        return this;
    }

    AllocationTest box(String customer, int limit, double valueMax) {
        boxes.add(RowFactory.create(customer, limit, valueMax));
        return this;
    }

    AllocationTest units(int product, int n) {
        units.add(RowFactory.create(product, n));
        return this;
    }

    /** customer -> products in box order. */
    Map<String, List<Integer>> allocate(int maxPerCategory) {
        return allocate(maxPerCategory, 1);
    }

    /** The same, with the candidates spread over this many partitions. */
    Map<String, List<Integer>> allocate(int maxPerCategory, int partitions) {
        var spark = TestSpark.session();
        Dataset<Row> c = spark.createDataFrame(candidates, Candidates.SCHEMA).repartition(partitions);
        Dataset<Row> b = spark.createDataFrame(
                boxes,
                new StructType()
                        .add("customer_id", DataTypes.StringType)
                        .add("product_limit", DataTypes.IntegerType)
                        .add("value_max", DataTypes.DoubleType));
        Dataset<Row> u = spark.createDataFrame(
                units,
                new StructType()
                        .add("product_id", DataTypes.IntegerType)
                        .add("units_available", DataTypes.IntegerType));
        Allocation.Result result = Allocation.allocate(c, b, u, maxPerCategory, 50);
        assertTrue(result.finished());
        Map<String, List<Integer>> out = new TreeMap<>();
        for (Row r : result.items().orderBy("customer_id", "box_rank").collectAsList()) {
            out.computeIfAbsent(r.getAs("customer_id"), k -> new ArrayList<>()).add(r.getAs("product_id"));
        }
        return out;
    }

    @Test
    void aBoxTakesItsBestCandidatesUpToItsLimitWithAtMostNOfACategory() {
        for (int p = 1; p <= 4; p++) {
            candidate("a", p, "apparel", 10, 1.0 - p * 0.01).units(p, 10);
        }
        candidate("a", 5, "tea", 10, 0.5).units(5, 10);
        candidate("a", 6, "coffee", 10, 0.4).units(6, 10);
        box("a", 3, 1000);
        assertEquals(Map.of("a", List.of(1, 2, 5)), allocate(2));
        assertEquals(Map.of("a", List.of(1, 2, 3)), allocate(3));
    }

    @Test
    void itemsThatWouldTakeTheBoxAboveItsValueCeilingAreSkipped() {
        candidate("a", 1, "x", 60, 0.9)
                .candidate("a", 2, "y", 30, 0.8)
                .candidate("a", 3, "z", 15, 0.7)
                .candidate("a", 4, "w", 10, 0.6);
        for (int p = 1; p <= 4; p++) {
            units(p, 5);
        }
        box("a", 3, 100);
        assertEquals(Map.of("a", List.of(1, 2, 4)), allocate(2));
    }

    @Test
    void aScarceProductGoesWhereItAddsMostTotalScoreAndStockIsNeverExceeded() {
        // Both want product 1 most; a has a nearly-as-good alternative, b does not: b gets it.
        candidate("a", 1, "x", 10, 0.90)
                .candidate("a", 2, "y", 10, 0.88)
                .candidate("b", 1, "x", 10, 0.80)
                .candidate("b", 3, "y", 10, 0.10);
        units(1, 1).units(2, 5).units(3, 5);
        box("a", 1, 1000).box("b", 1, 1000);
        assertEquals(Map.of("a", List.of(2), "b", List.of(1)), allocate(2));
    }

    @Test
    void noCustomerLosesAllTopPicksToACustomerWhoScoresEverythingHigher() {
        // Three scarce products, one unit each; a scores each higher than b does. A global greedy would give
        // a all three; fair rounds give each their first pick before anyone gets a second.
        for (int p = 1; p <= 3; p++) {
            candidate("a", p, "c" + p, 10, 0.9 - p * 0.01)
                    .candidate("b", p, "c" + p, 10, 0.5 - p * 0.01)
                    .units(p, 1);
        }
        for (int p = 4; p <= 6; p++) {
            candidate("a", p, "d" + p, 10, 0.2)
                    .candidate("b", p, "d" + p, 10, 0.2)
                    .units(p, 10);
        }
        box("a", 3, 1000).box("b", 3, 1000);
        Map<String, List<Integer>> result = allocate(2);
        assertEquals(3, result.get("a").size());
        assertEquals(3, result.get("b").size());
        assertTrue(result.get("b").stream().anyMatch(p -> p <= 3), "b keeps at least one of its top picks: " + result);
        long scarceUsed = result.values().stream()
                .flatMap(List::stream)
                .filter(p -> p <= 3)
                .count();
        assertEquals(3, scarceUsed, "every scarce unit is used, none twice");
    }

    @Test
    void theBoxesDoNotDependOnHowTheCandidatesArePartitioned() {
        // Scarce products, equal scores (ties broken by the hash) and category caps, over 1, 3 and 7 partitions.
        for (int c = 0; c < 12; c++) {
            for (int p = 1; p <= 8; p++) {
                candidate("c" + c, p, "cat" + (p % 3), 10, (p % 4) * 0.25);
            }
            box("c" + c, 1 + c % 4, 1000);
        }
        for (int p = 1; p <= 8; p++) {
            units(p, 1 + p % 5);
        }
        Map<String, List<Integer>> one = allocate(2, 1);
        assertEquals(one, allocate(2, 3));
        assertEquals(one, allocate(2, 7));
    }

    @Test
    void boxesAreShortWhenStockRunsOutAndNoProductIsOverAllocated() {
        candidate("a", 1, "x", 10, 0.9).candidate("b", 1, "x", 10, 0.8).candidate("c", 1, "x", 10, 0.7);
        units(1, 2);
        box("a", 2, 1000).box("b", 2, 1000).box("c", 2, 1000);
        Map<String, List<Integer>> result = allocate(2);
        assertEquals(2, result.values().stream().mapToInt(List::size).sum());
    }
}
