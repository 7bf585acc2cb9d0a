package io.nightshift.jobs.importing;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;

/**
 * The Shopify admin's CSV exports mapped onto the input contract (pure). Orders export: one row per line item,
 * the order-level fields only on the order's first row (they are carried to its other rows here). Products export:
 * one row per variant, plus image-only rows; product-level fields only on the product's first row. Every column of
 * the documented exports is either mapped here or listed in {@link #IGNORED_ORDER_COLUMNS} /
 * {@link #IGNORED_PRODUCT_COLUMNS} with the reason (docs/input-contract.md#shopify-exports).
 */
public final class ShopifyExport {
    private ShopifyExport() {}

    /** Orders export columns the contract takes, and what each becomes. */
    public static final Map<String, String> MAPPED_ORDER_COLUMNS = ordered(
            "Name", "order_id (the order number, e.g. #1001)",
            "Created at", "ordered_at (2025-10-07 09:50:26 +0200)",
            "Lineitem sku", "sku",
            "Lineitem quantity", "quantity",
            "Lineitem price", "unit_price",
            "Currency", "currency",
            "Email", "customer_key (lower case; empty: a guest)",
            "Source", "channel (web, pos, an app id); empty: web",
            "Lineitem discount", "discount",
            "Lineitem name", "product_name (and the non-product patterns)",
            "Financial Status",
                    "status: paid, partially_paid, partially_refunded → paid (shipped when fulfilled); pending, authorized → pending; refunded → refunded; voided, expired → cancelled",
            "Fulfillment Status", "status: fulfilled makes a paid order shipped",
            "Cancelled at", "status: a cancelled order is cancelled, whatever its financial status");

    /** Orders export columns left out, with why. "Tax N Name/Value" columns (N = 1..5) are left out too. */
    public static final Map<String, String> IGNORED_ORDER_COLUMNS = ordered(
            "Paid at",
            "payment time; the order time is Created at",
            "Fulfilled at",
            "shipping time",
            "Accepts Marketing",
            "marketing consent",
            "Subtotal",
            "derived from the lines",
            "Shipping",
            "shipping charged: not a product (order totals are recomputed from the product lines)",
            "Taxes",
            "tax, not demand",
            "Total",
            "recomputed from the imported lines",
            "Discount Code",
            "the code's name",
            "Discount Amount",
            "order-level discount; the line's share is Lineitem discount",
            "Shipping Method",
            "logistics",
            "Lineitem compare at price",
            "a strike-through price, not what the customer paid",
            "Lineitem requires shipping",
            "logistics",
            "Lineitem taxable",
            "tax",
            "Lineitem fulfillment status",
            "per-line fulfilment; the order's Fulfillment Status is used",
            "Billing Name",
            "personal data",
            "Billing Street",
            "personal data",
            "Billing Address1",
            "personal data",
            "Billing Address2",
            "personal data",
            "Billing Company",
            "personal data",
            "Billing City",
            "personal data",
            "Billing Zip",
            "personal data",
            "Billing Province",
            "personal data",
            "Billing Country",
            "personal data",
            "Billing Phone",
            "personal data",
            "Billing Province Name",
            "personal data",
            "Shipping Name",
            "personal data",
            "Shipping Street",
            "personal data",
            "Shipping Address1",
            "personal data",
            "Shipping Address2",
            "personal data",
            "Shipping Company",
            "personal data",
            "Shipping City",
            "personal data",
            "Shipping Zip",
            "personal data",
            "Shipping Province",
            "personal data",
            "Shipping Country",
            "personal data",
            "Shipping Phone",
            "personal data",
            "Shipping Province Name",
            "personal data",
            "Notes",
            "free text",
            "Note Attributes",
            "free text",
            "Payment Method",
            "payment",
            "Payment Reference",
            "payment",
            "Payment References",
            "payment",
            "Payment ID",
            "payment",
            "Payment Terms Name",
            "payment",
            "Next Payment Due At",
            "payment",
            "Refunded Amount",
            "money refunded on the order, not attributable to a line: a fully refunded order has Financial Status refunded",
            "Outstanding Balance",
            "payment",
            "Vendor",
            "the line's vendor; brands come from the products export",
            "Id",
            "Shopify's internal order id; Name is the order's key",
            "Tags",
            "the order's tags",
            "Risk Level",
            "fraud analysis",
            "Employee",
            "point of sale staff",
            "Location",
            "point of sale location",
            "Device ID",
            "point of sale device",
            "Phone",
            "personal data",
            "Receipt Number",
            "point of sale receipt",
            "Duties",
            "customs duties, not demand");

