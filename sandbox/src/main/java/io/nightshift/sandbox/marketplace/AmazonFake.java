package io.nightshift.sandbox.marketplace;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Amazon SP-API as ../shared/MARKETPLACES.md section 2 documents it: {@code x-amz-access-token} on every call;
 * Listings Items {@code patchListingsItem} (marketplaceIds, productType and patches required; 200 with status
 * ACCEPTED or INVALID and issues); the JSON_LISTINGS_FEED (createFeedDocument, upload, createFeed, getFeed,
 * getFeedDocument, processing report; at most 25,000 messages); Orders v0 getOrders (MarketplaceIds and
 * exactly one of CreatedAfter / LastUpdatedAfter; MaxResultsPerPage 1..100; NextToken) and getOrderItems.
 * Each operation has its token bucket; an empty one answers 429 QuotaExceeded with x-amzn-RateLimit-Limit
 * and no Retry-After (none is documented).
 */
public final class AmazonFake extends FakeMarketplace {
    public static final int MAX_FEED_MESSAGES = 25_000;
    static final Set<String> OPS = Set.of("add", "replace", "merge", "delete");
    private final String sellerId;
    private final String marketplaceId;
    private final Map<String, String> uploads = new ConcurrentHashMap<>();
    private final Map<String, String> reports = new ConcurrentHashMap<>();
    private final Map<String, String> feedResults = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(1000);
    private final AtomicInteger expireTokens = new AtomicInteger();
    private final Map<String, Double> limits = new ConcurrentHashMap<>();
    private volatile Duration nextTokenTtl = Duration.ofMinutes(5);

    public AmazonFake(String refreshToken, String sellerId, String marketplaceId) {
        super(refreshToken);
        this.sellerId = sellerId;
        this.marketplaceId = marketplaceId;
        rateLimit("patch-listings-item", 5, 5);
        rateLimit("get-orders", 0.0167, 20);
        rateLimit("get-order-items", 0.5, 30);
        rateLimit("create-feed-document", 0.5, 15);
        rateLimit("create-feed", 0.0083, 15);
        rateLimit("get-feed", 2, 15);
        rateLimit("get-feed-document", 0.0222, 10);
    }

    @Override
    public synchronized void rateLimit(String operation, double perSecond, double burst) {
        super.rateLimit(operation, perSecond, burst);
        limits.put(operation, perSecond);
    }

    @Override
    public String name() {
        return "amazon";
    }

    public void expireNextTokens(int n) {
        expireTokens.set(n);
    }

    @Override
    protected String operation(Request r) {
        String p = r.path();
        if (r.method().equals("PATCH") && p.startsWith("/listings/2021-08-01/items/")) {
            return "patch-listings-item";
        }
        if (r.method().equals("GET") && p.equals("/orders/v0/orders")) {
            return "get-orders";
        }
        if (r.method().equals("GET") && p.matches("/orders/v0/orders/[^/]+/orderItems")) {
            return "get-order-items";
        }
        if (r.method().equals("POST") && p.equals("/feeds/2021-06-30/documents")) {
            return "create-feed-document";
        }
        if (r.method().equals("POST") && p.equals("/feeds/2021-06-30/feeds")) {
            return "create-feed";
        }
        if (r.method().equals("GET") && p.startsWith("/feeds/2021-06-30/feeds/")) {
            return "get-feed";
        }
        if (r.method().equals("GET") && p.startsWith("/feeds/2021-06-30/documents/")) {
            return "get-feed-document";
        }
        if (p.startsWith("/_upload/") && r.method().equals("PUT")) {
            return "upload";
        }
        if (p.startsWith("/_download/") && r.method().equals("GET")) {
            return "download";
        }
        if (p.equals("/auth/o2/token") && r.method().equals("POST")) {
            return "token";
        }
        return null;
    }

    /** A patch carries its SKU. A feed's SKUs sit in its uploaded document and are not counted here. */
    @Override
    protected List<String> skusUpdated(String operation, Request r) throws Exception {
        if (operation.equals("patch-listings-item")) {
            String[] parts =
                    r.path().substring("/listings/2021-08-01/items/".length()).split("/");
            return parts.length == 2 ? List.of(URLDecoder.decode(parts[1], StandardCharsets.UTF_8)) : List.of();
        }
        return List.of();
    }

