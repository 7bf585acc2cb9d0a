package io.nightshift.jobs.importing;

import io.nightshift.jobs.importing.ContractColumn.Kind;
import io.nightshift.jobs.ingest.Rule;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The input contract of {@code bin/pipeline import}: the columns of the order lines feed, the products feed, the
 * price list feed and the stock feed, as data, and the rules every row is checked against, derived from the columns'
 * kinds. A row is quarantined with the first rule it breaks; the rules over keys (duplicates, orders whose lines
 * disagree, unknown products, a price list's currency) come after the rules of a single row.
 * docs/input-contract.md#the-import-contract is written from these lists ({@code ImportContractTest} checks that
 * every column is documented).
 */
public final class ImportContract {
    private ImportContract() {}

    /** The statuses of an order; cancelled and refunded orders are not demand. */
    public static final List<String> ORDER_STATUSES = List.of("pending", "paid", "shipped", "cancelled", "refunded");

    /** Words for true and false, case ignored; t and f are how PostgreSQL prints a boolean (COPY, psql). */
    public static final List<String> BOOLEAN_TRUE = List.of("true", "t", "yes", "1", "active");

    public static final List<String> BOOLEAN_FALSE = List.of("false", "f", "no", "0", "draft", "archived");

    /** One row per order line; a return is a line with a negative quantity. */
    public static final List<ContractColumn> ORDER_LINES = List.of(
            new ContractColumn(
                    "order_id", Kind.TEXT, true, "the order's id or number, as the shop shows it (#1001, 536365)"),
            new ContractColumn("line_id", Kind.POSITIVE_INTEGER, true, "the line's number or id within the order"),
            new ContractColumn(
                    "ordered_at",
                    Kind.TIMESTAMP_WITH_OFFSET,
                    true,
                    "when the order was placed, with its offset: 2025-01-31T06:12:40-05:00, 2025-01-31 06:12:40 -0500 or ...Z"),
            new ContractColumn("sku", Kind.TEXT, true, "the product's SKU (stock code)"),
            new ContractColumn("quantity", Kind.NONZERO_INTEGER, true, "units; negative for a returned line"),
            new ContractColumn("unit_price", Kind.MONEY, true, "price of one unit, before the line's discount"),
            new ContractColumn("currency", Kind.CURRENCY, true, "ISO 4217 code of unit_price and discount"),
            new ContractColumn(
                    "customer_key",
                    Kind.TEXT,
                    false,
                    "the customer as any string (an e-mail, a number); empty for a guest"),
            new ContractColumn("channel", Kind.TEXT, false, "sales channel (web, pos, a marketplace); default web"),
            new ContractColumn("discount", Kind.MONEY, false, "money off the whole line; default 0"),
            new ContractColumn(
                    "status", Kind.ORDER_STATUS, false, "pending, paid, shipped, cancelled or refunded; default paid"),
            new ContractColumn(
                    "product_name",
                    Kind.TEXT,
                    false,
                    "the product's name on the line; names products the products feed does not"));

    /** One row per product (per variant, for shops with variants: one SKU each). */
    public static final List<ContractColumn> PRODUCTS = List.of(
            new ContractColumn("sku", Kind.TEXT, true, "the product's SKU, as on the order lines"),
            new ContractColumn(
                    "price", Kind.POSITIVE_MONEY, true, "the list price (the base price pricing starts from)"),
            new ContractColumn("name", Kind.TEXT, false, "the product's name"),
            new ContractColumn(
                    "category", Kind.TEXT, false, "category (pools elasticity, picks per-category pricing rules)"),
            new ContractColumn("brand", Kind.TEXT, false, "brand or vendor"),
            new ContractColumn("product_type", Kind.TEXT, false, "the shop's product type"),
            new ContractColumn("tags", Kind.TEXT, false, "the shop's tags, comma-separated"),
            new ContractColumn(
                    "unit_cost", Kind.MONEY, false, "what one unit costs the shop (margins, the price floor)"),
            new ContractColumn(
                    "currency",
                    Kind.CURRENCY,
                    false,
                    "ISO 4217 code of price and unit_cost; default the shop's currency"),
            new ContractColumn(
                    "active",
                    Kind.BOOLEAN,
                    false,
                    "whether it is on sale: true/false (t/f, yes/no, 1/0, active/draft/archived); default true"));

