package io.nightshift.jobs.marketplace;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import io.nightshift.common.config.MarketplaceSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Every marketplace request goes through here: one token from the operation's bucket before each attempt,
 * then failsafe retries on 429, 5xx, timeouts and connection resets with exponential backoff and jitter,
 * waiting what {@code Retry-After} asks for when the server sends it (capped by {@code max-retry-after}).
 * Every attempt is recorded (status or error, when sent), so the ledger can show each one.
 */
public final class HttpCalls {
    private final HttpClient client;
    private final MarketplaceSettings.Http settings;

    /** One attempt: the HTTP status it got (null when no response came back) or the error. */
    public record Attempt(Integer httpStatus, String error, Instant sentAt) {
        public boolean retryable() {
            return httpStatus == null || httpStatus == 429 || httpStatus >= 500;
        }
    }

    /** What a call ended with: the last response (empty when the last attempt got none) and every attempt. */
    public record Call(Optional<HttpResponse<String>> response, List<Attempt> attempts) {
        public boolean ok() {
            return response.isPresent() && response.get().statusCode() / 100 == 2;
        }

        public int status() {
            return response.map(HttpResponse::statusCode).orElse(0);
        }

        public String body() {
            return response.map(HttpResponse::body).orElse("");
        }

        public Attempt last() {
            return attempts.get(attempts.size() - 1);
        }
    }

    /**
     * Told about every attempt of a call that carries stock updates: {@link #sending} just before the request
     * leaves (the push journal commits its SENT rows there), {@link #answered} when it got an answer or failed.
     */
    public interface AttemptListener {
        AttemptListener NONE = new AttemptListener() {
            @Override
            public void sending(Instant sentAt) {}

            @Override
            public void answered(Attempt attempt) {}
        };

        void sending(Instant sentAt);

        void answered(Attempt attempt);
    }

    /**
     * A short-lived access token sent in {@link #header}: {@link HttpCalls} puts the current one on each call
     * and, when the API refuses it, asks for a fresh one and sends the call once more.
     */
    public interface Authorization {
        String header();

        /** The header's value (fetching a token when none is cached or it is about to expire). */
        String value() throws InterruptedException;

        /** Whether the API refused the token (expired, unknown, missing). */
        boolean refuses(HttpResponse<String> response);

        /** {@code value} was refused: drop it so the next {@link #value} fetches a new token. */
        void refused(String value);
    }

    public HttpCalls(MarketplaceSettings.Http settings) {
        this.settings = settings;
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    public MarketplaceSettings.Http settings() {
        return settings;
    }

    public HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(settings.requestTimeout());
    }

    public Call send(TokenBucket bucket, HttpRequest request) throws InterruptedException {
        return send(bucket, request, AttemptListener.NONE);
    }

    /** Sends a request carrying stock updates, telling {@code listener} about every attempt. */
    public Call send(TokenBucket bucket, HttpRequest request, AttemptListener listener) throws InterruptedException {
        return send(bucket, 1, request, response -> false, response -> {}, listener);
    }

    /**
     * Sends with retries. {@code alsoRetry} marks responses that are errors although their status is not
     * (Shopify answers a throttled query with 200 and a THROTTLED error).
     */
    public Call send(TokenBucket bucket, HttpRequest request, Predicate<HttpResponse<String>> alsoRetry)
            throws InterruptedException {
        return send(bucket, 1, request, alsoRetry, response -> {}, AttemptListener.NONE);
    }

    /**
     * The general form: each attempt takes {@code cost} tokens (Shopify's query cost), and {@code observe}
     * sees every response (Shopify's throttleStatus resets the bucket's level).
     */
    public Call send(
            TokenBucket bucket,
            double cost,
            HttpRequest request,
            Predicate<HttpResponse<String>> alsoRetry,
            Consumer<HttpResponse<String>> observe,
            AttemptListener listener)
            throws InterruptedException {
        return send(bucket, cost, request, alsoRetry, observe, listener, null);
    }

    /**
     * With an {@link Authorization}: the current access token goes on the request; if the API refuses it
     * (the cached token expired early or was revoked), one new token is fetched and the call is sent once
     * more. Both calls' attempts are returned, so the ledger shows the refused one too.
     */
    public Call send(
            TokenBucket bucket,
            double cost,
            HttpRequest request,
            Predicate<HttpResponse<String>> alsoRetry,
            Consumer<HttpResponse<String>> observe,
            AttemptListener listener,
            Authorization authorization)
            throws InterruptedException {
        if (authorization == null) {
            return sendWithRetries(bucket, cost, request, alsoRetry, observe, listener);
        }
        String value = authorization.value();
        Call first =
                sendWithRetries(bucket, cost, authorized(request, authorization, value), alsoRetry, observe, listener);
        if (first.response().isEmpty()
                || !authorization.refuses(first.response().get())) {
            return first;
        }
        authorization.refused(value);
        Call second = sendWithRetries(
                bucket, cost, authorized(request, authorization, authorization.value()), alsoRetry, observe, listener);
        List<Attempt> all = new ArrayList<>(first.attempts());
        all.addAll(second.attempts());
        return new Call(second.response(), List.copyOf(all));
    }

