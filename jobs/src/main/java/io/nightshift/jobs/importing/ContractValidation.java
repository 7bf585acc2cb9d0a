package io.nightshift.jobs.importing;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.nightshift.jobs.ingest.Rule;
import io.nightshift.jobs.ingest.Rules;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

/**
 * Pure: contract rows (text columns named as in {@link ImportContract}, plus the metadata of {@link ImportFiles})
 * checked by the contract's rules. Every row gets an {@code outcome}: {@code quarantined} (with the first rule it
 * broke), {@code non_product} (an order line matching the non-product patterns) or {@code imported}; so rows in =
 * imported + non-product + quarantined by construction. The same for products, the price list and the stock feed.
 */
public final class ContractValidation {
    public static final String OUTCOME = "outcome";
    public static final String IMPORTED = "imported";
    public static final String NON_PRODUCT = "non_product";
    public static final String QUARANTINED = "quarantined";

    private ContractValidation() {}

    /** The typed order lines accepted: what the commerce database gets. */
    public static final List<String> ORDER_LINE_OUTPUT = List.of(
            "order_id",
            "line_no",
            "ordered_at",
            "sku",
            "quantity",
            "unit_price",
            "currency",
            "customer_key",
            "channel",
            "discount",
            "status",
            "product_name");

    public static final List<String> PRODUCT_OUTPUT = List.of(
            "sku", "price", "name", "category", "brand", "product_type", "tags", "unit_cost", "currency", "active");

    /**
     * @param rows               contract order line rows as text
     * @param knownSkus          one column {@code sku}: products already known (the database's, the products feed's)
     * @param maxPrice           prices above it are out of range
     * @param nonProductPattern  a regular expression matching the sku or product name of a non-product line
     * @return every row with {@code outcome}, {@code rule}, {@code reason} and the typed columns
     */
    public static Dataset<Row> orderLines(
            Dataset<Row> rows, Dataset<Row> knownSkus, BigDecimal maxPrice, String nonProductPattern) {
        List<ContractColumn> columns = ImportContract.ORDER_LINES;
        Dataset<Row> prepared = prepare(rows, columns)
                .withColumn("line_no", expr("try_cast(line_id AS INT)"))
                .withColumn("_ordered_at", expr(ImportContract.timestamp("ordered_at")))
                .withColumn("_quantity", expr("try_cast(quantity AS INT)"))
                .withColumn("_unit_price", money("unit_price"))
                .withColumn(
                        "_discount",
                        coalesce(money("discount"), lit(BigDecimal.ZERO).cast("decimal(12,2)")))
                .withColumn("_status", coalesce(expr("lower(status)"), lit("paid")))
                .withColumn("_channel", coalesce(col("channel"), lit("web")))
                .withColumn(
                        "_non_product",
                        expr("coalesce(sku RLIKE '" + sqlString(nonProductPattern) + "', false)"
                                + " OR coalesce(product_name RLIKE '" + sqlString(nonProductPattern) + "', false)"));
        Dataset<Row> rowChecked = firstBroken(prepared, exceptNonProducts(ImportContract.rowRules(columns, maxPrice)));

        Column valid = col(Rules.RULE).isNull();
        Column content = xxhash64(
                col("_ordered_at"),
                col("sku"),
                col("_quantity"),
                col("_unit_price"),
                col("currency"),
                col("customer_key"),
                col("_channel"),
                col("_discount"),
                col("_status"),
                col("product_name"));
        Dataset<Row> keyed = keyedCopies(rowChecked, content, valid, col("order_id"), col("line_no"));

        Dataset<Row> lineChecked = firstBroken(
                        keyed, exceptNonProducts(ImportContract.ORDER_LINE_KEY_RULES.subList(0, 2)))
                .persist(StorageLevel.MEMORY_AND_DISK());

        // Products a line may name: known ones, and any sku some accepted product line sells at a positive price.
        Dataset<Row> priced = lineChecked
                .filter(col(Rules.RULE)
                        .isNull()
                        .and(col("_non_product").unary_$bang())
                        .and(col("_unit_price").gt(0)))
                .select(col("sku"))
                .union(knownSkus.select(col("sku")))
                .distinct()
                .withColumnRenamed("sku", "_known_sku")
                .withColumn("_known", lit(true));
        Column validNow = col(Rules.RULE).isNull().and(col("_non_product").unary_$bang());
        Column orderContent =
                xxhash64(col("_ordered_at"), col("currency"), col("customer_key"), col("_channel"), col("_status"));
        Dataset<Row> ordered = lineChecked
                .withColumn(
                        "_order_versions",
                        size(collect_set(orderContent).over(Window.partitionBy(validNow, col("order_id")))))
                .join(priced, col("sku").equalTo(col("_known_sku")), "left")
                .withColumn(
                        "_known_product", coalesce(col("_known"), lit(false)).or(col("_non_product")))
                .drop("_known_sku", "_known");
        Dataset<Row> checked =
                firstBroken(ordered, exceptNonProducts(ImportContract.ORDER_LINE_KEY_RULES.subList(2, 4)));
        return checked.withColumn(
                        OUTCOME,
                        when(col(Rules.RULE).isNotNull(), lit(QUARANTINED))
                                .when(col("_non_product"), lit(NON_PRODUCT))
                                .otherwise(lit(IMPORTED)))
                .withColumn("ordered_at", col("_ordered_at"))
                .withColumn("quantity", col("_quantity"))
                .withColumn("unit_price", col("_unit_price"))
                .withColumn("discount", col("_discount"))
                .withColumn("status", col("_status"))
                .withColumn("channel", col("_channel"))
                .select(kept(ORDER_LINE_OUTPUT, "line_id"));
    }

