package io.nightshift.jobs.importing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Orders and product variants of Shopify's Admin GraphQL API, as its bulk operation writes them (one JSON object a
 * line, a line item on its own line after its order), mapped onto the contract (pure). The mapping decisions are
 * the orders CSV export's ({@link ShopifyExport}): the order's name (#1001) is its order_id, the same statuses, the
 * shop currency. Every field the bulk queries read ({@link ShopifyBulkImport#ORDERS_QUERY},
 * {@link ShopifyBulkImport#VARIANTS_QUERY}) is mapped here or listed as ignored with why
 * (docs/input-contract.md#shopify-admin-api-bulk-operation).
 */
public final class ShopifyOrders {
    private ShopifyOrders() {}

    /** A credit note's order id: the order's name and this suffix (#1001-R). */
    public static final String CREDIT_NOTE_SUFFIX = "-R";

    /**
     * {@code displayFinancialStatus} and the contract's status, as the CSV export's Financial Status: paid,
     * partially paid and partially refunded are paid (shipped when fulfilled); pending and authorized are pending;
     * refunded is refunded; voided and expired are cancelled. Any other value reaches the contract lower-cased and is
     * quarantined as unknown_status.
     */
    public static final Map<String, String> FINANCIAL_STATUSES = WooCommerceExport.ordered(
            "PAID", "paid",
            "PARTIALLY_PAID", "paid",
            "PARTIALLY_REFUNDED", "paid",
            "PENDING", "pending",
            "AUTHORIZED", "pending",
            "REFUNDED", "refunded",
            "VOIDED", "cancelled",
            "EXPIRED", "cancelled");

    /** Order fields the orders bulk query reads and the contract takes. */
    public static final Map<String, String> MAPPED_ORDER_FIELDS = WooCommerceExport.ordered(
            "id",
            "joins the order's line items (their __parentId); names the order in quarantine (source_file"
                    + " <shop>/admin/orders/<number>)",
            "name",
            "order_id (the order number the shop shows, #1001, as the CSV export's Name)",
            "createdAt",
            "ordered_at (UTC, with Z)",
            "updatedAt",
            "the --modified-after filter (updated_at:>'...'); a credit note's time when the order has no refund",
            "cancelledAt",
            "status: a cancelled order is cancelled, whatever its financial status",
            "displayFinancialStatus",
            "status: PAID, PARTIALLY_PAID, PARTIALLY_REFUNDED → paid (shipped when fulfilled); PENDING, AUTHORIZED →"
                    + " pending; REFUNDED → refunded; VOIDED, EXPIRED → cancelled; any other → unknown_status",
            "displayFulfillmentStatus",
            "status: FULFILLED makes a paid order shipped",
            "currencyCode",
            "currency (the shop currency; the amounts read are shopMoney, in it)",
            "sourceName",
            "channel (web, pos, shopify_draft_order, an app's id); empty → web",
            "customer { id }",
            "customer_key (the customer's number, the id's tail); no customer: a guest (empty)",
            "refunds { createdAt }",
            "the credit note's ordered_at: the latest refund's time",
            "lineItems",
            "one order line each; units refunded or removed become a credit note's lines");

    /** Line item fields the orders bulk query reads and the contract takes. */
    public static final Map<String, String> MAPPED_LINE_ITEM_FIELDS = WooCommerceExport.ordered(
            "__parentId",
            "the order the line belongs to",
            "id",
            "which line a credit note line credits (quarantine's raw); line_id is the line's position in its"
                    + " order, as in the CSV export (Shopify's ids are above the contract's 999,999,999)",
            "sku",
            "sku (no SKU, a custom item: missing_value unless it matches the non-product patterns)",
            "name",
            "product_name (and the non-product patterns)",
            "quantity",
            "quantity (units ordered, refunded and removed ones included)",
            "currentQuantity",
            "quantity − currentQuantity units refunded or removed: a credit note line of that many negative units",
            "originalUnitPriceSet { shopMoney { amount } }",
            "unit_price (before discounts)",
            "originalTotalSet { shopMoney { amount } }",
            "discount = originalTotalSet − discountedTotalSet",
            "discountedTotalSet { shopMoney { amount } }",
            "discount = originalTotalSet − discountedTotalSet (line-level discounts; order-level ones are not on"
                    + " the line)");

    /**
     * Order and line item fields left out. The bulk query selects only the fields above, so these are the ones a
     * reader of Shopify's Order and LineItem objects may miss, and why.
     */
    public static final Map<String, String> IGNORED_FIELDS = WooCommerceExport.ordered(
            "Order.email, Order.phone, Order.billingAddress, Order.shippingAddress",
            "personal data (the customer is keyed by customer { id })",
            "Order.presentmentCurrencyCode, *Set.presentmentMoney",
            "the customer's currency: amounts are read in the shop currency (shopMoney)",
            "Order.processedAt",
            "when an imported order was processed; the order time is createdAt",
            "Order.closedAt",
            "archiving",
            "Order.totalPriceSet, Order.subtotalPriceSet, Order.totalDiscountsSet",
            "recomputed from the imported lines",
            "Order.totalShippingPriceSet, Order.shippingLines",
            "shipping: not a product",
            "Order.totalTaxSet, Order.taxLines, LineItem.taxLines",
            "tax",
            "Order.discountCodes, LineItem.discountAllocations",
            "the codes and their allocation; the line's money off is originalTotalSet − discountedTotalSet",
            "Order.tags, Order.note, Order.customAttributes",
            "free text",
            "Order.refunds.refundLineItems",
            "a connection inside a list, which a bulk query cannot select; LineItem.currentQuantity gives the units"
                    + " refunded or removed",
            "LineItem.discountedUnitPriceSet",
            "after discounts, so not the contract's unit_price",
            "LineItem.variant, LineItem.product",
            "the line's sku names the product",
            "LineItem.vendor",
            "brands come from the products' vendor");

    /** Variant fields the products bulk query reads and the contract takes. */
    public static final Map<String, String> MAPPED_VARIANT_FIELDS = WooCommerceExport.ordered(
            "id",
            "names the variant in quarantine",
            "sku",
            "sku (no SKU: missing_value)",
            "title",
            "name's variant part (Default Title, a product without options: none)",
            "price",
            "price (the shop currency)",
            "inventoryItem { unitCost { amount } }",
            "unit_cost",
            "product { title }",
            "name: the product's title, then \" - \" and the variant's title",
            "product { productType }",
            "product_type",
            "product { vendor }",
            "brand",
            "product { tags }",
            "tags, comma-separated",
            "product { status }",
            "active: ACTIVE → true; DRAFT, ARCHIVED → false");

    /** Variant fields left out. */
    public static final Map<String, String> IGNORED_VARIANT_FIELDS = WooCommerceExport.ordered(
            "compareAtPrice", "a strike-through price: the list price is price",
            "barcode", "barcode",
            "inventoryQuantity", "current stock: a day's end stock is the stock feed (--stock)",
            "product { category }", "not read: no category (the CSV export's Product Category is read)",
            "inventoryItem { unitCost { currencyCode } }", "the shop currency, as the price");

    /**
     * One order's contract order lines: a line per line item, and when units were refunded or removed from an
     * order that is not itself refunded or cancelled, a credit note ({@code <name>-R}) with a negative line per
     * line item concerned. A refunded or cancelled order keeps its lines with that status and gets no credit note:
     * its lines are already out of demand.
     */
    public static List<SourceRow> lines(JsonNode order, List<JsonNode> lineItems, String orderUrl) {
        String name = WooCommerceOrders.text(order.get("name"));
        String orderedAt = WooCommerceOrders.text(order.get("createdAt"));
        String currency = WooCommerceOrders.text(order.get("currencyCode"));
        String customer = tail(WooCommerceOrders.text(order.path("customer").get("id")));
        String channel = WooCommerceOrders.text(order.get("sourceName"));
        String status = status(order);
        ObjectNode orderPart = WooCommerceOrders.JSON.createObjectNode();
        for (String field : List.of(
                "id",
                "name",
                "createdAt",
                "updatedAt",
                "cancelledAt",
                "displayFinancialStatus",
                "displayFulfillmentStatus",
                "currencyCode",
                "sourceName")) {
            if (order.has(field)) {
                orderPart.set(field, order.get(field));
            }
        }
        List<SourceRow> rows = new ArrayList<>();
        List<SourceRow> credits = new ArrayList<>();
        boolean creditable = !"refunded".equals(status) && !"cancelled".equals(status);
        String creditedAt = creditTime(order);
        int position = 0;
        for (JsonNode item : lineItems) {
            position++;
            Map<String, String> values = new LinkedHashMap<>();
            values.put("order_id", name);
            values.put("line_id", String.valueOf(position));
            values.put("ordered_at", orderedAt);
            values.put("sku", WooCommerceOrders.text(item.get("sku")));
            values.put("quantity", WooCommerceOrders.text(item.get("quantity")));
            String unitPrice = shopAmount(item, "originalUnitPriceSet");
            values.put("unit_price", unitPrice);
            values.put("currency", currency);
            values.put("customer_key", customer);
            values.put("channel", channel);
            values.put("discount", discount(item));
            values.put("status", status);
            values.put("product_name", WooCommerceOrders.text(item.get("name")));
            ObjectNode raw = WooCommerceOrders.JSON.createObjectNode();
            raw.set("order", orderPart);
            raw.set("line_item", item);
            rows.add(new SourceRow(orderUrl, position, raw.toString(), values));

            Long quantity = WooCommerceOrders.number(item.get("quantity"));
            Long current = WooCommerceOrders.number(item.get("currentQuantity"));
            if (creditable && quantity != null && current != null && current < quantity && quantity > 0) {
                Map<String, String> credit = new LinkedHashMap<>(values);
                credit.put("order_id", name == null ? null : name + CREDIT_NOTE_SUFFIX);
                credit.put("ordered_at", creditedAt);
                credit.put("quantity", String.valueOf(-(quantity - current)));
                // The line's discount stays on the sale; a credit note line is credited at the unit price.
                credit.put("discount", null);
                // The order's status, as WooCommerce's credit notes: demand exactly when its order is.
                credits.add(new SourceRow(orderUrl + "/refunds", position, raw.toString(), credit));
            }
        }
        rows.addAll(credits);
        return rows;
    }

    /** The contract's status of an order: cancelled wins, then the financial status, shipped when fulfilled. */
    static String status(JsonNode order) {
        if (WooCommerceOrders.text(order.get("cancelledAt")) != null) {
            return "cancelled";
        }
        String financial = WooCommerceOrders.text(order.get("displayFinancialStatus"));
        if (financial == null) {
            return null;
        }
        String status = FINANCIAL_STATUSES.getOrDefault(financial, financial.toLowerCase(Locale.ROOT));
        if ("paid".equals(status)
                && "FULFILLED".equals(WooCommerceOrders.text(order.get("displayFulfillmentStatus")))) {
            return "shipped";
        }
        return status;
    }

    /** The latest refund's time; the order's last update when units were removed without a refund. */
    static String creditTime(JsonNode order) {
        String latest = null;
        for (JsonNode refund : order.path("refunds")) {
            String at = WooCommerceOrders.text(refund.get("createdAt"));
            if (at != null && (latest == null || Instant.parse(at).isAfter(Instant.parse(latest)))) {
                latest = at;
            }
        }
        return latest != null ? latest : WooCommerceOrders.text(order.get("updatedAt"));
    }

    /** originalTotalSet − discountedTotalSet; none when either is missing. */
    private static String discount(JsonNode item) {
        BigDecimal original = WooCommerceOrders.decimal(
                item.path("originalTotalSet").path("shopMoney").get("amount"));
        BigDecimal discounted = WooCommerceOrders.decimal(
                item.path("discountedTotalSet").path("shopMoney").get("amount"));
        if (original == null || discounted == null) {
            return null;
        }
        return original.subtract(discounted).toPlainString();
    }

    private static String shopAmount(JsonNode node, String field) {
        return WooCommerceOrders.text(node.path(field).path("shopMoney").get("amount"));
    }

    /** The numeric tail of a global id (gid://shopify/Customer/7 → 7). */
    static String tail(String gid) {
        return gid == null ? null : gid.substring(gid.lastIndexOf('/') + 1);
    }

    /** A product variant as a contract product row. */
    public static SourceRow product(JsonNode variant, String sourceFile, long row) {
        JsonNode product = variant.path("product");
        Map<String, String> values = new LinkedHashMap<>();
        values.put("sku", WooCommerceOrders.text(variant.get("sku")));
        values.put("price", WooCommerceOrders.text(variant.get("price")));
        String title = WooCommerceOrders.text(product.get("title"));
        String variantTitle = WooCommerceOrders.text(variant.get("title"));
        values.put(
                "name",
                variantTitle == null || variantTitle.equals("Default Title") || title == null
                        ? title
                        : title + " - " + variantTitle);
        values.put("category", null);
        values.put("brand", WooCommerceOrders.text(product.get("vendor")));
        values.put("product_type", WooCommerceOrders.text(product.get("productType")));
        List<String> tags = new ArrayList<>();
        product.path("tags").forEach(t -> tags.add(t.asText()));
        values.put("tags", tags.isEmpty() ? null : String.join(", ", tags));
        values.put(
                "unit_cost",
                WooCommerceOrders.text(
                        variant.path("inventoryItem").path("unitCost").get("amount")));
        values.put("currency", null);
        String status = WooCommerceOrders.text(product.get("status"));
        values.put("active", status == null ? null : status.toLowerCase(Locale.ROOT));
        return new SourceRow(sourceFile, row, variant.toString(), values);
    }
}
