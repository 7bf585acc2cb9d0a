package io.nightshift.sandbox.marketplace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.nightshift.jobs.marketplace.TokenBucket;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
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
 * 250 per page, cursor paging, {@code updated_at:>'...'} filter. Bulk queries (the import): {@code
 * bulkOperationRunQuery(query:)} over {@code orders} (with its {@code updated_at:>'...'} filter) or
 * {@code productVariants} answers {@code bulkOperation { id status: CREATED }} and {@code userErrors}; {@code
 * bulkOperation(id:)} (2026-01 and later, else {@code node(id:)}) answers RUNNING for the first
 * {@link #bulkPollsUntilDone} polls, then COMPLETED with {@code url}, {@code objectCount} and {@code rootObjectCount}
 * (or FAILED with the {@code errorCode} {@link #failNextBulk} set, and no url); the url serves the result as JSONL,
 * one object a line, an order's line items on lines of their own with {@code __parentId}, without the access token
 * (a signed link on Shopify's storage). The fake does not parse GraphQL: it tells the
 * operation by its root field and reads the variables; its costs are stated, not Shopify's exact ones
 * (mutation 10, orders 2 + 2 x first, inventoryItem 2, bulkOperationRunQuery 10, a poll 1).
 */
public final class ShopifyFake extends FakeMarketplace {
    public static final int MAX_QUANTITIES = 250;
    public static final int MAX_PAGE = 250;
    private final String version;
    private final String locationId;
    private volatile TokenBucket cost = new TokenBucket(100, 2000);
    private final Map<String, String> skuByItem = new HashMap<>();
    private final List<JsonNode> bulkOrders = Collections.synchronizedList(new ArrayList<>());
    private final List<JsonNode> bulkVariants = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, BulkOperation> bulkOperations = new ConcurrentHashMap<>();
    private final List<String> bulkQueries = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger bulkIds = new AtomicInteger();
    private volatile int bulkPollsUntilDone = 1;
    private volatile String failNextBulk;

    /** One bulk query: its result, fixed when it was started, and how many polls it still runs for. */
    private static final class BulkOperation {
        final int number;
        final String jsonl;
        final int objects;
        final int roots;
        final String errorCode;
        int runningPolls;

        BulkOperation(int number, String jsonl, int objects, int roots, String errorCode, int runningPolls) {
            this.number = number;
            this.jsonl = jsonl;
            this.objects = objects;
            this.roots = roots;
            this.errorCode = errorCode;
            this.runningPolls = runningPolls;
        }
    }

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

    /** Orders as a bulk query returns them (Order objects; {@code lineItems} as {@code nodes} or {@code edges}). */
    public void addBulkOrders(JsonNode orders) {
        orders.forEach(bulkOrders::add);
    }

    /** Product variants as a bulk query returns them (their {@code product} and {@code inventoryItem} inline). */
    public void addBulkVariants(JsonNode variants) {
        variants.forEach(bulkVariants::add);
    }

    /** How many polls a bulk operation answers RUNNING before it completes (default 1). */
    public void bulkPollsUntilDone(int polls) {
        bulkPollsUntilDone = polls;
    }

    /** The next bulk operation started ends FAILED with this errorCode (ACCESS_DENIED, TIMEOUT, ...). */
    public void failNextBulk(String errorCode) {
        failNextBulk = errorCode;
    }

    /** The query of every bulk operation started, in order. */
    public List<String> bulkQueries() {
        synchronized (bulkQueries) {
            return List.copyOf(bulkQueries);
        }
    }

    private static final Pattern RESULT = Pattern.compile("/bulk-results/([0-9]+)\\.jsonl");

    @Override
    protected String operation(Request r) {
        if (r.method().equals("GET") && RESULT.matcher(r.path()).matches()) {
            return "bulk-result";
        }
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
        if (operation.equals("bulk-result")) {
            Matcher m = RESULT.matcher(r.path());
            m.matches();
            BulkOperation done = bulkOperations.get("gid://shopify/BulkOperation/" + m.group(1));
            if (done == null || done.runningPolls > 0 || done.errorCode != null) {
                return refuse(404, Map.of("errors", "NoSuchKey"));
            }
            return WireMock.aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/jsonl")
                    .withBody(done.jsonl);
        }
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
        if (query.contains("bulkOperationRunQuery")) {
            kind = "bulk-run";
            requested = 10;
        } else if (query.contains("bulkOperation(id:") || query.contains("node(id:")) {
            kind = "bulk-poll";
            requested = 1;
        } else if (query.contains("inventorySetQuantities")) {
            kind = "set";
            requested = 10;
        } else if (query.contains("orders(")) {
            kind = "orders";
            requested = 2 + 2 * variables.path("first").asInt(0);
        } else if (query.contains("inventoryItem(")) {
            kind = "item";
            requested = 2;
        } else {
            return graphqlError("this fake serves inventorySetQuantities, inventoryItem, orders and bulk queries only");
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
            case "bulk-run" -> bulkRun(variables, requested);
            case "bulk-poll" -> bulkPoll(query, variables, requested);
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

    private ResponseDefinitionBuilder bulkRun(JsonNode variables, int requested) throws Exception {
        if (!variables.path("query").isTextual()) {
            return graphqlError("Variable $query of type String! was provided invalid value");
        }
        String query = variables.get("query").asText();
        List<Map<String, Object>> userErrors = new ArrayList<>();
        StringBuilder jsonl = new StringBuilder();
        int objects = 0;
        int roots = 0;
        if (query.matches("(?s)\\s*\\{\\s*productVariants\\b.*")) {
            for (JsonNode variant : List.copyOf(bulkVariants)) {
                jsonl.append(JSON.writeValueAsString(variant)).append('\n');
                objects++;
                roots++;
            }
        } else if (query.matches("(?s)\\s*\\{\\s*orders\\b.*")) {
            Matcher m = UPDATED.matcher(query);
            Instant after = null;
            if (m.find()) {
                try {
                    after = Instant.parse(m.group(1));
                } catch (RuntimeException e) {
                    userErrors.add(Map.of("field", List.of("query"), "message", "Invalid search: " + m.group(0)));
                }
            }
            for (JsonNode order : List.copyOf(bulkOrders)) {
                if (after != null
                        && !Instant.parse(order.path("updatedAt").asText()).isAfter(after)) {
                    continue;
                }
                ObjectNode root = order.deepCopy();
                JsonNode items = root.remove("lineItems");
                jsonl.append(JSON.writeValueAsString(root)).append('\n');
                objects++;
                roots++;
                List<JsonNode> nodes = new ArrayList<>();
                if (items != null && items.has("nodes")) {
                    items.get("nodes").forEach(nodes::add);
                } else if (items != null) {
                    items.path("edges").forEach(e -> nodes.add(e.path("node")));
                }
                for (JsonNode item : nodes) {
                    ObjectNode line = item.deepCopy();
                    line.put("__parentId", order.path("id").asText());
                    jsonl.append(JSON.writeValueAsString(line)).append('\n');
                    objects++;
                }
            }
        } else {
            userErrors.add(Map.of(
                    "field", List.of("query"), "message", "this fake runs bulk queries of orders and productVariants"));
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        if (userErrors.isEmpty()) {
            int number = bulkIds.incrementAndGet();
            String id = "gid://shopify/BulkOperation/" + number;
            String failure = failNextBulk;
            failNextBulk = null;
            bulkOperations.put(
                    id, new BulkOperation(number, jsonl.toString(), objects, roots, failure, bulkPollsUntilDone));
            bulkQueries.add(query);
            payload.put("bulkOperation", Map.of("id", id, "status", "CREATED"));
        } else {
            payload.put("bulkOperation", null);
        }
        payload.put("userErrors", userErrors);
        return json(
                200,
                Map.of(
                        "data",
                        Map.of("bulkOperationRunQuery", payload),
                        "extensions",
                        costExtension(requested, requested)));
    }

    private ResponseDefinitionBuilder bulkPoll(String query, JsonNode variables, int requested) {
        boolean byId = query.contains("bulkOperation(id:");
        if (byId && version.compareTo("2026-01") < 0) {
            return graphqlError("Field 'bulkOperation' doesn't exist on type 'QueryRoot' in " + version);
        }
        BulkOperation op = bulkOperations.get(variables.path("id").asText());
        Map<String, Object> node = null;
        if (op != null) {
            node = new LinkedHashMap<>();
            node.put("id", "gid://shopify/BulkOperation/" + op.number);
            synchronized (op) {
                if (op.runningPolls > 0) {
                    op.runningPolls--;
                    node.put("status", "RUNNING");
                    node.put("errorCode", null);
                    node.put("objectCount", String.valueOf(op.objects / 2));
                    node.put("rootObjectCount", String.valueOf(op.roots / 2));
                    node.put("url", null);
                } else if (op.errorCode != null) {
                    node.put("status", "FAILED");
                    node.put("errorCode", op.errorCode);
                    node.put("objectCount", "0");
                    node.put("rootObjectCount", "0");
                    node.put("url", null);
                } else {
                    node.put("status", "COMPLETED");
                    node.put("errorCode", null);
                    node.put("objectCount", String.valueOf(op.objects));
                    node.put("rootObjectCount", String.valueOf(op.roots));
                    // Shopify gives no url when the query matched nothing.
                    node.put("url", op.objects == 0 ? null : baseUrl() + "/bulk-results/" + op.number + ".jsonl");
                }
            }
            node.put("partialDataUrl", null);
        }
        Map<String, Object> data = new HashMap<>();
        data.put(byId ? "bulkOperation" : "node", node);
        return json(200, Map.of("data", data, "extensions", costExtension(requested, requested)));
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