    /** One row per product and day from which a list price holds: the shop's price list (commerce price_list). */
    public static final List<ContractColumn> PRICE_LIST = List.of(
            new ContractColumn("sku", Kind.TEXT, true, "the product's SKU, as on the order lines and products"),
            new ContractColumn(
                    "valid_from",
                    Kind.DATE,
                    true,
                    "the day from which the price holds (2025-01-31, in the shop's time zone), until the product's next row"),
            new ContractColumn(
                    "price", Kind.POSITIVE_MONEY, true, "the list price of one unit bought alone from that day on"),
            new ContractColumn(
                    "currency",
                    Kind.CURRENCY,
                    false,
                    "ISO 4217 code of price; default the shop's currency; must be the product's currency"));

    /**
     * One row per product and day: the shop's end-of-day stock (an inventory report per day), what the commerce
     * database keeps as inventory_snapshots and ingest turns into silver.inventory_daily and sales_daily's stockout.
     */
    public static final List<ContractColumn> STOCK = List.of(
            new ContractColumn("sku", Kind.TEXT, true, "the product's SKU, as on the order lines and products"),
            new ContractColumn(
                    "day",
                    Kind.DATE,
                    true,
                    "the day at whose end the stock was counted (2025-01-31, in the shop's time zone)"),
            new ContractColumn("on_hand", Kind.STOCK_UNITS, true, "units in stock at the end of the day"),
            new ContractColumn(
                    "reserved",
                    Kind.STOCK_UNITS,
                    false,
                    "units of on_hand promised to orders not yet shipped; default 0"),
            new ContractColumn(
                    "stockout",
                    Kind.BOOLEAN,
                    false,
                    "whether demand went unserved that day because stock ran out (true/false, t/f, yes/no, 1/0);"
                            + " default: on_hand is 0"));

    /** A plain decimal with up to 4 decimals (rounded half-up to cents). */
    static final String NUMBER_PATTERN = "^-?[0-9]+([.][0-9]{1,4})?$";

    static final String WITH_OFFSET_PATTERN =
            "^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)? ?(Z|[+-][0-9]{2}(:?[0-9]{2})?)$";
    static final String DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
    static final String WITHOUT_ZONE_PATTERN =
            "^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?)?$";

    public static List<String> requiredNames(List<ContractColumn> columns) {
        return columns.stream()
                .filter(ContractColumn::required)
                .map(ContractColumn::name)
                .toList();
    }

    public static List<String> names(List<ContractColumn> columns) {
        return columns.stream().map(ContractColumn::name).toList();
    }

