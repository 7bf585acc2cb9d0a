package io.nightshift.sandbox.marketplace;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The generic REST marketplace (the seed's API, with the paging and batch update documented in the README):
 * {@code X-Api-Key} and {@code X-Seller-Id} on every request; {@code GET /v1/orders?since&status&limit&page_token};
 * {@code POST /v1/inventory/batch} with at most 100 updates; {@code PUT /v1/inventory/{sku}}; 429 with
 * {@code Retry-After} (seconds, may be fractional) when a bucket is empty; page tokens expire (410).
 */
public final class RestFake extends FakeMarketplace {
    public static final int MAX_BATCH = 100;
    public static final int MAX_PAGE = 100;
    private final String sellerId;
    private volatile Duration pageTokenTtl = Duration.ofMinutes(10);

    public RestFake(String apiKey, String sellerId) {
        super(apiKey);
        this.sellerId = sellerId;
        rateLimit("inventory", 10, 10);
        rateLimit("orders", 5, 5);
    }

    @Override
    public String name() {
        return "rest";
    }

    public void pageTokenTtl(Duration ttl) {
        this.pageTokenTtl = ttl;
    }

    private final AtomicInteger expireTokens = new AtomicInteger();

    /** The next {@code n} requests carrying a page token find it expired (410), as after a long pause. */
    public void expireNextPageTokens(int n) {
        expireTokens.set(n);
    }

    @Override
    protected String operation(Request r) {
        if (r.method().equals("GET") && r.path().equals("/v1/orders")) {
            return "orders";
        }
        if (r.method().equals("POST") && r.path().equals("/v1/inventory/batch")) {
            return "inventory";
        }
        if (r.method().equals("PUT") && r.path().startsWith("/v1/inventory/")) {
            return "inventory";
        }
        return null;
    }

    @Override
    protected List<String> skusUpdated(String operation, Request r) throws Exception {
        if (!operation.equals("inventory")) {
            return List.of();
        }
        if (r.method().equals("PUT")) {
            return List.of(URLDecoder.decode(r.path().substring("/v1/inventory/".length()), StandardCharsets.UTF_8));
        }
        List<String> skus = new ArrayList<>();
        for (JsonNode u : JSON.readTree(r.body()).path("updates")) {
            skus.add(u.path("sku").asText());
        }
        return skus;
    }

    @Override
    protected ResponseDefinitionBuilder throttledResponse(double retryAfterSeconds) {
        return json(429, error("rate_limited", "too many requests"))
                .withHeader("Retry-After", String.format(Locale.ROOT, "%.3f", Math.max(0.001, retryAfterSeconds)));
    }

    @Override
    protected ResponseDefinitionBuilder serverError() {
        return json(503, error("unavailable", "try again later"));
    }

    private static Map<String, Object> error(String code, String message) {
        return Map.of("error", Map.of("code", code, "message", message));
    }

    @Override
    protected ResponseDefinitionBuilder handle(String operation, Request r) throws Exception {
        if (!credential.equals(r.header("X-Api-Key")) || !sellerId.equals(r.header("X-Seller-Id"))) {
            return refuse(401, error("unauthorized", "X-Api-Key and X-Seller-Id must name a seller"));
        }
        if (operation.equals("orders")) {
            return orders(r);
        }
        if (r.method().equals("PUT")) {
            String sku = URLDecoder.decode(r.path().substring("/v1/inventory/".length()), StandardCharsets.UTF_8);
            JsonNode body = JSON.readTree(r.body());
            if (!body.path("quantity").isInt() || body.get("quantity").asInt() < 0) {
                return refuse(400, error("invalid_quantity", "quantity must be a whole number >= 0"));
            }
            Map<String, Object> result = update(sku, body.get("quantity").asInt());
            return json("ok".equals(result.get("status")) ? 200 : 404, result);
        }
        JsonNode body = JSON.readTree(r.body());
        JsonNode updates = body.path("updates");
        if (!updates.isArray() || updates.isEmpty()) {
            return refuse(400, error("invalid_request", "updates must be a non-empty array"));
        }
        if (updates.size() > MAX_BATCH) {
            return refuse(
                    400, error("batch_too_large", "at most " + MAX_BATCH + " updates per call, got " + updates.size()));
        }
        Set<String> seen = new HashSet<>();
        for (JsonNode u : updates) {
            if (!u.path("sku").isTextual()
                    || !u.path("quantity").isInt()
                    || u.get("quantity").asInt() < 0) {
                return refuse(400, error("invalid_request", "each update needs a sku and a quantity >= 0: " + u));
            }
            if (!seen.add(u.get("sku").asText())) {
                return refuse(400, error("duplicate_sku", "sku " + u.get("sku").asText() + " twice in one batch"));
            }
        }
        List<Map<String, Object>> results = new ArrayList<>();
        boolean anyError = false;
        for (JsonNode u : updates) {
            Map<String, Object> result =
                    update(u.get("sku").asText(), u.get("quantity").asInt());
            anyError |= !"ok".equals(result.get("status"));
            results.add(result);
        }
        return json(anyError ? 207 : 200, Map.of("results", results));
    }

    private Map<String, Object> update(String sku, int quantity) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("sku", sku);
        if (!listings.containsKey(sku)) {
            result.put("status", "error");
            result.put("error", Map.of("code", "unknown_sku", "message", "no listing with sku " + sku));
        } else if (takeItemFailure(sku)) {
            result.put("status", "error");
            result.put("error", Map.of("code", "listing_locked", "message", "listing is being edited, try again"));
        } else {
            apply(sku, quantity);
            result.put("status", "ok");
            result.put("quantity", quantity);
        }
        return result;
    }

    private ResponseDefinitionBuilder orders(Request r) {
        int limit = 50;
        if (r.query().containsKey("limit")) {
            try {
                limit = Integer.parseInt(r.query().get("limit"));
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_PAGE) {
                return refuse(400, error("invalid_limit", "limit must be 1.." + MAX_PAGE));
            }
        }
        String since = r.query().get("since");
        String status = r.query().getOrDefault("status", "paid");
        Instant from;
        try {
            from = Instant.parse(since);
        } catch (DateTimeParseException | NullPointerException e) {
            return refuse(
                    400, error("invalid_since", "since must be an ISO-8601 instant such as 2026-11-01T00:00:00Z"));
        }
        Set<String> statuses = new HashSet<>(List.of(status.split(",")));
        for (String s : statuses) {
            if (!List.of("pending", "paid", "shipped", "cancelled", "refunded").contains(s)) {
                return refuse(400, error("invalid_status", "unknown status " + s));
            }
        }
        Instant afterUpdated = null;
        String afterId = null;
        String token = r.query().get("page_token");
        if (token != null) {
            String[] parts;
            try {
                parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\|", -1);
            } catch (IllegalArgumentException e) {
                return refuse(400, error("invalid_page_token", "malformed page token"));
            }
            if (parts.length != 5 || !parts[0].equals(since) || !parts[1].equals(status)) {
                return refuse(400, error("invalid_page_token", "the page token belongs to other filters"));
            }
            if (Instant.ofEpochMilli(Long.parseLong(parts[4]))
                            .plus(pageTokenTtl)
                            .isBefore(Instant.now())
                    || expireTokens.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return refuse(410, error("page_token_expired", "the page token has expired; start again"));
            }
            afterUpdated = Instant.ofEpochMilli(Long.parseLong(parts[2]));
            afterId = parts[3];
        }
        // Keyset paging on (updated_at, order_id): an order changed while the list is read moves behind the
        // cursor and comes again on a later page; nothing shifts out of sight.
        List<Order> matching = new ArrayList<>();
        for (Order o : ordersUpdated(from, null)) {
            if (!statuses.contains(o.status)) {
                continue;
            }
            if (afterUpdated != null
                    && (o.updatedAt.isBefore(afterUpdated)
                            || (o.updatedAt.equals(afterUpdated) && o.id.compareTo(afterId) <= 0))) {
                continue;
            }
            matching.add(o);
        }
        List<Map<String, Object>> page = new ArrayList<>();
        for (int i = 0; i < Math.min(matching.size(), limit); i++) {
            page.add(render(matching.get(i)));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("orders", page);
        String next = null;
        if (matching.size() > limit) {
            Order last = matching.get(limit - 1);
            next = Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString((since + "|" + status + "|" + last.updatedAt.toEpochMilli() + "|" + last.id + "|"
                                    + System.currentTimeMillis())
                            .getBytes(StandardCharsets.UTF_8));
        }
        body.put("next_page_token", next);
        return json(200, body);
    }

    private Map<String, Object> render(Order o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("order_id", o.id);
        m.put("customer", Map.of("email", o.email));
        m.put("order_date", o.createdAt.toString());
        m.put("updated_at", o.updatedAt.toString());
        m.put("status", o.status);
        List<Map<String, Object>> items = new ArrayList<>();
        for (Line l : o.lines) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("line_id", l.lineId());
            item.put("sku", l.sku());
            item.put("quantity", l.quantity());
            item.put("unit_price", l.unitPrice().toPlainString());
            items.add(item);
        }
        m.put("items", items);
        m.put("total_price", o.total().toPlainString());
        m.put("currency", o.currency);
        return m;
    }
}
