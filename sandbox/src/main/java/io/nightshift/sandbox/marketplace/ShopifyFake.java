package io.nightshift.sandbox.marketplace;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.nightshift.jobs.marketplace.TokenBucket;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shopify's Admin GraphQL API at one pinned version, as ../shared/MARKETPLACES.md section 3 documents it:
 * {@code POST /admin/api/{version}/graphql.json} with {@code X-Shopify-Access-Token}; a cost-based bucket
 * (restore 100 points/s, 2000 points) reported in {@code extensions.cost.throttleStatus}, and a THROTTLED
 * error (HTTP 200) when a query costs more than is available. {@code inventorySetQuantities}: from 2026-04
 * every quantity must carry {@code changeFromQuantity} (null opts out of the check) and
 * {@code compareQuantity}/{@code ignoreCompareQuantity} are gone; a stale one gives the userError
 * CHANGE_FROM_QUANTITY_STALE and nothing of that call is applied. {@code orders(first, after, query)}: at most
 * 250 per page, cursor paging, {@code updated_at:>'...'} filter. The fake does not parse GraphQL: it tells the
 * operation by its root field and reads the variables; its costs are stated, not Shopify's exact ones
 * (mutation 10, orders 2 + 2 x first, inventoryItem 2).
 */
public final class ShopifyFake extends FakeMarketplace {
    public static final int MAX_QUANTITIES = 250;
    public static final int MAX_PAGE = 250;
    private final String version;
    private final String locationId;
    private volatile TokenBucket cost = new TokenBucket(100, 2000);
    private final Map<String, String> skuByItem = new HashMap<>();

    public ShopifyFake(String token, String version, String locationId) {
        super(token);
        this.version = version;
        this.locationId = locationId;
    }

    @Override
    public String name() {
        return "shopify";
    }

    /** The cost bucket: restore rate (points per second) and size. */
    public void costLimit(double restorePerSecond, double maximum) {
        cost = new TokenBucket(restorePerSecond, maximum);
    }

    /** Scales the cost bucket's restore rate (the other fakes scale their per-operation buckets). */
    @Override
    public synchronized void scaleRates(double factor) {
        cost = new TokenBucket(cost.perSecond() * factor, cost.burst());
    }

    public static String inventoryItemId(String listingId) {
        return "gid://shopify/InventoryItem/" + listingId.replaceAll("[^0-9]", "");
    }

    @Override
    public synchronized void list(String sku, String listingId, int quantity) {
        super.list(sku, listingId, quantity);
        skuByItem.put(inventoryItemId(listingId), sku);
    }

    /** A sale on Shopify itself: available drops without the shop's sync knowing. */
    public void sell(String sku, int units) {
        stock.computeIfPresent(sku, (k, q) -> Math.max(0, q - units));
    }

    @Override
    protected String operation(Request r) {
        return r.method().equals("POST") && r.path().matches("/admin/api/[0-9]{4}-[0-9]{2}/graphql\\.json")
                ? "graphql"
                : null;
    }

    @Override
    protected List<String> skusUpdated(String operation, Request r) throws Exception {
        JsonNode body = JSON.readTree(r.body());
        if (!body.path("query").asText("").contains("inventorySetQuantities")) {
            return List.of();
        }
        List<String> skus = new ArrayList<>();
        for (JsonNode q : body.path("variables").path("input").path("quantities")) {
            String sku = skuByItem.get(q.path("inventoryItemId").asText());
            if (sku != null) {
                skus.add(sku);
            }
        }
        return skus;
    }

    private Map<String, Object> costExtension(Integer requested, Integer actual) {
        Map<String, Object> throttle = new LinkedHashMap<>();
        throttle.put("maximumAvailable", cost.burst());
        throttle.put("currentlyAvailable", Math.floor(cost.available()));
        throttle.put("restoreRate", cost.perSecond());
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("requestedQueryCost", requested);
        c.put("actualQueryCost", actual);
        c.put("throttleStatus", throttle);
        return Map.of("cost", c);
    }

    @Override
    protected ResponseDefinitionBuilder throttledResponse(double retryAfterSeconds) {
        return json(
                200,
                Map.of(
                        "errors",
                        List.of(Map.of(
                                "message",
                                "Throttled",
                                "extensions",
                                Map.of(
                                        "code",
                                        "THROTTLED",
                                        "documentation",
                                        "https://shopify.dev/api/usage/rate-limits"))),
                        "extensions",
                        costExtension(10, null)));
    }

    @Override
    protected ResponseDefinitionBuilder serverError() {
        return json(502, Map.of("errors", "Bad Gateway"));
    }

    private ResponseDefinitionBuilder graphqlError(String message) {
        return refuse(200, Map.of("errors", List.of(Map.of("message", message))));
    }

