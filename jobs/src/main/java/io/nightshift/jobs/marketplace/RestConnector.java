package io.nightshift.jobs.marketplace;

import com.fasterxml.jackson.databind.JsonNode;
import io.nightshift.common.config.MarketplaceSettings;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The generic REST marketplace (the seed's API; the contract is in the README): {@code X-Api-Key} and
 * {@code X-Seller-Id} headers, {@code POST /v1/inventory/batch} of at most 100 SKUs answered per item,
 * {@code GET /v1/orders?since=&status=&limit=&page_token=} paged by opaque tokens that expire (410: start again).
 */
final class RestConnector implements MarketplaceConnector {
    static final String STATUSES = "pending,paid,shipped,cancelled,refunded";
    private final MarketplaceSettings.Channel channel;
    private final HttpCalls http;
    private final TokenBucket inventory;
    private final TokenBucket orders;
    private final String sellerId;

    RestConnector(MarketplaceSettings.Channel channel, HttpCalls http) {
        this.channel = channel;
        this.http = http;
        this.inventory = TokenBucket.of(channel.rate("inventory"));
        this.orders = TokenBucket.of(channel.rate("orders"));
        this.sellerId = channel.option("seller-id");
    }

    @Override
    public String name() {
        return "rest";
    }

    @Override
    public int maxBatch() {
        return Math.min(channel.batchSize(), 100);
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return http.request(channel.baseUrl() + pathAndQuery)
                .header("X-Api-Key", channel.credential().reveal())
                .header("X-Seller-Id", sellerId)
                .header("Accept", "application/json");
    }

    @Override
    public List<PushOutcome> push(List<StockUpdate> batch, PushJournal.Batch journal) throws InterruptedException {
        List<Map<String, Object>> updates = new ArrayList<>();
        for (StockUpdate u : batch) {
            updates.add(Map.of("sku", u.sku(), "quantity", u.quantity()));
        }
        HttpRequest request = request("/v1/inventory/batch")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("updates", updates))))
                .build();
        HttpCalls.Call call = http.send(inventory, request, journal.carrying(batch));
        List<PushOutcome> out = new ArrayList<>();
        PushOutcome.retriedAttempts(batch, call, out);
        if (!call.ok()) {
            PushOutcome.failed(batch, call, out);
            return out;
        }
        Instant sentAt = call.last().sentAt();
        Map<String, JsonNode> results = new HashMap<>();
        for (JsonNode r : Json.parse(call.body(), "rest inventory batch").path("results")) {
            results.put(Json.text(r.get("sku")), r);
        }
        for (StockUpdate u : batch) {
            JsonNode r = results.get(u.sku());
            if (r == null) {
                out.add(PushOutcome.rejected(u, call.status(), "no result for this sku in the response", sentAt));
            } else if ("ok".equals(Json.text(r.get("status")))) {
                out.add(PushOutcome.acknowledged(u, call.status(), sentAt));
            } else {
                out.add(PushOutcome.rejected(
                        u,
                        call.status(),
                        Json.text(r.path("error").get("code")) + ": "
                                + Json.text(r.path("error").get("message")),
                        sentAt));
            }
        }
        return out;
    }

    @Override
    public void fetchOrders(Instant since, Consumer<List<MarketplaceOrder>> pages) throws InterruptedException {
        String token = null;
        int restarts = 0;
        while (true) {
            String query = "/v1/orders?since=" + enc(since.toString()) + "&status=" + enc(STATUSES) + "&limit="
                    + Math.min(channel.pageSize(), 100) + (token == null ? "" : "&page_token=" + enc(token));
            HttpCalls.Call call = http.send(orders, request(query).GET().build());
            if (call.status() == 410 && restarts < 3) {
                // The page token expired: start the listing again; pages seen twice are deduplicated downstream.
                restarts++;
                token = null;
                continue;
            }
            if (!call.ok()) {
                throw new MarketplaceException(
                        "rest: GET /v1/orders failed after " + call.attempts().size() + " attempts: "
                                + (call.status() == 0
                                        ? call.last().error()
                                        : call.status() + " " + HttpCalls.abbreviate(call.body())));
            }
            JsonNode body = Json.parse(call.body(), "rest orders");
            List<MarketplaceOrder> page = new ArrayList<>();
            for (JsonNode o : body.path("orders")) {
                page.add(order(o));
            }
            pages.accept(page);
            token = Json.text(body.get("next_page_token"));
            if (token == null || token.isEmpty()) {
                return;
            }
        }
    }

    static MarketplaceOrder order(JsonNode o) {
        String currency = Json.text(o.get("currency"));
        List<MarketplaceOrder.Line> lines = new ArrayList<>();
        for (JsonNode i : o.path("items")) {
            lines.add(new MarketplaceOrder.Line(
                    Json.text(i.get("line_id")),
                    Json.text(i.get("sku")),
                    Json.integer(i.get("product_id")),
                    Json.integer(i.get("quantity")),
                    Json.decimal(i.get("unit_price")),
                    currency));
        }
        String status = Json.text(o.get("status"));
        return new MarketplaceOrder(
                "rest",
                Json.text(o.get("order_id")),
                status == null ? null : status.toLowerCase(Locale.ROOT),
                Json.instant(o.get("order_date")),
                Json.instant(o.get("updated_at")),
                currency,
                Json.text(o.path("customer").get("email")),
                Json.decimal(o.get("total_price")),
                lines,
                o.toString());
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
