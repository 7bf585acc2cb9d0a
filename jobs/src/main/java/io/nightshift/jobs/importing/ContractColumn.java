package io.nightshift.jobs.importing;

/**
 * One column of the input contract: its name in the file (CSV header or Parquet field), what values it takes,
 * whether a row must have it, and what it is for. The rules a row is checked against follow from the kinds
 * ({@link ImportContract#rowRules}).
 *
 * @param name     the column's name in a contract file, lower_snake_case
 * @param kind     the values it takes
 * @param required whether the file must have the column and every row a value in it
 * @param meaning  one line for the documentation and error messages
 */
public record ContractColumn(String name, Kind kind, boolean required, String meaning) {

    /** The kinds of values, each with the rules of {@link ImportContract}. */
    public enum Kind {
        /** Text of at most {@link ContractColumn#maxLength()} characters. */
        TEXT,
        /** A whole number from 1 to 999,999,999. */
        POSITIVE_INTEGER,
        /** A whole number other than zero; negative for a return. */
        NONZERO_INTEGER,
        /** Units of stock: a whole number of at least 0 (a negative count is refused, not clamped). */
        STOCK_UNITS,
        /** ISO-8601 date and time with a zone offset or Z: 2025-01-31T06:12:40-05:00 (space for T allowed). */
        TIMESTAMP_WITH_OFFSET,
        /** An ISO-8601 calendar date, 2025-01-31: a day in the shop's time zone. */
        DATE,
        /** A plain decimal number, up to 4 decimals, rounded half-up to cents; at least 0. */
        MONEY,
        /** A plain decimal number, up to 4 decimals, rounded half-up to cents; more than 0. */
        POSITIVE_MONEY,
        /** An ISO 4217 currency code, upper case. */
        CURRENCY,
        /** One of pending, paid, shipped, cancelled, refunded. */
        ORDER_STATUS,
        /** true/false (also yes/no, 1/0, active/draft/archived as exported by shops). */
        BOOLEAN
    }

    public ContractColumn {
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("contract columns are lower_snake_case: " + name);
        }
    }

    /** The longest text the commerce database holds for this column. */
    public int maxLength() {
        return switch (name) {
            case "order_id", "sku", "channel" -> 64;
            case "tags" -> 10_000;
            default -> 255;
        };
    }
}
