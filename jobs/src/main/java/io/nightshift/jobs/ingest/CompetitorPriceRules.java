package io.nightshift.jobs.ingest;

import java.util.List;

/**
 * The data-quality rules of {@code competitor_prices/day=YYYY-MM-DD/<competitor>.csv}, in the order they are
 * applied: a line is quarantined with the first rule it breaks. Names shared with the sample generator's defect
 * kinds ({@code bad_number, negative_price, unknown_product, duplicate, bad_date, missing_column}) mean the same.
 * <p>
 * Not rules of a line, and so not here: a header that lacks a required column makes the whole file a
 * {@link LandingFileException}; a file without data lines is quarantined once as {@code empty_file}; a header
 * column beyond {@link #KNOWN_COLUMNS} ({@code extra_column}) is kept in bronze's fields, ignored by silver, and
 * logged once per file, never quarantined.
 * <p>
 * Prices: a plain decimal with up to 4 decimals (feeds sometimes send sub-cent prices), rounded half-up to cents.
 * The columns the expressions use are prepared by {@link CompetitorPriceFeed}.
 */
public final class CompetitorPriceRules {
    private CompetitorPriceRules() {}

    public static final List<String> REQUIRED_COLUMNS =
            List.of("competitor", "sku", "price", "currency", "captured_at");
    public static final List<String> KNOWN_COLUMNS = REQUIRED_COLUMNS;

    /** A price as the feed must write it: optional minus (caught by negative_price), digits, up to 4 decimals. */
    static final String PRICE_PATTERN = "^-?[0-9]+([.][0-9]{1,4})?$";
    /** ISO-8601 date-time with seconds and an offset, e.g. 2025-01-31T06:12:40-05:00. */
    static final String TIMESTAMP_PATTERN =
            "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})$";

    /** Rules each line is checked against on its own (and against the catalogue and its own file). */
    public static List<Rule> lineRules(LandingLimits limits) {
        return List.of(
                new Rule("not_utf8", "problem IS NULL", "line is not valid UTF-8: {line}"),
                new Rule("missing_column", "missing_what IS NULL", "{missing_what}"),
                new Rule(
                        "extra_value",
                        "value_count <= column_count",
                        "row has {value_count} values, the header has only {column_count} columns"),
                new Rule(
                        "bad_number",
                        "price_text RLIKE '" + PRICE_PATTERN + "'",
                        "price '{price_text}' is not a number with at most 4 decimals"),
                new Rule(
                        "negative_price",
                        "price_number IS NULL OR price_number > 0",
                        "price {price_text} is not positive"),
                new Rule(
                        "price_out_of_range",
                        "price_number <= " + limits.maxPrice().toPlainString(),
                        "price {price_text} is above the maximum "
                                + limits.maxPrice().toPlainString()),
                new Rule("bad_currency", "currency RLIKE '^[A-Z]{3}$'", "currency '{currency}' is not a 3-letter code"),
                new Rule(
                        "bad_date",
                        "captured_at IS NOT NULL",
                        "captured_at '{captured_at_text}' is not an ISO-8601 date-time with offset"),
                new Rule(
                        "future_date",
                        "captured_day <= date_add(day, " + limits.futureToleranceDays() + ")",
                        "captured_at {captured_at_text} is after the feed's day {day}"
                                + (limits.futureToleranceDays() == 0
                                        ? ""
                                        : " + " + limits.futureToleranceDays() + " days")),
                new Rule("unknown_product", "product_id IS NOT NULL", "sku {sku} is not in the product catalogue"),
                new Rule("duplicate", "first_line = line_number", "exact repeat of line {first_line}"));
    }

    /**
     * Rules over the lines that passed {@link #lineRules}: one price per product, competitor and day. The price
     * captured last wins (ties: the later file, then the later line); a line with a different price is quarantined.
     * Lines repeating the winning price are accepted, silver keeps one row.
     */
    public static List<Rule> keyRules() {
        return List.of(new Rule(
                "duplicate_key",
                "price = winner_price",
                "{competitor} price {price} for {sku} on {day} conflicts with {winner_price} at line {winner_line} of "
                        + "{winner_file}, the latest capture ({winner_captured_at})"));
    }
}
