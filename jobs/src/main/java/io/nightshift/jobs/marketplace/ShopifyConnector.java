package io.nightshift.jobs.marketplace;

import com.fasterxml.jackson.databind.JsonNode;
import io.nightshift.common.config.MarketplaceSettings;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Shopify Admin GraphQL, pinned to {@code api-version} (2026-04 by default: inventorySetQuantities takes
 * {@code changeFromQuantity} on every quantity; compareQuantity is gone). Stock: one
 * {@code inventorySetQuantities} per batch, compare-and-swap against the quantity Shopify last acknowledged;
 * a stale one (Shopify sold some meanwhile) is read back and set again from its current value, minus what
 * Shopify sold since the acknowledgement, so a sale not yet ingested is not offered twice. Orders: cursor
 * paging on {@code updated_at}. Throttling is cost-based: every response's
 * {@code extensions.cost.throttleStatus} resets the local bucket, and THROTTLED is retried after it refills.
 */
final class ShopifyConnector implements MarketplaceConnector {
    static final String SET = "mutation inventorySetQuantities($input: InventorySetQuantitiesInput!) { "
            + "inventorySetQuantities(input: $input) { inventoryAdjustmentGroup { createdAt } userErrors { code field message } } }";
    static final String ITEM = "query inventoryItem($id: ID!, $locationId: ID!) { inventoryItem(id: $id) { id "
            + "inventoryLevel(locationId: $locationId) { quantities(names: [\"available\"]) { name quantity } } } }";
    static final String ORDERS =
            "query orders($first: Int!, $after: String, $query: String) { orders(first: $first, after: $after, "
                    + "query: $query, sortKey: UPDATED_AT) { pageInfo { hasNextPage endCursor } nodes { id createdAt updatedAt cancelledAt "
                    + "displayFinancialStatus displayFulfillmentStatus currencyCode email totalPriceSet { shopMoney { amount currencyCode } } "
                    + "lineItems(first: 50) { nodes { id sku quantity originalUnitPriceSet { shopMoney { amount currencyCode } } } } } } }";
    static final int MAX_QUANTITIES = 250;
    private final MarketplaceSettings.Channel channel;
    private final ShopifyGraphql graphql;
    private final String locationId;

    ShopifyConnector(MarketplaceSettings.Channel channel, HttpCalls http) {
        this.channel = channel;
        this.graphql = new ShopifyGraphql(channel, http);
        this.locationId = channel.option("location-id");
    }

    @Override
    public String name() {
        return "shopify";
    }

    @Override
    public int maxBatch() {
        return Math.min(channel.batchSize(), MAX_QUANTITIES);
    }

    static String inventoryItemId(String listingId) {
        return "gid://shopify/InventoryItem/" + listingId.replaceAll("[^0-9]", "");
    }

    private HttpCalls.Call graphql(String query, Map<String, Object> variables, double estimatedCost)
            throws InterruptedException {
        return graphql.call(query, variables, estimatedCost);
    }

    private HttpCalls.Call graphql(
            String query, Map<String, Object> variables, double estimatedCost, HttpCalls.AttemptListener listener)
            throws InterruptedException {
        return graphql.call(query, variables, estimatedCost, listener);
    }

    static boolean throttled(HttpResponse<String> r) {
        return ShopifyGraphql.throttled(r);
    }

    @Override
    public List<PushOutcome> push(List<StockUpdate> batch, PushJournal.Batch journal) throws InterruptedException {
        List<PushOutcome> out = new ArrayList<>();
        Map<String, Integer> changeFrom = new HashMap<>();
        Map<String, StockUpdate> pending = new LinkedHashMap<>();
        for (StockUpdate u : batch) {
            pending.put(u.sku(), u);
            changeFrom.put(u.sku(), u.lastAcknowledged());
        }
        for (int round = 0; round < 3 && !pending.isEmpty(); round++) {
            List<StockUpdate> send = new ArrayList<>(pending.values());
            List<Map<String, Object>> quantities = new ArrayList<>();
            for (StockUpdate u : send) {
                Map<String, Object> q = new LinkedHashMap<>();
                q.put("inventoryItemId", inventoryItemId(u.listingId()));
                q.put("locationId", locationId);
                q.put("quantity", u.quantity());
                // null opts out of the check: the first push of a SKU has nothing acknowledged to compare with.
                q.put("changeFromQuantity", changeFrom.get(u.sku()));
                quantities.add(q);
            }
            Map<String, Object> input = new LinkedHashMap<>();
            input.put("name", "available");
            input.put("reason", "correction");
            input.put(
                    "referenceDocumentUri",
                    "gid://nightshift/InventorySync/" + Instant.now().toEpochMilli());
            input.put("quantities", quantities);
            HttpCalls.Call call = graphql(SET, Map.of("input", input), 10, journal.carrying(send));
            PushOutcome.retriedAttempts(send, call, out);
            JsonNode body = call.ok() ? Json.parse(call.body(), "shopify inventorySetQuantities") : null;
            if (body == null
                    || body.has("errors")
                    || body.path("data").path("inventorySetQuantities").isMissingNode()) {
                if (body != null) {
                    for (StockUpdate u : send) {
                        out.add(new PushOutcome(
                                u.sku(),
                                u.quantity(),
                                PushOutcome.Status.FAILED,
                                call.status(),
                                HttpCalls.abbreviate(body.path("errors").toString()),
                                call.last().sentAt(),
                                null));
                    }
                } else {
                    PushOutcome.failed(send, call, out);
                }
                return out;
            }
            JsonNode userErrors =
                    body.path("data").path("inventorySetQuantities").path("userErrors");
            Instant sentAt = call.last().sentAt();
            if (userErrors.isEmpty()) {
                for (StockUpdate u : send) {
                    out.add(PushOutcome.acknowledged(u, call.status(), sentAt));
                }
                return out;
            }
            // A userError fails the whole mutation: the refused items are settled, the others go again.
            Map<Integer, JsonNode> errorByIndex = new HashMap<>();
            for (JsonNode e : userErrors) {
                JsonNode field = e.path("field");
                if (field.size() >= 3) {
                    errorByIndex.put(Integer.parseInt(field.get(2).asText()), e);
                }
            }
            for (int i = 0; i < send.size(); i++) {
                StockUpdate u = send.get(i);
                JsonNode e = errorByIndex.get(i);
                if (e == null) {
                    continue;
                }
                if ("CHANGE_FROM_QUANTITY_STALE".equals(e.path("code").asText()) && round < 2) {
                    Integer current = currentAvailable(u);
                    if (current != null) {
                        int soldSinceAck =
                                u.lastAcknowledged() == null ? 0 : Math.max(0, u.lastAcknowledged() - current);
                        StockUpdate adjusted = new StockUpdate(
                                u.sku(),
                                u.productId(),
                                u.listingId(),
                                Math.max(0, u.quantity() - soldSinceAck),
                                current);
                        out.add(new PushOutcome(
                                u.sku(),
                                u.quantity(),
                                PushOutcome.Status.RETRYING,
                                call.status(),
                                "CHANGE_FROM_QUANTITY_STALE: Shopify shows " + current,
                                sentAt,
                                null));
                        pending.put(u.sku(), adjusted);
                        changeFrom.put(u.sku(), current);
                        continue;
                    }
                }
                out.add(PushOutcome.rejected(
                        u,
                        call.status(),
                        e.path("code").asText() + ": " + e.path("message").asText(),
                        sentAt));
                pending.remove(u.sku());
            }
        }
        for (StockUpdate u : pending.values()) {
            out.add(new PushOutcome(
                    u.sku(),
                    u.quantity(),
                    PushOutcome.Status.FAILED,
                    200,
                    "still stale after 3 rounds",
                    Instant.now(),
                    null));
        }
        return out;
    }

