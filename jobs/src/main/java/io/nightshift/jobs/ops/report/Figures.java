package io.nightshift.jobs.ops.report;

import java.util.Locale;

/** How the report prints its figures: the same number reads the same in a table, a sentence and a chart. */
final class Figures {
    private Figures() {}

    /** Whole numbers with thousands separators; others to two decimals, or none from 100 up. */
    static String format(double value) {
        if (Math.abs(value - Math.rint(value)) < 1e-9 && Math.abs(value) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) Math.rint(value));
        }
        return Math.abs(value) >= 100
                ? String.format(Locale.ROOT, "%,.0f", value)
                : String.format(Locale.ROOT, "%.2f", value);
    }

    /** {@code value} to a fixed number of decimals (a ratio, a duration, a percentage). */
    static String decimals(double value, int places) {
        return String.format(Locale.ROOT, "%." + places + "f", value);
    }
}
