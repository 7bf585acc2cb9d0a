package io.nightshift.sandbox.sample;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/**
 * A commerce database's orders and products as the Shopify admin's CSV exports ({@code orders_export.csv}: Orders →
 * Export → Plain CSV file; {@code products_export.csv}: Products → Export), in their documented column sets and
 * order, which {@code import --source shopify} reads (docs/input-contract.md#shopify-exports). Written from
 * {@link ContractExport}'s queries. As Shopify writes them: one orders row per line item with the order-level columns
 * on the order's first row only; times in the shop's zone with their offset (2026-10-31 09:50:26 -0400); the
 * customer as the order's e-mail; one products row per product (a single variant, Default Title). What the
 * exports cannot carry, and so this one does not write: product currency (Shopify's products export has none: the
 * shop's currency), returned lines (the orders export has no credit notes), the line's number (the import numbers
 * an order's lines by their place in the export), tax, shipping and addresses (the sample shop has none).
 */
public final class ShopifyCsvExport {
    private ShopifyCsvExport() {}

    /** The orders export's columns, in Shopify's order. */
    static final List<String> ORDER_COLUMNS = List.of(
            "Name",
            "Email",
            "Financial Status",
            "Paid at",
            "Fulfillment Status",
            "Fulfilled at",
            "Accepts Marketing",
            "Currency",
            "Subtotal",
            "Shipping",
            "Taxes",
            "Total",
            "Discount Code",
            "Discount Amount",
            "Shipping Method",
            "Created at",
            "Lineitem quantity",
            "Lineitem name",
            "Lineitem price",
            "Lineitem compare at price",
            "Lineitem sku",
            "Lineitem requires shipping",
            "Lineitem taxable",
            "Lineitem fulfillment status",
            "Billing Name",
            "Billing Street",
            "Billing Address1",
            "Billing Address2",
            "Billing Company",
            "Billing City",
            "Billing Zip",
            "Billing Province",
            "Billing Country",
            "Billing Phone",
            "Shipping Name",
            "Shipping Street",
            "Shipping Address1",
            "Shipping Address2",
            "Shipping Company",
            "Shipping City",
            "Shipping Zip",
            "Shipping Province",
            "Shipping Country",
            "Shipping Phone",
            "Notes",
            "Note Attributes",
            "Cancelled at",
            "Payment Method",
            "Payment Reference",
            "Refunded Amount",
            "Vendor",
            "Outstanding Balance",
            "Employee",
            "Location",
            "Device ID",
            "Id",
            "Tags",
            "Risk Level",
            "Source",
            "Lineitem discount",
            "Tax 1 Name",
            "Tax 1 Value",
            "Tax 2 Name",
            "Tax 2 Value",
            "Tax 3 Name",
            "Tax 3 Value",
            "Tax 4 Name",
            "Tax 4 Value",
            "Tax 5 Name",
            "Tax 5 Value",
            "Phone",
            "Receipt Number",
            "Duties",
            "Billing Province Name",
            "Shipping Province Name",
            "Payment ID",
            "Payment Terms Name",
            "Next Payment Due At",
            "Payment References");

    /** The products export's columns, in Shopify's order (without the per-market columns a shop's markets add). */
    static final List<String> PRODUCT_COLUMNS = List.of(
            "Handle",
            "Title",
            "Body (HTML)",
            "Vendor",
            "Product Category",
            "Type",
            "Tags",
            "Published",
            "Option1 Name",
            "Option1 Value",
            "Option2 Name",
            "Option2 Value",
            "Option3 Name",
            "Option3 Value",
            "Variant SKU",
            "Variant Grams",
            "Variant Inventory Tracker",
            "Variant Inventory Qty",
            "Variant Inventory Policy",
            "Variant Fulfillment Service",
            "Variant Price",
            "Variant Compare At Price",
            "Variant Requires Shipping",
            "Variant Taxable",
            "Variant Barcode",
            "Image Src",
            "Image Position",
            "Image Alt Text",
            "Gift Card",
            "SEO Title",
            "SEO Description",
            "Google Shopping / Google Product Category",
            "Google Shopping / Gender",
            "Google Shopping / Age Group",
            "Google Shopping / MPN",
            "Google Shopping / Condition",
            "Google Shopping / Custom Product",
            "Google Shopping / Custom Label 0",
            "Google Shopping / Custom Label 1",
            "Google Shopping / Custom Label 2",
            "Google Shopping / Custom Label 3",
            "Google Shopping / Custom Label 4",
            "Variant Image",
            "Variant Weight Unit",
            "Variant Tax Code",
            "Cost per item",
            "Status");

