package io.nightshift.sandbox.sample;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;

/**
 * external/economic_indicators.csv: consumer_confidence every weekday (a mean-reverting walk around
 * 100) and cpi on the first of every month touching the history (index growing about 3% a year).
 */
final class EconomicIndicators {
    private EconomicIndicators() {}

    /** Returns the number of data rows written. */
    static long write(Path landingRoot, SampleShopSpec spec) throws IOException {
        SeededRandom random = SeededRandom.of(spec.seed(), "economic-indicators");
        long rows = 0;
        StringBuilder row = new StringBuilder(64);
        try (Writer out = Text.utf8Writer(landingRoot.resolve("external").resolve("economic_indicators.csv"))) {
            out.append("date,indicator,value\n");
            double confidence = 100 + random.gaussian(0, 3);
            double cpi = 300 + random.uniform(0, 20);
            for (LocalDate day = spec.firstDay().withDayOfMonth(1);
                    !day.isAfter(spec.lastDay());
                    day = day.plusDays(1)) {
                if (day.getDayOfMonth() == 1) {
                    cpi *= 1 + random.gaussian(0.0025, 0.0015);
                    row.setLength(0);
                    row.append(day).append(",cpi,");
                    Text.decimal(row, cpi, 3).append('\n');
                    out.append(row);
                    rows++;
                }
                boolean weekday = day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY;
                if (weekday && !day.isBefore(spec.firstDay())) {
                    confidence = 100 + 0.98 * (confidence - 100) + random.gaussian(0, 0.8);
                    row.setLength(0);
                    row.append(day).append(",consumer_confidence,");
                    Text.decimal(row, confidence, 2).append('\n');
                    out.append(row);
                    rows++;
                }
            }
        }
        return rows;
    }
}
