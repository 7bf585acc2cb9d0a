package io.nightshift.common.time;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/** The inclusive range of business dates a command runs for; a single date is a range of one. */
public record RunDates(LocalDate from, LocalDate to) implements Iterable<LocalDate> {

    private static final DateTimeFormatter ISO_STRICT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);

    public RunDates {
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("--from " + from + " is after --to " + to);
        }
    }

    public static RunDates of(LocalDate date) {
        return new RunDates(date, date);
    }

    /** Yesterday in the shop's time zone: the last complete business day. */
    public static LocalDate yesterday(Clock clock, ZoneId shopZone) {
        return LocalDate.now(clock.withZone(shopZone)).minusDays(1);
    }

    /**
     * The dates the command line asks for: --date, or --from and --to together, or yesterday by default.
     * Throws IllegalArgumentException with a one-line message for a contradictory combination.
     */
    public static RunDates resolve(
            Optional<LocalDate> date, Optional<LocalDate> from, Optional<LocalDate> to, Clock clock, ZoneId shopZone) {
        if (date.isPresent() && (from.isPresent() || to.isPresent())) {
            throw new IllegalArgumentException("give either --date or --from/--to, not both");
        }
        if (from.isPresent() != to.isPresent()) {
            throw new IllegalArgumentException(from.isPresent() ? "--from needs --to" : "--to needs --from");
        }
        if (from.isPresent()) {
            return new RunDates(from.get(), to.get());
        }
        return of(date.orElseGet(() -> yesterday(clock, shopZone)));
    }

    /** Parses YYYY-MM-DD strictly (2026-02-30 and 2026-13-01 are errors), naming what was wrong. */
    public static LocalDate parse(String text) {
        try {
            return LocalDate.parse(text, ISO_STRICT);
        } catch (DateTimeParseException e) {
            String detail = e.getCause() != null ? e.getCause().getMessage() : "expected YYYY-MM-DD";
            throw new IllegalArgumentException("invalid date '" + text + "' (" + detail + ")");
        }
    }

    public long days() {
        return ChronoUnit.DAYS.between(from, to) + 1;
    }

    public boolean isSingleDay() {
        return from.equals(to);
    }

    public List<LocalDate> dates() {
        List<LocalDate> dates = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            dates.add(d);
        }
        return dates;
    }

    @Override
    public Iterator<LocalDate> iterator() {
        return dates().iterator();
    }

    @Override
    public String toString() {
        return isSingleDay() ? from.toString() : from + ".." + to;
    }
}