    private static Map<String, Object> errors(String code, String message) {
        return Map.of("errors", List.of(Map.of("code", code, "message", message)));
    }

    @Override
    protected ResponseDefinitionBuilder throttledResponse(double retryAfterSeconds) {
        return json(429, errors("QuotaExceeded", "You exceeded your quota for the requested resource."));
    }

    @Override
    protected ResponseDefinitionBuilder serverError() {
        return json(503, errors("ServiceUnavailable", "Service temporarily unavailable."));
    }

    @Override
    protected ResponseDefinitionBuilder handle(String operation, Request r) throws Exception {
        // Pre-signed document URLs (upload, download) carry no access token, as S3 URLs do not.
        if (operation.equals("token")) {
            return token(r);
        }
        // SP-API answers a missing, expired or unknown LWA token with 403 Unauthorized, the reason in details.
        if (!operation.equals("upload") && !operation.equals("download")) {
            TokenState state = accessToken(r.header("x-amz-access-token"));
            if (state != TokenState.VALID) {
                return refuse(
                        403,
                        Map.of(
                                "errors",
                                List.of(Map.of(
                                        "code",
                                        "Unauthorized",
                                        "message",
                                        "Access to requested resource is denied.",
                                        "details",
                                        switch (state) {
                                            case EXPIRED -> "The access token you provided has expired.";
                                            case MISSING -> "";
                                            default ->
                                                "The access token you provided is revoked, malformed or invalid.";
                                        }))));
            }
        }
        ResponseDefinitionBuilder answer = switch (operation) {
            case "patch-listings-item" -> patch(r);
            case "get-orders" -> orders(r);
            case "get-order-items" -> orderItems(r);
            case "create-feed-document" -> createDocument(r);
            case "upload" -> upload(r);
            case "create-feed" -> createFeed(r);
            case "get-feed" -> getFeed(r);
            case "get-feed-document" -> getDocument(r);
            default -> download(r);
        };
        Double limit = limits.get(operation);
        return limit == null
                ? answer
                : answer.withHeader("x-amzn-RateLimit-Limit", String.valueOf(limit))
                        .withHeader("x-amzn-RequestId", "req-" + ids.incrementAndGet());
    }

    /**
     * Login with Amazon's refresh-token grant (POST https://api.amazon.com/auth/o2/token, form-encoded
     * grant_type=refresh_token, refresh_token, client_id, client_secret); answers access_token, token_type,
     * expires_in (3,600 s) and the refresh token. The refresh token is this fake's credential.
     */
    private ResponseDefinitionBuilder token(Request r) {
        Map<String, String> form = form(r.body());
        if (!"refresh_token".equals(form.get("grant_type"))) {
            return refuse(
                    400,
                    Map.of(
                            "error",
                            "unsupported_grant_type",
                            "error_description",
                            "The authorization grant type is not supported"));
        }
        if (!clientId().equals(form.get("client_id")) || !clientSecret().equals(form.get("client_secret"))) {
            return refuse(401, Map.of("error", "invalid_client", "error_description", "Client authentication failed"));
        }
        if (!credential.equals(form.get("refresh_token"))) {
            return refuse(
                    400,
                    Map.of(
                            "error",
                            "invalid_grant",
                            "error_description",
                            "The request has an invalid grant parameter : refresh_token"));
        }
        return json(
                200,
                Map.of(
                        "access_token",
                        issueAccessToken(),
                        "refresh_token",
                        credential,
                        "token_type",
                        "bearer",
                        "expires_in",
                        accessTokenLifetimeSeconds()));
    }

    // ---- Listings Items ----

    private ResponseDefinitionBuilder patch(Request r) throws Exception {
        String[] parts =
                r.path().substring("/listings/2021-08-01/items/".length()).split("/");
        if (parts.length != 2) {
            return refuse(400, errors("InvalidInput", "expected /items/{sellerId}/{sku}"));
        }
        if (!parts[0].equals(sellerId)) {
            return refuse(403, errors("Unauthorized", "seller " + parts[0] + " is not this seller"));
        }
        String sku = URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
        String ids = r.query().get("marketplaceIds");
        if (ids == null || ids.isBlank()) {
            return refuse(400, errors("InvalidInput", "Missing required parameter marketplaceIds"));
        }
        if (!List.of(ids.split(",")).contains(marketplaceId)) {
            return refuse(400, errors("InvalidInput", "unknown marketplaceIds " + ids));
        }
        JsonNode body = JSON.readTree(r.body());
        String shape = patchShape(body);
        if (shape != null) {
            return refuse(400, errors("InvalidInput", shape));
        }
        return json(200, applyPatch(sku, body));
    }