    /** Products export columns the contract takes (older export names; the 2024 names are read as aliases). */
    public static final Map<String, String> MAPPED_PRODUCT_COLUMNS = ordered(
            "Handle",
            "groups a product's rows (URL handle)",
            "Title",
            "name (with the variant's option values when it has options)",
            "Option1 Value",
            "name's variant part",
            "Option2 Value",
            "name's variant part",
            "Option3 Value",
            "name's variant part",
            "Vendor",
            "brand",
            "Product Category",
            "category (Shopify's standard taxonomy path)",
            "Type",
            "product_type",
            "Tags",
            "tags",
            "Variant SKU",
            "sku (a row with neither SKU nor price is an image row, counted and skipped)",
            "Variant Price",
            "price",
            "Cost per item",
            "unit_cost",
            "Status",
            "active: active → true, draft and archived → false",
            "Published",
            "active, when the export has no Status column");

    /** Products export columns left out, with why. Price / Compare At Price / Included per market are left out too. */
    public static final Map<String, String> IGNORED_PRODUCT_COLUMNS = ordered(
            "Body (HTML)",
            "description",
            "Option1 Name",
            "option names",
            "Option2 Name",
            "option names",
            "Option3 Name",
            "option names",
            "Variant Grams",
            "weight",
            "Variant Inventory Tracker",
            "inventory settings",
            "Variant Inventory Qty",
            "current stock of one location: a day's end stock is the stock feed (--stock)",
            "Variant Inventory Policy",
            "inventory settings",
            "Variant Fulfillment Service",
            "logistics",
            "Variant Compare At Price",
            "a strike-through price",
            "Variant Requires Shipping",
            "logistics",
            "Variant Taxable",
            "tax",
            "Variant Barcode",
            "barcode",
            "Image Src",
            "images",
            "Image Position",
            "images",
            "Image Alt Text",
            "images",
            "Gift Card",
            "gift card flag (gift card lines match the non-product patterns)",
            "SEO Title",
            "SEO",
            "SEO Description",
            "SEO",
            "Variant Image",
            "images",
            "Variant Weight Unit",
            "weight",
            "Variant Tax Code",
            "tax",
            "Google Shopping / Google Product Category",
            "Google Shopping feed",
            "Google Shopping / Gender",
            "Google Shopping feed",
            "Google Shopping / Age Group",
            "Google Shopping feed",
            "Google Shopping / MPN",
            "Google Shopping feed",
            "Google Shopping / AdWords Grouping",
            "Google Shopping feed",
            "Google Shopping / AdWords Labels",
            "Google Shopping feed",
            "Google Shopping / Condition",
            "Google Shopping feed",
            "Google Shopping / Custom Product",
            "Google Shopping feed",
            "Google Shopping / Custom Label 0",
            "Google Shopping feed",
            "Google Shopping / Custom Label 1",
            "Google Shopping feed",
            "Google Shopping / Custom Label 2",
            "Google Shopping feed",
            "Google Shopping / Custom Label 3",
            "Google Shopping feed",
            "Google Shopping / Custom Label 4",
            "Google Shopping feed");

    public static final List<String> REQUIRED_ORDER_COLUMNS =
            List.of("Name", "Created at", "Currency", "Lineitem quantity", "Lineitem price", "Lineitem sku");
    public static final List<String> REQUIRED_PRODUCT_COLUMNS = List.of("Handle", "Variant SKU", "Variant Price");

    /** Order-level columns Shopify writes on an order's first row only. */
    static final List<String> ORDER_LEVEL = List.of(
            "Email", "Financial Status", "Fulfillment Status", "Currency", "Created at", "Cancelled at", "Source");
    /** Product-level columns Shopify writes on a product's first row only. */
    static final List<String> PRODUCT_LEVEL =
            List.of("Title", "Vendor", "Product Category", "Type", "Tags", "Published", "Status");

    /** The products export of 2024 on renamed some columns; they are read under the older names. */
    static final Map<String, String> PRODUCT_ALIASES = Map.ofEntries(
            Map.entry("url handle", "Handle"),
            Map.entry("description", "Body (HTML)"),
            Map.entry("product category", "Product Category"),
            Map.entry("sku", "Variant SKU"),
            Map.entry("price", "Variant Price"),
            Map.entry("compare-at price", "Variant Compare At Price"),
            Map.entry("inventory quantity", "Variant Inventory Qty"),
            Map.entry("published on online store", "Published"),
            Map.entry("barcode", "Variant Barcode"),
            Map.entry("option1 value", "Option1 Value"),
            Map.entry("option2 value", "Option2 Value"),
            Map.entry("option3 value", "Option3 Value"),
            Map.entry("cost per item", "Cost per item"),
            Map.entry("status", "Status"),
            Map.entry("title", "Title"),
            Map.entry("vendor", "Vendor"),
            Map.entry("type", "Type"),
            Map.entry("tags", "Tags"));

    /** A products export header name under the name this adapter reads. */
    public static String productColumn(String header) {
        String name = header.strip();
        return PRODUCT_ALIASES.getOrDefault(name.toLowerCase(Locale.ROOT), name);
    }

