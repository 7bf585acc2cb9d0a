package io.nightshift.jobs.importing;

import com.fasterxml.jackson.databind.JsonNode;
import io.nightshift.common.config.ImportSettings;
import io.nightshift.jobs.marketplace.HttpCalls;
import io.nightshift.jobs.marketplace.ShopifyGraphql;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a Shopify shop's orders and product variants through the Admin GraphQL API's bulk operations: {@code
 * bulkOperationRunQuery(query:)} starts one (its payload: {@code bulkOperation { id status }} and {@code userErrors}),
 * {@code bulkOperation(id:)} (2026-01 and later; {@code node(id:)} before) is polled with a growing interval until its
 * status is COMPLETED (or FAILED, CANCELED, EXPIRED: one line naming the errorCode), then the JSONL file at its
 * {@code url} is downloaded to a temporary file and read a line at a time; a nested connection's objects (an
 * order's line items) are lines of their own carrying {@code __parentId}, joined here to their parent whatever their
 * place in the file. Every GraphQL call goes through {@link ShopifyGraphql}: the Shopify connector's endpoint,
 * pinned version, {@code X-Shopify-Access-Token} and cost-based pacing with THROTTLED retried. The download URL is
 * a signed link to Shopify's storage: it is fetched without the access token.
 */
public final class ShopifyBulkImport {
    private static final Logger LOG = LoggerFactory.getLogger(ShopifyBulkImport.class);

    static final String RUN = "mutation bulkOperationRunQuery($query: String!) { bulkOperationRunQuery(query: $query)"
            + " { bulkOperation { id status } userErrors { field message } } }";
    static final String OPERATION_FIELDS = "id status errorCode objectCount rootObjectCount url partialDataUrl";
    /** bulkOperation(id:) exists from 2026-01 (Shopify changelog "New queries for bulk operations"). */
    static final String POLL = "query bulkOperation($id: ID!) { bulkOperation(id: $id) { " + OPERATION_FIELDS + " } }";
    /** Before 2026-01 a bulk operation is read as a node. */
    static final String POLL_NODE =
            "query bulkOperation($id: ID!) { node(id: $id) { ... on BulkOperation { " + OPERATION_FIELDS + " } } }";

    /** The orders bulk query; {@code %s} is the filter argument (empty, or {@code (query: "updated_at:>'...'")}). */
    public static final String ORDERS_QUERY = "{ orders%s { edges { node { id name createdAt updatedAt cancelledAt"
            + " displayFinancialStatus displayFulfillmentStatus currencyCode sourceName customer { id }"
            + " refunds { createdAt }"
            + " lineItems { edges { node { id sku name quantity currentQuantity"
            + " originalUnitPriceSet { shopMoney { amount currencyCode } }"
            + " originalTotalSet { shopMoney { amount currencyCode } }"
            + " discountedTotalSet { shopMoney { amount currencyCode } } } } } } } } }";

    /** The product variants bulk query: one line per variant, its product and inventory item inline. */
    public static final String VARIANTS_QUERY = "{ productVariants { edges { node { id sku title price"
            + " inventoryItem { unitCost { amount currencyCode } }"
            + " product { id title productType vendor tags status } } } } }";

    /** Mutation cost estimate (the bucket is corrected by every answer's throttleStatus). */
    private static final double RUN_COST = 10;

    private static final double POLL_COST = 1;

    /** The shop answered with an error, the operation did not complete, or the file could not be read: one line. */
    public static final class ApiException extends RuntimeException {
        ApiException(String message) {
            super(message);
        }
    }

    private final ShopifyGraphql graphql;
    private final String shopUrl;
    private final ImportSettings.Shopify settings;
    private final HttpClient download;

