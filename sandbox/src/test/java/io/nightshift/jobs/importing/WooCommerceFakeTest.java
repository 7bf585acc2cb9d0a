package io.nightshift.jobs.importing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nightshift.sandbox.marketplace.WooCommerceFake;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fake refuses what WooCommerce refuses, with WooCommerce's status and error body. */
class WooCommerceFakeTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static HttpResponse<String> get(String url, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String basic(String key, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((key + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void noAuthATooLargePageAndABadDateAreRefusedAsWooCommerceRefusesThem() throws Exception {
        try (WooCommerceFake shop = new WooCommerceFake("ck_a", "cs_b", ZoneId.of("UTC"))) {
            shop.addOrders(JSON.readTree("[{\"id\": 1, \"status\": \"completed\", \"date_created_gmt\":"
                    + " \"2026-01-01T00:00:00\", \"date_modified_gmt\": \"2026-01-01T00:00:00\"},"
                    + " {\"id\": 2, \"status\": \"trash\", \"date_created_gmt\": \"2026-01-01T00:00:00\","
                    + " \"date_modified_gmt\": \"2026-01-01T00:00:00\"}]"));
            String orders = shop.baseUrl() + "/wp-json/wc/v3/orders";

            HttpResponse<String> anonymous = get(orders, null);
            assertEquals(401, anonymous.statusCode());
            assertEquals(
                    JSON.readTree("{\"code\": \"woocommerce_rest_cannot_view\", \"message\": \"Sorry, you cannot list"
                            + " resources.\", \"data\": {\"status\": 401}}"),
                    JSON.readTree(anonymous.body()));

            HttpResponse<String> tooMany = get(orders + "?per_page=101", basic("ck_a", "cs_b"));
            assertEquals(400, tooMany.statusCode());
            JsonNode body = JSON.readTree(tooMany.body());
            assertEquals("rest_invalid_param", body.path("code").asText());
            assertEquals("Invalid parameter(s): per_page", body.path("message").asText());
            assertEquals(
                    "per_page must be between 1 (inclusive) and 100 (inclusive)",
                    body.path("data").path("params").path("per_page").asText());
            assertEquals(
                    "rest_out_of_bounds",
                    body.path("data")
                            .path("details")
                            .path("per_page")
                            .path("code")
                            .asText());

            HttpResponse<String> badDate = get(orders + "?modified_after=yesterday", basic("ck_a", "cs_b"));
            assertEquals(400, badDate.statusCode());
            assertEquals(
                    "Invalid parameter(s): modified_after",
                    JSON.readTree(badDate.body()).path("message").asText());

            HttpResponse<String> page = get(orders + "?per_page=1", basic("ck_a", "cs_b"));
            assertEquals(200, page.statusCode());
            assertEquals(List.of("1"), page.headers().allValues("X-WP-Total"), "the trash is not listed by default");
            assertEquals(List.of("1"), page.headers().allValues("X-WP-TotalPages"));
            assertEquals(1, JSON.readTree(page.body()).size());

            HttpResponse<String> later =
                    get(orders + "?modified_after=2026-01-01T00:00:00&dates_are_gmt=true", basic("ck_a", "cs_b"));
            assertEquals("[]", later.body(), "modified_after is strictly after");
        }
    }

    @Test
    void refundsAreListedPerOrderWithAuthAndPagesAndTheOrderListsThemNewestFirst() throws Exception {
        try (WooCommerceFake shop = new WooCommerceFake("ck_a", "cs_b", ZoneId.of("UTC"))) {
            shop.addOrders(JSON.readTree("[{\"id\": 7, \"status\": \"completed\", \"refunds\": []}]"));
            shop.addRefunds(
                    "7",
                    JSON.readTree("[{\"id\": 30, \"date_created_gmt\": \"2026-01-02T00:00:00\","
                            + " \"amount\": \"4.00\", \"reason\": \"\", \"line_items\": []},"
                            + " {\"id\": 31, \"date_created_gmt\": \"2026-01-03T00:00:00\", \"amount\": \"9.50\","
                            + " \"reason\": \"Broken\", \"line_items\": []}]"));
            String auth = basic("ck_a", "cs_b");
            String refunds = shop.baseUrl() + "/wp-json/wc/v3/orders/7/refunds";

            assertEquals(401, get(refunds, null).statusCode());
            HttpResponse<String> byModified = get(refunds + "?orderby=modified", auth);
            assertEquals(400, byModified.statusCode(), "refunds are not ordered by modified");
            assertEquals(
                    "Invalid parameter(s): orderby",
                    JSON.readTree(byModified.body()).path("message").asText());

            HttpResponse<String> first = get(refunds + "?per_page=1&page=1&orderby=id&order=asc", auth);
            assertEquals(List.of("2"), first.headers().allValues("X-WP-TotalPages"));
            assertEquals(30, JSON.readTree(first.body()).get(0).path("id").asInt());
            HttpResponse<String> second = get(refunds + "?per_page=1&page=2&orderby=id&order=asc", auth);
            assertEquals(31, JSON.readTree(second.body()).get(0).path("id").asInt());
            assertEquals(
                    "[]",
                    get(shop.baseUrl() + "/wp-json/wc/v3/orders/8/refunds", auth)
                            .body());

            JsonNode order = JSON.readTree(
                            get(shop.baseUrl() + "/wp-json/wc/v3/orders", auth).body())
                    .get(0);
            assertEquals(
                    JSON.readTree("[{\"id\": 31, \"reason\": \"Broken\", \"total\": \"-9.50\"},"
                            + " {\"id\": 30, \"reason\": \"\", \"total\": \"-4.00\"}]"),
                    order.path("refunds"));
        }
    }
}
