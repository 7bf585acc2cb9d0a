package io.nightshift.sandbox.marketplace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A WooCommerce shop's REST API v3 ({@code /wp-json/wc/v3}), read-only, as its documentation and the WordPress
 * REST API it runs on define it: {@code GET /orders}, {@code GET /orders/<id>/refunds}, {@code GET /products},
 * {@code GET /products/<id>/variations}. An order's {@code refunds} list is its refunds' {@code id}, {@code reason}
 * and {@code total} (the amount, negative), newest first, as WooCommerce writes it from the refunds added here.
 * Authentication is HTTP Basic with the consumer key and secret (WooCommerce over HTTPS): no or an unknown key is
 * {@code 401 woocommerce_rest_cannot_view} ("Sorry, you cannot list resources."), a known key with the wrong secret
 * {@code 401 woocommerce_rest_authentication_error} ("Consumer secret is invalid."). Parameters are validated as
 * WordPress validates them ({@code 400 rest_invalid_param}, "Invalid parameter(s): per_page", with
 * {@code data.params} and {@code data.details}): {@code per_page} 1 to 100 (default 10), {@code page} from 1,
 * {@code after}, {@code before}, {@code modified_after}, {@code modified_before} ISO-8601 dates (in the site's time
 * zone, or GMT with {@code dates_are_gmt=true}), {@code orderby} (date, id, include, title, slug, modified; not
 * modified for refunds), {@code order} (asc, desc; default desc). Every page carries {@code X-WP-Total},
 * {@code X-WP-TotalPages} and a {@code Link} header; a page past the last is an empty list. Orders in the trash are
 * listed only when asked for ({@code status=trash}), as {@code any} leaves them out. WooCommerce itself has no rate
 * limit on wc/v3: the 429 (with Retry-After) this fake can send is a host's or proxy's.
 */
public final class WooCommerceFake extends FakeMarketplace {
    public static final String API = "/wp-json/wc/v3";
    public static final int MAX_PER_PAGE = 100;
    private static final Pattern VARIATIONS = Pattern.compile(Pattern.quote(API) + "/products/([0-9]+)/variations");
    private static final Pattern REFUNDS = Pattern.compile(Pattern.quote(API) + "/orders/([0-9]+)/refunds");
    private static final List<String> ORDERBY = List.of("date", "id", "include", "title", "slug", "modified");
    private static final List<String> REFUND_ORDERBY = List.of("date", "id", "include", "title", "slug");

    private final String consumerSecret;
    private final ZoneId siteZone;
    private final List<JsonNode> shopOrders = Collections.synchronizedList(new ArrayList<>());
    private final List<JsonNode> shopProducts = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, List<JsonNode>> shopVariations = new ConcurrentHashMap<>();
    private final Map<String, List<JsonNode>> shopRefunds = new ConcurrentHashMap<>();
    private final List<Map<String, String>> listed = Collections.synchronizedList(new ArrayList<>());

    public WooCommerceFake(String consumerKey, String consumerSecret, ZoneId siteZone) {
        super(consumerKey);
        this.consumerSecret = consumerSecret;
        this.siteZone = siteZone;
    }

    @Override
    public String name() {
        return "woocommerce";
    }

    /** Adds orders as the API returns them (documented order objects). */
    public void addOrders(JsonNode orders) {
        orders.forEach(shopOrders::add);
    }

    /** Adds products as the API returns them. */
    public void addProducts(JsonNode products) {
        products.forEach(shopProducts::add);
    }

    /** Adds a variable product's variations. */
    public void addVariations(String productId, JsonNode variations) {
        List<JsonNode> list =
                shopVariations.computeIfAbsent(productId, k -> Collections.synchronizedList(new ArrayList<>()));
        variations.forEach(list::add);
    }

    /**
     * Adds an order's refunds as {@code GET /orders/<id>/refunds} returns them (documented order refund objects);
     * the order's {@code refunds} list is then written from them.
     */
    public void addRefunds(String orderId, JsonNode refunds) {
        List<JsonNode> list =
                shopRefunds.computeIfAbsent(orderId, k -> Collections.synchronizedList(new ArrayList<>()));
        refunds.forEach(list::add);
    }

    /** The query of every list request answered with a page, in order, with the operation as {@code _operation}. */
    public List<Map<String, String>> listRequests() {
        synchronized (listed) {
            return List.copyOf(listed);
        }
    }

    @Override
    protected String operation(Request r) {
        if (!r.method().equals("GET") || !r.path().startsWith(API)) {
            return r.path().startsWith("/wp-json") ? "no-route" : null;
        }
        if (r.path().equals(API + "/orders")) {
            return "orders";
        }
        if (r.path().equals(API + "/products")) {
            return "products";
        }
        if (REFUNDS.matcher(r.path()).matches()) {
            return "refunds";
        }
        return VARIATIONS.matcher(r.path()).matches() ? "variations" : "no-route";
    }

    @Override
    protected List<String> skusUpdated(String operation, Request request) {
        return List.of();
    }

