package io.nightshift.jobs.importing;

import com.fasterxml.jackson.databind.JsonNode;
import io.nightshift.common.config.ImportSettings;
import io.nightshift.common.config.MarketplaceSettings;
import io.nightshift.jobs.marketplace.HttpCalls;
import io.nightshift.jobs.marketplace.TokenBucket;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.commons.text.StringEscapeUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a WooCommerce shop through its REST API v3 ({@code /wp-json/wc/v3}): every order ({@code GET /orders},
 * optionally only those modified after an instant), the refunds of each order that lists some
 * ({@code GET /orders/<id>/refunds}, as credit notes) and every product ({@code GET /products}, and
 * {@code GET /products/<id>/variations} for each variable product). Pages of {@code per_page} items (at most 100),
 * {@code page} from 1 to the {@code X-WP-TotalPages} header, ordered by id so that an order created during the pull
 * does not shift the pages read. Authenticated with the consumer key and secret as HTTP Basic auth, which
 * WooCommerce accepts over HTTPS; the calls go through {@link HttpCalls} (retries on 429 and 5xx, Retry-After).
 * No key, secret or Authorization header ever goes into a message or a log line.
 */
public final class WooCommerceApi {
    private static final Logger LOG = LoggerFactory.getLogger(WooCommerceApi.class);
    static final String API = "/wp-json/wc/v3";
    private static final DateTimeFormatter GMT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    /** The shop answered with an error, or could not be reached, after the retries: one line, no secret. */
    public static final class ApiException extends RuntimeException {
        ApiException(String message) {
            super(message);
        }
    }

    private final ImportSettings.WooCommerce settings;
    private final HttpCalls http;
    private final TokenBucket bucket;
    private final String authorization;

    public WooCommerceApi(ImportSettings.WooCommerce settings, MarketplaceSettings.Http http) {
        if (settings.baseUrl().isEmpty()) {
            throw new IllegalArgumentException(
                    "--source woocommerce-api needs the shop's address: set NIGHTSHIFT_WOOCOMMERCE_URL"
                            + " (or nightshift.import.woocommerce.base-url)");
        }
        if (settings.consumerKey().isEmpty() || settings.consumerSecret().isEmpty()) {
            throw new IllegalArgumentException(
                    "--source woocommerce-api needs the REST API consumer key and secret: set "
                            + settings.consumerKeyEnv() + " and " + settings.consumerSecretEnv());
        }
        this.settings = settings;
        this.http = new HttpCalls(http);
        this.bucket = TokenBucket.of(settings.rate());
        this.authorization = "Basic "
                + Base64.getEncoder()
                        .encodeToString((settings.consumerKey().reveal() + ":"
                                        + settings.consumerSecret().reveal())
                                .getBytes(StandardCharsets.UTF_8));
    }

    /**
     * What the pull made of the orders' refunds: {@code refunds} read from {@code orders} orders (one call each,
     * paged), {@code creditNotes} with {@code creditNoteLines} lines among the order lines, {@code amountOnly}
     * refunds without a line that returns units (not imported: no product to credit), and
     * {@code zeroQuantityItems} refund line items with quantity 0 left out (money back on a line, no units).
     */
    public record RefundCounts(
            int orders, int refunds, int creditNotes, int creditNoteLines, int amountOnly, int zeroQuantityItems) {}

    /** The pulled orders' lines (their credit notes' lines included) and what became of their refunds. */
    public record OrderPull(List<SourceRow> lines, RefundCounts refunds) {}