    public ShopifyBulkImport(ShopifyGraphql graphql, String shopUrl, ImportSettings.Shopify settings) {
        this.graphql = graphql;
        this.shopUrl = shopUrl;
        this.settings = settings;
        this.download = HttpClient.newBuilder()
                .connectTimeout(graphql.http().settings().connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** The orders filter: {@code updated_at:>'<instant>'} (Shopify's search syntax), or none. */
    static String ordersQuery(Optional<Instant> modifiedAfter) {
        return String.format(
                ORDERS_QUERY,
                modifiedAfter
                        .map(a -> "(query: \"updated_at:>'" + a.truncatedTo(ChronoUnit.SECONDS) + "'\")")
                        .orElse(""));
    }

    /** Every order's lines (with --modified-after, of the orders updated after it) as contract order lines. */
    public List<SourceRow> orderLines(Optional<Instant> modifiedAfter) throws InterruptedException {
        Map<String, JsonNode> orders = new LinkedHashMap<>();
        Map<String, List<JsonNode>> items = new LinkedHashMap<>();
        run(ordersQuery(modifiedAfter), "orders", line -> {
            String parent = WooCommerceOrders.text(line.get("__parentId"));
            if (parent == null) {
                orders.put(WooCommerceOrders.text(line.get("id")), line);
            } else {
                items.computeIfAbsent(parent, k -> new ArrayList<>()).add(line);
            }
        });
        List<SourceRow> rows = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : orders.entrySet()) {
            List<JsonNode> lines = items.getOrDefault(e.getKey(), List.of());
            rows.addAll(ShopifyOrders.lines(
                    e.getValue(), lines, shopUrl + "/admin/orders/" + ShopifyOrders.tail(e.getKey())));
        }
        LOG.info("shopify: {} orders, {} order lines (credit notes included)", orders.size(), rows.size());
        return rows;
    }

    /** Every product variant as a contract product row (the catalogue as it is now). */
    public List<SourceRow> productRows() throws InterruptedException {
        List<SourceRow> rows = new ArrayList<>();
        run(VARIANTS_QUERY, "product variants", line -> {
            // A variant's row is its place in the result file.
            rows.add(ShopifyOrders.product(line, shopUrl + "/admin/bulk/product-variants", rows.size() + 1));
        });
        LOG.info("shopify: {} product variants", rows.size());
        return rows;
    }

    /** Runs one bulk query to its end and hands every line of its result to {@code lines}. */
    void run(String query, String what, Consumer<JsonNode> lines) throws InterruptedException {
        JsonNode started = data(graphql.call(RUN, Map.of("query", query), RUN_COST), "bulkOperationRunQuery " + what)
                .path("bulkOperationRunQuery");
        List<String> userErrors = new ArrayList<>();
        for (JsonNode e : started.path("userErrors")) {
            userErrors.add(e.path("message").asText());
        }
        String id = WooCommerceOrders.text(started.path("bulkOperation").get("id"));
        if (!userErrors.isEmpty() || id == null) {
            throw new ApiException("shopify: bulkOperationRunQuery (" + what + ") was refused: "
                    + (userErrors.isEmpty() ? "no bulk operation in the answer" : String.join("; ", userErrors)));
        }
        LOG.info("shopify: bulk operation {} ({}) started", id, what);
        JsonNode operation = awaitEnd(id, what);
        String url = WooCommerceOrders.text(operation.get("url"));
        if (url == null) {
            // COMPLETED without a url: the query matched nothing.
            return;
        }
        Path file = null;
        try {
            file = Files.createTempFile("nightshift-shopify-bulk-", ".jsonl");
            fetch(url, file, what);
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                long number = 0;
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    number++;
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode node;
                    try {
                        node = WooCommerceOrders.JSON.readTree(line);
                    } catch (IOException e) {
                        throw new ApiException("shopify: the " + what + " bulk result's line " + number
                                + " is not JSON: " + HttpCalls.abbreviate(line));
                    }
                    lines.accept(node);
                }
            }
        } catch (IOException e) {
            throw new ApiException("shopify: cannot read the " + what + " bulk result: " + e.getMessage());
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temporary file
                }
            }
        }
    }

    /** Polls the operation, the interval doubling from poll-interval to max-poll-interval, until it ends. */
    private JsonNode awaitEnd(String id, String what) throws InterruptedException {
        boolean byId = graphql.apiVersion().compareTo("2026-01") >= 0;
        Instant deadline = Instant.now().plus(settings.timeout());
        Duration interval = settings.pollInterval();
        while (true) {
            Thread.sleep(interval.toMillis());
            JsonNode data = data(graphql.call(byId ? POLL : POLL_NODE, Map.of("id", id), POLL_COST), "bulkOperation");
            JsonNode operation = data.path(byId ? "bulkOperation" : "node");
            String status = WooCommerceOrders.text(operation.get("status"));
            if ("COMPLETED".equals(status)) {
                LOG.info(
                        "shopify: bulk operation {} ({}) completed: {} objects",
                        id,
                        what,
                        operation.path("objectCount").asText());
                return operation;
            }
            if (status == null) {
                throw new ApiException("shopify: bulk operation " + id + " (" + what + ") is unknown to the shop");
            }
            if (!status.equals("CREATED") && !status.equals("RUNNING")) {
                String code = WooCommerceOrders.text(operation.get("errorCode"));
                throw new ApiException("shopify: bulk operation " + id + " (" + what + ") ended " + status
                        + (code == null ? "" : " with errorCode " + code) + " after "
                        + operation.path("objectCount").asText("0") + " objects; nothing was imported"
                        + (operation.hasNonNull("partialDataUrl") ? " (its partial data is not read)" : ""));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new ApiException("shopify: bulk operation " + id + " (" + what + ") still " + status + " after "
                        + settings.timeout() + " (nightshift.import.shopify.timeout)");
            }
            interval = interval.multipliedBy(2).compareTo(settings.maxPollInterval()) > 0
                    ? settings.maxPollInterval()
                    : interval.multipliedBy(2);
        }
    }

    /** The answer's data; one line naming the call when it failed or carries errors. */
    private static JsonNode data(HttpCalls.Call call, String what) {
        if (!call.ok()) {
            String failure = call.status() == 0
                    ? call.last().error()
                    : "HTTP " + call.status() + " " + HttpCalls.abbreviate(call.body());
            String hint = call.status() == 401 || call.status() == 403
                    ? ": check the Admin API access token (nightshift.marketplaces.shopify.credential-env) and its"
                            + " read_orders and read_products scopes"
                    : "";
            throw new ApiException(
                    "shopify: " + what + " failed after " + call.attempts().size() + " attempt(s): " + failure + hint);
        }
        JsonNode body;
        try {
            body = WooCommerceOrders.JSON.readTree(call.body());
        } catch (IOException e) {
            throw new ApiException("shopify: " + what + " did not answer JSON: " + HttpCalls.abbreviate(call.body()));
        }
        if (body.has("errors")) {
            throw new ApiException(
                    "shopify: " + what + " failed after " + call.attempts().size() + " attempt(s): "
                            + HttpCalls.abbreviate(body.get("errors").toString()));
        }
        return body.path("data");
    }

    /** Downloads the result file, retrying 5xx and connection errors as the API calls are retried. */
    private void fetch(String url, Path file, String what) throws InterruptedException {
        int attempts = graphql.http().settings().maxRetries() + 1;
        String failure = "";
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                HttpResponse<Path> response = download.send(
                        graphql.http().request(url).GET().build(), HttpResponse.BodyHandlers.ofFile(file));
                if (response.statusCode() == 200) {
                    return;
                }
                failure = "HTTP " + response.statusCode();
                if (response.statusCode() < 500 && response.statusCode() != 429) {
                    break;
                }
            } catch (IOException e) {
                failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            Thread.sleep(graphql.http().settings().backoffBase().toMillis() << (attempt - 1));
        }
        throw new ApiException("shopify: downloading the " + what + " bulk result failed: " + failure
                + " (the url lives 7 days after the operation completes)");
    }

    @Override
    public String toString() {
        return "ShopifyBulkImport[" + shopUrl + "]";
    }
}
