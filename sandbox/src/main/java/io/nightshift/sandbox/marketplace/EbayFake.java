package io.nightshift.sandbox.marketplace;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * eBay's Sell Inventory {@code bulkUpdatePriceQuantity} and Fulfillment {@code getOrders}, as
 * ../shared/MARKETPLACES.md section 1 documents them: {@code Authorization: Bearer}; at most 25 requests per
 * bulk call, each with a sku and an inventory-item and/or offer quantity; one response per item with its
 * statusCode, 207 when some fail; the listing shows the minimum of the item and offer quantities.
 * getOrders: {@code filter=lastmodifieddate:[from..]}, {@code limit} 1..200 (default 50, more fails),
 * {@code offset}, {@code next} only while more remain; filters reach back 90 days at most.
 */
public final class EbayFake extends FakeMarketplace {
    public static final int MAX_BULK = 25;
    public static final int MAX_LIMIT = 200;
    private final Map<String, Integer> itemQuantity = new ConcurrentHashMap<>();
    private final Map<String, Integer> offerQuantity = new ConcurrentHashMap<>();

    public EbayFake(String refreshToken) {
        super(refreshToken);
        accessTokenLifetime(Duration.ofHours(2)); // eBay user tokens live 7,200 s
        rateLimit("bulk-update-price-quantity", 5, 5);
        rateLimit("get-orders", 5, 5);
    }

    @Override
    public String name() {
        return "ebay";
    }

    @Override
    public synchronized void list(String sku, String offerId, int quantity) {
        super.list(sku, offerId, quantity);
        itemQuantity.put(sku, quantity);
        offerQuantity.put(sku, quantity);
    }

    /** What a buyer sees: the minimum of the inventory-item and the offer quantity (MARKETPLACES.md 1a). */
    @Override
    public Integer quantity(String sku) {
        Integer item = itemQuantity.get(sku), offer = offerQuantity.get(sku);
        return item == null || offer == null ? null : Math.min(item, offer);
    }

    @Override
    protected String operation(Request r) {
        if (r.method().equals("POST") && r.path().equals("/sell/inventory/v1/bulk_update_price_quantity")) {
            return "bulk-update-price-quantity";
        }
        if (r.method().equals("GET") && r.path().equals("/sell/fulfillment/v1/order")) {
            return "get-orders";
        }
        if (r.method().equals("POST") && r.path().equals("/identity/v1/oauth2/token")) {
            return "token";
        }
        return null;
    }

    @Override
    protected List<String> skusUpdated(String operation, Request r) throws Exception {
        if (!operation.equals("bulk-update-price-quantity")) {
            return List.of();
        }
        List<String> skus = new ArrayList<>();
        for (JsonNode u : JSON.readTree(r.body()).path("requests")) {
            skus.add(u.path("sku").asText());
        }
        return skus;
    }