    @Override
    protected ResponseDefinitionBuilder handle(String operation, Request r) throws Exception {
        if (!credential.equals(r.header("X-Shopify-Access-Token"))) {
            return refuse(
                    401,
                    Map.of("errors", "[API] Invalid API key or access token (unrecognized login or wrong password)"));
        }
        String pathVersion = r.path().substring("/admin/api/".length(), "/admin/api/".length() + 7);
        if (!pathVersion.equals(version)) {
            return refuse(404, Map.of("errors", "Not Found: this shop serves API version " + version));
        }
        JsonNode body = JSON.readTree(r.body());
        String query = body.path("query").asText("");
        JsonNode variables = body.path("variables");
        int requested;
        String kind;
        if (query.contains("inventorySetQuantities")) {
            kind = "set";
            requested = 10;
        } else if (query.contains("orders(")) {
            kind = "orders";
            requested = 2 + 2 * variables.path("first").asInt(0);
        } else if (query.contains("inventoryItem(")) {
            kind = "item";
            requested = 2;
        } else {
            return graphqlError("this fake serves inventorySetQuantities, inventoryItem and orders only");
        }
        if (!cost.tryAcquire(requested)) {
            return json(
                    200,
                    Map.of(
                            "errors",
                            List.of(Map.of(
                                    "message",
                                    "Throttled",
                                    "extensions",
                                    Map.of(
                                            "code",
                                            "THROTTLED",
                                            "documentation",
                                            "https://shopify.dev/api/usage/rate-limits"))),
                            "extensions",
                            costExtension(requested, null)));
        }
        return switch (kind) {
            case "set" -> set(variables, requested);
            case "orders" -> orders(query, variables, requested);
            default -> item(variables, requested);
        };
    }

