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
            "one order line each");

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
            "refunds",
                    "partial refunds (id, reason, total) are not attributable to lines without one call per"
                            + " refund; a fully refunded order has status refunded",
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

    /** The order's lines as contract order lines; {@code orderUrl} names the order in quarantine. */
    public static List<SourceRow> lines(JsonNode order, String orderUrl) {
        List<SourceRow> rows = new ArrayList<>();
        String orderId = text(order.get("number"));
        if (orderId == null) {
            orderId = text(order.get("id"));
        }
        String gmt = text(order.get("date_created_gmt"));
        String orderedAt = gmt == null ? text(order.get("date_created")) : withZone(gmt);
        String status = text(order.get("status"));
        String mappedStatus = status == null ? null : STATUSES.getOrDefault(status, status);
        Long customer = number(order.get("customer_id"));
        String via = text(order.get("created_via"));
        String channel = via == null || via.equals("checkout") || via.equals("store-api") ? null : via;
        ObjectNode orderPart = JSON.createObjectNode();
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
                orderPart.set(field, order.get(field));
            }
        }
        int position = 0;
        for (JsonNode item : order.path("line_items")) {
            position++;
            Map<String, String> values = new LinkedHashMap<>();
            values.put("order_id", orderId);
            values.put("line_id", text(item.get("id")));
            values.put("ordered_at", orderedAt);
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
            values.put("currency", text(order.get("currency")));
            values.put("customer_key", customer != null && customer > 0 ? String.valueOf(customer) : null);
            values.put("channel", channel);
            values.put("status", mappedStatus);
            String name = text(item.get("name"));
            values.put("product_name", name == null ? null : StringEscapeUtils.unescapeHtml4(name));
            ObjectNode raw = JSON.createObjectNode();
            raw.set("order", orderPart);
            raw.set("line_item", item);
            rows.add(new SourceRow(orderUrl, position, raw.toString(), values));
        }
        return rows;
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
