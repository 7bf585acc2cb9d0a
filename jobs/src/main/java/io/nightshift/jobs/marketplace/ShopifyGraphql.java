package io.nightshift.jobs.marketplace;

import com.fasterxml.jackson.databind.JsonNode;
import io.nightshift.common.config.MarketplaceSettings;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One Shopify Admin GraphQL call, as the Shopify connector and the Shopify import make it: {@code POST
 * <base-url>/admin/api/<api-version>/graphql.json} (the version pinned in {@code nightshift.marketplaces.shopify}),
 * the Admin API access token in {@code X-Shopify-Access-Token}, paced by a cost bucket that every response's
 * {@code extensions.cost.throttleStatus.currentlyAvailable} resets, and a THROTTLED answer (HTTP 200 with an
 * error whose {@code extensions.code} is THROTTLED) retried with backoff like a 429 (../shared/MARKETPLACES.md
 * section 3). The token never goes into a message or a log line.
 */
public final class ShopifyGraphql {
    private final MarketplaceSettings.Channel channel;
    private final HttpCalls http;
    private final TokenBucket cost;
    private final String endpoint;

    public ShopifyGraphql(MarketplaceSettings.Channel channel, HttpCalls http) {
        this.channel = channel;
        this.http = http;
        this.cost = TokenBucket.of(channel.rate("graphql"));
        this.endpoint = channel.baseUrl() + "/admin/api/" + channel.option("api-version") + "/graphql.json";
    }

    /** The pinned API version ({@code nightshift.marketplaces.shopify.api-version}). */
    public String apiVersion() {
        return channel.option("api-version");
    }

    public String endpoint() {
        return endpoint;
    }

    public HttpCalls http() {
        return http;
    }

    /** Sends a query or mutation; {@code estimatedCost} points are taken from the bucket before each attempt. */
    public HttpCalls.Call call(
            String query, Map<String, Object> variables, double estimatedCost, HttpCalls.AttemptListener listener)
            throws InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        body.put("variables", variables);
        HttpRequest request = http.request(endpoint)
                .header("X-Shopify-Access-Token", channel.credential().reveal())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)))
                .build();
        return http.send(cost, estimatedCost, request, ShopifyGraphql::throttled, this::observe, listener);
    }

    public HttpCalls.Call call(String query, Map<String, Object> variables, double estimatedCost)
            throws InterruptedException {
        return call(query, variables, estimatedCost, HttpCalls.AttemptListener.NONE);
    }

    /** Shopify answers a throttled query with HTTP 200 and a THROTTLED error. */
    public static boolean throttled(HttpResponse<String> r) {
        return r.statusCode() == 200 && r.body().contains("\"THROTTLED\"");
    }

    /** The server's view of the bucket replaces the local estimate. */
    private void observe(HttpResponse<String> r) {
        try {
            JsonNode status = Json.MAPPER
                    .readTree(r.body())
                    .path("extensions")
                    .path("cost")
                    .path("throttleStatus");
            if (status.has("currentlyAvailable")) {
                cost.observe(status.get("currentlyAvailable").asDouble());
            }
        } catch (Exception ignored) {
            // not JSON (a 5xx page): nothing to learn
        }
    }
}