    private static Map<String, Object> error(int id, String category, String message) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("errorId", id);
        e.put("domain", "API_INVENTORY");
        e.put("category", category);
        e.put("message", message);
        return e;
    }

    private static Map<String, Object> errors(int id, String category, String message) {
        return Map.of("errors", List.of(error(id, category, message)));
    }

    /**
     * The refresh-token grant (developer.ebay.com oauth-refresh-token-request): form-encoded, Basic
     * base64(client_id:client_secret), grant_type=refresh_token and refresh_token; answers access_token,
     * expires_in and token_type. The refresh token is this fake's credential.
     */
    private ResponseDefinitionBuilder token(Request r) {
        if (!String.valueOf(r.header("Content-Type")).startsWith("application/x-www-form-urlencoded")) {
            return refuse(
                    400,
                    Map.of(
                            "error",
                            "invalid_request",
                            "error_description",
                            "request must be application/x-www-form-urlencoded"));
        }
        String basic = "Basic "
                + Base64.getEncoder()
                        .encodeToString((clientId() + ":" + clientSecret()).getBytes(StandardCharsets.UTF_8));
        if (!basic.equals(r.header("Authorization"))) {
            return refuse(401, Map.of("error", "invalid_client", "error_description", "client authentication failed"));
        }
        Map<String, String> form = form(r.body());
        if (!"refresh_token".equals(form.get("grant_type"))) {
            return refuse(
                    400,
                    Map.of(
                            "error",
                            "unsupported_grant_type",
                            "error_description",
                            "grant type in request is not supported"));
        }
        if (!credential.equals(form.get("refresh_token"))) {
            return refuse(
                    400,
                    Map.of(
                            "error",
                            "invalid_grant",
                            "error_description",
                            "the provided authorization refresh token is invalid or was issued to another client"));
        }
        return json(
                200,
                Map.of(
                        "access_token",
                        issueAccessToken(),
                        "expires_in",
                        accessTokenLifetimeSeconds(),
                        "token_type",
                        "User Access Token"));
    }

    @Override
    protected ResponseDefinitionBuilder throttledResponse(double retryAfterSeconds) {
        // eBay's 429 headers are undocumented (MARKETPLACES.md 1c): no Retry-After, the client backs off.
        return json(429, errors(2001, "REQUEST", "Too many requests. The request limit has been reached."));
    }

    @Override
    protected ResponseDefinitionBuilder serverError() {
        return json(500, errors(25001, "APPLICATION", "A system error has occurred."));
    }

    @Override
    protected ResponseDefinitionBuilder handle(String operation, Request r) throws Exception {
        if (operation.equals("token")) {
            return token(r);
        }
        // A missing, unknown or expired user token: 401 with errorId 1001 (eBay's error for an invalid token).
        String auth = r.header("Authorization");
        if (auth == null
                || !auth.startsWith("Bearer ")
                || accessToken(auth.substring("Bearer ".length())) != TokenState.VALID) {
            return refuse(
                    401,
                    errors(
                            1001,
                            "REQUEST",
                            "Invalid access token. Check the value of the Authorization HTTP request header."));
        }
        return operation.equals("get-orders") ? orders(r) : bulk(r);
    }

    private ResponseDefinitionBuilder bulk(Request r) throws Exception {
        String type = r.header("Content-Type");
        if (type == null || !type.startsWith("application/json")) {
            return refuse(415, errors(25002, "REQUEST", "Content-Type must be application/json"));
        }
        JsonNode requests = JSON.readTree(r.body()).path("requests");
        if (!requests.isArray() || requests.isEmpty()) {
            return refuse(400, errors(25709, "REQUEST", "Invalid value for requests: a non-empty array is required"));
        }
        if (requests.size() > MAX_BULK) {
            return refuse(
                    400,
                    errors(
                            25709,
                            "REQUEST",
                            "Invalid value for requests: at most " + MAX_BULK + " inventory items per call, got "
                                    + requests.size()));
        }
        Set<String> seen = new HashSet<>();
        for (JsonNode q : requests) {
            boolean item = q.path("shipToLocationAvailability").path("quantity").isInt();
            boolean offers = q.path("offers").isArray() && !q.path("offers").isEmpty();
            if (!q.path("sku").isTextual() || (!item && !offers)) {
                return refuse(
                        400,
                        errors(
                                25709,
                                "REQUEST",
                                "each request needs a sku and a shipToLocationAvailability "
                                        + "quantity and/or offers: " + q));
            }
            if (!seen.add(q.get("sku").asText())) {
                return refuse(
                        400, errors(25709, "REQUEST", "sku " + q.get("sku").asText() + " twice in one call"));
            }
            for (JsonNode o : q.path("offers")) {
                if (!o.path("offerId").isTextual()
                        || (!o.path("availableQuantity").isInt()
                                && o.path("price").isMissingNode())) {
                    return refuse(
                            400,
                            errors(
                                    25709,
                                    "REQUEST",
                                    "each offer needs an offerId and availableQuantity or price: " + o));
                }
            }
        }
        List<Map<String, Object>> responses = new ArrayList<>();
        boolean anyError = false;
        for (JsonNode q : requests) {
            String sku = q.get("sku").asText();
            Map<String, Object> response = new LinkedHashMap<>();
            response.put("sku", sku);
            List<Object> errs = new ArrayList<>();
            if (!listings.containsKey(sku)) {
                errs.add(error(25702, "REQUEST", "SKU " + sku + " is not available in the system"));
            } else if (takeItemFailure(sku)) {
                errs.add(error(25001, "APPLICATION", "A system error has occurred for this item; try again"));
            } else {
                for (JsonNode o : q.path("offers")) {
                    if (!o.get("offerId").asText().equals(listings.get(sku))) {
                        errs.add(error(
                                25713,
                                "REQUEST",
                                "This offer " + o.get("offerId").asText() + " is not available for sku " + sku));
                    }
                }
                for (JsonNode o : q.path("offers")) {
                    if (o.path("availableQuantity").isInt()
                            && o.get("availableQuantity").asInt() < 0) {
                        errs.add(error(25017, "REQUEST", "availableQuantity must not be negative"));
                    }
                }
                if (q.path("shipToLocationAvailability").path("quantity").asInt(0) < 0) {
                    errs.add(error(25017, "REQUEST", "quantity must not be negative"));
                }
            }
            if (errs.isEmpty()) {
                JsonNode itemQ = q.path("shipToLocationAvailability").path("quantity");
                if (itemQ.isInt()) {
                    itemQuantity.put(sku, itemQ.asInt());
                }
                for (JsonNode o : q.path("offers")) {
                    if (o.path("availableQuantity").isInt()) {
                        offerQuantity.put(sku, o.get("availableQuantity").asInt());
                        response.put("offerId", o.get("offerId").asText());
                    }
                }
                apply(sku, quantity(sku));
                response.put("statusCode", 200);
            } else {
                anyError = true;
                response.put("statusCode", 400);
                response.put("errors", errs);
            }
            responses.add(response);
        }
        return json(anyError ? 207 : 200, Map.of("responses", responses));
    }

    private ResponseDefinitionBuilder orders(Request r) {
        int limit = 50, offset = 0;
        try {
            if (r.query().containsKey("limit")) {
                limit = Integer.parseInt(r.query().get("limit"));
            }
            if (r.query().containsKey("offset")) {
                offset = Integer.parseInt(r.query().get("offset"));
            }
        } catch (NumberFormatException e) {
            return refuse(400, errors(30800, "REQUEST", "Invalid limit or offset"));
        }
        if (limit < 1 || limit > MAX_LIMIT || offset < 0) {
            return refuse(400, errors(30800, "REQUEST", "limit must be 1.." + MAX_LIMIT + " and offset >= 0"));
        }
        String filter = r.query().get("filter");
        Instant from = null, to = null;
        if (filter != null) {
            if (!filter.startsWith("lastmodifieddate:[") || !filter.endsWith("]") || !filter.contains("..")) {
                return refuse(400, errors(30700, "REQUEST", "Invalid filter name or syntax: " + filter));
            }
            String range = filter.substring("lastmodifieddate:[".length(), filter.length() - 1);
            String[] ends = range.split("\\.\\.", -1);
            try {
                if (ends[0].isEmpty()) {
                    return refuse(400, errors(30820, "REQUEST", "Start date is missing"));
                }
                from = Instant.parse(ends[0]);
                if (ends.length > 1 && !ends[1].isEmpty()) {
                    to = Instant.parse(ends[1]);
                }
            } catch (DateTimeParseException e) {
                return refuse(400, errors(30810, "REQUEST", "Invalid date format: " + range));
            }
            if (from.isBefore(clock.instant().minus(Duration.ofDays(90)))) {
                return refuse(400, errors(30830, "REQUEST", "Start date must be within 90 days"));
            }
        }
        List<Order> matching = ordersUpdated(from == null ? Instant.EPOCH : from, to);
        List<Map<String, Object>> page = new ArrayList<>();
        for (int i = offset; i < Math.min(matching.size(), offset + limit); i++) {
            page.add(render(matching.get(i)));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        String base = "/sell/fulfillment/v1/order?limit=" + limit + (filter == null ? "" : "&filter=" + encode(filter));
        body.put("href", base + "&offset=" + offset);
        body.put("limit", limit);
        body.put("offset", offset);
        body.put("total", matching.size());
        if (offset + limit < matching.size()) {
            body.put("next", base + "&offset=" + (offset + limit));
        }
        if (offset > 0) {
            body.put("prev", base + "&offset=" + Math.max(0, offset - limit));
        }
        body.put("orders", page);
        return json(200, body);
    }

    private static String encode(String filter) {
        return URLEncoder.encode(filter, StandardCharsets.UTF_8);
    }

    private Map<String, Object> render(Order o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("orderId", o.id);
        m.put("legacyOrderId", "L" + o.id);
        m.put("creationDate", o.createdAt.toString());
        m.put("lastModifiedDate", o.updatedAt.toString());
        m.put("orderFulfillmentStatus", o.status.equals("shipped") ? "FULFILLED" : "NOT_STARTED");
        m.put(
                "orderPaymentStatus",
                switch (o.status) {
                    case "pending" -> "PENDING";
                    case "refunded" -> "FULLY_REFUNDED";
                    default -> "PAID";
                });
        m.put("cancelStatus", Map.of("cancelState", o.status.equals("cancelled") ? "CANCELED" : "NONE_REQUESTED"));
        m.put("buyer", Map.of("username", "buyer-" + o.id, "buyerRegistrationAddress", Map.of("email", o.email)));
        m.put("pricingSummary", Map.of("total", money(o.total(), o.currency)));
        List<Map<String, Object>> items = new ArrayList<>();
        for (Line l : o.lines) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("lineItemId", l.lineId());
            item.put("sku", l.sku());
            item.put("quantity", l.quantity());
            item.put("lineItemCost", money(l.unitPrice().multiply(BigDecimal.valueOf(l.quantity())), o.currency));
            item.put("lineItemFulfillmentStatus", o.status.equals("shipped") ? "FULFILLED" : "NOT_STARTED");
            items.add(item);
        }
        m.put("lineItems", items);
        return m;
    }

    private static Map<String, Object> money(BigDecimal value, String currency) {
        return Map.of("value", value.toPlainString(), "currency", currency);
    }
}
