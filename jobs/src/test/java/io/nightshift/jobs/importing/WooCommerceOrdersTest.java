package io.nightshift.jobs.importing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    static final String ORDER_723 = """
            {"id": 723, "number": "723", "status": "completed", "currency": "USD", "created_via": "checkout",
             "date_created_gmt": "2017-03-21T19:00:00", "customer_id": 26,
             "line_items": [{"id": 311, "name": "Woo Album #2", "product_id": 87, "variation_id": 0,
                             "quantity": 2, "subtotal": "18.00", "total": "18.00", "sku": ""}],
             "refunds": [{"id": 726, "reason": "", "total": "-10.00"}, {"id": 724, "reason": "", "total": "-9.00"}]}""";

    @Test
    void aRefundWithLineItemsIsACreditNoteOfItsOwnWithTheUnitsReturned() throws Exception {
        JsonNode o = order(ORDER_723);
        assertTrue(WooCommerceOrders.hasRefunds(o));
        // The documented refund 724 of order 723 (GET /orders/723/refunds), with a refund line item.
        JsonNode refund = order("""
                {"id": 724, "date_created": "2017-03-21T16:55:37", "date_created_gmt": "2017-03-21T19:55:37",
                 "amount": "9.00", "reason": "", "refunded_by": 1, "refunded_payment": false, "meta_data": [],
                 "line_items": [{"id": 314, "name": "Woo Album #2", "product_id": 87, "variation_id": 0,
                   "quantity": -1, "tax_class": "", "subtotal": "-9.00", "subtotal_tax": "0.00", "total": "-9.00",
                   "total_tax": "0.00", "taxes": [],
                   "meta_data": [{"id": 2076, "key": "_refunded_item_id", "value": "311"}],
                   "sku": "", "price": -9}],
                 "tax_lines": [], "shipping_lines": [], "fee_lines": []}""");
        String url = "https://shop.example.com/wp-json/wc/v3/orders/723/refunds/724";
        List<SourceRow> rows = WooCommerceOrders.creditNote(o, refund, url);
        assertEquals(1, rows.size());
        Map<String, String> line = rows.get(0).values();
        assertEquals("723-R724", line.get("order_id"), "a credit note is an order of its own");
        assertEquals("314", line.get("line_id"));
        assertEquals("2017-03-21T19:55:37Z", line.get("ordered_at"), "the refund's day, not the order's");
        assertEquals("id:87", line.get("sku"));
        assertEquals("-1", line.get("quantity"));
        assertEquals("9", line.get("unit_price"), "the money refunded per unit, not negative");
        assertNull(line.get("discount"));
        assertEquals("USD", line.get("currency"));
        assertEquals("26", line.get("customer_key"));
        assertNull(line.get("channel"));
        assertEquals("shipped", line.get("status"), "the order's: a credit note is demand when its order is");
        assertEquals("Woo Album #2", line.get("product_name"));
        assertEquals(url, rows.get(0).sourceFile());
        assertEquals(1, rows.get(0).row());
        assertTrue(
                rows.get(0).raw().contains("\"refund\":{\"id\":724"),
                rows.get(0).raw());
    }

    @Test
    void anAmountOnlyRefundAndItemsWithoutUnitsMakeNoLines() throws Exception {
        JsonNode o = order(ORDER_723);
        JsonNode goodwill = order("""
                {"id": 726, "date_created_gmt": "2017-03-21T20:07:11", "amount": "10.00", "reason": "",
                 "line_items": []}""");
        assertEquals(List.of(), WooCommerceOrders.creditNote(o, goodwill, "u"));
        assertEquals(0, WooCommerceOrders.zeroQuantityItems(goodwill));
        JsonNode mixed = order("""
                {"id": 727, "date_created_gmt": "2017-03-22T08:00:00", "amount": "25.50",
                 "line_items": [
                   {"id": 320, "name": "Woo Album #2", "product_id": 87, "quantity": 0, "total": "-3.00"},
                   {"id": 321, "name": "Woo Album #2", "product_id": 87, "quantity": -2, "total": "-22.50",
                    "sku": "ALB-2"}]}""");
        List<SourceRow> rows = WooCommerceOrders.creditNote(o, mixed, "u");
        assertEquals(1, rows.size(), "quantity 0 is money back on a line without units");
        assertEquals(1, WooCommerceOrders.zeroQuantityItems(mixed));
        assertEquals("-2", rows.get(0).values().get("quantity"));
        assertEquals("11.25", rows.get(0).values().get("unit_price"));
        assertEquals(2, rows.get(0).row(), "the item's position in the refund");
        assertFalse(WooCommerceOrders.hasRefunds(order("{\"id\": 1, \"refunds\": []}")));
        assertFalse(WooCommerceOrders.hasRefunds(order("{\"id\": 1}")));
    }

    @Test
    void aRefundedOrdersCreditNotesAreNotDemandAndATimeWithoutGmtHasNoOffset() throws Exception {
        JsonNode o = order(ORDER_723.replace("\"completed\"", "\"refunded\""));
        JsonNode refund = order("""
                {"id": 724, "date_created": "2017-03-21T16:55:37", "date_created_gmt": null,
                 "line_items": [{"id": 314, "product_id": 87, "variation_id": 88, "quantity": 1, "total": "9.00"}]}""");
        Map<String, String> line =
                WooCommerceOrders.creditNote(o, refund, "u").get(0).values();
        assertEquals("refunded", line.get("status"));
        assertEquals("2017-03-21T16:55:37", line.get("ordered_at"), "left without an offset: quarantined");
        assertEquals("-1", line.get("quantity"), "a credit note's lines are returns");
        assertEquals("9", line.get("unit_price"));
        assertEquals("id:88", line.get("sku"));
    }
}
