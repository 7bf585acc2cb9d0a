package io.nightshift.jobs.ingest;

import java.util.List;

/**
 * The data-quality rules of {@code external/economic_indicators.csv} ({@code date,indicator,value}), in the order
 * they are applied: a line is quarantined with the first rule it breaks. A header that lacks a required column
 * makes the file a {@link LandingFileException}; a file without data lines is quarantined once as
 * {@code empty_file}. The columns the expressions use are prepared by {@link EconomicIndicatorFeed}.
 */
public final class EconomicIndicatorRules {
    private EconomicIndicatorRules() {}

    public static final List<String> REQUIRED_COLUMNS = List.of("date", "indicator", "value");
    public static final List<String> KNOWN_INDICATORS = List.of("consumer_confidence", "cpi");

    /** Rules each line is checked against on its own. */
    public static List<Rule> lineRules() {
        return List.of(
                new Rule("not_utf8", "problem IS NULL", "line is not valid UTF-8: {line}"),
                new Rule("missing_column", "missing_what IS NULL", "{missing_what}"),
                new Rule(
                        "extra_value",
                        "value_count <= column_count",
                        "row has {value_count} values, the header has only {column_count} columns"),
                new Rule("bad_date", "date IS NOT NULL", "date '{date_text}' is not a date YYYY-MM-DD"),
                new Rule("bad_number", "value IS NOT NULL", "value '{value_text}' is not a number"),
                new Rule(
                        "unknown_indicator",
                        "indicator IN ('" + String.join("', '", KNOWN_INDICATORS) + "')",
                        "indicator '{indicator}' is not one of " + KNOWN_INDICATORS));
    }

    /** Rules over the lines that passed {@link #lineRules}: one value per day and indicator, the first line kept. */
    public static List<Rule> keyRules() {
        return List.of(new Rule(
                "duplicate", "line_number = first_line", "{indicator} for {date} already given at line {first_line}"));
    }
}