    public static Optional<ContractColumn> column(List<ContractColumn> columns, String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /**
     * The rules of one row on its own, in order: the file's row must have the header's number of values, the
     * required columns a value, then each column's rules in contract order. The expressions read the prepared
     * columns of {@link ContractValidation}: each contract column trimmed, empty as null, and
     * {@code _missing} (the first required column without a value).
     */
    public static List<Rule> rowRules(List<ContractColumn> columns, BigDecimal maxPrice) {
        List<Rule> rules = new ArrayList<>();
        rules.add(new Rule(
                "malformed_row",
                "_corrupt_record IS NULL",
                "the row's values do not match the header's columns: {_corrupt_record}"));
        rules.add(new Rule("missing_value", "_missing IS NULL", "{_missing} is empty"));
        for (ContractColumn c : columns) {
            rules.addAll(rulesOf(c, maxPrice));
        }
        return List.copyOf(rules);
    }

    static List<Rule> rulesOf(ContractColumn column, BigDecimal maxPrice) {
        String c = "`" + column.name() + "`";
        String n = column.name();
        String orNull = c + " IS NULL OR ";
        String max = maxPrice.toPlainString();
        return switch (column.kind()) {
            case TEXT ->
                List.of(new Rule(
                        "too_long",
                        orNull + "length(" + c + ") <= " + column.maxLength(),
                        n + " is longer than " + column.maxLength() + " characters"));
            case POSITIVE_INTEGER ->
                List.of(new Rule(
                        "bad_integer",
                        orNull + "(" + c + " RLIKE '^[0-9]{1,9}$' AND CAST(" + c + " AS INT) > 0)",
                        n + " '{" + n + "}' is not a whole number from 1 to 999999999"));
            case NONZERO_INTEGER ->
                List.of(new Rule(
                        "bad_integer",
                        orNull + "(" + c + " RLIKE '^[+-]?[0-9]{1,9}$' AND CAST(" + c + " AS INT) <> 0)",
                        n + " '{" + n + "}' is not a whole number other than 0"));
            case STOCK_UNITS ->
                List.of(
                        new Rule(
                                "bad_integer",
                                orNull + c + " RLIKE '^[+-]?[0-9]{1,9}$'",
                                n + " '{" + n + "}' is not a whole number"),
                        new Rule(
                                "negative_stock",
                                orNull + "CAST(" + c + " AS INT) >= 0",
                                n + " {" + n + "} is negative"));
            case TIMESTAMP_WITH_OFFSET ->
                List.of(
                        new Rule(
                                "timestamp_without_zone",
                                orNull + "NOT " + c + " RLIKE '" + WITHOUT_ZONE_PATTERN + "'",
                                n + " '{" + n + "}' has no time zone offset (write 2025-01-31T06:12:40-05:00 or ...Z)"),
                        new Rule(
                                "bad_timestamp",
                                orNull + "(" + c + " RLIKE '" + WITH_OFFSET_PATTERN + "' AND " + timestamp(c)
                                        + " IS NOT NULL)",
                                n + " '{" + n + "}' is not an ISO-8601 date and time with offset"));
            case DATE ->
                List.of(new Rule(
                        "bad_date",
                        orNull + "(" + c + " RLIKE '" + DATE_PATTERN + "' AND " + date(c) + " IS NOT NULL)",
                        n + " '{" + n + "}' is not a date YYYY-MM-DD"));
            case MONEY, POSITIVE_MONEY ->
                List.of(
                        new Rule(
                                "bad_number",
                                orNull + c + " RLIKE '" + NUMBER_PATTERN + "'",
                                n + " '{" + n + "}' is not a number with at most 4 decimals"),
                        column.kind() == Kind.MONEY
                                ? new Rule(
                                        "negative_amount",
                                        orNull + decimal(c) + " >= 0",
                                        n + " {" + n + "} is negative")
                                : new Rule(
                                        "not_positive",
                                        orNull + decimal(c) + " > 0",
                                        n + " {" + n + "} is not positive"),
                        new Rule(
                                "amount_out_of_range",
                                orNull + decimal(c) + " <= " + max,
                                n + " {" + n + "} is above the limit " + max + " (nightshift.ingest.max-price)"));
            case CURRENCY ->
                List.of(new Rule(
                        "unknown_currency",
                        orNull + c + " IN (" + quoted(currencies()) + ")",
                        n + " '{" + n + "}' is not an ISO 4217 currency code"));
            case ORDER_STATUS ->
                List.of(new Rule(
                        "unknown_status",
                        orNull + "lower(" + c + ") IN (" + quoted(ORDER_STATUSES) + ")",
                        n + " '{" + n + "}' is not one of " + String.join(", ", ORDER_STATUSES)));
            case BOOLEAN -> {
                List<String> words = new ArrayList<>(BOOLEAN_TRUE);
                words.addAll(BOOLEAN_FALSE);
                yield List.of(new Rule(
                        "bad_boolean",
                        orNull + "lower(" + c + ") IN (" + quoted(words) + ")",
                        n + " '{" + n + "}' is not true or false"));
            }
        };
    }

    /**
     * The rules over the keys of the order lines that passed {@link #rowRules}, in order. The expressions read the
     * window columns {@link ContractValidation} adds over the rows that passed: {@code _versions} (distinct contents
     * of the order line), {@code _copy} (1 for the first copy of an exact repeat), {@code _order_versions}
     * (distinct order-level contents of the order) and {@code _known_product}.
     */
    public static final List<Rule> ORDER_LINE_KEY_RULES = List.of(
            new Rule(
                    "conflicting_duplicate",
                    "_versions = 1",
                    "order {order_id} line {line_id} appears {_rows} times with {_versions} different contents"),
            new Rule("duplicate", "_copy = 1", "exact repeat of order {order_id} line {line_id} at {_first}"),
            new Rule(
                    "inconsistent_order",
                    "_order_versions = 1",
                    "the lines of order {order_id} disagree on ordered_at, currency, customer_key, channel or status"),
            new Rule(
                    "unknown_product",
                    "_known_product",
                    "sku {sku} is in no products file or the database, and no line gives it a positive price"));

    /** The rules over the skus of the products that passed {@link #rowRules}. */
    public static final List<Rule> PRODUCT_KEY_RULES = List.of(
            new Rule(
                    "conflicting_duplicate",
                    "_versions = 1",
                    "sku {sku} appears {_rows} times with {_versions} different contents"),
            new Rule("duplicate", "_copy = 1", "exact repeat of sku {sku} at {_first}"));

    /**
     * The rules over the keys of the price list rows that passed {@link #rowRules}, in order: {@code _versions}
     * (distinct prices of the sku and day), {@code _copy}, {@code _known_product} (the sku is in the database, the
     * products feed or created by the import's order lines) and {@code _product_currency} (that product's currency).
     */
    public static final List<Rule> PRICE_LIST_KEY_RULES = List.of(
            new Rule(
                    "conflicting_duplicate",
                    "_versions = 1",
                    "sku {sku} from {valid_from} appears {_rows} times with {_versions} different prices"),
            new Rule("duplicate", "_copy = 1", "exact repeat of sku {sku} from {valid_from} at {_first}"),
            new Rule(
                    "unknown_product",
                    "_known_product",
                    "sku {sku} is in no products file or the database, and no imported order line creates it"),
            new Rule(
                    "currency_mismatch",
                    "_currency = _product_currency",
                    "currency {_currency} is not the product's currency {_product_currency}"));

    /**
     * The rules over the keys of the stock rows that passed {@link #rowRules}, in order: {@code _versions} (distinct
     * contents of the sku and day), {@code _copy} and {@code _known_product} (the sku is in the database, the
     * products feed or created by the import's order lines).
     */
    public static final List<Rule> STOCK_KEY_RULES = List.of(
            new Rule(
                    "conflicting_duplicate",
                    "_versions = 1",
                    "stock of sku {sku} on {day} appears {_rows} times with {_versions} different contents"),
            new Rule("duplicate", "_copy = 1", "exact repeat of the stock of sku {sku} on {day} at {_first}"),
            new Rule(
                    "unknown_product",
                    "_known_product",
                    "sku {sku} is in no products file or the database, and no imported order line creates it"));

    /** The column's text as a date (YYYY-MM-DD; null when no such day, 2025-02-30). */
    static String date(String c) {
        return "try_cast(" + c + " AS DATE)";
    }

    /** The column's text as a timestamp: offsets normalised to +hh:mm and a space before the time to T. */
    static String timestamp(String c) {
        return "try_cast(regexp_replace(regexp_replace(regexp_replace(" + c
                + ", ' ?([+-][0-9]{2}):?([0-9]{2})$', '$1:$2'),"
                + " ' ?([+-][0-9]{2})$', '$1:00'), '^([0-9]{4}-[0-9]{2}-[0-9]{2}) ', '$1T') AS TIMESTAMP)";
    }

    static String decimal(String c) {
        return "try_cast(" + c + " AS DECIMAL(20,4))";
    }

    static List<String> currencies() {
        return Currency.getAvailableCurrencies().stream()
                .map(Currency::getCurrencyCode)
                .sorted()
                .toList();
    }

    private static String quoted(List<String> values) {
        return values.stream().map(v -> "'" + v + "'").collect(Collectors.joining(", "));
    }
}
