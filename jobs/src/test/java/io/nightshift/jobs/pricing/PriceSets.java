package io.nightshift.jobs.pricing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/** Price sets for publish tests, and what the live table holds. */
final class PriceSets {
    static final LocalDate OLD = LocalDate.of(2026, 1, 1);
    static final LocalDate NEW = LocalDate.of(2026, 1, 2);

    private PriceSets() {}

    /** Products 1..n at base 10.00 + id cents, cost 5.00, cap 1.5 x base; price given per product id. */
    static List<PricePublisher.PriceRow> set(int n, LocalDate runDate, IntFunction<BigDecimal> price) {
        List<PricePublisher.PriceRow> rows = new ArrayList<>(n);
        for (int id = 1; id <= n; id++) {
            BigDecimal base = base(id);
            rows.add(new PricePublisher.PriceRow(
                    id,
                    "SKU-" + id,
                    price.apply(id),
                    "USD",
                    runDate,
                    new BigDecimal("5.00"),
                    base.multiply(new BigDecimal("1.5")).setScale(2, RoundingMode.DOWN),
                    base));
        }
        return rows;
    }

    static BigDecimal base(int id) {
        return new BigDecimal("10.00").add(BigDecimal.valueOf(id % 100, 2));
    }

    /** The old set: base prices. */
    static List<PricePublisher.PriceRow> oldSet(int n) {
        return set(n, OLD, PriceSets::base);
    }

    /** The new set: base + 5%, rounded to cents. */
    static List<PricePublisher.PriceRow> newSet(int n) {
        return set(n, NEW, id -> base(id).multiply(new BigDecimal("1.05")).setScale(2, RoundingMode.HALF_UP));
    }

    static BigDecimal total(List<PricePublisher.PriceRow> rows) {
        return rows.stream().map(PricePublisher.PriceRow::price).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** count, distinct run dates, min run date, sum of prices of the live table, in one statement (one snapshot). */
    record Live(long rows, long runDates, LocalDate runDate, BigDecimal total) {
        boolean isComplete(List<PricePublisher.PriceRow> set) {
            return rows == set.size()
                    && runDates == 1
                    && runDate.equals(set.get(0).runDate())
                    && total.compareTo(PriceSets.total(set)) == 0;
        }
    }

    static Live live(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery(
                        "select count(*), count(distinct run_date), min(run_date), coalesce(sum(price), 0) from storefront.product_prices")) {
            r.next();
            return new Live(r.getLong(1), r.getLong(2), r.getObject(3, LocalDate.class), r.getBigDecimal(4));
        }
    }
}
