package io.nightshift.sandbox.sample;

import de.focus_shift.jollyday.core.Holiday;
import de.focus_shift.jollyday.core.HolidayManager;
import de.focus_shift.jollyday.core.ManagerParameters;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;

/**
 * The simulated days and how festive each is. Holiday intensity is 0 on an ordinary day; a
 * product's demand is multiplied by {@code 1 + holidayUplift * intensity}.
 */
final class ShopCalendar {
    static final double PUBLIC_HOLIDAY = 0.3;
    static final double BLACK_FRIDAY = 1.5;
    static final double CYBER_MONDAY = 1.2;

    final LocalDate firstDay;
    final int days;
    final ZoneId zone;
    final String[] isoDate;
    final String[] compactDate;
    final int[] dayOfWeek;
    final int[] dayOfYear;
    final double[] holidayIntensity;
    /** Epoch second of each day's local midnight and the length of the day in seconds (DST aware). */
    final long[] startEpochSecond;

    final int[] secondsInDay;

    ShopCalendar(SampleShopSpec spec) {
        this.firstDay = spec.firstDay();
        this.days = spec.days();
        this.zone = spec.zone();
        isoDate = new String[days];
        compactDate = new String[days];
        dayOfWeek = new int[days];
        dayOfYear = new int[days];
        holidayIntensity = new double[days];
        startEpochSecond = new long[days];
        secondsInDay = new int[days];
        for (int t = 0; t < days; t++) {
            LocalDate day = date(t);
            isoDate[t] = day.toString();
            compactDate[t] = isoDate[t].replace("-", "");
            dayOfWeek[t] = day.getDayOfWeek().getValue() - 1;
            dayOfYear[t] = day.getDayOfYear();
            holidayIntensity[t] = retailIntensity(day);
            startEpochSecond[t] = day.atStartOfDay(zone).toEpochSecond();
            secondsInDay[t] = (int) (day.plusDays(1).atStartOfDay(zone).toEpochSecond() - startEpochSecond[t]);
        }
        HolidayManager holidays = HolidayManager.getInstance(ManagerParameters.create(spec.countryCode()));
        for (Holiday holiday : holidays.getHolidays(firstDay, spec.lastDay())) {
            int t = index(holiday.getDate());
            if (t >= 0 && t < days) {
                holidayIntensity[t] = Math.max(holidayIntensity[t], PUBLIC_HOLIDAY);
            }
        }
    }

    LocalDate date(int t) {
        return firstDay.plusDays(t);
    }

    int index(LocalDate day) {
        return (int) (day.toEpochDay() - firstDay.toEpochDay());
    }

    /** Years from the middle of the history, for the trend. */
    double yearsFromMiddle(int t) {
        return (t - (days - 1) / 2.0) / 365.25;
    }

    /** Black Friday, Cyber Monday and the pre-Christmas ramp, which no public calendar lists. */
    private static double retailIntensity(LocalDate day) {
        LocalDate thanksgiving =
                day.withMonth(11).withDayOfMonth(1).with(TemporalAdjusters.dayOfWeekInMonth(4, DayOfWeek.THURSDAY));
        if (day.equals(thanksgiving.plusDays(1))) {
            return BLACK_FRIDAY;
        }
        if (day.equals(thanksgiving.plusDays(4))) {
            return CYBER_MONDAY;
        }
        if (day.isAfter(thanksgiving.plusDays(1)) && day.isBefore(thanksgiving.plusDays(4))) {
            return 0.3;
        }
        if (day.getMonth() == Month.DECEMBER) {
            int d = day.getDayOfMonth();
            if (d <= 23) {
                return 0.2 + 0.8 * (d - 1) / 22.0;
            }
            if (d == 24) {
                return 0.4;
            }
            if (d == 25) {
                return -0.3;
            }
        }
        return 0;
    }
}
