package io.nightshift.sandbox.marketplace;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.common.ConsoleNotifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.nightshift.jobs.marketplace.TokenBucket;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A marketplace fake: a WireMock server whose one transformer holds the marketplace's state (stock per
 * SKU, orders) and enforces its documented contract (authentication, request shape, batch maximum, rate
 * limits with 429, paging). A request the real API would reject fails here too, with the real API's status
 * and error shape. Faults can be queued per operation to test the connectors: 429, 5xx, timeouts (the
 * write is applied, the answer comes too late), connection resets (applied, then the connection drops).
 */
public abstract class FakeMarketplace implements AutoCloseable {
    protected static final ObjectMapper JSON = new ObjectMapper();

    /** A fault to answer one request of an operation with, instead of the normal answer. */
    public enum FaultKind {
        THROTTLE,
        SERVER_ERROR,
        TIMEOUT,
        RESET
    }

    /** An order line and an order as the fake stores them; each marketplace renders them in its own format. */
    public record Line(String lineId, String sku, int quantity, BigDecimal unitPrice) {}

    public static final class Order {
        public final String id;
        public final Instant createdAt;
        public volatile Instant updatedAt;
        public volatile String status;
        public final String currency;
        public final String email;
        public final List<Line> lines;

        public Order(
                String id,
                Instant createdAt,
                Instant updatedAt,
                String status,
                String currency,
                String email,
                List<Line> lines) {
            this.id = id;
            this.createdAt = createdAt;
            this.updatedAt = updatedAt;
            this.status = status;
            this.currency = currency;
            this.email = email;
            this.lines = List.copyOf(lines);
        }

        public BigDecimal total() {
            return lines.stream()
                    .map(l -> l.unitPrice().multiply(BigDecimal.valueOf(l.quantity())))
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
        }
    }