    /**
     * @param rows            contract product rows as text
     * @param defaultCurrency the shop's currency, for rows without one
     */
    public static Dataset<Row> products(Dataset<Row> rows, BigDecimal maxPrice, String defaultCurrency) {
        List<ContractColumn> columns = ImportContract.PRODUCTS;
        Dataset<Row> prepared = prepare(rows, columns)
                .withColumn("_price", money("price"))
                .withColumn("_unit_cost", money("unit_cost"))
                .withColumn("_currency", coalesce(col("currency"), lit(defaultCurrency)))
                .withColumn(
                        "_active",
                        when(col("active").isNull(), lit(true))
                                .otherwise(array_contains(
                                        expr("array(" + quotedList(ImportContract.BOOLEAN_TRUE) + ")"),
                                        expr("lower(active)"))));
        Dataset<Row> rowChecked = firstBroken(prepared, ImportContract.rowRules(columns, maxPrice));
        Column valid = col(Rules.RULE).isNull();
        Column content = xxhash64(
                col("_price"),
                col("name"),
                col("category"),
                col("brand"),
                col("product_type"),
                col("tags"),
                col("_unit_cost"),
                col("_currency"),
                col("_active"));
        Dataset<Row> keyed = keyedCopies(rowChecked, content, valid, col("sku"));

        return firstBroken(keyed, ImportContract.PRODUCT_KEY_RULES)
                .withColumn(OUTCOME, outcome())
                .withColumn("price", col("_price"))
                .withColumn("unit_cost", col("_unit_cost"))
                .withColumn("currency", col("_currency"))
                .withColumn("active", col("_active"))
                .select(kept(PRODUCT_OUTPUT));
    }

    /** The typed price list rows accepted: sku, the day (a date) and the price in the product's currency. */
    public static final List<String> PRICE_LIST_OUTPUT = List.of("sku", "valid_from", "price", "currency");

    /**
     * @param rows            contract price list rows as text
     * @param knownProducts   {@code sku}, {@code currency}: every product the import knows (the database's, the
     *                        products feed's and those the order lines create), one row per sku
     * @param defaultCurrency the shop's currency, for rows without one
     */
    public static Dataset<Row> priceList(
            Dataset<Row> rows, Dataset<Row> knownProducts, BigDecimal maxPrice, String defaultCurrency) {
        List<ContractColumn> columns = ImportContract.PRICE_LIST;
        Dataset<Row> prepared = prepare(rows, columns)
                .withColumn("_valid_from", expr(ImportContract.date("valid_from")))
                .withColumn("_price", money("price"))
                .withColumn("_currency", coalesce(col("currency"), lit(defaultCurrency)));
        Dataset<Row> rowChecked = firstBroken(prepared, ImportContract.rowRules(columns, maxPrice));
        Column valid = col(Rules.RULE).isNull();
        Dataset<Row> keyed = keyedCopies(
                rowChecked, xxhash64(col("_price"), col("_currency")), valid, col("sku"), col("_valid_from"));

        Dataset<Row> known = knownProducts
                .select(col("sku").as("_known_sku"), col("currency").as("_product_currency"))
                .withColumn("_known", lit(true));
        return firstBroken(withKnownProduct(keyed, known), ImportContract.PRICE_LIST_KEY_RULES)
                .withColumn(OUTCOME, outcome())
                .withColumn("valid_from", col("_valid_from"))
                .withColumn("price", col("_price"))
                .withColumn("currency", col("_currency"))
                .select(kept(PRICE_LIST_OUTPUT));
    }