    @Override
    protected ResponseDefinitionBuilder throttledResponse(double retryAfterSeconds) {
        return json(429, error("too_many_requests", "Too many requests.", 429))
                .withHeader("Retry-After", String.format(Locale.ROOT, "%.3f", Math.max(0.001, retryAfterSeconds)));
    }

    @Override
    protected ResponseDefinitionBuilder serverError() {
        return json(
                500, error("internal_server_error", "<p>There has been a critical error on this website.</p>", 500));
    }

    static Map<String, Object> error(String code, String message, int status) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("status", status);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("message", message);
        body.put("data", data);
        return body;
    }

    /** WordPress's answer to parameters that fail their schema: every bad one named, with why. */
    static Map<String, Object> invalidParams(Map<String, String[]> problems) {
        Map<String, Object> params = new LinkedHashMap<>();
        Map<String, Object> details = new LinkedHashMap<>();
        for (Map.Entry<String, String[]> p : problems.entrySet()) {
            params.put(p.getKey(), p.getValue()[1]);
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("code", p.getValue()[0]);
            detail.put("message", p.getValue()[1]);
            detail.put("data", null);
            details.put(p.getKey(), detail);
        }
        Map<String, Object> body =
                error("rest_invalid_param", "Invalid parameter(s): " + String.join(", ", problems.keySet()), 400);
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) body.get("data");
        data.put("params", params);
        data.put("details", details);
        return body;
    }

    @Override
    protected ResponseDefinitionBuilder handle(String operation, Request r) {
        if (operation.equals("no-route")) {
            return refuse(404, error("rest_no_route", "No route was found matching the URL and request method.", 404));
        }
        String authorization = r.header("Authorization");
        String key = null;
        String secret = null;
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String pair = new String(
                        Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                if (colon > 0) {
                    key = pair.substring(0, colon);
                    secret = pair.substring(colon + 1);
                }
            } catch (IllegalArgumentException malformed) {
                key = null;
            }
        }
        if (key == null || !key.equals(credential)) {
            // An unknown key authenticates no one; the endpoint's permission check then refuses the anonymous call.
            return refuse(401, error("woocommerce_rest_cannot_view", "Sorry, you cannot list resources.", 401));
        }
        if (!consumerSecret.equals(secret)) {
            return refuse(401, error("woocommerce_rest_authentication_error", "Consumer secret is invalid.", 401));
        }

        Map<String, String[]> problems = new LinkedHashMap<>();
        int perPage = integer(r, "per_page", 10, 1, MAX_PER_PAGE, problems);
        int page = integer(r, "page", 1, 1, Integer.MAX_VALUE, problems);
        boolean gmt = "true".equals(r.query().get("dates_are_gmt"))
                || "1".equals(r.query().get("dates_are_gmt"));
        if (r.query().containsKey("dates_are_gmt")
                && !List.of("true", "false", "1", "0").contains(r.query().get("dates_are_gmt"))) {
            problems.put("dates_are_gmt", new String[] {"rest_invalid_type", "dates_are_gmt is not of type boolean."});
        }
        Map<String, LocalDateTime> bounds = new LinkedHashMap<>();
        for (String p : List.of("after", "before", "modified_after", "modified_before")) {
            String value = r.query().get(p);
            if (value != null) {
                LocalDateTime at = date(value, gmt);
                if (at == null) {
                    problems.put(p, new String[] {"rest_invalid_date", "Invalid date."});
                } else {
                    bounds.put(p, at);
                }
            }
        }
        String orderby = r.query().getOrDefault("orderby", "date");
        List<String> orderbys = operation.equals("refunds") ? REFUND_ORDERBY : ORDERBY;
        if (!orderbys.contains(orderby)) {
            problems.put(
                    "orderby",
                    new String[] {"rest_not_in_enum", "orderby is not one of " + String.join(", ", orderbys) + "."});
        }
        String order = r.query().getOrDefault("order", "desc");
        if (!order.equals("asc") && !order.equals("desc")) {
            problems.put("order", new String[] {"rest_not_in_enum", "order is not one of asc, desc."});
        }
        if (!problems.isEmpty()) {
            return refuse(400, invalidParams(problems));
        }

        List<JsonNode> items;
        if (operation.equals("orders")) {
            boolean trash = r.query().getOrDefault("status", "any").contains("trash");
            synchronized (shopOrders) {
                items = new ArrayList<>(shopOrders);
            }
            items.removeIf(o -> o.path("status").asText().equals("trash") != trash);
            items.replaceAll(this::withRefunds);
        } else if (operation.equals("refunds")) {
            Matcher m = REFUNDS.matcher(r.path());
            m.matches();
            // WordPress lists a post type's children of a parent: an order without refunds (or none) has none.
            List<JsonNode> refunds = shopRefunds.getOrDefault(m.group(1), List.of());
            synchronized (refunds) {
                items = new ArrayList<>(refunds);
            }
        } else if (operation.equals("products")) {
            synchronized (shopProducts) {
                items = new ArrayList<>(shopProducts);
            }
        } else {
            Matcher m = VARIATIONS.matcher(r.path());
            m.matches();
            List<JsonNode> variations = shopVariations.getOrDefault(m.group(1), List.of());
            synchronized (variations) {
                items = new ArrayList<>(variations);
            }
        }
        String suffix = gmt ? "_gmt" : "";
        // Refunds have no modified date nor filter (an unregistered parameter is ignored).
        boolean modifiable = !operation.equals("refunds");
        items.removeIf(o ->
                !within(o.path("date_created" + suffix).asText(null), bounds.get("after"), bounds.get("before"))
                        || modifiable
                                && !within(
                                        o.path("date_modified" + suffix).asText(null),
                                        bounds.get("modified_after"),
                                        bounds.get("modified_before")));
        Comparator<JsonNode> sort = switch (orderby) {
            case "date" ->
                Comparator.comparing((JsonNode o) -> o.path("date_created_gmt").asText(""));
            case "modified" ->
                Comparator.comparing((JsonNode o) -> o.path("date_modified_gmt").asText(""));
            case "title", "slug" ->
                Comparator.comparing((JsonNode o) -> o.path("name").asText(""));
            default -> Comparator.comparingLong((JsonNode o) -> o.path("id").asLong());
        };
        sort = sort.thenComparingLong(o -> o.path("id").asLong());
        items.sort(order.equals("asc") ? sort : sort.reversed());

        int total = items.size();
        int pages = (total + perPage - 1) / perPage;
        List<JsonNode> slice = items.subList(Math.min(total, (page - 1) * perPage), Math.min(total, page * perPage));
        ArrayNode body = JSON.createArrayNode();
        slice.forEach(body::add);
        Map<String, String> seen = new LinkedHashMap<>(r.query());
        seen.put("_operation", operation);
        listed.add(seen);
        ResponseDefinitionBuilder answer = json(200, body)
                .withHeader("X-WP-Total", String.valueOf(total))
                .withHeader("X-WP-TotalPages", String.valueOf(pages));
        List<String> links = new ArrayList<>();
        if (page > 1 && page <= pages + 1) {
            links.add("<" + pageUrl(r, page - 1) + ">; rel=\"prev\"");
        }
        if (page < pages) {
            links.add("<" + pageUrl(r, page + 1) + ">; rel=\"next\"");
        }
        if (!links.isEmpty()) {
            answer = answer.withHeader("Link", String.join(", ", links));
        }
        return answer;
    }

    /** The order with its refunds list written from the refunds added for it: id, reason, -amount, newest first. */
    private JsonNode withRefunds(JsonNode order) {
        List<JsonNode> refunds = shopRefunds.get(order.path("id").asText());
        if (refunds == null) {
            return order;
        }
        List<JsonNode> newest;
        synchronized (refunds) {
            newest = new ArrayList<>(refunds);
        }
        newest.sort(
                Comparator.comparing((JsonNode f) -> f.path("date_created_gmt").asText(""))
                        .thenComparingLong(f -> f.path("id").asLong())
                        .reversed());
        ArrayNode list = JSON.createArrayNode();
        for (JsonNode refund : newest) {
            ObjectNode entry = list.addObject();
            entry.put("id", refund.path("id").asLong());
            entry.put("reason", refund.path("reason").asText(""));
            entry.put("total", "-" + refund.path("amount").asText("0.00"));
        }
        ObjectNode copy = order.deepCopy();
        copy.set("refunds", list);
        return copy;
    }

    private String pageUrl(Request r, int page) {
        Map<String, String> query = new LinkedHashMap<>(r.query());
        query.put("page", String.valueOf(page));
        StringBuilder url = new StringBuilder(baseUrl()).append(r.path()).append('?');
        query.forEach((k, v) -> url.append(k).append('=').append(v).append('&'));
        return url.substring(0, url.length() - 1);
    }

    private static int integer(Request r, String name, int fallback, int min, int max, Map<String, String[]> problems) {
        String text = r.query().get(name);
        if (text == null) {
            return fallback;
        }
        int value;
        try {
            value = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            problems.put(name, new String[] {"rest_invalid_type", name + " is not of type integer."});
            return fallback;
        }
        if (value < min || value > max) {
            problems.put(
                    name,
                    max == Integer.MAX_VALUE
                            ? new String[] {"rest_out_of_bounds", name + " must be greater than or equal to " + min}
                            : new String[] {
                                "rest_out_of_bounds",
                                name + " must be between " + min + " (inclusive) and " + max + " (inclusive)"
                            });
        }
        return value;
    }

    /** A date parameter as the site compares it: GMT, or the site's local time; one with an offset is converted. */
    private LocalDateTime date(String value, boolean gmt) {
        try {
            OffsetDateTime at = OffsetDateTime.parse(value);
            return gmt
                    ? at.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime()
                    : at.atZoneSameInstant(siteZone).toLocalDateTime();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(value);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }

    /** Strictly after {@code after} and before {@code before}, as WordPress's date query compares. */
    private static boolean within(String date, LocalDateTime after, LocalDateTime before) {
        if (after == null && before == null) {
            return true;
        }
        if (date == null || date.isEmpty() || date.equals("null")) {
            return false;
        }
        LocalDateTime at = LocalDateTime.parse(date);
        return (after == null || at.isAfter(after)) && (before == null || at.isBefore(before));
    }
}