    private static final DateTimeFormatter SHOPIFY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z");
    /** Shopify's order ids are large numbers of its own; the order's key is its Name. */
    private static final long FIRST_ORDER_ID = 5_550_000_001L;

    /**
     * Writes {@code orders_export.csv} (the days' orders) and {@code products_export.csv} into {@code folder};
     * returns the line items written. Every product must be in {@code shopCurrency}.
     */
    public static long write(DataSource db, Path folder, ContractExport.Days days, ZoneId shopZone, String shopCurrency)
            throws IOException, SQLException {
        Files.createDirectories(folder);
        long lines;
        try (Writer out = Files.newBufferedWriter(folder.resolve("orders_export.csv"), StandardCharsets.UTF_8)) {
            out.write(csvLine(ORDER_COLUMNS));
            OrderRows orders = new OrderRows(out, shopZone);
            ContractExport.eachRow(
                    db, ContractExport.orderLinesQuery(ContractExport.Customers.EMAILS, days), orders::add);
            orders.flush();
            lines = orders.lines;
        }
        try (Writer out = Files.newBufferedWriter(folder.resolve("products_export.csv"), StandardCharsets.UTF_8)) {
            out.write(csvLine(PRODUCT_COLUMNS));
            ContractExport.eachRow(db, ContractExport.PRODUCTS_QUERY, row -> out.write(productRow(row, shopCurrency)));
        }
        return lines;
    }

    /** Gathers one order's lines at a time: its first row carries the order's totals, known after its last line. */
    private static final class OrderRows {
        private final Writer out;
        private final ZoneId zone;
        private final List<Map<String, String>> order = new ArrayList<>();
        private String orderId;
        private BigDecimal subtotal = BigDecimal.ZERO;
        private long nextShopifyId = FIRST_ORDER_ID;
        long lines;

        OrderRows(Writer out, ZoneId zone) {
            this.out = out;
            this.zone = zone;
        }

        void add(ResultSet line) throws SQLException, IOException {
            String id = line.getString("order_id");
            if (!id.equals(orderId)) {
                flush();
                orderId = id;
            }
            int quantity = line.getInt("quantity");
            if (quantity < 0) {
                throw new IllegalStateException("order " + id + " line " + line.getInt("line_id") + " returns "
                        + -quantity + " units: Shopify's orders export has no credit notes to write it as");
            }
            BigDecimal price = line.getBigDecimal("unit_price");
            BigDecimal discount = line.getBigDecimal("discount");
            subtotal =
                    subtotal.add(price.multiply(BigDecimal.valueOf(quantity))).subtract(discount);
            String status = line.getString("status");
            Map<String, String> row = new HashMap<>();
            row.put("Name", id);
            row.put("Lineitem quantity", String.valueOf(quantity));
            row.put("Lineitem name", line.getString("product_name"));
            row.put("Lineitem price", price.toPlainString());
            row.put("Lineitem sku", line.getString("sku"));
            row.put("Lineitem requires shipping", "true");
            row.put("Lineitem taxable", "true");
            row.put("Lineitem fulfillment status", status.equals("shipped") ? "fulfilled" : "pending");
            row.put("Lineitem discount", discount.toPlainString());
            if (order.isEmpty()) {
                String createdAt = SHOPIFY_TIME.format(
                        Instant.parse(line.getString("ordered_at")).atZone(zone));
                row.put("Email", line.getString("customer_key"));
                row.put("Financial Status", financialStatus(status));
                row.put("Paid at", status.equals("paid") || status.equals("shipped") ? createdAt : "");
                row.put("Fulfillment Status", status.equals("shipped") ? "fulfilled" : "unfulfilled");
                row.put("Accepts Marketing", "no");
                row.put("Currency", line.getString("currency"));
                row.put("Shipping", "0.00");
                row.put("Taxes", "0.00");
                row.put("Discount Amount", "0.00");
                row.put("Created at", createdAt);
                row.put("Cancelled at", status.equals("cancelled") ? createdAt : "");
                row.put("Refunded Amount", "0.00");
                row.put("Outstanding Balance", "0.00");
                row.put("Id", String.valueOf(nextShopifyId++));
                row.put("Risk Level", "Low");
                row.put("Source", line.getString("channel"));
            }
            order.add(row);
            lines++;
        }

