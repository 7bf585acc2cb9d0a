package io.nightshift.jobs.importing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A WooCommerce REST API order as contract order lines: one per line item, nothing else. */
class WooCommerceOrdersTest {
    static JsonNode order(String json) throws Exception {
        return WooCommerceOrders.JSON.readTree(json);
    }

    @Test
    void lineItemsBecomeLinesWithPriceBeforeDiscountAndTheDiscountPerLine() throws Exception {
        JsonNode o = order("""
                {"id": 727, "number": "727", "status": "completed", "currency": "USD", "created_via": "checkout",
                 "date_created": "2017-03-22T16:28:02", "date_created_gmt": "2017-03-22T19:28:02",
                 "date_modified_gmt": "2017-03-22T19:30:35", "customer_id": 26,
                 "line_items": [
                   {"id": 315, "name": "Woo Single #1", "product_id": 93, "variation_id": 0, "quantity": 3,
                    "subtotal": "10.00", "total": "9.00", "sku": "", "price": 3},
                   {"id": 316, "name": "Ship Your Idea &ndash; Color: Black", "product_id": 22, "variation_id": 23,
                    "quantity": 1, "subtotal": "12.00", "total": "12.00", "sku": "Bar3", "price": 12}],
                 "shipping_lines": [{"id": 317, "method_title": "Flat Rate", "total": "10.00"}],
                 "fee_lines": [{"id": 318, "name": "Handling", "total": "2.00"}]}""");
        List<SourceRow> rows = WooCommerceOrders.lines(o, "https://shop.example.com/wp-json/wc/v3/orders/727");
        assertEquals(2, rows.size(), "shipping and fee lines are not line items");
        Map<String, String> first = rows.get(0).values();
        assertEquals("727", first.get("order_id"));
        assertEquals("315", first.get("line_id"));
        assertEquals("2017-03-22T19:28:02Z", first.get("ordered_at"));
        assertEquals("id:93", first.get("sku"), "no SKU and no variation: the product's id");
        assertEquals("3.3333", first.get("unit_price"), "subtotal / quantity, not price (after the discount)");
        assertEquals("1.00", first.get("discount"));
        assertEquals("26", first.get("customer_key"));
        assertNull(first.get("channel"), "checkout is the web shop (the contract's default)");
        assertEquals("shipped", first.get("status"));
        assertEquals("Woo Single #1", first.get("product_name"));
        Map<String, String> second = rows.get(1).values();
        assertEquals("Bar3", second.get("sku"));
        assertEquals("12", second.get("unit_price"));
        assertEquals("0.00", second.get("discount"));
        assertEquals("Ship Your Idea – Color: Black", second.get("product_name"));
        assertEquals(2, rows.get(1).row());
        assertTrue(
                rows.get(0).raw().contains("\"line_item\":{\"id\":315"),
                rows.get(0).raw());
    }

    @Test
    void everyDocumentedStatusHasAContractStatusAndAnyOtherIsLeftForTheRules() throws Exception {
        Map<String, String> expected = Map.of(
                "pending", "pending",
                "on-hold", "pending",
                "processing", "paid",
                "completed", "shipped",
                "cancelled", "cancelled",
                "refunded", "refunded",
                "failed", "cancelled",
                "trash", "cancelled",
                "checkout-draft", "checkout-draft");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            JsonNode o = order("{\"id\": 1, \"status\": \"" + e.getKey() + "\", \"line_items\": [{\"id\": 1}]}");
            assertEquals(
                    e.getValue(),
                    WooCommerceOrders.lines(o, "u").get(0).values().get("status"),
                    e.getKey());
        }
        assertTrue(ImportContract.ORDER_STATUSES.containsAll(WooCommerceOrders.STATUSES.values()));
    }

    @Test
    void aGuestHasNoCustomerAndATimeWithoutGmtHasNoOffset() throws Exception {
        JsonNode o = order("""
                {"id": 9, "number": "", "status": "processing", "currency": "EUR", "created_via": "admin",
                 "date_created": "2026-01-05T10:00:00", "date_created_gmt": null, "customer_id": 0,
                 "line_items": [{"id": 40, "sku": "", "product_id": 5, "variation_id": 7, "quantity": 2,
                                 "subtotal": "8.00", "total": "8.00", "name": "Tee"}]}""");
        Map<String, String> line = WooCommerceOrders.lines(o, "u").get(0).values();
        assertEquals("9", line.get("order_id"), "an empty number falls back to the id");
        assertNull(line.get("customer_key"));
        assertEquals("admin", line.get("channel"));
        assertEquals("2026-01-05T10:00:00", line.get("ordered_at"), "left without an offset: quarantined");
        assertEquals("id:7", line.get("sku"), "a variation without a SKU: the variation's id");
        assertEquals("paid", line.get("status"));
    }
}
