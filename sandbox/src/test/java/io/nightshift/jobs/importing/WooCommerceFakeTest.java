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
}
