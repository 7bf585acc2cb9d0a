package io.nightshift.sandbox.sample;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Fixed, locale-free formatting for everything the generator writes: numbers never depend on the
 * JVM's locale, money has two decimals, timestamps are UTC with an explicit offset.
 */
final class Text {
    private static final long[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};

    private Text() {}

    static Writer utf8Writer(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8), 1 << 16);
    }

    /** Cents as a decimal with two places: 1299 -> "12.99", -5 -> "-0.05". */
    static StringBuilder cents(StringBuilder out, long cents) {
        return fixed(out, cents, 2);
    }

    /** A double rounded half-up to {@code decimals} places (at most 6). */
    static StringBuilder decimal(StringBuilder out, double value, int decimals) {
        return fixed(out, Math.round(value * POWERS[decimals]), decimals);
    }

    private static StringBuilder fixed(StringBuilder out, long scaled, int decimals) {
        if (scaled < 0) {
            out.append('-');
            scaled = -scaled;
        }
        long power = POWERS[decimals];
        out.append(scaled / power);
        if (decimals > 0) {
            out.append('.');
            String fraction = Long.toString(scaled % power);
            for (int i = fraction.length(); i < decimals; i++) {
                out.append('0');
            }
            out.append(fraction);
        }
        return out;
    }

    /** "2025-01-31 18:45:12+00": a timestamptz literal PostgreSQL reads in any session time zone. */
    static StringBuilder utcTimestamp(StringBuilder out, long epochSecond) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        out.append(t.getYear()).append('-');
        two(out, t.getMonthValue()).append('-');
        two(out, t.getDayOfMonth()).append(' ');
        two(out, t.getHour()).append(':');
        two(out, t.getMinute()).append(':');
        two(out, t.getSecond());
        return out.append("+00");
    }

    private static StringBuilder two(StringBuilder out, int value) {
        if (value < 10) {
            out.append('0');
        }
        return out.append(value);
    }
}