        void flush() throws IOException {
            if (order.isEmpty()) {
                return;
            }
            String total = subtotal.setScale(2).toPlainString();
            order.get(0).put("Subtotal", total);
            order.get(0).put("Total", total);
            for (Map<String, String> row : order) {
                out.write(csvLine(
                        ORDER_COLUMNS.stream().map(c -> row.getOrDefault(c, "")).toList()));
            }
            order.clear();
            subtotal = BigDecimal.ZERO;
        }
    }

    /** The contract's status as Shopify's Financial Status (a shipped order is paid and fulfilled). */
    static String financialStatus(String status) {
        return switch (status) {
            case "paid", "shipped" -> "paid";
            case "pending" -> "pending";
            case "refunded" -> "refunded";
            case "cancelled" -> "voided";
            default -> throw new IllegalStateException("no Shopify financial status for order status " + status);
        };
    }

    private static String productRow(ResultSet p, String shopCurrency) throws SQLException {
        String sku = p.getString("sku");
        String currency = p.getString("currency").strip();
        if (!currency.equals(shopCurrency)) {
            throw new IllegalStateException("product " + sku + " is priced in " + currency + ": Shopify's products"
                    + " export has no currency (its prices are the shop's, " + shopCurrency + ")");
        }
        BigDecimal cost = p.getBigDecimal("unit_cost");
        boolean active = p.getBoolean("active");
        Map<String, String> row = new HashMap<>();
        row.put("Handle", sku.toLowerCase(Locale.ROOT));
        row.put("Title", p.getString("name"));
        row.put("Vendor", p.getString("brand"));
        row.put("Product Category", p.getString("category"));
        row.put("Type", p.getString("product_type"));
        row.put("Tags", p.getString("tags"));
        row.put("Published", String.valueOf(active));
        row.put("Option1 Name", "Title");
        row.put("Option1 Value", "Default Title");
        row.put("Variant SKU", sku);
        row.put("Variant Grams", "0");
        row.put("Variant Inventory Tracker", "shopify");
        row.put("Variant Inventory Policy", "deny");
        row.put("Variant Fulfillment Service", "manual");
        row.put("Variant Price", p.getBigDecimal("price").toPlainString());
        row.put("Variant Requires Shipping", "true");
        row.put("Variant Taxable", "true");
        row.put("Gift Card", "false");
        row.put("Variant Weight Unit", "kg");
        row.put("Cost per item", cost == null ? "" : cost.toPlainString());
        row.put("Status", active ? "active" : "draft");
        return csvLine(
                PRODUCT_COLUMNS.stream().map(c -> row.getOrDefault(c, "")).toList());
    }

    /** One CSV record (RFC 4180): a value with a comma, quote or line break quoted, its quotes doubled. */
    static String csvLine(List<String> values) {
        StringBuilder line = new StringBuilder(256);
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            String v = values.get(i) == null ? "" : values.get(i);
            if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                line.append('"').append(v.replace("\"", "\"\"")).append('"');
            } else {
                line.append(v);
            }
        }
        return line.append('\n').toString();
    }
}
