package io.nightshift.jobs.ingest;

import java.util.List;

/**
 * The data-quality rules of {@code traffic/day=YYYY-MM-DD/*.jsonl}, in the order they are applied: a line is
 * quarantined with the first rule it breaks. A file without lines is quarantined once as {@code empty_file}.
 * Counts must be JSON integers (12, not "12" nor 12.0). The columns the expressions use are prepared by
 * {@link TrafficFeed}.
 */
public final class TrafficRules {
    private TrafficRules() {}

    public static final List<String> REQUIRED_FIELDS =
            List.of("product_id", "event_date", "channel", "views", "sessions", "add_to_cart");
    public static final List<String> COUNTS = List.of("views", "sessions", "add_to_cart");

    /** Rules each line is checked against on its own (and against the catalogue and the folder's day). */
    public static List<Rule> lineRules(LandingLimits limits) {
        return List.of(
                new Rule("not_utf8", "problem IS NULL", "line is not valid UTF-8: {line}"),
                new Rule("not_json", "shape <> 'not_json'", "line is not JSON: {json_error}"),
                new Rule("not_an_object", "shape = 'object'", "line is a JSON {shape}, not an object"),
                new Rule("missing_field", "missing_field IS NULL", "field {missing_field} is missing or empty"),
                new Rule(
                        "bad_number",
                        "bad_number_field IS NULL",
                        "{bad_number_field} {bad_number_value} is not an integer"),
                new Rule("negative_count", "negative_field IS NULL", "{negative_field} {negative_value} is negative"),
                new Rule(
                        "count_out_of_range",
                        "out_of_range_field IS NULL",
                        "{out_of_range_field} {out_of_range_value} is above the maximum " + limits.maxCount()),
                new Rule(
                        "bad_date",
                        "event_date IS NOT NULL",
                        "event_date '{event_date_text}' is not a date YYYY-MM-DD"),
                new Rule(
                        "future_date",
                        "event_date <= date_add(run_date, " + limits.futureToleranceDays() + ")",
                        "event_date {event_date} is after the run date {run_date}"
                                + (limits.futureToleranceDays() == 0
                                        ? ""
                                        : " + " + limits.futureToleranceDays() + " days")),
                new Rule("date_mismatch", "event_date = day", "event_date {event_date} is not the folder's day {day}"),
                new Rule(
                        "unknown_product", "known_product", "product_id {product_id} is not in the product catalogue"));
    }

    /** Rules over the lines that passed {@link #lineRules}: one line per product, channel and day, the first kept. */
    public static List<Rule> keyRules() {
        return List.of(new Rule(
                "duplicate",
                "source_file = first_file AND line_number = first_line",
                "product {product_id}, channel {channel}, day {day} already at line {first_line} of {first_file}"));
    }
}
