package io.nightshift.jobs.importing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.text.StringEscapeUtils;

/**
 * An order of the WooCommerce REST API v3 ({@code GET /wp-json/wc/v3/orders}) as contract order lines (pure): one
 * line per {@code line_items} entry. Shipping, fee, coupon and tax lines are not line items: they are not
 * imported (order totals are recomputed from the product lines). Every documented order and line item field is
 * mapped here or listed in {@link #IGNORED_ORDER_FIELDS} / {@link #IGNORED_LINE_ITEM_FIELDS}
 * (docs/input-contract.md#woocommerce).
 */
public final class WooCommerceOrders {
    private WooCommerceOrders() {}

    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * WooCommerce's order statuses and the contract's. Pending (awaiting payment) and on-hold (awaiting payment
     * confirmation, stock already taken) are pending; processing (paid, not yet shipped) is paid; completed
     * (fulfilled) is shipped; failed (payment declined) and trash (deleted) are cancelled. Any other status (a
     * plugin's) reaches the contract as it is and is quarantined as unknown_status.
     */
    public static final Map<String, String> STATUSES = WooCommerceExport.ordered(
            "pending", "pending",
            "on-hold", "pending",
            "processing", "paid",
            "completed", "shipped",
            "cancelled", "cancelled",
            "refunded", "refunded",
            "failed", "cancelled",
            "trash", "cancelled");

    /** Order fields the contract takes, and what each becomes. */
    public static final Map<String, String> MAPPED_ORDER_FIELDS = WooCommerceExport.ordered(
            "id",
            "which order a line belongs to in quarantine (source_file .../orders/<id>); two versions of one id in a"
                    + " pull: the latest date_modified_gmt is kept",
            "number",
            "order_id (the order number the shop shows; id when empty)",
            "status",
            "status: pending, on-hold → pending; processing → paid; completed → shipped; cancelled, failed,"
                    + " trash → cancelled; refunded → refunded; any other → unknown_status",
            "currency",
            "currency",
            "date_created_gmt",
            "ordered_at (GMT, so read with Z)",
            "date_created",
            "ordered_at only when date_created_gmt is empty: it is the site's local time without an offset, so the"
                    + " line is quarantined as timestamp_without_zone",
            "date_modified_gmt",
            "which of two versions of one order is newer; the import's --modified-after filter (modified_after)",
            "customer_id",
            "customer_key (0, a guest: empty)",
            "created_via",
            "channel: checkout and store-api (the block checkout) → web; empty → web; any other (admin, rest-api)"
                    + " as it is",
            "line_items",
            "one order line each",
            "refunds",
            "not empty: the order's refunds are read (GET /orders/<id>/refunds), each with line items a credit note;"
                    + " its entries (id, reason, total) are in that answer in full");

    /** Order fields left out, with why. */
    public static final Map<String, String> IGNORED_ORDER_FIELDS = WooCommerceExport.ordered(
            "parent_id", "a parent order (subscriptions, sub-orders)",
            "order_key", "checkout key",
            "version", "WooCommerce version",
            "date_modified", "local time; date_modified_gmt is used",
            "discount_total", "order-level discount; each line's share is its subtotal − total",
            "discount_tax", "tax",
            "shipping_total", "shipping charged: not a product",
            "shipping_tax", "tax",
            "cart_tax", "tax",
            "total", "recomputed from the imported lines",
            "total_tax", "tax",
            "prices_include_tax", "prices are read as the line's subtotal and total, without tax",
            "customer_ip_address", "personal data",
            "customer_user_agent", "personal data",
            "customer_note", "free text",
            "billing", "personal data (address, e-mail, phone)",
            "shipping", "personal data",
            "payment_method", "payment",
            "payment_method_title", "payment",
            "transaction_id", "payment",
            "date_paid", "payment time; the order time is date_created_gmt",
            "date_paid_gmt", "payment time",
            "date_completed", "completion time",
            "date_completed_gmt", "completion time",
            "cart_hash", "checkout hash",
            "meta_data", "plugins' data",
            "tax_lines", "tax",
            "shipping_lines", "shipping: not line items, not products, not imported",
            "fee_lines", "fees: not line items, not products, not imported",
            "coupon_lines", "the coupons' codes; their money is in each line's subtotal − total",
            "set_paid", "write-only");

    /** Line item fields the contract takes. */
    public static final Map<String, String> MAPPED_LINE_ITEM_FIELDS = WooCommerceExport.ordered(
            "id", "line_id (WooCommerce's item id: stable when the order is edited)",
            "sku", "sku; empty: id:<variation_id>, else id:<product_id> (as the products pull names them)",
            "product_id", "sku when the item has no SKU and no variation",
            "variation_id", "sku when the item has no SKU",
            "quantity", "quantity",
            "subtotal", "unit_price = subtotal ÷ quantity (before discounts, without tax; 4 decimals, then cents)",
            "total", "discount = subtotal − total (coupons and discounts on the line)",
            "name", "product_name (HTML entities decoded)");

    /** Line item fields left out. */
    public static final Map<String, String> IGNORED_LINE_ITEM_FIELDS = WooCommerceExport.ordered(
            "price", "total ÷ quantity: after the discount, so not the contract's unit_price",
            "tax_class", "tax",
            "subtotal_tax", "tax",
            "total_tax", "tax",
            "taxes", "tax",
            "meta_data", "the variation's attributes (the name carries them) and plugins' data");

    /** Order refund fields ({@code GET /orders/<id>/refunds}) the contract takes, and what each becomes. */
    public static final Map<String, String> MAPPED_REFUND_FIELDS = WooCommerceExport.ordered(
            "id",
            "the credit note's order_id: <order number>-R<id> (source_file .../orders/<order id>/refunds/<id>)",
            "date_created_gmt",
            "the credit note's ordered_at (GMT, so read with Z): the day the units come back",
            "date_created",
            "ordered_at only when date_created_gmt is empty: site-local time without an offset, so the line is"
                    + " quarantined as timestamp_without_zone",
            "line_items",
            "one credit-note line each with a quantity; a refund without one is amount-only: counted, not imported",
            "amount",
            "an amount-only refund's money, in the import's log (a credit note's money is its lines')");

    /** Order refund fields left out, with why. */
    public static final Map<String, String> IGNORED_REFUND_FIELDS = WooCommerceExport.ordered(
            "reason", "free text",
            "refunded_by", "the shop user who made the refund",
            "refunded_payment", "payment: whether the gateway paid the money back",
            "meta_data", "plugins' data",
            "tax_lines", "tax",
            "shipping_lines", "refunded shipping: not a product",
            "fee_lines", "refunded fees: not products",
            "api_refund", "write-only",
            "api_restock", "write-only");

    /** Refund line item fields the contract takes. */
    public static final Map<String, String> MAPPED_REFUND_LINE_ITEM_FIELDS = WooCommerceExport.ordered(
            "id", "line_id (the refund's item id)",
            "sku", "sku; empty: id:<variation_id>, else id:<product_id>, as on order lines",
            "product_id", "sku when the item has no SKU and no variation",
            "variation_id", "sku when the item has no SKU",
            "quantity",
                    "quantity: the units returned, negative; 0 (money back on a line, no units) is left out and"
                            + " counted",
            "total", "unit_price = |total| ÷ |quantity|: the money refunded per unit (4 decimals, then cents)",
            "name", "product_name (HTML entities decoded)");

    /** Refund line item fields left out. */
    public static final Map<String, String> IGNORED_REFUND_LINE_ITEM_FIELDS = WooCommerceExport.ordered(
            "subtotal", "the refunded money before discounts; what came back is total",
            "price", "total ÷ quantity, negative and rounded: unit_price is computed from total",
            "tax_class", "tax",
            "subtotal_tax", "tax",
            "total_tax", "tax",
            "taxes", "tax",
            "meta_data",
                    "_refunded_item_id (the order's item refunded: the credit note is an order of its own) and"
                            + " plugins' data",
            "refund_total", "write-only (the amount to refund, when a refund is created)");

    /** Whether the order lists refunds (its {@code refunds} entries: id, reason, total). */
    public static boolean hasRefunds(JsonNode order) {
        return order.path("refunds").isArray() && !order.path("refunds").isEmpty();
    }

    /** The order's lines as contract order lines; {@code orderUrl} names the order in quarantine. */
    public static List<SourceRow> lines(JsonNode order, String orderUrl) {
        Header header = Header.of(order);
        List<SourceRow> rows = new ArrayList<>();
        int position = 0;
        for (JsonNode item : order.path("line_items")) {
            position++;
            Map<String, String> values = header.values(header.orderId(), orderedAt(order));
            values.put("line_id", text(item.get("id")));
            values.put("sku", sku(item));
            values.put("quantity", text(item.get("quantity")));
            BigDecimal subtotal = decimal(item.get("subtotal"));
            BigDecimal total = decimal(item.get("total"));
            Long quantity = number(item.get("quantity"));
            values.put("unit_price", unitPrice(item, subtotal, quantity));
            values.put(
                    "discount",
                    subtotal != null && total != null
                            ? subtotal.subtract(total).toPlainString()
                            : text(item.get("total")));
            values.put("product_name", name(item));
            ObjectNode raw = JSON.createObjectNode();
            raw.set("order", header.raw());
            raw.set("line_item", item);
            rows.add(new SourceRow(orderUrl, position, raw.toString(), values));
        }
        return rows;
    }

    /** The credit-note order id of a refund of an order: {@code <order number>-R<refund id>}. */
    public static String creditNoteId(JsonNode order, JsonNode refund) {
        return Header.of(order).orderId() + "-R" + text(refund.get("id"));
    }

    /**
     * A refund of the order ({@code GET /orders/<id>/refunds}) as a credit note: an order of its own
     * ({@link #creditNoteId}) with one line per refund line item that returns units (a negative quantity), its
     * unit price the money refunded per unit, on the refund's day, in the order's currency, for its customer and
     * channel, with the order's status (a credit note is demand exactly when its order is: a cancelled or
     * refunded order's credit notes are not returns of a sale that counted). Line items with quantity 0 (money
     * back on a line without units) are left out ({@link #zeroQuantityItems}); a refund without a line that
     * returns units is amount-only: no lines. {@code refundUrl} names the refund in quarantine.
     */
    public static List<SourceRow> creditNote(JsonNode order, JsonNode refund, String refundUrl) {
        Header header = Header.of(order);
        String orderId = creditNoteId(order, refund);
        String orderedAt = orderedAt(refund);
        ObjectNode refundPart = JSON.createObjectNode();
        for (String field : List.of("id", "date_created", "date_created_gmt", "amount")) {
            if (refund.has(field)) {
                refundPart.set(field, refund.get(field));
            }
        }
        List<SourceRow> rows = new ArrayList<>();
        int position = 0;
        for (JsonNode item : refund.path("line_items")) {
            position++;
            Long quantity = number(item.get("quantity"));
            if (quantity != null && quantity == 0) {
                continue;
            }
            Map<String, String> values = header.values(orderId, orderedAt);
            values.put("line_id", text(item.get("id")));
            values.put("sku", sku(item));
            // Refund quantities are negative; a credit note's lines are returns whatever the sign written.
            values.put("quantity", quantity == null ? text(item.get("quantity")) : String.valueOf(-Math.abs(quantity)));
            BigDecimal total = decimal(item.get("total"));
            values.put(
                    "unit_price",
                    total == null || quantity == null
                            ? text(item.get("total"))
                            : total.abs()
                                    .divide(BigDecimal.valueOf(Math.abs(quantity)), 4, RoundingMode.HALF_UP)
                                    .stripTrailingZeros()
                                    .toPlainString());
            values.put("product_name", name(item));
            ObjectNode raw = JSON.createObjectNode();
            raw.set("order", header.raw());
            raw.set("refund", refundPart);
            raw.set("line_item", item);
            rows.add(new SourceRow(refundUrl, position, raw.toString(), values));
        }
        return rows;
    }

    /** The refund's line items with quantity 0: money back on a line without units, left out of its credit note. */
    public static int zeroQuantityItems(JsonNode refund) {
        int zero = 0;
        for (JsonNode item : refund.path("line_items")) {
            Long quantity = number(item.get("quantity"));
            if (quantity != null && quantity == 0) {
                zero++;
            }
        }
        return zero;
    }

    /** What every line of an order (or of its credit notes) shares, and the order's key fields for quarantine. */
    private record Header(
            String orderId, String currency, String customerKey, String channel, String status, ObjectNode raw) {
        static Header of(JsonNode order) {
            String orderId = text(order.get("number"));
            if (orderId == null) {
                orderId = text(order.get("id"));
            }
            String status = text(order.get("status"));
            Long customer = number(order.get("customer_id"));
            String via = text(order.get("created_via"));
            ObjectNode raw = JSON.createObjectNode();
            for (String field : List.of(
                    "id",
                    "number",
                    "status",
                    "currency",
                    "date_created",
                    "date_created_gmt",
                    "date_modified_gmt",
                    "customer_id",
                    "created_via")) {
                if (order.has(field)) {
                    raw.set(field, order.get(field));
                }
            }
            return new Header(
                    orderId,
                    text(order.get("currency")),
                    customer != null && customer > 0 ? String.valueOf(customer) : null,
                    via == null || via.equals("checkout") || via.equals("store-api") ? null : via,
                    status == null ? null : STATUSES.getOrDefault(status, status),
                    raw);
        }

        /** A line's values in the contract's column order, with the columns of the line itself still empty. */
        Map<String, String> values(String lineOrderId, String orderedAt) {
            Map<String, String> values = new LinkedHashMap<>();
            values.put("order_id", lineOrderId);
            values.put("line_id", null);
            values.put("ordered_at", orderedAt);
            values.put("sku", null);
            values.put("quantity", null);
            values.put("unit_price", null);
            values.put("discount", null);
            values.put("currency", currency);
            values.put("customer_key", customerKey);
            values.put("channel", channel);
            values.put("status", status);
            values.put("product_name", null);
            return values;
        }
    }

    /** date_created_gmt with Z; date_created (site-local, no offset: quarantined) only when it is empty. */
    private static String orderedAt(JsonNode orderOrRefund) {
        String gmt = text(orderOrRefund.get("date_created_gmt"));
        return gmt == null ? text(orderOrRefund.get("date_created")) : withZone(gmt);
    }

    private static String name(JsonNode item) {
        String name = text(item.get("name"));
        return name == null ? null : StringEscapeUtils.unescapeHtml4(name);
    }

    /** WooCommerce writes GMT times without a zone; they are read with Z (one that has a zone keeps it). */
    static String withZone(String gmt) {
        return gmt.matches(".*(Z|[+-][0-9]{2}:?[0-9]{2})$") ? gmt : gmt + "Z";
    }

    private static String sku(JsonNode item) {
        String sku = text(item.get("sku"));
        if (sku != null) {
            return sku;
        }
        Long variation = number(item.get("variation_id"));
        if (variation != null && variation > 0) {
            return "id:" + variation;
        }
        Long product = number(item.get("product_id"));
        return product != null && product > 0 ? "id:" + product : null;
    }

    /** subtotal ÷ quantity to 4 decimals; the text as it is when either is not a number, for the rules to judge. */
    private static String unitPrice(JsonNode item, BigDecimal subtotal, Long quantity) {
        if (subtotal == null || quantity == null || quantity == 0) {
            return text(item.get("subtotal"));
        }
        return subtotal.divide(BigDecimal.valueOf(quantity), 4, RoundingMode.HALF_UP)
                .stripTrailingZeros()
                .toPlainString();
    }

    static String text(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode() || node.isContainerNode()) {
            return null;
        }
        String text = node.asText().strip();
        return text.isEmpty() ? null : text;
    }

    static Long number(JsonNode node) {
        String text = text(node);
        if (text == null) {
            return null;
        }
        try {
            return Long.valueOf(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static BigDecimal decimal(JsonNode node) {
        String text = text(node);
        if (text == null || !text.matches("-?[0-9]+([.][0-9]+)?")) {
            return null;
        }
        return new BigDecimal(text);
    }
}
