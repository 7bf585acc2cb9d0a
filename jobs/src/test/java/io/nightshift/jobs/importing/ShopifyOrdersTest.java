package io.nightshift.jobs.importing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A Shopify bulk operation's order (and its line items' lines) as contract order lines; a variant as a product. */
class ShopifyOrdersTest {
    static JsonNode json(String text) throws Exception {
        return WooCommerceOrders.JSON.readTree(text);
    }

    static JsonNode item(String id, String sku, int quantity, int current, String unit, String total, String net)
            throws Exception {
        return json(
                """
                {"id": "gid://shopify/LineItem/%s", "sku": %s, "name": "Item %s", "quantity": %d,
                 "currentQuantity": %d,
                 "originalUnitPriceSet": {"shopMoney": {"amount": "%s", "currencyCode": "EUR"}},
                 "originalTotalSet": {"shopMoney": {"amount": "%s", "currencyCode": "EUR"}},
                 "discountedTotalSet": {"shopMoney": {"amount": "%s", "currencyCode": "EUR"}},
                 "__parentId": "gid://shopify/Order/5001"}""".formatted(id, sku == null ? "null" : "\"" + sku + "\"", id, quantity, current, unit, total, net));
    }

    static JsonNode order(String financial, String fulfillment, String cancelledAt, String customer) throws Exception {
        return json("""
                {"id": "gid://shopify/Order/5001", "name": "#1001", "createdAt": "2026-03-02T09:15:00Z",
                 "updatedAt": "2026-03-09T10:00:00Z", "cancelledAt": %s, "displayFinancialStatus": "%s",
                 "displayFulfillmentStatus": "%s", "currencyCode": "EUR", "sourceName": "web",
                 "customer": %s, "refunds": [{"createdAt": "2026-03-05T12:00:00Z"},
                                             {"createdAt": "2026-03-07T08:30:00Z"}]}""".formatted(
                        cancelledAt == null ? "null" : "\"" + cancelledAt + "\"",
                        financial,
                        fulfillment,
                        customer == null ? "null" : "{\"id\": \"gid://shopify/Customer/" + customer + "\"}"));
    }

    @Test
    void lineItemsBecomeLinesInTheOrderOfTheFileWithPriceBeforeDiscountAndTheLineDiscount() throws Exception {
        List<SourceRow> rows = ShopifyOrders.lines(
                order("PAID", "FULFILLED", null, "77"),
                List.of(
                        item("9001", "MUG-1", 2, 2, "12.50", "25.00", "22.50"),
                        item("9002", "TEE-S", 1, 1, "20.00", "20.00", "20.00")),
                "https://shop.example.com/admin/orders/5001");
        assertEquals(2, rows.size());
        Map<String, String> first = rows.get(0).values();
        assertEquals("#1001", first.get("order_id"), "the order's name, as the CSV export's Name");
        assertEquals("1", first.get("line_id"), "the line's position (Shopify's ids are above 999,999,999)");
        assertEquals("2026-03-02T09:15:00Z", first.get("ordered_at"));
        assertEquals("MUG-1", first.get("sku"));
        assertEquals("2", first.get("quantity"));
        assertEquals("12.50", first.get("unit_price"));
        assertEquals("2.50", first.get("discount"), "originalTotalSet - discountedTotalSet");
        assertEquals("EUR", first.get("currency"));
        assertEquals("77", first.get("customer_key"));
        assertEquals("web", first.get("channel"));
        assertEquals("shipped", first.get("status"), "paid and fulfilled");
        assertEquals("Item 9001", first.get("product_name"));
        assertEquals("2", rows.get(1).values().get("line_id"));
        assertEquals("0.00", rows.get(1).values().get("discount"));
        assertEquals("https://shop.example.com/admin/orders/5001", rows.get(0).sourceFile());
        assertTrue(rows.get(0).raw().contains("\"line_item\":{\"id\":\"gid://shopify/LineItem/9001\""));
    }

