package io.nightshift.jobs.forecast.model;

import java.time.LocalDate;
import java.util.Locale;

/**
 * How often a series is observed: its season period (the lag seasonal naive repeats and ETS/Theta
 * deseasonalise at), the length of a year in steps (for yearly Fourier terms, 0 when the period already is
 * the year or there is none) and the calendar step between two observations.
 */
public enum Frequency {
    DAILY(7, 365.25),
    WEEKLY(52, 0),
    MONTHLY(12, 0),
    QUARTERLY(4, 0),
    YEARLY(1, 0);

    private final int period;
    private final double yearLength;

    Frequency(int period, double yearLength) {
        this.period = period;
        this.yearLength = yearLength;
    }

    /** The season period for a series of {@code n} observations: weekly data needs two years for period 52. */
    public int periodFor(int n) {
        if (this == WEEKLY) {
            return n >= 2 * 52 + 8 ? 52 : 1;
        }
        return period;
    }

    /** Steps per year for yearly Fourier terms beside the season period (daily data: 365.25), else 0. */
    public double yearLength() {
        return yearLength;
    }

    public LocalDate step(LocalDate day, long steps) {
        return switch (this) {
            case DAILY -> day.plusDays(steps);
            case WEEKLY -> day.plusWeeks(steps);
            case MONTHLY -> day.plusMonths(steps);
            case QUARTERLY -> day.plusMonths(3 * steps);
            case YEARLY -> day.plusYears(steps);
        };
    }

    public static Frequency parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown frequency '" + text + "' (daily, weekly, monthly, quarterly, yearly)");
        }
    }
}