    /** A row's outcome: quarantined when it broke a rule, else imported. */
    private static Column outcome() {
        return when(col(Rules.RULE).isNotNull(), lit(QUARANTINED)).otherwise(lit(IMPORTED));
    }

    /**
     * {@code _known_product} on every row: whether its sku is among {@code known}'s {@code _known_sku} rows (marked
     * {@code _known = true}), for the unknown_product rule.
     */
    private static Dataset<Row> withKnownProduct(Dataset<Row> rows, Dataset<Row> known) {
        return rows.join(known, col("sku").equalTo(col("_known_sku")), "left")
                .withColumn("_known_product", coalesce(col("_known"), lit(false)))
                .drop("_known_sku", "_known");
    }

    /** The typed stock rows accepted: sku, the day (a date), units on hand and reserved, and the stock-out flag. */
    public static final List<String> STOCK_OUTPUT = List.of("sku", "day", "on_hand", "reserved", "stockout");

    /** The stock feed has no money column: no rule reads the price limit. */
    private static final BigDecimal NO_MONEY = BigDecimal.ZERO;

    /**
     * @param rows          contract stock rows as text
     * @param knownProducts {@code sku}: every product the import knows (the database's, the products feed's and those
     *                      the order lines create), one row per sku
     * @return every row with {@code outcome}, {@code rule}, {@code reason} and the typed columns; reserved defaults
     *     to 0 and stockout to on_hand = 0 (the commerce schema's meaning: demand went unserved because the stock
     *     ran out, which an end-of-day count of 0 is the shop's best evidence of)
     */
    public static Dataset<Row> stock(Dataset<Row> rows, Dataset<Row> knownProducts) {
        List<ContractColumn> columns = ImportContract.STOCK;
        Dataset<Row> prepared = prepare(rows, columns)
                .withColumn("_day", expr(ImportContract.date("day")))
                .withColumn("_on_hand", expr("try_cast(on_hand AS INT)"))
                .withColumn("_reserved", coalesce(expr("try_cast(reserved AS INT)"), lit(0)))
                .withColumn(
                        "_stockout",
                        when(col("stockout").isNull(), col("_on_hand").equalTo(0))
                                .otherwise(array_contains(
                                        expr("array(" + quotedList(ImportContract.BOOLEAN_TRUE) + ")"),
                                        expr("lower(stockout)"))));
        Dataset<Row> rowChecked = firstBroken(prepared, ImportContract.rowRules(columns, NO_MONEY));
        Column valid = col(Rules.RULE).isNull();
        Dataset<Row> keyed = keyedCopies(
                rowChecked,
                xxhash64(col("_on_hand"), col("_reserved"), col("_stockout")),
                valid,
                col("sku"),
                col("_day"));

        Dataset<Row> known =
                knownProducts.select(col("sku").as("_known_sku")).distinct().withColumn("_known", lit(true));
        return firstBroken(withKnownProduct(keyed, known), ImportContract.STOCK_KEY_RULES)
                .withColumn(OUTCOME, outcome())
                .withColumn("day", col("_day"))
                .withColumn("on_hand", col("_on_hand"))
                .withColumn("reserved", col("_reserved"))
                .withColumn("stockout", col("_stockout"))
                .select(kept(STOCK_OUTPUT));
    }