    private ResponseDefinitionBuilder set(JsonNode variables, int requested) {
        JsonNode input = variables.path("input");
        if (!input.path("name").isTextual()
                || !input.path("reason").isTextual()
                || !input.path("quantities").isArray()) {
            return graphqlError(
                    "Variable $input of type InventorySetQuantitiesInput! was provided invalid value: name, reason and quantities are required");
        }
        if (!input.path("name").asText().equals("available")
                && !input.path("name").asText().equals("on_hand")) {
            return graphqlError("name must be available or on_hand");
        }
        boolean from2026_04 = version.compareTo("2026-04") >= 0;
        if (from2026_04 && input.has("ignoreCompareQuantity")) {
            return graphqlError("InventorySetQuantitiesInput has no field ignoreCompareQuantity in " + version);
        }
        JsonNode quantities = input.path("quantities");
        if (quantities.size() > MAX_QUANTITIES) {
            return graphqlError(
                    "quantities: at most " + MAX_QUANTITIES + " per call (fake's limit), got " + quantities.size());
        }
        List<Map<String, Object>> userErrors = new ArrayList<>();
        List<Object[]> changes = new ArrayList<>();
        int i = 0;
        for (JsonNode q : quantities) {
            if (!q.path("inventoryItemId").isTextual()
                    || !q.path("locationId").isTextual()
                    || !q.path("quantity").isInt()) {
                return graphqlError("each quantity needs inventoryItemId, locationId and quantity");
            }
            if (from2026_04 && (q.has("compareQuantity") || !q.has("changeFromQuantity"))) {
                return graphqlError("InventoryQuantityInput in " + version
                        + " requires changeFromQuantity and has no compareQuantity");
            }
            String sku = skuByItem.get(q.get("inventoryItemId").asText());
            List<Object> field = List.of("input", "quantities", String.valueOf(i));
            if (sku == null || !q.get("locationId").asText().equals(locationId)) {
                userErrors.add(Map.of(
                        "code",
                        "ITEM_NOT_STOCKED_AT_LOCATION",
                        "field",
                        field,
                        "message",
                        "The specified inventory item is not stocked at the location."));
            } else if (takeItemFailure(sku)) {
                userErrors.add(Map.of(
                        "code", "INVALID_QUANTITY_DOCUMENT", "field", field, "message", "temporarily unavailable"));
            } else if (q.hasNonNull("changeFromQuantity")
                    && q.get("changeFromQuantity").asInt() != stock.getOrDefault(sku, 0)) {
                userErrors.add(Map.of(
                        "code",
                        "CHANGE_FROM_QUANTITY_STALE",
                        "field",
                        List.of("input", "quantities", String.valueOf(i), "changeFromQuantity"),
                        "message",
                        "The changeFromQuantity does not match the persisted value."));
            } else if (q.get("quantity").asInt() < 0) {
                userErrors.add(Map.of(
                        "code", "INVALID_AVAILABLE_QUANTITY", "field", field, "message", "quantity must be >= 0"));
            } else {
                changes.add(new Object[] {sku, q.get("quantity").asInt()});
            }
            i++;
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        if (userErrors.isEmpty()) {
            for (Object[] c : changes) {
                apply((String) c[0], (Integer) c[1]);
            }
            payload.put(
                    "inventoryAdjustmentGroup",
                    Map.of(
                            "createdAt",
                            Instant.now().toString(),
                            "reason",
                            input.path("reason").asText()));
        } else {
            payload.put("inventoryAdjustmentGroup", null);
        }
        payload.put("userErrors", userErrors);
        return json(
                200,
                Map.of(
                        "data",
                        Map.of("inventorySetQuantities", payload),
                        "extensions",
                        costExtension(requested, requested)));
    }

    private ResponseDefinitionBuilder item(JsonNode variables, int requested) {
        String sku = skuByItem.get(variables.path("id").asText());
        Map<String, Object> data = new HashMap<>();
        if (sku == null) {
            data.put("inventoryItem", null);
        } else {
            data.put(
                    "inventoryItem",
                    Map.of(
                            "id",
                            variables.path("id").asText(),
                            "inventoryLevel",
                            Map.of(
                                    "quantities",
                                    List.of(Map.of("name", "available", "quantity", stock.getOrDefault(sku, 0))))));
        }
        return json(200, Map.of("data", data, "extensions", costExtension(requested, requested)));
    }

    private static final Pattern UPDATED = Pattern.compile("updated_at:>=?'([^']+)'");

    private ResponseDefinitionBuilder orders(String query, JsonNode variables, int requested) {
        int first = variables.path("first").asInt(-1);
        if (first < 1 || first > MAX_PAGE) {
            return graphqlError("first must be 1.." + MAX_PAGE);
        }
        if (!query.contains("pageInfo") || !query.contains("lineItems")) {
            return graphqlError("select pageInfo and lineItems");
        }
        Matcher m = UPDATED.matcher(variables.path("query").asText(""));
        Instant from = Instant.EPOCH;
        boolean strict = false;
        if (m.find()) {
            strict = m.group(0).startsWith("updated_at:>'");
            try {
                from = Instant.parse(m.group(1));
            } catch (RuntimeException e) {
                return graphqlError("invalid updated_at in query: " + m.group(1));
            }
        }
        Instant afterUpdated = null;
        String afterId = null;
        if (variables.hasNonNull("after")) {
            try {
                String[] parts = new String(
                                Base64.getUrlDecoder()
                                        .decode(variables.get("after").asText()),
                                StandardCharsets.UTF_8)
                        .split("\\|");
                afterUpdated = Instant.ofEpochMilli(Long.parseLong(parts[0]));
                afterId = parts[1];
            } catch (RuntimeException e) {
                return graphqlError("Invalid cursor for current pagination sort.");
            }
        }
        List<Order> matching = new ArrayList<>();
        for (Order o : ordersUpdated(from, null)) {
            if (strict && !o.updatedAt.isAfter(from)) {
                continue;
            }
            if (afterUpdated != null
                    && (o.updatedAt.isBefore(afterUpdated)
                            || (o.updatedAt.equals(afterUpdated) && o.id.compareTo(afterId) <= 0))) {
                continue;
            }
            matching.add(o);
        }
        List<Map<String, Object>> nodes = new ArrayList<>();
        String end = null;
        for (int i = 0; i < Math.min(first, matching.size()); i++) {
            Order o = matching.get(i);
            nodes.add(render(o));
            end = Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString((o.updatedAt.toEpochMilli() + "|" + o.id).getBytes(StandardCharsets.UTF_8));
        }
        Map<String, Object> pageInfo = new LinkedHashMap<>();
        pageInfo.put("hasNextPage", matching.size() > first);
        pageInfo.put("endCursor", end);
        return json(
                200,
                Map.of(
                        "data",
                        Map.of("orders", Map.of("pageInfo", pageInfo, "nodes", nodes)),
                        "extensions",
                        costExtension(requested, 2 + 2 * nodes.size())));
    }

    private static Map<String, Object> money(BigDecimal amount, String currency) {
        return Map.of("shopMoney", Map.of("amount", amount.toPlainString(), "currencyCode", currency));
    }

    private Map<String, Object> render(Order o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", "gid://shopify/Order/" + o.id);
        m.put("name", "#" + o.id);
        m.put("createdAt", o.createdAt.toString());
        m.put("updatedAt", o.updatedAt.toString());
        m.put("cancelledAt", o.status.equals("cancelled") ? o.updatedAt.toString() : null);
        m.put(
                "displayFinancialStatus",
                switch (o.status) {
                    case "pending" -> "PENDING";
                    case "refunded" -> "REFUNDED";
                    default -> "PAID";
                });
        m.put("displayFulfillmentStatus", o.status.equals("shipped") ? "FULFILLED" : "UNFULFILLED");
        m.put("currencyCode", o.currency);
        m.put("email", o.email);
        m.put("totalPriceSet", money(o.total(), o.currency));
        List<Map<String, Object>> lines = new ArrayList<>();
        for (Line l : o.lines) {
            lines.add(Map.of(
                    "id",
                    "gid://shopify/LineItem/" + l.lineId(),
                    "sku",
                    l.sku(),
                    "quantity",
                    l.quantity(),
                    "originalUnitPriceSet",
                    money(l.unitPrice(), o.currency)));
        }
        m.put("lineItems", Map.of("nodes", lines));
        return m;
    }
}
