package io.nightshift.jobs.importing;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * WooCommerce's built-in product CSV export (Products → Export, WooCommerce 3.1+) mapped onto the input contract
 * (pure). One row per product and one per variation; a variation names its parent in {@code Parent} (the parent's
 * SKU, or {@code id:<ID>}) and has no categories or tags of its own. Variable, grouped and external products are
 * not sold as such (their variations, children or another site are): they are counted and skipped. The columns
 * are those of {@code WC_Product_CSV_Exporter::get_default_column_names}, with the export's English names; every
 * one is either mapped here or listed in {@link #IGNORED_PRODUCT_COLUMNS} (docs/input-contract.md#woocommerce).
 * The REST API's products are read through the same mapping ({@link WooCommerceApi#productRows}).
 */
public final class WooCommerceExport {
    private WooCommerceExport() {}

    /** Product export columns the contract takes, and what each becomes. */
    public static final Map<String, String> MAPPED_PRODUCT_COLUMNS = ordered(
            "ID",
            "the sku when SKU is empty (id:<ID>, as order lines without a SKU name it); how variations name their parent",
            "Type",
            "simple and variation rows are products (also with virtual, downloadable, and types plugins add);"
                    + " variable, grouped and external rows are counted and skipped",
            "SKU",
            "sku (the leading ' the export puts before a value starting with = + - @ is removed)",
            "Name",
            "name",
            "Published",
            "active: 1 → true; 0 (private), -1 (draft), 2 (pending review) → false",
            "Regular price",
            "price, written with the shop's decimal separator (nightshift.import.woocommerce.decimal-separator)",
            "Categories",
            "category: the leaf of the first category listed (Clothing > Hoodies, Music → Hoodies);"
                    + " Uncategorized → none; a variation takes its parent's",
            "Tags",
            "tags, as the export lists them; a variation takes its parent's",
            "Parent",
            "a variation's parent (its SKU or id:<ID>), for the variation's category and tags",
            "Cost of goods",
            "unit_cost (the column is there when the cost of goods feature is on)");

    /** Product export columns left out, with why; see also {@link #IGNORED_PRODUCT_PATTERNS}. */
    public static final Map<String, String> IGNORED_PRODUCT_COLUMNS = ordered(
            "GTIN, UPC, EAN, or ISBN",
            "barcode",
            "Is featured?",
            "storefront display",
            "Visibility in catalog",
            "storefront display (Published says whether it is on sale)",
            "Short description",
            "description",
            "Description",
            "description",
            "Date sale price starts",
            "a sale's dates: the list price is Regular price",
            "Date sale price ends",
            "a sale's dates: the list price is Regular price",
            "Sale price",
            "a temporary markdown; what a line was sold at is on the order line",
            "Tax status",
            "tax",
            "Tax class",
            "tax",
            "In stock?",
            "current stock status: a day's end stock is the stock feed (--stock)",
            "Stock",
            "current stock: a day's end stock is the stock feed (--stock)",
            "Low stock amount",
            "inventory settings",
            "Backorders allowed?",
            "inventory settings",
            "Sold individually?",
            "cart settings",
            "Weight (kg)",
            "weight (the unit in the name is the shop's)",
            "Length (cm)",
            "dimensions (the unit in the name is the shop's)",
            "Width (cm)",
            "dimensions",
            "Height (cm)",
            "dimensions",
            "Allow customer reviews?",
            "reviews",
            "Purchase note",
            "free text",
            "Shipping class",
            "logistics",
            "Images",
            "images",
            "Download limit",
            "downloads",
            "Download expiry days",
            "downloads",
            "Grouped products",
            "a grouped product's children (each is a product row of its own)",
            "Upsells",
            "merchandising links",
            "Cross-sells",
            "merchandising links",
            "External URL",
            "external products are skipped",
            "Button text",
            "external products are skipped",
            "Position",
            "menu order");

    /**
     * Columns the export adds per product as needed, left out: attributes (a variation's name already carries its
     * values), downloads, meta data (with "Export custom meta"), and the weight and dimensions under the shop's own
     * units.
     */
    public static final Map<String, String> IGNORED_PRODUCT_PATTERNS = ordered(
            "Attribute N name, Attribute N value(s), Attribute N visible, Attribute N global, Attribute N default",
            "Attribute [0-9]+ (name|value\\(s\\)|visible|global|default)",
            "Download N ID, Download N name, Download N URL",
            "Download [0-9]+ (ID|name|URL)",
            "Meta: (key)",
            "Meta: .+",
            "Weight (unit), Length (unit), Width (unit), Height (unit)",
            "(Weight|Length|Width|Height) \\(.+\\)");

    /** Without these a file is not a product export this adapter can read. */
    public static final List<String> REQUIRED_PRODUCT_COLUMNS = List.of("ID", "Type", "SKU", "Regular price");

    /** Product types that are not sold as such: counted and skipped. */
    public static final List<String> SKIPPED_TYPES = List.of("variable", "grouped", "external");

    /** Whether a header column is one the documented export writes (mapped, left out, or a per-product column). */
    public static boolean isKnownColumn(String name) {
        if (MAPPED_PRODUCT_COLUMNS.containsKey(name) || IGNORED_PRODUCT_COLUMNS.containsKey(name)) {
            return true;
        }
        return IGNORED_PRODUCT_PATTERNS.values().stream().anyMatch(p -> Pattern.matches(p, name));
    }

    /** The product's type: the first of the export's comma-separated types, lower case. */
    private static Column type() {
        return lower(trim(element_at(split(col("`Type`"), ","), 1)));
    }

    /** A variable, grouped or external product's row: not a product, counted and skipped. */
    public static Column isSkippedRow() {
        return coalesce(type().isin(SKIPPED_TYPES.toArray()), lit(false));
    }

    /**
     * The export's rows that are products, as contract products (text); skipped rows are left to the caller.
     *
     * @param parentInSameFile a variation's parent is looked for in its own file (exports), or anywhere in the
     *                         frame (the API's rows, one origin per product and variation)
     */
    public static Dataset<Row> products(Dataset<Row> export, String decimalSeparator, boolean parentInSameFile) {
        Set<String> present = Set.of(export.columns());
        Column sku = coalesce(unescaped("SKU"), concat(lit("id:"), text("ID")));
        // Every product's categories and tags under both names a variation may give for it.
        Dataset<Row> parents = export.select(
                        (parentInSameFile ? col(ImportFiles.SOURCE_FILE) : lit("")).as("_parent_file"),
                        explode(array_compact(array(unescaped("SKU"), concat(lit("id:"), text("ID")))))
                                .as("_parent_key"),
                        optional(present, "Categories").as("_parent_categories"),
                        optional(present, "Tags").as("_parent_tags"))
                .groupBy(col("_parent_file"), col("_parent_key"))
                .agg(
                        min(col("_parent_categories")).as("_parent_categories"),
                        min(col("_parent_tags")).as("_parent_tags"));
        Column parentKey =
                present.contains("Parent") ? unescaped("Parent") : lit(null).cast(DataTypes.StringType);
        Dataset<Row> rows = export.filter(isSkippedRow().unary_$bang())
                .withColumn("_parent", when(type().equalTo("variation"), parentKey))
                .join(
                        parents,
                        parentInSameFile
                                ? col(ImportFiles.SOURCE_FILE)
                                        .equalTo(col("_parent_file"))
                                        .and(col("_parent").equalTo(col("_parent_key")))
                                : col("_parent").equalTo(col("_parent_key")),
                        "left");
        Column categories = coalesce(optional(present, "Categories"), col("_parent_categories"));
        Column firstCategory = trim(element_at(split(categories, "(?<!\\\\),"), 1));
        Column leaf = regexp_replace(trim(element_at(split(firstCategory, " > "), -1)), "\\\\,", ",");
        return rows.select(
                sku.as("sku"),
                decimal(text("Regular price"), decimalSeparator).as("price"),
                (present.contains("Name") ? unescaped("Name") : lit(null).cast(DataTypes.StringType)).as("name"),
                when(lower(leaf).equalTo("uncategorized"), lit(null).cast(DataTypes.StringType))
                        .otherwise(leaf)
                        .as("category"),
                lit(null).cast(DataTypes.StringType).as("brand"),
                lit(null).cast(DataTypes.StringType).as("product_type"),
                coalesce(optional(present, "Tags"), col("_parent_tags")).as("tags"),
                decimal(optional(present, "Cost of goods"), decimalSeparator).as("unit_cost"),
                lit(null).cast(DataTypes.StringType).as("currency"),
                (present.contains("Published")
                                ? expr("CASE nullif(trim(`Published`), '') WHEN '1' THEN 'true' WHEN '0' THEN 'false'"
                                        + " WHEN '-1' THEN 'false' WHEN '2' THEN 'false'"
                                        + " ELSE nullif(trim(`Published`), '') END")
                                : lit(null).cast(DataTypes.StringType))
                        .as("active"),
                col(ImportFiles.SOURCE_FILE),
                col(ImportFiles.ROW),
                col(ImportFiles.RAW),
                col(ImportFiles.CORRUPT));
    }

    private static Column text(String column) {
        return expr("nullif(trim(`" + column + "`), '')");
    }

    private static Column optional(Set<String> present, String column) {
        return present.contains(column) ? text(column) : lit(null).cast(DataTypes.StringType);
    }

    /** The export's guard against spreadsheet formulas undone: a leading ' before = + - @ is dropped. */
    private static Column unescaped(String column) {
        return regexp_replace(text(column), "^'([=+@-])", "$1");
    }

    /** A price as the contract reads it: the shop's decimal separator turned into a point. */
    private static Column decimal(Column value, String decimalSeparator) {
        return decimalSeparator.equals(".") ? value : regexp_replace(value, Pattern.quote(decimalSeparator), ".");
    }

    static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}