    /** A request as the handlers see it. */
    protected record Request(
            String method, String path, Map<String, String> query, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    protected final String credential;
    /** SKU -> the marketplace's listing reference (offer id, inventory item); only listed SKUs can be updated. */
    protected final Map<String, String> listings = new ConcurrentHashMap<>();
    /** SKU -> quantity the marketplace shows. */
    protected final Map<String, Integer> stock = new ConcurrentHashMap<>();
    /** SKU -> every quantity applied, in order (tests check nothing stale was applied after something newer). */
    protected final Map<String, List<Integer>> applied = new ConcurrentHashMap<>();

    protected final List<Order> orders = new ArrayList<>();
    protected final Map<String, TokenBucket> buckets = new HashMap<>();
    private final Map<String, Deque<FaultKind>> faults = new HashMap<>();
    private final Map<String, Integer> itemFailures = new HashMap<>();
    protected long timeoutMillis = 1500;
    protected volatile Clock clock = Clock.systemUTC();
    private final AtomicLong requests = new AtomicLong();
    /** SKU -> stock-update requests received carrying it, whatever the answer (429, fault, refusal included). */
    private final Map<String, AtomicLong> updatesReceived = new ConcurrentHashMap<>();

    private final AtomicLong throttled = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong faulted = new AtomicLong();
    private final WireMockServer server;

    protected FakeMarketplace(String credential) {
        this.credential = credential;
        this.server = new WireMockServer(WireMockConfiguration.options()
                .dynamicPort()
                .bindAddress("127.0.0.1")
                .containerThreads(24)
                .disableRequestJournal()
                .stubRequestLoggingDisabled(true)
                .notifier(new ConsoleNotifier(false))
                .extensions(new Transformer()));
        server.start();
        server.stubFor(
                WireMock.any(WireMock.anyUrl()).willReturn(WireMock.aResponse().withStatus(500)));
    }

    public abstract String name();

    /** What to put in {@code nightshift.marketplaces.<name>.base-url}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Handles one request that passed the fault queue; {@code operation} is what {@link #operation} named. */
    protected abstract ResponseDefinitionBuilder handle(String operation, Request request) throws Exception;

    /** The operation a request belongs to (for rate limits and faults), or null for an unknown route. */
    protected abstract String operation(Request request);

    /** The SKUs whose quantities a request of {@code operation} carries; empty for reads. */
    protected abstract List<String> skusUpdated(String operation, Request request) throws Exception;

    // ---- set-up and inspection, for tests, the demo and the benchmark ----

    public synchronized void list(String sku, String listingId, int quantity) {
        listings.put(sku, listingId);
        stock.put(sku, quantity);
    }

    public synchronized void addOrder(Order order) {
        orders.removeIf(o -> o.id.equals(order.id));
        orders.add(order);
    }

    /** Changes an order's status (a cancellation or refund), touching its update time. */
    public synchronized void setStatus(String orderId, String status, Instant updatedAt) {
        for (Order o : orders) {
            if (o.id.equals(orderId)) {
                o.status = status;
                o.updatedAt = updatedAt;
            }
        }
    }

    public synchronized void rateLimit(String operation, double perSecond, double burst) {
        buckets.put(operation, new TokenBucket(perSecond, burst));
    }

    /** Multiplies every operation's refill rate by {@code factor}. */
    public synchronized void scaleRates(double factor) {
        for (var e : new ArrayList<>(buckets.entrySet())) {
            rateLimit(
                    e.getKey(), e.getValue().perSecond() * factor, e.getValue().burst());
        }
    }

    public synchronized void injectFaults(String operation, FaultKind... kinds) {
        faults.computeIfAbsent(operation, k -> new ArrayDeque<>()).addAll(List.of(kinds));
    }

    /** The next {@code times} updates of {@code sku} fail with the marketplace's per-item error. */
    public synchronized void failItem(String sku, int times) {
        itemFailures.put(sku, times);
    }

    public Integer quantity(String sku) {
        return stock.get(sku);
    }

    public Map<String, Integer> stock() {
        return Map.copyOf(stock);
    }

    public List<Integer> appliedQuantities(String sku) {
        return List.copyOf(applied.getOrDefault(sku, List.of()));
    }

    public long requests() {
        return requests.get();
    }

    /** How many stock-update requests carrying {@code sku} reached the fake (the attempts a ledger must show). */
    public long updatesReceived(String sku) {
        AtomicLong n = updatesReceived.get(sku);
        return n == null ? 0 : n.get();
    }

    public long throttled() {
        return throttled.get();
    }

    /** Requests refused for breaking the contract (bad auth, bad shape, over the batch maximum). */
    public long refused() {
        return refused.get();
    }

    public long faulted() {
        return faulted.get();
    }

    /** The fake's "now" (eBay's 90-day filter limit): the demo sets the simulated calendar's clock. */
    public void clock(Clock clock) {
        this.clock = clock;
    }

    /** How long a TIMEOUT fault holds its answer back; set above the client's request timeout. */
    public void timeoutMillis(long millis) {
        this.timeoutMillis = millis;
    }

    @Override
    public void close() {
        server.stop();
    }

    // ---- OAuth (eBay, Amazon LWA): the credential is a refresh token exchanged for short-lived access tokens ----

    /** What an API makes of the access token a request carries. */
    protected enum TokenState {
        VALID,
        MISSING,
        EXPIRED,
        UNKNOWN
    }

    private final Map<String, Instant> accessTokens = new ConcurrentHashMap<>();
    private final AtomicLong accessTokensIssued = new AtomicLong();
    private final AtomicInteger expireTokensAfter = new AtomicInteger(-1);
    private volatile Duration accessTokenLifetime = Duration.ofHours(1);
    private volatile String clientId = "";
    private volatile String clientSecret = "";

    /** The OAuth client the token endpoint accepts. */
    public void oauthClient(String clientId, String clientSecret) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
    }

    public String clientId() {
        return clientId;
    }

    public String clientSecret() {
        return clientSecret;
    }

    /** How long the access tokens issued from now on live ({@code expires_in}). */
    public void accessTokenLifetime(Duration lifetime) {
        this.accessTokenLifetime = lifetime;
    }

    /** Every access token issued so far lapses now, as when a run outlives its token. */
    public void expireAccessTokens() {
        accessTokens.replaceAll((token, expiry) -> Instant.EPOCH);
    }

    /** Every access token issued so far lapses when the {@code n}-th request from now arrives (an expiry mid-push). */
    public void expireAccessTokensAfterRequests(int n) {
        expireTokensAfter.set(n);
    }

    public long accessTokensIssued() {
        return accessTokensIssued.get();
    }

    /** A new access token, as the token endpoint issues it (tests use it for hand-made requests too). */
    public String issueAccessToken() {
        String token =
                name() + "-at-" + accessTokensIssued.incrementAndGet() + "-" + Long.toHexString(System.nanoTime());
        accessTokens.put(token, Instant.now().plus(accessTokenLifetime));
        return token;
    }

    protected long accessTokenLifetimeSeconds() {
        return Math.max(1, accessTokenLifetime.toSeconds());
    }

    protected TokenState accessToken(String token) {
        if (token == null || token.isBlank()) {
            return TokenState.MISSING;
        }
        Instant expiry = accessTokens.get(token);
        if (expiry == null) {
            return TokenState.UNKNOWN;
        }
        return Instant.now().isBefore(expiry) ? TokenState.VALID : TokenState.EXPIRED;
    }