    /** The orders export as contract order lines (text), keeping file, row, raw row and corrupt-record columns. */
    public static Dataset<Row> orders(Dataset<Row> export) {
        Set<String> present = Set.of(export.columns());
        WindowSpec order =
                Window.partitionBy(col(ImportFiles.SOURCE_FILE), col("`Name`")).orderBy(col(ImportFiles.ROW));
        WindowSpec wholeOrder = order.rowsBetween(Window.unboundedPreceding(), Window.unboundedFollowing());
        Dataset<Row> filled = export;
        for (String c : ORDER_LEVEL) {
            Column value = present.contains(c)
                    ? expr("nullif(trim(`" + c + "`), '')")
                    : lit(null).cast(DataTypes.StringType);
            filled = filled.withColumn("_o_" + key(c), first(value, true).over(wholeOrder));
        }
        return filled.select(
                col("`Name`").as("order_id"),
                row_number().over(order).cast(DataTypes.StringType).as("line_id"),
                col("_o_created_at").as("ordered_at"),
                col("`Lineitem sku`").as("sku"),
                col("`Lineitem quantity`").as("quantity"),
                col("`Lineitem price`").as("unit_price"),
                col("_o_currency").as("currency"),
                expr("lower(_o_email)").as("customer_key"),
                col("_o_source").as("channel"),
                (present.contains("Lineitem discount")
                                ? col("`Lineitem discount`")
                                : lit(null).cast(DataTypes.StringType))
                        .as("discount"),
                expr("""
                        CASE WHEN _o_cancelled_at IS NOT NULL THEN 'cancelled'
                             WHEN lower(_o_financial_status) = 'refunded' THEN 'refunded'
                             WHEN lower(_o_financial_status) IN ('voided', 'expired') THEN 'cancelled'
                             WHEN lower(_o_financial_status) IN ('pending', 'authorized') THEN 'pending'
                             WHEN _o_financial_status IS NULL
                                  OR lower(_o_financial_status) IN ('paid', 'partially_paid', 'partially_refunded')
                                  THEN CASE WHEN lower(_o_fulfillment_status) = 'fulfilled' THEN 'shipped' ELSE
                                      'paid' END
                             ELSE _o_financial_status END""").as("status"),
                (present.contains("Lineitem name")
                                ? col("`Lineitem name`")
                                : lit(null).cast(DataTypes.StringType))
                        .as("product_name"),
                col(ImportFiles.SOURCE_FILE),
                col(ImportFiles.ROW),
                col(ImportFiles.RAW),
                col(ImportFiles.CORRUPT));
    }

    /** An image-only row of the products export: no SKU, no price, no option value; not a product. */
    public static Column isImageRow() {
        return expr("nullif(trim(`Variant SKU`), '') IS NULL AND nullif(trim(`Variant Price`), '') IS NULL");
    }

    /** The products export's variant rows as contract products (text); image rows are left to the caller. */
    public static Dataset<Row> products(Dataset<Row> export) {
        Set<String> present = Set.of(export.columns());
        WindowSpec product = Window.partitionBy(col(ImportFiles.SOURCE_FILE), col("`Handle`"))
                .orderBy(col(ImportFiles.ROW))
                .rowsBetween(Window.unboundedPreceding(), Window.unboundedFollowing());
        Dataset<Row> filled = export;
        for (String c : PRODUCT_LEVEL) {
            Column value = present.contains(c)
                    ? expr("nullif(trim(`" + c + "`), '')")
                    : lit(null).cast(DataTypes.StringType);
            filled = filled.withColumn("_p_" + key(c), first(value, true).over(product));
        }
        List<String> options = new ArrayList<>();
        for (String o : List.of("Option1 Value", "Option2 Value", "Option3 Value")) {
            if (present.contains(o)) {
                options.add("nullif(nullif(trim(`" + o + "`), ''), 'Default Title')");
            }
        }
        String variant =
                options.isEmpty() ? "NULL" : "nullif(concat_ws(' / ', " + String.join(", ", options) + "), '')";
        return filled.filter(isImageRow().unary_$bang())
                .select(
                        col("`Variant SKU`").as("sku"),
                        col("`Variant Price`").as("price"),
                        expr("CASE WHEN " + variant + " IS NULL THEN _p_title ELSE concat_ws(' - ', _p_title, "
                                        + variant + ") END")
                                .as("name"),
                        col("_p_product_category").as("category"),
                        col("_p_vendor").as("brand"),
                        col("_p_type").as("product_type"),
                        col("_p_tags").as("tags"),
                        (present.contains("Cost per item")
                                        ? col("`Cost per item`")
                                        : lit(null).cast(DataTypes.StringType))
                                .as("unit_cost"),
                        lit(null).cast(DataTypes.StringType).as("currency"),
                        expr("coalesce(lower(_p_status), lower(_p_published))").as("active"),
                        col(ImportFiles.SOURCE_FILE),
                        col(ImportFiles.ROW),
                        col(ImportFiles.RAW),
                        col(ImportFiles.CORRUPT));
    }

    private static String key(String column) {
        return column.toLowerCase(Locale.ROOT).replace(' ', '_');
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}