    public Call send(TokenBucket bucket, HttpRequest request, Authorization authorization) throws InterruptedException {
        return send(bucket, 1, request, response -> false, response -> {}, AttemptListener.NONE, authorization);
    }

    public Call send(TokenBucket bucket, HttpRequest request, AttemptListener listener, Authorization authorization)
            throws InterruptedException {
        return send(bucket, 1, request, response -> false, response -> {}, listener, authorization);
    }

    private static HttpRequest authorized(HttpRequest request, Authorization authorization, String value) {
        return HttpRequest.newBuilder(request, (name, v) -> !name.equalsIgnoreCase(authorization.header()))
                .header(authorization.header(), value)
                .build();
    }

    private Call sendWithRetries(
            TokenBucket bucket,
            double cost,
            HttpRequest request,
            Predicate<HttpResponse<String>> alsoRetry,
            Consumer<HttpResponse<String>> observe,
            AttemptListener listener)
            throws InterruptedException {
        List<Attempt> attempts = new ArrayList<>();
        RetryPolicy<HttpResponse<String>> retry = RetryPolicy.<HttpResponse<String>>builder()
                .handle(IOException.class)
                .handleResultIf(r -> r.statusCode() == 429 || r.statusCode() >= 500 || alsoRetry.test(r))
                .withMaxRetries(settings.maxRetries())
                .withBackoff(settings.backoffBase(), settings.backoffMax())
                .withJitter(settings.jitter())
                // Retry-After wins when present; a negative delay falls back to the backoff above.
                .withDelayFn(context -> retryAfter(context.getLastResult()).orElse(Duration.ofMillis(-1)))
                .build();
        try {
            HttpResponse<String> response = Failsafe.with(retry).get(() -> {
                bucket.acquire(cost);
                Instant sentAt = Instant.now();
                listener.sending(sentAt);
                try {
                    HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                    observe.accept(r);
                    Attempt attempt = new Attempt(
                            r.statusCode(),
                            r.statusCode() / 100 == 2 && !alsoRetry.test(r) ? null : abbreviate(r.body()),
                            sentAt);
                    attempts.add(attempt);
                    listener.answered(attempt);
                    return r;
                } catch (IOException e) {
                    Attempt attempt = new Attempt(null, describe(e), sentAt);
                    attempts.add(attempt);
                    listener.answered(attempt);
                    throw e;
                }
            });
            return new Call(Optional.ofNullable(response), List.copyOf(attempts));
        } catch (FailsafeException e) {
            if (e.getCause() instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            // Retries exhausted on an exception: the call failed as a whole, every attempt recorded.
            return new Call(Optional.empty(), List.copyOf(attempts));
        }
    }

    private Optional<Duration> retryAfter(HttpResponse<String> response) {
        if (response == null) {
            return Optional.empty();
        }
        Optional<String> header = response.headers().firstValue("Retry-After");
        if (header.isEmpty()) {
            return Optional.empty();
        }
        Duration wait;
        String value = header.get().trim();
        try {
            wait = Duration.ofMillis((long) (Double.parseDouble(value) * 1000));
        } catch (NumberFormatException e) {
            try {
                wait = Duration.between(
                        Instant.now(),
                        ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                                .toInstant());
            } catch (RuntimeException unparseable) {
                return Optional.empty();
            }
        }
        if (wait.isNegative()) {
            wait = Duration.ZERO;
        }
        return Optional.of(wait.compareTo(settings.maxRetryAfter()) > 0 ? settings.maxRetryAfter() : wait);
    }

    static String describe(IOException e) {
        String name =
                e instanceof HttpTimeoutException ? "timeout" : e.getClass().getSimpleName();
        return e.getMessage() == null ? name : name + ": " + abbreviate(e.getMessage());
    }

    public static String abbreviate(String text) {
        if (text == null) {
            return null;
        }
        String one = text.replaceAll("\\s+", " ").trim();
        return one.length() <= 300 ? one : one.substring(0, 300) + "...";
    }
}
