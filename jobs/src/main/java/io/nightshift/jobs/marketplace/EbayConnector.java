package io.nightshift.jobs.marketplace;

import com.fasterxml.jackson.databind.JsonNode;
import io.nightshift.common.config.MarketplaceSettings;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * eBay: Sell Inventory {@code bulk_update_price_quantity} (at most 25 SKUs per call, one response per item)
 * and Fulfillment {@code getOrders} filtered on {@code lastmodifieddate}, paged by {@code limit}/{@code offset}
 * following {@code next}. A listing shows the minimum of the inventory-item and offer quantities, so both are set.
 * Calls carry a user access token got from the refresh token ({@link AccessTokens}, eBay flow).
 */
final class EbayConnector implements MarketplaceConnector {
    static final int MAX_BULK = 25;
    private final MarketplaceSettings.Channel channel;
    private final HttpCalls http;
    private final TokenBucket bulk;
    private final TokenBucket getOrders;
    private final AccessTokens tokens;

    EbayConnector(MarketplaceSettings.Channel channel, HttpCalls http) {
        this.channel = channel;
        this.http = http;
        this.bulk = TokenBucket.of(channel.rate("bulk-update-price-quantity"));
        this.getOrders = TokenBucket.of(channel.rate("get-orders"));
        this.tokens = new AccessTokens(
                "ebay",
                AccessTokens.Flow.EBAY,
                channel.tokenUrl(),
                channel.clientId(),
                channel.clientSecret(),
                channel.credential(),
                channel.option("oauth-scopes"),
                http.settings());
    }

    @Override
    public String name() {
        return "ebay";
    }

    @Override
    public int maxBatch() {
        return Math.min(channel.batchSize(), MAX_BULK);
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        // Authorization: Bearer <user access token> is added per call by HttpCalls from the token provider.
        return http.request(channel.baseUrl() + pathAndQuery).header("Accept", "application/json");
    }