    private Integer currentAvailable(StockUpdate u) throws InterruptedException {
        HttpCalls.Call call = graphql(ITEM, Map.of("id", inventoryItemId(u.listingId()), "locationId", locationId), 2);
        if (!call.ok()) {
            return null;
        }
        for (JsonNode q : Json.parse(call.body(), "shopify inventoryItem")
                .path("data")
                .path("inventoryItem")
                .path("inventoryLevel")
                .path("quantities")) {
            if ("available".equals(q.path("name").asText())) {
                return q.path("quantity").asInt();
            }
        }
        return null;
    }

    @Override
    public void fetchOrders(Instant since, Consumer<List<MarketplaceOrder>> pages) throws InterruptedException {
        String after = null;
        int first = Math.min(250, channel.pageSize());
        while (true) {
            Map<String, Object> variables = new HashMap<>();
            variables.put("first", first);
            variables.put("after", after);
            variables.put("query", "updated_at:>='" + since.truncatedTo(ChronoUnit.SECONDS) + "'");
            HttpCalls.Call call = graphql(ORDERS, variables, 2 + 2 * first);
            JsonNode body = call.ok() ? Json.parse(call.body(), "shopify orders") : null;
            if (body == null || body.has("errors")) {
                throw new MarketplaceException(
                        "shopify: orders query failed after " + call.attempts().size() + " attempts: "
                                + (call.status() == 0
                                        ? call.last().error()
                                        : call.status() + " " + HttpCalls.abbreviate(call.body())));
            }
            JsonNode orders = body.path("data").path("orders");
            List<MarketplaceOrder> page = new ArrayList<>();
            for (JsonNode o : orders.path("nodes")) {
                page.add(order(o));
            }
            pages.accept(page);
            if (!orders.path("pageInfo").path("hasNextPage").asBoolean(false)) {
                return;
            }
            after = Json.text(orders.path("pageInfo").get("endCursor"));
        }
    }

    static String tail(String gid) {
        return gid == null ? null : gid.substring(gid.lastIndexOf('/') + 1);
    }

    static MarketplaceOrder order(JsonNode o) {
        String currency = Json.text(o.get("currencyCode"));
        List<MarketplaceOrder.Line> lines = new ArrayList<>();
        for (JsonNode l : o.path("lineItems").path("nodes")) {
            JsonNode money = l.path("originalUnitPriceSet").path("shopMoney");
            lines.add(new MarketplaceOrder.Line(
                    tail(Json.text(l.get("id"))),
                    Json.text(l.get("sku")),
                    null,
                    Json.integer(l.get("quantity")),
                    Json.decimal(money.get("amount")),
                    Json.text(money.get("currencyCode"))));
        }
        String financial = Json.text(o.get("displayFinancialStatus"));
        String status;
        if (o.hasNonNull("cancelledAt")) {
            status = "cancelled";
        } else if ("REFUNDED".equals(financial)) {
            status = "refunded";
        } else if ("FULFILLED".equals(Json.text(o.get("displayFulfillmentStatus")))) {
            status = "shipped";
        } else if ("PENDING".equals(financial)) {
            status = "pending";
        } else if (financial != null) {
            status = "paid";
        } else {
            status = null;
        }
        return new MarketplaceOrder(
                "shopify",
                tail(Json.text(o.get("id"))),
                status,
                Json.instant(o.get("createdAt")),
                Json.instant(o.get("updatedAt")),
                currency,
                Json.text(o.get("email")),
                Json.decimal(o.path("totalPriceSet").path("shopMoney").get("amount")),
                lines,
                o.toString());
    }
}
