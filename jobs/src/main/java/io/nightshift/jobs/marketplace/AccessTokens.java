package io.nightshift.jobs.marketplace;

import com.fasterxml.jackson.databind.JsonNode;
import io.nightshift.common.config.MarketplaceSettings;
import io.nightshift.common.config.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An OAuth access token got from a long-lived refresh token, cached until shortly before it expires and
 * fetched again when the API refuses it (once per call: {@link HttpCalls} asks for a new one after a 401).
 * Two documented token requests, both {@code POST application/x-www-form-urlencoded} with
 * {@code grant_type=refresh_token}:
 * eBay ({@code /identity/v1/oauth2/token}): {@code Authorization: Basic base64(client_id:client_secret)},
 * body {@code refresh_token}, {@code scope}; token sent as {@code Authorization: Bearer <token>}.
 * Amazon LWA ({@code https://api.amazon.com/auth/o2/token}): body {@code refresh_token}, {@code client_id},
 * {@code client_secret}; token sent as {@code x-amz-access-token}. Both answer
 * {@code {"access_token", "expires_in", ...}}. No secret or token ever goes into a message or a log.
 */
public final class AccessTokens implements HttpCalls.Authorization {
    public enum Flow {
        EBAY,
        LWA
    }

    private final String marketplace;
    private final Flow flow;
    private final URI tokenUrl;
    private final Secret clientId;
    private final Secret clientSecret;
    private final Secret refreshToken;
    private final String scope;
    private final HttpClient client;
    private final Duration timeout;
    private String token;
    private Instant refreshAt = Instant.MIN;

    public AccessTokens(
            String marketplace,
            Flow flow,
            String tokenUrl,
            Secret clientId,
            Secret clientSecret,
            Secret refreshToken,
            String scope,
            MarketplaceSettings.Http http) {
        this.marketplace = marketplace;
        this.flow = flow;
        this.tokenUrl = URI.create(tokenUrl);
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.refreshToken = refreshToken;
        this.scope = scope;
        this.timeout = http.requestTimeout();
        this.client = HttpClient.newBuilder()
                .connectTimeout(http.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    @Override
    public String header() {
        return flow == Flow.EBAY ? "Authorization" : "x-amz-access-token";
    }

    @Override
    public synchronized String value() throws InterruptedException {
        if (token == null || !Instant.now().isBefore(refreshAt)) {
            exchange();
        }
        return flow == Flow.EBAY ? "Bearer " + token : token;
    }

    /** The API refused {@code value}: forget it, unless another call already replaced it. */
    @Override
    public synchronized void refused(String value) {
        if (token != null && value.endsWith(token)) {
            token = null;
        }
    }

    /**
     * eBay answers an expired or unknown token with 401; SP-API with 403 and the error code Unauthorized
     * ("Access to requested resource is denied."), which is also its answer to a missing permission, so a
     * 403 is only refreshed once and then reported.
     */
    @Override
    public boolean refuses(HttpResponse<String> response) {
        return response.statusCode() == 401
                || (flow == Flow.LWA
                        && response.statusCode() == 403
                        && response.body().contains("\"Unauthorized\""));
    }

    private void exchange() throws InterruptedException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken.reveal());
        HttpRequest.Builder request = HttpRequest.newBuilder(tokenUrl)
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json");
        if (flow == Flow.EBAY) {
            if (!scope.isBlank()) {
                form.put("scope", scope);
            }
            request.header(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString((clientId.reveal() + ":" + clientSecret.reveal())
                                            .getBytes(StandardCharsets.UTF_8)));
        } else {
            form.put("client_id", clientId.reveal());
            form.put("client_secret", clientSecret.reveal());
        }
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> response;
        try {
            response = client.send(
                    request.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new MarketplaceException(
                    marketplace + ": cannot reach the token endpoint " + tokenUrl + ": " + HttpCalls.describe(e));
        }
        JsonNode answer;
        try {
            answer = Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            answer = Json.MAPPER.createObjectNode();
        }
        if (response.statusCode() != 200 || !answer.path("access_token").isTextual()) {
            // Only the OAuth error code: a description may quote what was sent.
            throw new MarketplaceException(marketplace + ": the token endpoint refused the refresh token (HTTP "
                    + response.statusCode()
                    + (answer.path("error").isTextual()
                            ? " " + answer.path("error").asText()
                            : "")
                    + "); check its client id, client secret and refresh token");
        }
        token = answer.get("access_token").asText();
        long lifetime = answer.path("expires_in").asLong(3600);
        // Refresh a little early (a fifth of the lifetime, at most a minute), so no call carries a token about to
        // lapse.
        refreshAt = Instant.now().plusSeconds(lifetime).minusMillis(Math.min(60_000, lifetime * 1000 / 5));
    }

    @Override
    public String toString() {
        return "AccessTokens[" + marketplace + " " + flow + " at " + tokenUrl + "]";
    }
}
