package io.nightshift.jobs.marketplace;

import com.fasterxml.jackson.databind.JsonNode;
import io.nightshift.common.config.MarketplaceSettings;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Amazon SP-API. Stock: below {@code feed-threshold} changes one Listings Items {@code patchListingsItem}
 * per SKU (merge of {@code fulfillment_availability}; a 200 can still say INVALID, so the status is read);
 * at or above it one {@code JSON_LISTINGS_FEED} of up to 25,000 messages, its processing report giving each
 * message's outcome. Orders: Orders v0 {@code getOrders} on LastUpdatedAfter, paged by NextToken (an expired
 * token starts the listing again), and {@code getOrderItems} per order. Every operation has its own token
 * bucket at the documented rate and burst. Calls carry an LWA access token got from the refresh token
 * ({@link AccessTokens}); the pre-signed document URLs carry none.
 */
final class AmazonConnector implements MarketplaceConnector {
    static final int MAX_FEED = 25_000;
    private final MarketplaceSettings.Channel channel;
    private final HttpCalls http;
    private final Map<String, TokenBucket> buckets = new HashMap<>();
    private final String sellerId;
    private final String marketplaceId;
    private final String productType;
    private final int feedThreshold;
    private final Duration pollInterval;
    private final AccessTokens tokens;

    AmazonConnector(MarketplaceSettings.Channel channel, HttpCalls http) {
        this.channel = channel;
        this.http = http;
        for (String op : List.of(
                "patch-listings-item",
                "get-orders",
                "get-order-items",
                "create-feed-document",
                "create-feed",
                "get-feed",
                "get-feed-document")) {
            buckets.put(op, TokenBucket.of(channel.rate(op)));
        }
        buckets.put("document-url", new TokenBucket(100, 100));
        this.sellerId = channel.option("seller-id");
        this.marketplaceId = channel.option("marketplace-id");
        this.productType = channel.option("product-type");
        this.feedThreshold = channel.options().getInt("feed-threshold");
        this.pollInterval = channel.options().getDuration("feed-poll-interval");
        this.tokens = new AccessTokens(
                "amazon",
                AccessTokens.Flow.LWA,
                channel.tokenUrl(),
                channel.clientId(),
                channel.clientSecret(),
                channel.credential(),
                "",
                http.settings());
    }

    @Override
    public String name() {
        return "amazon";
    }

    @Override
    public int maxBatch() {
        return Math.min(channel.batchSize(), MAX_FEED);
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        // x-amz-access-token: <LWA access token> is added per call by HttpCalls from the token provider.
        return http.request(channel.baseUrl() + pathAndQuery).header("Accept", "application/json");
    }

    private static List<Map<String, Object>> patches(int quantity) {
        return List.of(Map.of(
                "op",
                "merge",
                "path",
                "/attributes/fulfillment_availability",
                "value",
                List.of(Map.of("fulfillment_channel_code", "DEFAULT", "quantity", quantity))));
    }

    @Override
    public List<PushOutcome> push(List<StockUpdate> batch, PushJournal.Batch journal) throws InterruptedException {
        return batch.size() >= feedThreshold ? feed(batch, journal) : patchEach(batch, journal);
    }

