package io.nightshift.jobs.pricing;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The circuit breaker's per-row findings, counted while the rows stream to PostgreSQL (each row carries its
 * own cost, cap and base price, so no query is needed for them). Rows that cannot be stored at all (a null or
 * zero price, a product seen before) are counted and kept out of the load: the breaker refuses such a set
 * whatever the override. Each row's move away from its base price is kept too: with no live table yet (a first
 * publish) the base prices are what the storefront showed, and the breaker compares with them.
 */
final class RowChecks {
    private final BigDecimal unknownCostRatio;
    private final double moveThreshold;
    private final Set<Integer> seen = new HashSet<>();
    private float[] movesFromBase = new float[1024];
    private int withBase;
    long rows;
    long duplicates;
    long nullOrZero;
    long belowCost;
    long aboveCap;
    long movedFromBase;

    RowChecks(BigDecimal unknownCostRatio, double moveThreshold) {
        this.unknownCostRatio = unknownCostRatio;
        this.moveThreshold = moveThreshold;
    }

    /** Rows that carry a base price (the first-publish comparison's population). */
    long rowsWithBase() {
        return withBase;
    }

    /** The median of |price - base| / base over the rows with a base price; 0 without any. */
    double medianMoveFromBase() {
        if (withBase == 0) {
            return 0;
        }
        float[] sorted = Arrays.copyOf(movesFromBase, withBase);
        Arrays.sort(sorted);
        int mid = withBase / 2;
        return withBase % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + (double) sorted[mid]) / 2;
    }

    /** Counts the row's findings; whether it can be loaded. */
    boolean storable(PricePublisher.PriceRow row) {
        rows++;
        if (!seen.add(row.productId())) {
            duplicates++;
            return false;
        }
        BigDecimal price = row.price();
        if (price == null || price.signum() <= 0) {
            nullOrZero++;
            return false;
        }
        // The seed's assumption when cost is unknown: 70% of base.
        BigDecimal cost = row.unitCost() != null
                ? row.unitCost()
                : row.basePrice() != null ? row.basePrice().multiply(unknownCostRatio) : null;
        if (cost != null && price.compareTo(cost) < 0) {
            belowCost++;
        }
        if (row.cap() != null && price.compareTo(row.cap()) > 0) {
            aboveCap++;
        }
        BigDecimal base = row.basePrice();
        if (base != null && base.signum() > 0) {
            double move = Math.abs(price.doubleValue() - base.doubleValue()) / base.doubleValue();
            if (move > moveThreshold) {
                movedFromBase++;
            }
            if (withBase == movesFromBase.length) {
                movesFromBase = Arrays.copyOf(movesFromBase, withBase * 2);
            }
            movesFromBase[withBase++] = (float) move;
        }
        return true;
    }
}