    @Test
    void refundedUnitsOfAPartlyRefundedOrderAreACreditNoteAtTheLatestRefund() throws Exception {
        List<SourceRow> rows = ShopifyOrders.lines(
                order("PARTIALLY_REFUNDED", "FULFILLED", null, null),
                List.of(
                        item("9001", "MUG-1", 3, 1, "12.50", "37.50", "30.00"),
                        item("9002", "TEE-S", 1, 1, "20.00", "20.00", "20.00")),
                "https://shop.example.com/admin/orders/5001");
        assertEquals(3, rows.size(), "two lines and one credit note line");
        Map<String, String> sale = rows.get(0).values();
        assertEquals("3", sale.get("quantity"), "the sale keeps every unit ordered");
        assertEquals("shipped", sale.get("status"));
        assertNull(sale.get("customer_key"), "no customer: a guest");
        Map<String, String> credit = rows.get(2).values();
        assertEquals("#1001-R", credit.get("order_id"));
        assertEquals("1", credit.get("line_id"), "the credited line's position");
        assertEquals("-2", credit.get("quantity"));
        assertEquals("12.50", credit.get("unit_price"));
        assertNull(credit.get("discount"));
        assertEquals("2026-03-07T08:30:00Z", credit.get("ordered_at"), "the latest refund");
        assertEquals("shipped", credit.get("status"), "the order's: a credit note is demand exactly when its order is");
        assertEquals(
                "https://shop.example.com/admin/orders/5001/refunds",
                rows.get(2).sourceFile());
    }

    @Test
    void aRefundedOrCancelledOrderKeepsItsLinesWithThatStatusAndGetsNoCreditNote() throws Exception {
        List<JsonNode> items = List.of(item("9001", "MUG-1", 2, 0, "12.50", "25.00", "25.00"));
        List<SourceRow> refunded = ShopifyOrders.lines(order("REFUNDED", "FULFILLED", null, "77"), items, "u");
        assertEquals(1, refunded.size());
        assertEquals("refunded", refunded.get(0).values().get("status"));
        assertEquals("2", refunded.get(0).values().get("quantity"));
        List<SourceRow> cancelled =
                ShopifyOrders.lines(order("PAID", "UNFULFILLED", "2026-03-03T10:00:00Z", "77"), items, "u");
        assertEquals(1, cancelled.size());
        assertEquals("cancelled", cancelled.get(0).values().get("status"), "cancelled whatever it was paid");
    }