    private List<PushOutcome> patchEach(List<StockUpdate> batch, PushJournal.Batch journal)
            throws InterruptedException {
        List<PushOutcome> out = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(4, Math.max(1, batch.size())));
        try {
            List<Future<List<PushOutcome>>> futures = new ArrayList<>();
            for (StockUpdate u : batch) {
                futures.add(pool.submit(() -> patch(u, journal)));
            }
            for (Future<List<PushOutcome>> f : futures) {
                try {
                    out.addAll(f.get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof MarketplaceException clear) {
                        throw clear;
                    } // e.g. a refused refresh token
                    throw new MarketplaceException("amazon: patchListingsItem failed: " + e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return out;
    }

    private List<PushOutcome> patch(StockUpdate u, PushJournal.Batch journal) throws InterruptedException {
        String path = "/listings/2021-08-01/items/" + enc(sellerId) + "/" + enc(u.sku()) + "?marketplaceIds="
                + enc(marketplaceId);
        String body = Json.write(Map.of("productType", productType, "patches", patches(u.quantity())));
        HttpCalls.Call call = http.send(
                buckets.get("patch-listings-item"),
                request(path)
                        .header("Content-Type", "application/json")
                        .method("PATCH", HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                journal.carrying(List.of(u)),
                tokens);
        List<PushOutcome> out = new ArrayList<>();
        PushOutcome.retriedAttempts(List.of(u), call, out);
        if (!call.ok()) {
            PushOutcome.failed(List.of(u), call, out);
            journal.settle(out);
            return out;
        }
        JsonNode response = Json.parse(call.body(), "amazon patchListingsItem");
        String status = Json.text(response.get("status"));
        // 200 can carry INVALID (MARKETPLACES.md 2a): only ACCEPTED is an acknowledgement.
        if ("ACCEPTED".equals(status)) {
            out.add(PushOutcome.acknowledged(u, call.status(), call.last().sentAt()));
        } else {
            out.add(PushOutcome.rejected(
                    u,
                    call.status(),
                    status + ": " + issues(response.path("issues")),
                    call.last().sentAt()));
        }
        // One SKU per call, many calls per batch: its outcome goes to the journal now, not when the batch ends.
        journal.settle(out);
        return out;
    }

    private static String issues(JsonNode issues) {
        StringBuilder s = new StringBuilder();
        for (JsonNode i : issues) {
            if (s.length() > 0) {
                s.append("; ");
            }
            s.append(i.path("code").asText())
                    .append(' ')
                    .append(i.path("message").asText());
        }
        return s.toString();
    }

    /** One JSON_LISTINGS_FEED: document, upload, feed, wait for DONE, read the processing report. */
    private List<PushOutcome> feed(List<StockUpdate> batch, PushJournal.Batch journal) throws InterruptedException {
        List<PushOutcome> out = new ArrayList<>();
        Instant sentAt = Instant.now();
        HttpCalls.Call doc = http.send(
                buckets.get("create-feed-document"),
                request("/feeds/2021-06-30/documents")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"contentType\":\"application/json; charset=UTF-8\"}"))
                        .build(),
                tokens);
        if (!doc.ok()) {
            return failedFeed(batch, doc, "createFeedDocument", out);
        }
        PushOutcome.retriedAttempts(batch, doc, out);
        JsonNode document = Json.parse(doc.body(), "amazon createFeedDocument");
        List<Map<String, Object>> messages = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("messageId", i + 1);
            m.put("sku", batch.get(i).sku());
            m.put("operationType", "PATCH");
            m.put("productType", productType);
            m.put("patches", patches(batch.get(i).quantity()));
            messages.add(m);
        }
        String content =
                Json.write(Map.of("header", Map.of("sellerId", sellerId, "version", "2.0"), "messages", messages));
        // The document URL is pre-signed: no access token goes to it.
        HttpCalls.Call upload = http.send(
                buckets.get("document-url"),
                http.request(document.path("url").asText())
                        .header("Content-Type", "application/json; charset=UTF-8")
                        .PUT(HttpRequest.BodyPublishers.ofString(content))
                        .build());
        if (!upload.ok()) {
            return failedFeed(batch, upload, "upload", out);
        }
        PushOutcome.retriedAttempts(batch, upload, out);
        HttpCalls.Call create = http.send(
                buckets.get("create-feed"),
                request("/feeds/2021-06-30/feeds")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of(
                                "feedType",
                                "JSON_LISTINGS_FEED",
                                "marketplaceIds",
                                List.of(marketplaceId),
                                "inputFeedDocumentId",
                                document.path("feedDocumentId").asText()))))
                        .build(),
                // createFeed is the call that hands the quantities to Amazon: its attempts are the journaled ones.
                journal.carrying(batch),
                tokens);
        if (!create.ok()) {
            return failedFeed(batch, create, "createFeed", out);
        }
        // Each whole-call retry of a feed step is a ledger row for every SKU in the feed.
        PushOutcome.retriedAttempts(batch, create, out);
        String feedId =
                Json.parse(create.body(), "amazon createFeed").path("feedId").asText();
        String reportId = null;
        for (int polls = 0; reportId == null; polls++) {
            HttpCalls.Call feed = http.send(
                    buckets.get("get-feed"),
                    request("/feeds/2021-06-30/feeds/" + enc(feedId)).GET().build(),
                    tokens);
            if (!feed.ok()) {
                return failedFeed(batch, feed, "getFeed", out);
            }
            JsonNode f = Json.parse(feed.body(), "amazon getFeed");
            String status = f.path("processingStatus").asText();
            if (status.equals("DONE")) {
                reportId = f.path("resultFeedDocumentId").asText();
            } else if (status.equals("FATAL") || status.equals("CANCELLED") || polls > 1000) {
                return failedFeed(batch, feed, "feed " + feedId + " ended " + status, out);
            } else {
                Thread.sleep(pollInterval.toMillis());
            }
        }
        HttpCalls.Call reportDoc = http.send(
                buckets.get("get-feed-document"),
                request("/feeds/2021-06-30/documents/" + enc(reportId)).GET().build(),
                tokens);
        if (!reportDoc.ok()) {
            return failedFeed(batch, reportDoc, "getFeedDocument", out);
        }
        HttpCalls.Call report = http.send(
                buckets.get("document-url"),
                http.request(Json.parse(reportDoc.body(), "amazon getFeedDocument")
                                .path("url")
                                .asText())
                        .GET()
                        .build());
        if (!report.ok()) {
            return failedFeed(batch, report, "report download", out);
        }
        Map<Integer, StringBuilder> errors = new HashMap<>();
        for (JsonNode issue :
                Json.parse(report.body(), "amazon processing report").path("issues")) {
            if ("ERROR".equals(issue.path("severity").asText())) {
                errors.computeIfAbsent(issue.path("messageId").asInt(), k -> new StringBuilder())
                        .append(issue.path("code").asText())
                        .append(' ')
                        .append(issue.path("message").asText())
                        .append("; ");
            }
        }
        for (int i = 0; i < batch.size(); i++) {
            StringBuilder e = errors.get(i + 1);
            out.add(
                    e == null
                            ? PushOutcome.acknowledged(batch.get(i), 200, sentAt)
                            : PushOutcome.rejected(batch.get(i), 200, "feed " + feedId + ": " + e, sentAt));
        }
        return out;
    }

    private static List<PushOutcome> failedFeed(
            List<StockUpdate> batch, HttpCalls.Call call, String step, List<PushOutcome> out) {
        PushOutcome.retriedAttempts(batch, call, out);
        HttpCalls.Attempt a = call.last();
        for (StockUpdate u : batch) {
            out.add(new PushOutcome(
                    u.sku(),
                    u.quantity(),
                    PushOutcome.Status.FAILED,
                    a.httpStatus(),
                    step + ": " + (a.error() == null ? "status " + a.httpStatus() : a.error()),
                    a.sentAt(),
                    null));
        }
        return out;
    }

    @Override
    public void fetchOrders(Instant since, Consumer<List<MarketplaceOrder>> pages) throws InterruptedException {
        String token = null;
        int restarts = 0;
        while (true) {
            String query = "/orders/v0/orders?MarketplaceIds=" + enc(marketplaceId) + "&MaxResultsPerPage="
                    + Math.min(100, channel.pageSize())
                    + (token == null ? "&LastUpdatedAfter=" + enc(since.toString()) : "&NextToken=" + enc(token));
            HttpCalls.Call call =
                    http.send(buckets.get("get-orders"), request(query).GET().build(), tokens);
            if (call.status() == 400 && token != null && call.body().contains("NextToken") && restarts < 3) {
                restarts++; // an expired NextToken: list again from the start; repeats are deduplicated downstream
                token = null;
                continue;
            }
            if (!call.ok()) {
                throw new MarketplaceException(
                        "amazon: getOrders failed after " + call.attempts().size() + " attempts: "
                                + (call.status() == 0
                                        ? call.last().error()
                                        : call.status() + " " + HttpCalls.abbreviate(call.body())));
            }
            JsonNode payload = Json.parse(call.body(), "amazon getOrders").path("payload");
            List<MarketplaceOrder> page = new ArrayList<>();
            for (JsonNode o : payload.path("Orders")) {
                page.add(order(o, items(Json.text(o.get("AmazonOrderId")))));
            }
            pages.accept(page);
            token = Json.text(payload.get("NextToken"));
            if (token == null || token.isEmpty()) {
                return;
            }
        }
    }

    private List<JsonNode> items(String orderId) throws InterruptedException {
        List<JsonNode> items = new ArrayList<>();
        if (orderId == null) {
            return items;
        }
        String token = null;
        do {
            String path = "/orders/v0/orders/" + enc(orderId) + "/orderItems"
                    + (token == null ? "" : "?NextToken=" + enc(token));
            HttpCalls.Call call = http.send(
                    buckets.get("get-order-items"), request(path).GET().build(), tokens);
            if (!call.ok()) {
                throw new MarketplaceException("amazon: getOrderItems " + orderId + " failed: "
                        + (call.status() == 0
                                ? call.last().error()
                                : call.status() + " " + HttpCalls.abbreviate(call.body())));
            }
            JsonNode payload = Json.parse(call.body(), "amazon getOrderItems").path("payload");
            payload.path("OrderItems").forEach(items::add);
            token = Json.text(payload.get("NextToken"));
        } while (token != null && !token.isEmpty());
        return items;
    }

    static MarketplaceOrder order(JsonNode o, List<JsonNode> items) {
        String currency = Json.text(o.path("OrderTotal").get("CurrencyCode"));
        List<MarketplaceOrder.Line> lines = new ArrayList<>();
        for (JsonNode i : items) {
            Integer quantity = Json.integer(i.get("QuantityOrdered"));
            BigDecimal price = Json.decimal(i.path("ItemPrice").get("Amount"));
            BigDecimal unit = price == null || quantity == null || quantity <= 0
                    ? null
                    : price.divide(BigDecimal.valueOf(quantity), 2, RoundingMode.HALF_UP);
            lines.add(new MarketplaceOrder.Line(
                    Json.text(i.get("OrderItemId")),
                    Json.text(i.get("SellerSKU")),
                    null,
                    quantity,
                    unit,
                    Json.text(i.path("ItemPrice").get("CurrencyCode"))));
        }
        String s = Json.text(o.get("OrderStatus"));
        String status = s == null
                ? null
                : switch (s) {
                    case "Pending", "PendingAvailability" -> "pending";
                    case "Unshipped", "PartiallyShipped", "InvoiceUnconfirmed" -> "paid";
                    case "Shipped" -> "shipped";
                    case "Canceled" -> "cancelled";
                    default -> null;
                };
        return new MarketplaceOrder(
                "amazon",
                Json.text(o.get("AmazonOrderId")),
                status,
                Json.instant(o.get("PurchaseDate")),
                Json.instant(o.get("LastUpdateDate")),
                currency,
                Json.text(o.path("BuyerInfo").get("BuyerEmail")),
                Json.decimal(o.path("OrderTotal").get("Amount")),
                lines,
                o.toString());
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
