package io.nightshift.sandbox.sample;

import java.time.LocalDate;
import java.time.ZoneId;

/**
 * What sample shop to generate. The history covers {@code lastDay - days + 1 .. lastDay}; the same
 * spec always gives the same shop.
 */
public record SampleShopSpec(
        int products,
        int days,
        int customers,
        long seed,
        LocalDate lastDay,
        String countryCode,
        String currency,
        ZoneId zone) {

    public SampleShopSpec {
        if (products < 1) {
            throw new IllegalArgumentException("products must be at least 1, was " + products);
        }
        if (days < 1) {
            throw new IllegalArgumentException("days must be at least 1, was " + days);
        }
        if (customers < 0) {
            throw new IllegalArgumentException("customers must not be negative, was " + customers);
        }
        if (lastDay == null || countryCode == null || currency == null || zone == null) {
            throw new IllegalArgumentException("lastDay, countryCode, currency and zone are required");
        }
    }

    /** The CLI's defaults: 200 products, 730 days, 2,000 customers, seed 1, a US shop in New York time. */
    public static SampleShopSpec defaults(LocalDate lastDay) {
        return new SampleShopSpec(200, 730, 2_000, 1L, lastDay, "US", "USD", ZoneId.of("America/New_York"));
    }

    public LocalDate firstDay() {
        return lastDay.minusDays(days - 1L);
    }

    /** The first of the month after the last day: when the next subscription box ships. */
    public LocalDate nextBoxDate() {
        return lastDay.withDayOfMonth(1).plusMonths(1);
    }
}
