package io.nightshift.jobs.pricing;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Set;

/**
 * The circuit breaker's per-row findings, counted while the rows stream to PostgreSQL (each row carries its
 * own cost, cap and base price, so no query is needed for them). Rows that cannot be stored at all (a null or
 * zero price, a product seen before) are counted and kept out of the load: the breaker refuses such a set
 * whatever the override.
 */
final class RowChecks {
    private final BigDecimal unknownCostRatio;
    private final Set<Integer> seen = new HashSet<>();
    long rows;
    long duplicates;
    long nullOrZero;
    long belowCost;
    long aboveCap;

    RowChecks(BigDecimal unknownCostRatio) {
        this.unknownCostRatio = unknownCostRatio;
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
        BigDecimal cost = row.unitCost() != null ? row.unitCost()
                : row.basePrice() != null ? row.basePrice().multiply(unknownCostRatio) : null;
        if (cost != null && price.compareTo(cost) < 0) belowCost++;
        if (row.cap() != null && price.compareTo(row.cap()) > 0) aboveCap++;
        return true;
    }
}