    @Test
    void everyFinancialStatusHasTheCsvExportsStatusAndAnyOtherIsLeftForTheRules() throws Exception {
        Map<String, String> expected = Map.of(
                "PAID", "paid",
                "PARTIALLY_PAID", "paid",
                "PARTIALLY_REFUNDED", "paid",
                "PENDING", "pending",
                "AUTHORIZED", "pending",
                "REFUNDED", "refunded",
                "VOIDED", "cancelled",
                "EXPIRED", "cancelled",
                "SOMETHING_NEW", "something_new");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            assertEquals(e.getValue(), ShopifyOrders.status(order(e.getKey(), "UNFULFILLED", null, null)), e.getKey());
        }
        assertEquals("pending", ShopifyOrders.status(order("PENDING", "FULFILLED", null, null)));
    }

    @Test
    void unitsRemovedWithoutARefundAreCreditedAtTheOrdersLastUpdate() throws Exception {
        JsonNode o = json("""
                {"id": "gid://shopify/Order/5001", "name": "#1001", "createdAt": "2026-03-02T09:15:00Z",
                 "updatedAt": "2026-03-02T11:00:00Z", "displayFinancialStatus": "PENDING",
                 "displayFulfillmentStatus": "UNFULFILLED", "currencyCode": "EUR", "refunds": []}""");
        List<SourceRow> rows = ShopifyOrders.lines(o, List.of(item("9001", null, 2, 1, "5.00", "10.00", "10.00")), "u");
        assertEquals(2, rows.size());
        assertNull(rows.get(0).values().get("sku"), "a custom item: left for the rules (missing_value)");
        assertNull(rows.get(0).values().get("channel"), "no source: web");
        assertEquals("2026-03-02T11:00:00Z", rows.get(1).values().get("ordered_at"));
        assertEquals("-1", rows.get(1).values().get("quantity"));
    }

    @Test
    void aVariantIsAProductNamedAfterItsProductAndOptions() throws Exception {
        SourceRow row = ShopifyOrders.product(json("""
                        {"id": "gid://shopify/ProductVariant/31", "sku": "TEE-S", "title": "Small", "price": "20.00",
                         "inventoryItem": {"unitCost": {"amount": "8.40", "currencyCode": "EUR"}},
                         "product": {"id": "gid://shopify/Product/3", "title": "Logo Tee", "productType": "Shirts",
                                     "vendor": "Acme", "tags": ["cotton", "summer"], "status": "DRAFT"}}"""), "u", 4);
        Map<String, String> p = row.values();
        assertEquals("TEE-S", p.get("sku"));
        assertEquals("20.00", p.get("price"));
        assertEquals("Logo Tee - Small", p.get("name"));
        assertEquals("Acme", p.get("brand"));
        assertEquals("Shirts", p.get("product_type"));
        assertEquals("cotton, summer", p.get("tags"));
        assertEquals("8.40", p.get("unit_cost"));
        assertEquals("draft", p.get("active"), "the contract reads draft as false");
        assertNull(p.get("category"));
        assertEquals(4, row.row());
        SourceRow plain = ShopifyOrders.product(json("""
                        {"id": "gid://shopify/ProductVariant/32", "sku": "MUG-1", "title": "Default Title",
                         "price": "12.50", "inventoryItem": {"unitCost": null},
                         "product": {"title": "Enamel Mug", "tags": [], "status": "ACTIVE"}}"""), "u", 1);
        assertEquals("Enamel Mug", plain.values().get("name"), "a product without options");
        assertNull(plain.values().get("unit_cost"));
        assertNull(plain.values().get("tags"));
        assertEquals("active", plain.values().get("active"));
    }

    @Test
    void theOrdersFilterIsShopifysSearchSyntaxOnUpdatedAt() {
        assertTrue(ShopifyBulkImport.ordersQuery(Optional.empty()).startsWith("{ orders { edges"));
        assertTrue(ShopifyBulkImport.ordersQuery(Optional.of(Instant.parse("2026-01-05T00:00:00.250Z")))
                .startsWith("{ orders(query: \"updated_at:>'2026-01-05T00:00:00Z'\") { edges"));
    }

    @Test
    void everyFieldTheBulkQueriesSelectIsMappedAndEveryFieldIsDocumented() throws Exception {
        Set<String> known = new HashSet<>(
                Set.of("orders", "productVariants", "edges", "node", "shopMoney", "amount", "currencyCode", "query"));
        List<Map<String, String>> lists = List.of(
                ShopifyOrders.MAPPED_ORDER_FIELDS,
                ShopifyOrders.MAPPED_LINE_ITEM_FIELDS,
                ShopifyOrders.IGNORED_FIELDS,
                ShopifyOrders.MAPPED_VARIANT_FIELDS,
                ShopifyOrders.IGNORED_VARIANT_FIELDS);
        for (Map<String, String> fields : lists) {
            for (String key : fields.keySet()) {
                known.addAll(List.of(key.split("[^A-Za-z_]+")));
            }
        }
        List<String> unknown = new ArrayList<>();
        String queries = ShopifyBulkImport.ordersQuery(Optional.empty()) + ShopifyBulkImport.VARIANTS_QUERY;
        for (String word : queries.split("[^A-Za-z_]+")) {
            if (!word.isEmpty() && !known.contains(word)) {
                unknown.add(word);
            }
        }
        assertEquals(List.of(), unknown, "selected but neither mapped nor ignored");

        String doc = Files.readString(ImportContractTest.projectRoot().resolve("docs/input-contract.md"));
        List<String> missing = new ArrayList<>();
        for (Map<String, String> fields : lists) {
            for (String key : fields.keySet()) {
                if (!doc.contains("`" + key + "`")) {
                    missing.add(key);
                }
            }
        }
        for (String status : ShopifyOrders.FINANCIAL_STATUSES.keySet()) {
            if (!doc.contains("`" + status + "`")) {
                missing.add(status);
            }
        }
        assertEquals(List.of(), missing, "fields the docs do not list");
    }
}
