package io.nightshift.common.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunDatesTest {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Test
    void defaultDateIsYesterdayInTheShopsTimeZone() {
        // 03:00 UTC on 10 March is still 9 March in New York, so yesterday there is 8 March.
        Clock clock = Clock.fixed(Instant.parse("2026-03-10T03:00:00Z"), ZoneOffset.UTC);
        RunDates dates = RunDates.resolve(Optional.empty(), Optional.empty(), Optional.empty(), clock, NEW_YORK);
        assertEquals(RunDates.of(LocalDate.of(2026, 3, 8)), dates);
    }

    @Test
    void rangeIsInclusive() {
        RunDates dates = new RunDates(LocalDate.of(2026, 1, 30), LocalDate.of(2026, 2, 2));
        assertEquals(4, dates.days());
        assertEquals(LocalDate.of(2026, 2, 2), dates.dates().get(3));
    }

    @Test
    void fromAfterToIsRejected() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> new RunDates(LocalDate.of(2026, 2, 1), LocalDate.of(2026, 1, 1)));
        assertTrue(e.getMessage().contains("after"));
    }

    @Test
    void malformedDatesAreRejectedStrictly() {
        assertThrows(IllegalArgumentException.class, () -> RunDates.parse("2026-13-01"));
        assertThrows(IllegalArgumentException.class, () -> RunDates.parse("2026-02-30"));
        assertThrows(IllegalArgumentException.class, () -> RunDates.parse("26-1-1"));
        assertEquals(LocalDate.of(2024, 2, 29), RunDates.parse("2024-02-29"));
    }

    @Test
    void dateAndRangeTogetherIsRejected() {
        Clock clock = Clock.systemUTC();
        assertThrows(
                IllegalArgumentException.class,
                () -> RunDates.resolve(
                        Optional.of(LocalDate.now()),
                        Optional.of(LocalDate.now()),
                        Optional.of(LocalDate.now()),
                        clock,
                        NEW_YORK));
        assertThrows(
                IllegalArgumentException.class,
                () -> RunDates.resolve(
                        Optional.empty(), Optional.of(LocalDate.now()), Optional.empty(), clock, NEW_YORK));
    }
}