    /**
     * Every order's lines as contract order lines, and its refunds' as credit notes (an order that lists refunds:
     * {@code GET /orders/<id>/refunds}); with {@code modifiedAfter}, only orders modified after it. An order read
     * twice (moved between pages while they were read) counts once, in its latest version.
     */
    public OrderPull orderLines(Optional<Instant> modifiedAfter) {
        Map<String, String> params = new LinkedHashMap<>();
        modifiedAfter.ifPresent(after -> {
            params.put(
                    "modified_after",
                    GMT.format(after.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC)));
            params.put("dates_are_gmt", "true");
        });
        Map<String, JsonNode> latest = new LinkedHashMap<>();
        for (JsonNode order : list("/orders", params)) {
            String id = WooCommerceOrders.text(order.get("id"));
            JsonNode seen = latest.get(id);
            if (seen == null || modified(order).compareTo(modified(seen)) > 0) {
                latest.put(id, order);
            }
        }
        List<SourceRow> rows = new ArrayList<>();
        int refundedOrders = 0;
        int refunds = 0;
        int creditNotes = 0;
        int creditNoteLines = 0;
        int amountOnly = 0;
        int zeroQuantity = 0;
        for (Map.Entry<String, JsonNode> e : latest.entrySet()) {
            JsonNode order = e.getValue();
            String orderUrl = settings.baseUrl() + API + "/orders/" + e.getKey();
            rows.addAll(WooCommerceOrders.lines(order, orderUrl));
            if (!WooCommerceOrders.hasRefunds(order)) {
                continue;
            }
            // Also a refunded (or cancelled) order's: its credit notes, imported while it was partly refunded,
            // take its status, so they stop netting out a sale that no longer counts.
            refundedOrders++;
            for (JsonNode refund : list("/orders/" + e.getKey() + "/refunds", Map.of())) {
                refunds++;
                String refundId = WooCommerceOrders.text(refund.get("id"));
                List<SourceRow> note = WooCommerceOrders.creditNote(order, refund, orderUrl + "/refunds/" + refundId);
                zeroQuantity += WooCommerceOrders.zeroQuantityItems(refund);
                if (note.isEmpty()) {
                    amountOnly++;
                    LOG.info(
                            "woocommerce: refund {} returns no units (amount {} {}): amount-only, not imported",
                            WooCommerceOrders.creditNoteId(order, refund),
                            WooCommerceOrders.text(refund.get("amount")),
                            WooCommerceOrders.text(order.get("currency")));
                } else {
                    creditNotes++;
                    creditNoteLines += note.size();
                    rows.addAll(note);
                }
            }
        }
        RefundCounts counts =
                new RefundCounts(refundedOrders, refunds, creditNotes, creditNoteLines, amountOnly, zeroQuantity);
        LOG.info("woocommerce: {} orders, {} line items; {}", latest.size(), rows.size(), counts);
        return new OrderPull(rows, counts);
    }

    /**
     * Every product and variation as a row of the product CSV export's columns (ID, Type, SKU, Name, Published,
     * Regular price, Categories, Tags, Parent), so the export's mapping reads both alike. Products are pulled
     * whole: the import's products are the catalogue as it is now.
     */
    public List<SourceRow> productRows() {
        List<SourceRow> rows = new ArrayList<>();
        for (JsonNode product : list("/products", Map.of())) {
            String id = WooCommerceOrders.text(product.get("id"));
            String url = settings.baseUrl() + API + "/products/" + id;
            rows.add(new SourceRow(url, 1, product.toString(), productColumns(product)));
            if ("variable".equals(WooCommerceOrders.text(product.get("type")))) {
                long position = 1;
                for (JsonNode variation : list("/products/" + id + "/variations", Map.of())) {
                    rows.add(new SourceRow(
                            url + "/variations/" + WooCommerceOrders.text(variation.get("id")),
                            position++,
                            variation.toString(),
                            variationColumns(variation, product)));
                }
            }
        }
        LOG.info("woocommerce: {} products and variations", rows.size());
        return rows;
    }

    /** The product export's column names this adapter gives an API product. */
    public static final List<String> PRODUCT_COLUMNS =
            List.of("ID", "Type", "SKU", "Name", "Published", "Regular price", "Categories", "Tags", "Parent");

    static Map<String, String> productColumns(JsonNode product) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("ID", WooCommerceOrders.text(product.get("id")));
        values.put("Type", WooCommerceOrders.text(product.get("type")));
        values.put("SKU", WooCommerceOrders.text(product.get("sku")));
        values.put("Name", unescape(WooCommerceOrders.text(product.get("name"))));
        values.put("Published", published(WooCommerceOrders.text(product.get("status"))));
        values.put("Regular price", WooCommerceOrders.text(product.get("regular_price")));
        values.put("Categories", names(product.path("categories")));
        values.put("Tags", names(product.path("tags")));
        values.put("Parent", null);
        return values;
    }

    static Map<String, String> variationColumns(JsonNode variation, JsonNode parent) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("ID", WooCommerceOrders.text(variation.get("id")));
        values.put("Type", "variation");
        values.put("SKU", WooCommerceOrders.text(variation.get("sku")));
        String name = WooCommerceOrders.text(variation.get("name"));
        if (name == null) {
            // WooCommerce names a variation "<product> - <option>, <option>".
            List<String> options = new ArrayList<>();
            for (JsonNode attribute : variation.path("attributes")) {
                String option = WooCommerceOrders.text(attribute.get("option"));
                if (option != null) {
                    options.add(option);
                }
            }
            String parentName = WooCommerceOrders.text(parent.get("name"));
            name = options.isEmpty() || parentName == null
                    ? parentName
                    : parentName + " - " + String.join(", ", options);
        }
        values.put("Name", unescape(name));
        // The export shows a variation of a draft product as a draft.
        String status = "draft".equals(WooCommerceOrders.text(parent.get("status")))
                ? "draft"
                : WooCommerceOrders.text(variation.get("status"));
        values.put("Published", published(status));
        values.put("Regular price", WooCommerceOrders.text(variation.get("regular_price")));
        values.put("Categories", null);
        values.put("Tags", null);
        values.put("Parent", "id:" + WooCommerceOrders.text(parent.get("id")));
        return values;
    }

    /** The export's Published value of a status: publish 1, private 0, draft -1, pending 2 (others -1, as there). */
    static String published(String status) {
        if (status == null) {
            return null;
        }
        return switch (status) {
            case "publish" -> "1";
            case "private" -> "0";
            case "pending" -> "2";
            default -> "-1";
        };
    }

    /** Term names as the export lists them: comma and space between, a comma within a name escaped. */
    private static String names(JsonNode terms) {
        List<String> names = new ArrayList<>();
        for (JsonNode term : terms) {
            String name = unescape(WooCommerceOrders.text(term.get("name")));
            if (name != null) {
                names.add(name.replace(",", "\\,"));
            }
        }
        return names.isEmpty() ? null : String.join(", ", names);
    }

    private static String unescape(String html) {
        return html == null ? null : StringEscapeUtils.unescapeHtml4(html);
    }

    private static String modified(JsonNode order) {
        String modified = WooCommerceOrders.text(order.get("date_modified_gmt"));
        return modified == null ? "" : modified;
    }

    /** Every item of a collection, page by page. */
    List<JsonNode> list(String path, Map<String, String> filters) {
        List<JsonNode> items = new ArrayList<>();
        int pages = Integer.MAX_VALUE;
        for (int page = 1; page <= pages; page++) {
            Map<String, String> params = new LinkedHashMap<>(filters);
            params.put("per_page", String.valueOf(settings.pageSize()));
            params.put("page", String.valueOf(page));
            params.put("orderby", "id");
            params.put("order", "asc");
            String url = settings.baseUrl() + API + path + "?"
                    + params.entrySet().stream()
                            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                            .collect(Collectors.joining("&"));
            HttpCalls.Call call = get(url);
            if (!call.ok()) {
                throw new ApiException(failure(path, page, call));
            }
            JsonNode body;
            try {
                body = WooCommerceOrders.JSON.readTree(call.body());
            } catch (IOException e) {
                body = null;
            }
            if (body == null || !body.isArray()) {
                throw new ApiException("woocommerce: GET " + API + path + " page " + page
                        + " did not answer a JSON list (is " + settings.baseUrl()
                        + " a WooCommerce shop with pretty permalinks?): " + HttpCalls.abbreviate(call.body()));
            }
            body.forEach(items::add);
            Optional<String> total = call.response().get().headers().firstValue("X-WP-TotalPages");
            if (total.isPresent()) {
                try {
                    pages = Integer.parseInt(total.get().trim());
                } catch (NumberFormatException e) {
                    throw new ApiException("woocommerce: GET " + API + path + " answered X-WP-TotalPages '"
                            + total.get() + "', not a number");
                }
            } else if (body.size() < settings.pageSize()) {
                // Without the header (a proxy dropped it), a short page is the last.
                break;
            }
        }
        return items;
    }

    private HttpCalls.Call get(String url) {
        HttpRequest request = http.request(url)
                .header("Authorization", authorization)
                .header("Accept", "application/json")
                .GET()
                .build();
        try {
            return http.send(bucket, request);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException("woocommerce: interrupted while reading " + url);
        }
    }

    private String failure(String path, int page, HttpCalls.Call call) {
        String what = "woocommerce: GET " + API + path + " page " + page;
        if (call.response().isEmpty()) {
            return what + " failed after " + call.attempts().size() + " attempts: "
                    + call.last().error();
        }
        String error = HttpCalls.abbreviate(call.body());
        try {
            JsonNode body = WooCommerceOrders.JSON.readTree(call.body());
            if (body.path("code").isTextual()) {
                // WooCommerce's documented error: {"code", "message", "data": {"status"}}.
                error = body.get("code").asText() + ": " + body.path("message").asText();
            }
        } catch (IOException notJson) {
            // the abbreviated body says what came back
        }
        if (call.status() == 401 || call.status() == 403) {
            return what + " was refused (HTTP " + call.status() + " " + error + "): check the consumer key and secret"
                    + " in " + settings.consumerKeyEnv() + " and " + settings.consumerSecretEnv()
                    + " (a key with Read access, WooCommerce > Settings > Advanced > REST API)";
        }
        return what + " failed after " + call.attempts().size() + " attempt(s): HTTP " + call.status() + " " + error;
    }

    @Override
    public String toString() {
        return "WooCommerceApi[" + settings.baseUrl() + "]";
    }
}