    /**
     * Every product an import knows, with its currency: the database's, replaced by the products feed's accepted
     * rows, and the skus the accepted order lines create (as the writer creates them: a sku no product names, sold
     * at a positive price by some line; its currency the latest line's).
     *
     * @param database        {@code sku}, {@code currency} of the commerce database's products
     * @param checkedProducts the products feed's checked rows (null: none)
     * @param checkedLines    the order lines' checked rows
     */
    public static Dataset<Row> knownProducts(
            Dataset<Row> database, Dataset<Row> checkedProducts, Dataset<Row> checkedLines) {
        Dataset<Row> named = database.select("sku", "currency");
        if (checkedProducts != null) {
            Dataset<Row> feed = imported(checkedProducts, List.of("sku", "currency"));
            named = named.join(
                            feed.select(col("sku").as("_feed_sku")), col("sku").equalTo(col("_feed_sku")), "left_anti")
                    .union(feed);
        }
        Dataset<Row> lines = imported(checkedLines, ORDER_LINE_OUTPUT);
        Dataset<Row> created = lines.groupBy("sku")
                .agg(
                        expr("max_by(currency, struct(ordered_at, order_id, line_no))")
                                .as("currency"),
                        expr("max(unit_price) > 0").as("_priced"))
                .filter(col("_priced"))
                .select("sku", "currency");
        return named.union(created.join(
                named.select(col("sku").as("_named_sku")), col("sku").equalTo(col("_named_sku")), "left_anti"));
    }

    /** The imported rows, typed, in {@code output}'s columns. */
    public static Dataset<Row> imported(Dataset<Row> checked, List<String> output) {
        return checked.filter(col(OUTCOME).equalTo(IMPORTED))
                .select(output.stream().map(c -> col(c)).toArray(Column[]::new));
    }

    /** The quarantined rows in the quarantine tables' schema. */
    public static Dataset<Row> quarantine(Dataset<Row> checked, LocalDate runDate, Timestamp ingestedAt) {
        return checked.filter(col(OUTCOME).equalTo(QUARANTINED))
                .select(
                        lit(Date.valueOf(runDate)).as("day"),
                        lit(Date.valueOf(runDate)).as("run_date"),
                        col(ImportFiles.SOURCE_FILE).as("source_file"),
                        col(ImportFiles.ROW).as("line_number"),
                        col(ImportFiles.RAW).as("raw"),
                        col(Rules.RULE).as("rule"),
                        col(Rules.REASON).as("reason"),
                        lit(ingestedAt).as("ingested_at"));
    }

    /**
     * Each contract column trimmed with empty as null (absent optional columns are all null), and {@code _missing}:
     * the first required column without a value.
     */
    static Dataset<Row> prepare(Dataset<Row> rows, List<ContractColumn> columns) {
        Set<String> present = Set.of(rows.columns());
        Dataset<Row> prepared = rows;
        List<String> missingCases = new ArrayList<>();
        for (ContractColumn c : columns) {
            Column value = present.contains(c.name())
                    ? expr("nullif(trim(`" + c.name() + "`), '')")
                    : lit(null).cast(DataTypes.StringType);
            prepared = prepared.withColumn(c.name(), value);
            if (c.required()) {
                missingCases.add("WHEN `" + c.name() + "` IS NULL THEN '" + c.name() + "'");
            }
        }
        if (!Arrays.asList(rows.columns()).contains(ImportFiles.CORRUPT)) {
            prepared = prepared.withColumn(ImportFiles.CORRUPT, lit(null).cast(DataTypes.StringType));
        }
        return prepared.withColumn(
                "_missing",
                missingCases.isEmpty()
                        ? lit(null).cast(DataTypes.StringType)
                        : expr("CASE " + String.join(" ", missingCases) + " END"));
    }

    /** A money column's text as cents, rounded half-up; null when it is not a number. */
    private static Column money(String column) {
        return expr("CASE WHEN `" + column + "` RLIKE '" + ImportContract.NUMBER_PATTERN
                + "' THEN try_cast(round(try_cast(`" + column + "` AS DECIMAL(20,4)), 2) AS DECIMAL(12,2)) END");
    }

    private static String sqlString(String text) {
        return text.replace("\\", "\\\\").replace("'", "\\'");
    }

    private static String quotedList(List<String> values) {
        return String.join(", ", values.stream().map(v -> "'" + v + "'").toList());
    }

    /** The columns a checked frame keeps: the outcome, the rule, where the row came from, and the typed output. */
    private static Column[] kept(List<String> output, String... more) {
        List<Column> columns = new ArrayList<>(List.of(
                col(OUTCOME),
                col(Rules.RULE),
                col(Rules.REASON),
                col(ImportFiles.SOURCE_FILE),
                col(ImportFiles.ROW),
                col(ImportFiles.RAW)));
        output.forEach(c -> columns.add(col(c)));
        for (String c : more) {
            columns.add(col(c));
        }
        return columns.toArray(new Column[0]);
    }