    protected static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        if (body == null || body.isEmpty()) {
            return form;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            form.put(
                    URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return form;
    }

    // ---- helpers for the marketplaces ----

    protected synchronized boolean takeItemFailure(String sku) {
        Integer left = itemFailures.get(sku);
        if (left == null || left <= 0) {
            return false;
        }
        itemFailures.put(sku, left - 1);
        return true;
    }

    protected void apply(String sku, int quantity) {
        stock.put(sku, quantity);
        applied.computeIfAbsent(sku, k -> Collections.synchronizedList(new ArrayList<>()))
                .add(quantity);
    }

    /** Orders updated in [from, to], oldest update first, ties by id (a stable order for paging). */
    protected synchronized List<Order> ordersUpdated(Instant from, Instant to) {
        List<Order> result = new ArrayList<>();
        for (Order o : orders) {
            if (!o.updatedAt.isBefore(from) && (to == null || !o.updatedAt.isAfter(to))) {
                result.add(o);
            }
        }
        result.sort(Comparator.comparing((Order o) -> o.updatedAt).thenComparing(o -> o.id));
        return result;
    }

    protected static ResponseDefinitionBuilder json(int status, Object body) {
        try {
            return WireMock.aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/json")
                    .withBody(JSON.writeValueAsString(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    protected ResponseDefinitionBuilder refuse(int status, Object body) {
        refused.incrementAndGet();
        return json(status, body);
    }

    /** The 429 this marketplace sends when an operation's bucket is empty. */
    protected abstract ResponseDefinitionBuilder throttledResponse(double retryAfterSeconds);

    /** The 5xx this marketplace sends. */
    protected ResponseDefinitionBuilder serverError() {
        return json(500, Map.of("errors", List.of(Map.of("message", "internal error (injected)"))));
    }

    private ResponseDefinition serve(ServeEvent event) {
        requests.incrementAndGet();
        if (expireTokensAfter.get() > 0 && expireTokensAfter.decrementAndGet() == 0) {
            expireAccessTokens();
        }
        var r = event.getRequest();
        URI uri = URI.create(r.getUrl());
        Map<String, String> query = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                query.put(key, value);
            }
        }
        Map<String, String> headers = new HashMap<>();
        for (var h : r.getHeaders().all()) {
            headers.put(h.key().toLowerCase(Locale.ROOT), h.firstValue());
        }
        Request request = new Request(r.getMethod().getName(), uri.getRawPath(), query, headers, r.getBodyAsString());
        String operation = operation(request);
        if (operation == null) {
            return refuse(
                            404,
                            Map.of(
                                    "errors",
                                    List.of(Map.of(
                                            "message",
                                            "no such resource: " + request.method() + " " + request.path()))))
                    .build();
        }
        try {
            for (String sku : skusUpdated(operation, request)) {
                updatesReceived.computeIfAbsent(sku, k -> new AtomicLong()).incrementAndGet();
            }
        } catch (Exception malformed) {
            // the handler refuses it below
        }
        FaultKind fault;
        TokenBucket bucket;
        synchronized (this) {
            Deque<FaultKind> queue = faults.get(operation);
            fault = queue == null ? null : queue.poll();
            bucket = buckets.get(operation);
        }
        if (fault == FaultKind.THROTTLE) {
            faulted.incrementAndGet();
            throttled.incrementAndGet();
            return throttledResponse(0.05).build();
        }
        if (fault == FaultKind.SERVER_ERROR) {
            faulted.incrementAndGet();
            return serverError().build();
        }
        if (bucket != null && !bucket.tryAcquire(1)) {
            throttled.incrementAndGet();
            return throttledResponse(bucket.secondsUntil(1)).build();
        }
        try {
            ResponseDefinitionBuilder answer = handle(operation, request);
            if (fault == FaultKind.TIMEOUT) {
                faulted.incrementAndGet();
                answer.withFixedDelay((int) timeoutMillis);
            } else if (fault == FaultKind.RESET) {
                faulted.incrementAndGet();
                answer = WireMock.aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER);
            }
            return answer.build();
        } catch (Exception e) {
            return refuse(400, Map.of("errors", List.of(Map.of("message", "bad request: " + e.getMessage()))))
                    .build();
        }
    }

    private final class Transformer implements ResponseDefinitionTransformerV2 {
        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            return serve(serveEvent);
        }

        @Override
        public String getName() {
            return "nightshift-" + name() + "-" + System.identityHashCode(FakeMarketplace.this);
        }
    }
}