    @Override
    public List<PushOutcome> push(List<StockUpdate> batch, PushJournal.Batch journal) throws InterruptedException {
        List<Map<String, Object>> requests = new ArrayList<>();
        for (StockUpdate u : batch) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("sku", u.sku());
            r.put("shipToLocationAvailability", Map.of("quantity", u.quantity()));
            if (u.listingId() != null) {
                r.put("offers", List.of(Map.of("offerId", u.listingId(), "availableQuantity", u.quantity())));
            }
            requests.add(r);
        }
        HttpRequest request = request("/sell/inventory/v1/bulk_update_price_quantity")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("requests", requests))))
                .build();
        HttpCalls.Call call = http.send(bulk, request, journal.carrying(batch), tokens);
        List<PushOutcome> out = new ArrayList<>();
        PushOutcome.retriedAttempts(batch, call, out);
        if (!call.ok()) {
            PushOutcome.failed(batch, call, out);
            return out;
        }
        Instant sentAt = call.last().sentAt();
        Map<String, List<JsonNode>> bySku = new HashMap<>();
        for (JsonNode r :
                Json.parse(call.body(), "ebay bulk_update_price_quantity").path("responses")) {
            bySku.computeIfAbsent(Json.text(r.get("sku")), k -> new ArrayList<>())
                    .add(r);
        }
        for (StockUpdate u : batch) {
            List<JsonNode> responses = bySku.get(u.sku());
            if (responses == null) {
                out.add(PushOutcome.rejected(u, call.status(), "no response for this sku", sentAt));
                continue;
            }
            StringBuilder errors = new StringBuilder();
            for (JsonNode r : responses) {
                if (r.path("statusCode").asInt() != 200) {
                    for (JsonNode e : r.path("errors")) {
                        if (errors.length() > 0) {
                            errors.append("; ");
                        }
                        errors.append(e.path("errorId").asText())
                                .append(' ')
                                .append(e.path("message").asText());
                    }
                    if (errors.length() == 0) {
                        errors.append("statusCode ").append(r.path("statusCode").asText());
                    }
                }
            }
            out.add(
                    errors.length() == 0
                            ? PushOutcome.acknowledged(u, call.status(), sentAt)
                            : PushOutcome.rejected(u, call.status(), errors.toString(), sentAt));
        }
        return out;
    }

    /**
     * Offset paging shifts when an order changes while the listing is read (it moves out of its place), so
     * the window is closed at the start, {@code [since..now - 2 s]}: an order updated meanwhile leaves the
     * window, {@code total} drops, and the listing starts again (pages seen twice are deduplicated
     * downstream); the changed order is read by the next run, whose window starts before it.
     */
    @Override
    public void fetchOrders(Instant since, Consumer<List<MarketplaceOrder>> pages) throws InterruptedException {
        int restarts = 0;
        while (true) {
            Instant until = Instant.now().minusSeconds(2).truncatedTo(ChronoUnit.MILLIS);
            String filter = "lastmodifieddate:[" + since.truncatedTo(ChronoUnit.MILLIS) + ".." + until + "]";
            // [ ] must be percent-encoded (MARKETPLACES.md 1b); URLEncoder does that.
            String next = "/sell/fulfillment/v1/order?filter=" + RestConnector.enc(filter) + "&limit="
                    + Math.min(channel.pageSize(), 200) + "&offset=0";
            Integer total = null;
            boolean shifted = false;
            while (next != null) {
                HttpCalls.Call call = http.send(getOrders, request(next).GET().build(), tokens);
                if (!call.ok()) {
                    throw new MarketplaceException(
                            "ebay: getOrders failed after " + call.attempts().size() + " attempts: "
                                    + (call.status() == 0
                                            ? call.last().error()
                                            : call.status() + " " + HttpCalls.abbreviate(call.body())));
                }
                JsonNode body = Json.parse(call.body(), "ebay getOrders");
                List<MarketplaceOrder> page = new ArrayList<>();
                for (JsonNode o : body.path("orders")) {
                    page.add(order(o));
                }
                pages.accept(page);
                int pageTotal = body.path("total").asInt(-1);
                if (total == null) {
                    total = pageTotal;
                } else if (pageTotal != total) {
                    shifted = true;
                    break;
                }
                String href = Json.text(body.get("next"));
                if (href == null || href.isEmpty()) {
                    next = null;
                } else {
                    URI uri = URI.create(href);
                    next = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
                }
            }
            if (!shifted || ++restarts > 5) {
                return;
            }
        }
    }

    static MarketplaceOrder order(JsonNode o) {
        String currency = Json.text(o.path("pricingSummary").path("total").get("currency"));
        List<MarketplaceOrder.Line> lines = new ArrayList<>();
        for (JsonNode i : o.path("lineItems")) {
            Integer quantity = Json.integer(i.get("quantity"));
            BigDecimal cost = Json.decimal(i.path("lineItemCost").get("value"));
            BigDecimal unit = cost == null || quantity == null || quantity <= 0
                    ? null
                    : cost.divide(BigDecimal.valueOf(quantity), 2, RoundingMode.HALF_UP);
            lines.add(new MarketplaceOrder.Line(
                    Json.text(i.get("lineItemId")),
                    Json.text(i.get("sku")),
                    null,
                    quantity,
                    unit,
                    Json.text(i.path("lineItemCost").get("currency"))));
        }
        String status;
        if ("CANCELED".equals(Json.text(o.path("cancelStatus").get("cancelState")))) {
            status = "cancelled";
        } else if ("FULLY_REFUNDED".equals(Json.text(o.get("orderPaymentStatus")))) {
            status = "refunded";
        } else if ("FULFILLED".equals(Json.text(o.get("orderFulfillmentStatus")))) {
            status = "shipped";
        } else if ("PENDING".equals(Json.text(o.get("orderPaymentStatus")))) {
            status = "pending";
        } else if (o.hasNonNull("orderPaymentStatus")) {
            status = "paid";
        } else {
            status = null;
        }
        return new MarketplaceOrder(
                "ebay",
                Json.text(o.get("orderId")),
                status,
                Json.instant(o.get("creationDate")),
                Json.instant(o.get("lastModifiedDate")),
                currency,
                Json.text(o.path("buyer").path("buyerRegistrationAddress").get("email")),
                Json.decimal(o.path("pricingSummary").path("total").get("value")),
                lines,
                o.toString());
    }
}