    /**
     * {@link Rules#firstBroken} with each rule evaluated at most once per row, in order, stopping at the first
     * broken one (the rule's reason is built only for it); rows that already carry a rule keep it.
     */
    static Dataset<Row> firstBroken(Dataset<Row> rows, List<Rule> rules) {
        Column index = lit(null).cast(DataTypes.IntegerType);
        for (int i = rules.size() - 1; i >= 0; i--) {
            index = when(rules.get(i).broken(), lit(i)).otherwise(index);
        }
        boolean staged = Arrays.asList(rows.columns()).contains(Rules.RULE);
        if (staged) {
            index = when(col(Rules.RULE).isNull(), index);
        }
        Dataset<Row> indexed = rows.withColumn("_rule_index", index);
        Column name = lit(null).cast(DataTypes.StringType);
        Column reason = lit(null).cast(DataTypes.StringType);
        for (int i = rules.size() - 1; i >= 0; i--) {
            name = when(col("_rule_index").equalTo(i), lit(rules.get(i).name())).otherwise(name);
            reason = when(col("_rule_index").equalTo(i), rules.get(i).reasonColumn())
                    .otherwise(reason);
        }
        if (staged) {
            name = coalesce(col(Rules.RULE), name);
            reason = coalesce(col(Rules.REASON), reason);
        }
        return indexed.withColumn(Rules.RULE, name)
                .withColumn(Rules.REASON, reason)
                .drop("_rule_index");
    }

    /** Non-product lines are recognised before any rule and counted, not checked: they are not imported. */
    private static List<Rule> exceptNonProducts(List<Rule> rules) {
        return rules.stream()
                .map(r -> new Rule(r.name(), "_non_product OR (" + r.mustHold() + ")", r.reason()))
                .toList();
    }

    /** The price list's rules in order, for documentation and tests. */
    public static List<Rule> priceListRules(BigDecimal maxPrice) {
        List<Rule> all = new ArrayList<>(ImportContract.rowRules(ImportContract.PRICE_LIST, maxPrice));
        all.addAll(ImportContract.PRICE_LIST_KEY_RULES);
        return all;
    }

    /** The stock feed's rules in order, for documentation and tests. */
    public static List<Rule> stockRules() {
        List<Rule> all = new ArrayList<>(ImportContract.rowRules(ImportContract.STOCK, NO_MONEY));
        all.addAll(ImportContract.STOCK_KEY_RULES);
        return all;
    }

    /** The rules in order, for documentation and tests. */
    public static List<Rule> orderLineRules(BigDecimal maxPrice) {
        List<Rule> all = new ArrayList<>(ImportContract.rowRules(ImportContract.ORDER_LINES, maxPrice));
        all.addAll(ImportContract.ORDER_LINE_KEY_RULES);
        return all;
    }

    /**
     * Marks each row's copies under its key (the validity flag first, so refused rows never make a valid one a
     * duplicate): {@code _content} the row's values, {@code _versions} how many different contents share its key,
     * {@code _rows} how many rows, {@code _copy} its place among identical rows in file and row order, and
     * {@code _first} where the first of those stands (file and row), for the key rules' reasons.
     */
    private static Dataset<Row> keyedCopies(Dataset<Row> rows, Column content, Column... key) {
        Column[] withContent = Arrays.copyOf(key, key.length + 1);
        withContent[key.length] = col("_content");
        WindowSpec sameKey = Window.partitionBy(key);
        WindowSpec copies = Window.partitionBy(withContent).orderBy(col(ImportFiles.SOURCE_FILE), col(ImportFiles.ROW));
        return rows.withColumn("_content", content)
                .withColumn("_versions", size(collect_set(col("_content")).over(sameKey)))
                .withColumn("_rows", count(lit(1)).over(sameKey))
                .withColumn("_copy", row_number().over(copies))
                .withColumn(
                        "_first",
                        first(concat(
                                        col(ImportFiles.SOURCE_FILE),
                                        lit(" row "),
                                        col(ImportFiles.ROW).cast("string")))
                                .over(copies));
    }
}