    /** Null when the body is a valid ListingsItemPatchRequest for fulfillment_availability, else why not. */
    static String patchShape(JsonNode body) {
        if (!body.path("productType").isTextual()) {
            return "productType is required";
        }
        JsonNode patches = body.path("patches");
        if (!patches.isArray() || patches.isEmpty()) {
            return "patches must have at least one item";
        }
        for (JsonNode p : patches) {
            if (!OPS.contains(p.path("op").asText())) {
                return "op must be add, replace, merge or delete";
            }
            if (!p.path("path").asText().startsWith("/attributes/")) {
                return "path must be /attributes/<name>";
            }
            if (!p.path("op").asText().equals("delete") && !p.path("value").isArray()) {
                return "value must be an array";
            }
            if (p.path("path").asText().equals("/attributes/fulfillment_availability")) {
                for (JsonNode v : p.path("value")) {
                    if (v.path("fulfillment_channel_code").asText("").isEmpty()) {
                        return "fulfillment_channel_code must be non-empty";
                    }
                    if (!v.path("quantity").isInt() || v.path("quantity").asInt() < 0) {
                        return "quantity must be a whole number >= 0";
                    }
                }
            }
        }
        return null;
    }

    private Map<String, Object> applyPatch(String sku, JsonNode body) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("sku", sku);
        response.put("submissionId", "sub-" + ids.incrementAndGet());
        if (!listings.containsKey(sku)) {
            response.put("status", "INVALID");
            response.put(
                    "issues",
                    List.of(Map.of(
                            "code",
                            "4000001",
                            "message",
                            "SKU " + sku + " does not exist for this seller",
                            "severity",
                            "ERROR")));
        } else if (takeItemFailure(sku)) {
            response.put("status", "INVALID");
            response.put(
                    "issues",
                    List.of(Map.of(
                            "code",
                            "90220",
                            "message",
                            "fulfillment_availability is temporarily locked",
                            "severity",
                            "ERROR")));
        } else {
            for (JsonNode p : body.path("patches")) {
                if (p.path("path").asText().equals("/attributes/fulfillment_availability")) {
                    for (JsonNode v : p.path("value")) {
                        apply(sku, v.path("quantity").asInt());
                    }
                }
            }
            response.put("status", "ACCEPTED");
            response.put("issues", List.of());
        }
        return response;
    }

    // ---- Feeds ----

    private ResponseDefinitionBuilder createDocument(Request r) throws Exception {
        if (!JSON.readTree(r.body()).path("contentType").isTextual()) {
            return refuse(400, errors("InvalidInput", "contentType is required"));
        }
        String id = "doc-" + ids.incrementAndGet();
        uploads.put(id, "");
        return json(201, Map.of("feedDocumentId", id, "url", baseUrl() + "/_upload/" + id));
    }

    private ResponseDefinitionBuilder upload(Request r) {
        String id = r.path().substring("/_upload/".length());
        if (!uploads.containsKey(id)) {
            return refuse(403, Map.of("Error", "SignatureDoesNotMatch"));
        }
        uploads.put(id, r.body());
        return WireMock.aResponse().withStatus(200);
    }

    private ResponseDefinitionBuilder createFeed(Request r) throws Exception {
        JsonNode body = JSON.readTree(r.body());
        if (!"JSON_LISTINGS_FEED".equals(body.path("feedType").asText())) {
            return refuse(400, errors("InvalidInput", "unsupported feedType"));
        }
        if (!body.path("marketplaceIds").isArray()
                || body.path("marketplaceIds").isEmpty()) {
            return refuse(400, errors("InvalidInput", "marketplaceIds is required"));
        }
        String document = uploads.get(body.path("inputFeedDocumentId").asText());
        if (document == null || document.isEmpty()) {
            return refuse(400, errors("InvalidInput", "inputFeedDocumentId has no uploaded content"));
        }
        JsonNode feed = JSON.readTree(document);
        JsonNode messages = feed.path("messages");
        if (!sellerId.equals(feed.path("header").path("sellerId").asText()) || !messages.isArray()) {
            return refuse(400, errors("InvalidInput", "the feed needs header.sellerId and messages"));
        }
        if (messages.size() > MAX_FEED_MESSAGES) {
            return refuse(400, errors("InvalidInput", "at most " + MAX_FEED_MESSAGES + " messages per feed"));
        }
        // Processed at once: the first getFeed sees DONE. Each message is checked like a patch.
        List<Map<String, Object>> issues = new ArrayList<>();
        int accepted = 0, invalid = 0;
        for (JsonNode m : messages) {
            String shape =
                    !"PATCH".equals(m.path("operationType").asText()) ? "operationType must be PATCH" : patchShape(m);
            String sku = m.path("sku").asText();
            Map<String, Object> result = shape == null
                    ? applyPatch(sku, m)
                    : Map.of(
                            "status",
                            "INVALID",
                            "issues",
                            List.of(Map.of("code", "100", "message", shape, "severity", "ERROR")));
            if ("ACCEPTED".equals(result.get("status"))) {
                accepted++;
            } else {
                invalid++;
                for (Object issue : (List<?>) result.get("issues")) {
                    Map<String, Object> i = new LinkedHashMap<>((Map<String, Object>) issue);
                    i.put("messageId", m.path("messageId").asInt());
                    issues.add(i);
                }
            }
        }
        String feedId = "feed-" + ids.incrementAndGet();
        String reportId = "report-" + ids.incrementAndGet();
        reports.put(
                reportId,
                JSON.writeValueAsString(Map.of(
                        "header",
                        Map.of("sellerId", sellerId, "version", "2.0", "feedId", feedId),
                        "issues",
                        issues,
                        "summary",
                        Map.of(
                                "errors",
                                invalid,
                                "warnings",
                                0,
                                "messagesProcessed",
                                messages.size(),
                                "messagesAccepted",
                                accepted,
                                "messagesInvalid",
                                invalid))));
        feedResults.put(feedId, reportId);
        return json(202, Map.of("feedId", feedId));
    }

    private ResponseDefinitionBuilder getFeed(Request r) {
        String feedId = r.path().substring("/feeds/2021-06-30/feeds/".length());
        String report = feedResults.get(feedId);
        if (report == null) {
            return refuse(404, errors("NotFound", "no feed " + feedId));
        }
        return json(
                200,
                Map.of(
                        "feedId",
                        feedId,
                        "feedType",
                        "JSON_LISTINGS_FEED",
                        "processingStatus",
                        "DONE",
                        "resultFeedDocumentId",
                        report));
    }

    private ResponseDefinitionBuilder getDocument(Request r) {
        String id = r.path().substring("/feeds/2021-06-30/documents/".length());
        if (!reports.containsKey(id)) {
            return refuse(404, errors("NotFound", "no document " + id));
        }
        return json(200, Map.of("feedDocumentId", id, "url", baseUrl() + "/_download/" + id));
    }

    private ResponseDefinitionBuilder download(Request r) {
        String report = reports.get(r.path().substring("/_download/".length()));
        if (report == null) {
            return refuse(404, Map.of("Error", "NoSuchKey"));
        }
        return WireMock.aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(report);
    }

    // ---- Orders ----

    private ResponseDefinitionBuilder orders(Request r) {
        Map<String, String> q = r.query();
        if (q.get("MarketplaceIds") == null || q.get("MarketplaceIds").isBlank()) {
            return refuse(400, errors("InvalidInput", "Missing required parameter MarketplaceIds"));
        }
        int max = 100;
        if (q.containsKey("MaxResultsPerPage")) {
            try {
                max = Integer.parseInt(q.get("MaxResultsPerPage"));
            } catch (NumberFormatException e) {
                max = -1;
            }
            if (max < 1 || max > 100) {
                return refuse(400, errors("InvalidInput", "MaxResultsPerPage must be 1..100"));
            }
        }
        Instant after;
        Instant afterUpdated = null;
        String afterId = null;
        String token = q.get("NextToken");
        if (token != null) {
            String[] parts;
            try {
                parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\|", -1);
                after = Instant.parse(parts[0]);
                afterUpdated = Instant.ofEpochMilli(Long.parseLong(parts[1]));
                afterId = parts[2];
                if (Instant.ofEpochMilli(Long.parseLong(parts[3]))
                                .plus(nextTokenTtl)
                                .isBefore(Instant.now())
                        || expireTokens.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    return refuse(400, errors("InvalidInput", "Invalid NextToken: the token has expired"));
                }
            } catch (RuntimeException e) {
                return refuse(400, errors("InvalidInput", "Invalid NextToken"));
            }
        } else {
            boolean created = q.containsKey("CreatedAfter"), updated = q.containsKey("LastUpdatedAfter");
            if (created == updated) {
                return refuse(
                        400, errors("InvalidInput", "Exactly one of CreatedAfter and LastUpdatedAfter is required"));
            }
            if (created) {
                return refuse(400, errors("InvalidInput", "this fake serves LastUpdatedAfter only"));
            }
            try {
                after = Instant.parse(q.get("LastUpdatedAfter"));
            } catch (DateTimeParseException e) {
                return refuse(400, errors("InvalidInput", "LastUpdatedAfter must be ISO-8601"));
            }
        }
        List<Order> matching = new ArrayList<>();
        for (Order o : ordersUpdated(after, null)) {
            if (afterUpdated != null
                    && (o.updatedAt.isBefore(afterUpdated)
                            || (o.updatedAt.equals(afterUpdated) && o.id.compareTo(afterId) <= 0))) {
                continue;
            }
            matching.add(o);
        }
        List<Map<String, Object>> page = new ArrayList<>();
        for (int i = 0; i < Math.min(max, matching.size()); i++) {
            page.add(render(matching.get(i)));
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("Orders", page);
        if (matching.size() > max) {
            Order last = matching.get(max - 1);
            payload.put(
                    "NextToken",
                    Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString((after + "|" + last.updatedAt.toEpochMilli() + "|" + last.id + "|"
                                            + System.currentTimeMillis())
                                    .getBytes(StandardCharsets.UTF_8)));
        }
        return json(200, Map.of("payload", payload));
    }

    private Map<String, Object> render(Order o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("AmazonOrderId", o.id);
        m.put("PurchaseDate", o.createdAt.toString());
        m.put("LastUpdateDate", o.updatedAt.toString());
        m.put(
                "OrderStatus",
                switch (o.status) {
                    case "pending" -> "Pending";
                    case "shipped" -> "Shipped";
                    case "cancelled", "refunded" -> "Canceled";
                    default -> "Unshipped";
                });
        m.put(
                "OrderTotal",
                Map.of("CurrencyCode", o.currency, "Amount", o.total().toPlainString()));
        m.put("BuyerInfo", Map.of("BuyerEmail", o.email));
        m.put("MarketplaceId", marketplaceId);
        return m;
    }

    private ResponseDefinitionBuilder orderItems(Request r) {
        String id = r.path().substring("/orders/v0/orders/".length(), r.path().length() - "/orderItems".length());
        Order order;
        synchronized (this) {
            order = orders.stream().filter(o -> o.id.equals(id)).findFirst().orElse(null);
        }
        if (order == null) {
            return refuse(404, errors("NotFound", "no order " + id));
        }
        List<Map<String, Object>> items = new ArrayList<>();
        for (Line l : order.lines) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("ASIN", "B0" + Integer.toHexString(l.sku().hashCode()).toUpperCase());
            item.put("SellerSKU", l.sku());
            item.put("OrderItemId", l.lineId());
            item.put("QuantityOrdered", l.quantity());
            if (!order.status.equals("pending")) {
                item.put(
                        "ItemPrice",
                        Map.of(
                                "CurrencyCode",
                                order.currency,
                                "Amount",
                                l.unitPrice()
                                        .multiply(BigDecimal.valueOf(l.quantity()))
                                        .toPlainString()));
            }
            items.add(item);
        }
        return json(200, Map.of("payload", Map.of("AmazonOrderId", id, "OrderItems", items)));
    }
}
