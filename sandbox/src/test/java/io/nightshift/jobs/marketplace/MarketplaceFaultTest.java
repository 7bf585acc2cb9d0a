package io.nightshift.jobs.marketplace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.common.config.MarketplaceSettings;
import io.nightshift.sandbox.marketplace.FakeMarketplace;
import io.nightshift.sandbox.marketplace.FakeMarketplace.FaultKind;
import io.nightshift.sandbox.marketplace.FakeMarketplaces;
import io.nightshift.sandbox.marketplace.RestFake;
import io.nightshift.sandbox.marketplace.ShopifyFake;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The connectors against their fakes under faults: each test checks that no update or order line is lost
 * and none is applied twice.
 */
class MarketplaceFaultTest {
    /** Relative to the real clock: eBay filters reach back 90 days at most. */
    static final Instant START = Instant.now().minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);

    static final List<String> ALL = List.of("rest", "ebay", "amazon", "shopify");

    @TempDir
    Path secrets;

    FakeMarketplaces fakes;
    DataSource db;

    @BeforeEach
    void start() throws Exception {
        // Amazon's getOrders refills a token a minute: rates x100 keep the tests short, the fakes still enforce them.
        fakes = new FakeMarketplaces(secrets, ALL).scaleRates(100);
        db = MarketplaceFakes.shop();
        fakes.listFrom(db);
        for (FakeMarketplace f : fakes.all().values()) {
            f.timeoutMillis(1300);
        }
    }

    @AfterEach
    void stop() {
        fakes.close();
    }

    static String pushOperation(String m) {
        return switch (m) {
            case "rest" -> "inventory";
            case "ebay" -> "bulk-update-price-quantity";
            case "amazon" -> "patch-listings-item";
            default -> "graphql";
        };
    }

    static String ordersOperation(String m) {
        return switch (m) {
            case "rest" -> "orders";
            case "ebay" -> "get-orders";
            case "amazon" -> "get-orders";
            default -> "graphql";
        };
    }

    /** Every SKU acknowledged exactly once, the fake showing exactly the pushed quantities. */
    static void assertNothingLostOrDoubled(
            FakeMarketplace fake, List<StockUpdate> updates, List<PushOutcome> outcomes) {
        Map<String, Integer> acks = new HashMap<>();
        for (PushOutcome o : outcomes) {
            if (o.status() == PushOutcome.Status.ACKNOWLEDGED) {
                acks.merge(o.sku(), 1, Integer::sum);
            }
        }
        for (StockUpdate u : updates) {
            assertEquals(1, acks.getOrDefault(u.sku(), 0), "acknowledgements of " + u.sku());
            assertEquals(u.quantity(), fake.quantity(u.sku()), "quantity shown for " + u.sku());
            for (int q : fake.appliedQuantities(u.sku())) {
                assertEquals(u.quantity(), q, "only the newest quantity is ever applied to " + u.sku());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"rest", "ebay", "amazon", "amazon-feed", "shopify"})
    void pushSurvivesA429Storm5xxTimeoutsAndConnectionResets(String variant) throws Exception {
        String m = variant.startsWith("amazon") ? "amazon" : variant;
        FakeMarketplace fake = fakes.get(m);
        Map<String, Object> more = variant.equals("amazon-feed")
                ? Map.of(
                        "nightshift.marketplaces.amazon.feed-threshold",
                        10,
                        "nightshift.marketplaces.amazon.feed-poll-interval",
                        "10 milliseconds")
                : Map.of();
        fake.injectFaults(
                variant.equals("amazon-feed") ? "create-feed" : pushOperation(m),
                FaultKind.THROTTLE,
                FaultKind.THROTTLE,
                FaultKind.THROTTLE,
                FaultKind.THROTTLE,
                FaultKind.THROTTLE,
                FaultKind.THROTTLE,
                FaultKind.SERVER_ERROR,
                FaultKind.SERVER_ERROR,
                FaultKind.TIMEOUT,
                FaultKind.RESET,
                FaultKind.THROTTLE,
                FaultKind.RESET);
        MarketplaceConnector connector = MarketplaceFakes.connector(MarketplaceFakes.settings(fakes, more), m);
        List<StockUpdate> updates = MarketplaceFakes.updates(m, 100);
        List<PushOutcome> outcomes = InventoryPusher.push(connector, updates, 4);
        assertNothingLostOrDoubled(fake, updates, outcomes);
        assertTrue(
                outcomes.stream().anyMatch(o -> o.status() == PushOutcome.Status.RETRYING),
                "retries are in the ledger rows");
        assertEquals(0, fake.refused(), "no request broke the contract");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rest", "ebay", "amazon", "shopify"})
    void aPartialBatchFailureLeavesOnlyTheFailedItemsPendingUntilTheNextPush(String m) throws Exception {
        FakeMarketplace fake = fakes.get(m);
        List<StockUpdate> updates = MarketplaceFakes.updates(m, 50);
        for (int i : new int[] {0, 7, 33}) {
            fake.failItem(updates.get(i).sku(), 1);
        }
        MarketplaceConnector connector = MarketplaceFakes.connector(MarketplaceFakes.settings(fakes, Map.of()), m);
        List<PushOutcome> first = InventoryPusher.push(connector, updates, 2);
        List<StockUpdate> pending = new ArrayList<>();
        for (PushOutcome o : first) {
            if (o.status() == PushOutcome.Status.REJECTED) {
                pending.add(updates.stream()
                        .filter(u -> u.sku().equals(o.sku()))
                        .findFirst()
                        .orElseThrow());
            }
        }
        assertEquals(3, pending.size(), "exactly the failed items are pending: " + first);
        List<PushOutcome> all = new ArrayList<>(first);
        all.addAll(InventoryPusher.push(connector, pending, 2));
        assertNothingLostOrDoubled(fake, updates, all);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rest", "ebay", "amazon", "shopify"})
    void ordersUnderFaultsOnOverlappingPagesAndOnTwoRunsMoveStockOnce(String m) throws Exception {
        FakeMarketplace fake = fakes.get(m);
        String prefix = switch (m) {
            case "rest" -> "RS";
            case "ebay" -> "EB";
            case "amazon" -> "AZ";
            default -> "SH";
        };
        MarketplaceFakes.orders(fake, prefix, 90, START);
        fake.injectFaults(
                ordersOperation(m),
                FaultKind.THROTTLE,
                FaultKind.SERVER_ERROR,
                FaultKind.TIMEOUT,
                FaultKind.RESET,
                FaultKind.THROTTLE);
        MarketplaceSettings settings =
                MarketplaceFakes.settings(fakes, Map.of("nightshift.marketplaces." + m + ".page-size", 20));
        MarketplaceConnector connector = MarketplaceFakes.connector(settings, m);
        Map<String, Integer> products = MarketplaceFakes.productBySku(db, m);
        // Overlapping pages: an order updated while the listing is being paged moves behind and is read twice.
        MarketplaceConnector touching = new MarketplaceConnector() {
            int pages;

            public String name() {
                return m;
            }

            public int maxBatch() {
                return 1;
            }

            public List<PushOutcome> push(List<StockUpdate> batch, PushJournal.Batch journal) {
                throw new UnsupportedOperationException();
            }

            public void fetchOrders(Instant since, Consumer<List<MarketplaceOrder>> consumer)
                    throws InterruptedException {
                connector.fetchOrders(since, page -> {
                    if (pages++ == 0) {
                        fake.setStatus(page.get(0).orderId(), "paid", Instant.now());
                    }
                    consumer.accept(page);
                });
            }
        };
        OrderIngestion.Result first = OrderIngestion.run(touching, START, products, "USD", db, true);
        assertTrue(first.ordersRead() >= 90, "every order was read: " + first.ordersRead());
        OrderIngestion.run(connector, START, products, "USD", db, true); // the next run, overlapping everything
        assertEquals(
                90,
                MarketplaceFakes.sum(
                        db, "select count(*) from marketplace_applied_lines where marketplace = '" + m + "'"));
        assertEquals(
                90,
                MarketplaceFakes.sum(
                        db,
                        "select " + MarketplaceFakes.PRODUCTS * MarketplaceFakes.ON_HAND
                                + " - sum(on_hand) from inventory"),
                "90 units left central stock, once each");
        assertEquals(90, MarketplaceFakes.sum(db, "select count(*) from order_lines where channel = '" + m + "'"));

        // Cancelled on the marketplace, seen on two runs: restored once.
        fake.setStatus("T" + prefix + "5", "cancelled", START.plusSeconds(7200));
        OrderIngestion.run(connector, START.plusSeconds(3000), products, "USD", db, true);
        OrderIngestion.run(connector, START.plusSeconds(3000), products, "USD", db, true);
        assertEquals(
                89,
                MarketplaceFakes.sum(
                        db,
                        "select " + MarketplaceFakes.PRODUCTS * MarketplaceFakes.ON_HAND
                                + " - sum(on_hand) from inventory"));
    }

    @Test
    void anExpiredPageTokenRestartsTheListingAndNothingIsAppliedTwice() throws Exception {
        RestFake fake = (RestFake) fakes.get("rest");
        MarketplaceFakes.orders(fake, "RS", 60, START);
        MarketplaceConnector connector = MarketplaceFakes.connector(
                MarketplaceFakes.settings(fakes, Map.of("nightshift.marketplaces.rest.page-size", 25)), "rest");
        fake.expireNextPageTokens(1);
        OrderIngestion.Result result =
                OrderIngestion.run(connector, START, MarketplaceFakes.productBySku(db, "rest"), "USD", db, true);
        assertEquals(85, result.ordersRead(), "the first page was read again after the token expired");
        assertEquals(60, MarketplaceFakes.sum(db, "select count(*) from marketplace_applied_lines"));
        assertEquals(
                60,
                MarketplaceFakes.sum(
                        db,
                        "select " + MarketplaceFakes.PRODUCTS * MarketplaceFakes.ON_HAND
                                + " - sum(on_hand) from inventory"));
    }

    @Test
    void shopifyCompareAndSwapReadsBackAndLeavesOutWhatShopifySoldMeanwhile() throws Exception {
        ShopifyFake fake = (ShopifyFake) fakes.get("shopify");
        MarketplaceConnector connector =
                MarketplaceFakes.connector(MarketplaceFakes.settings(fakes, Map.of()), "shopify");
        List<StockUpdate> first = MarketplaceFakes.updates("shopify", 20);
        List<PushOutcome> initial = connector.push(first);
        assertTrue(
                initial.stream()
                        .filter(o -> o.status() != PushOutcome.Status.RETRYING)
                        .allMatch(o -> o.status() == PushOutcome.Status.ACKNOWLEDGED),
                initial.toString());
        StockUpdate u = first.get(3);
        fake.sell(u.sku(), 2); // a Shopify sale the shop has not ingested yet
        StockUpdate next = new StockUpdate(u.sku(), u.productId(), u.listingId(), u.quantity() + 5, u.quantity());
        List<PushOutcome> outcomes = connector.push(List.of(next));
        assertEquals(PushOutcome.Status.RETRYING, outcomes.get(0).status(), outcomes.toString());
        assertEquals(
                PushOutcome.Status.ACKNOWLEDGED,
                outcomes.get(outcomes.size() - 1).status(),
                outcomes.toString());
        assertEquals(u.quantity() + 5 - 2, fake.quantity(u.sku()), "the 2 units Shopify sold are not offered again");
        assertEquals(u.quantity() + 3, outcomes.get(outcomes.size() - 1).quantity(), "the ledger records what was set");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rest", "ebay"})
    void theFakesRefuseWhatTheRealApisRefuse(String m) throws Exception {
        FakeMarketplace fake = fakes.get(m);
        if (m.equals("rest")) {
            // A wrong API key: refused, not retried, every item FAILED (pending).
            Map<String, Object> wrong = new HashMap<>();
            Path bad = secrets.resolve("wrong");
            Files.writeString(bad, "not-the-token");
            wrong.put("nightshift.marketplaces." + m + ".credential-file", bad.toString());
            MarketplaceConnector unauthorised = MarketplaceFakes.connector(MarketplaceFakes.settings(fakes, wrong), m);
            List<PushOutcome> refused =
                    unauthorised.push(MarketplaceFakes.updates(m, 1).subList(0, 3));
            assertTrue(
                    refused.stream().allMatch(o -> o.status() == PushOutcome.Status.FAILED && o.httpStatus() == 401),
                    refused.toString());
        } else {
            // A user token eBay never issued: 401 errorId 1001.
            var unknown = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/sell/fulfillment/v1/order?limit=10"))
                                    .header("Authorization", "Bearer not-a-token")
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertEquals(401, unknown.statusCode());
            assertTrue(unknown.body().contains("1001"), unknown.body());
        }
        // More than the batch maximum in one call.
        int max = m.equals("ebay") ? 25 : 100;
        StringBuilder body = new StringBuilder();
        for (int i = 0; i <= max; i++) {
            if (i > 0) {
                body.append(',');
            }
            body.append(
                    m.equals("ebay")
                            ? "{\"sku\":\"EB-SKU-" + (i % 40 + 1) + "-" + i
                                    + "\",\"shipToLocationAvailability\":{\"quantity\":1}}"
                            : "{\"sku\":\"RS-SKU-" + i + "\",\"quantity\":1}");
        }
        String path = m.equals("ebay") ? "/sell/inventory/v1/bulk_update_price_quantity" : "/v1/inventory/batch";
        String json = m.equals("ebay") ? "{\"requests\":[" + body + "]}" : "{\"updates\":[" + body + "]}";
        var request = HttpRequest.newBuilder(URI.create(fake.baseUrl() + path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + fake.issueAccessToken())
                .header("X-Api-Key", Files.readString(secrets.resolve(m + ".credential")))
                .header("X-Seller-Id", FakeMarketplaces.SELLER_ID)
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        var response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(fake.refused() >= 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ebay", "amazon"})
    void anAccessTokenThatExpiresMidPushIsRefreshedOnceAndNothingIsLostOrDoubled(String m) throws Exception {
        FakeMarketplace fake = fakes.get(m);
        MarketplaceConnector connector = MarketplaceFakes.connector(
                MarketplaceFakes.settings(fakes, Map.of("nightshift.marketplaces.ebay.batch-size", 5)), m);
        List<StockUpdate> updates = MarketplaceFakes.updates(m, 70);
        // The token the push starts with lapses on the 4th request: that call is refused (eBay 401, SP-API 403).
        fake.expireAccessTokensAfterRequests(4);
        PushJournal journal = PushJournal.open(db, LocalDate.now(), m, Map.of());
        List<PushOutcome> outcomes = InventoryPusher.push(connector, updates, 2, journal);
        assertNothingLostOrDoubled(fake, updates, outcomes);
        int refusal = m.equals("ebay") ? 401 : 403;
        assertTrue(
                outcomes.stream()
                        .anyMatch(o -> o.status() == PushOutcome.Status.RETRYING
                                && Integer.valueOf(refusal).equals(o.httpStatus())),
                "the refused call is an attempt of its own: " + outcomes);
        assertEquals(2, fake.accessTokensIssued(), "one token at the start, one refresh after the refusal");
        assertTrue(
                MarketplaceFakes.sum(
                                db,
                                "select count(*) from marketplace_push_journal where status = 'RETRYING' and http_status = "
                                        + refusal)
                        >= 1,
                "the refused attempt is journaled");
        assertEquals(
                0, MarketplaceFakes.sum(db, "select count(*) from marketplace_push_journal where status = 'SENT'"));
        assertEquals(
                updates.size(),
                MarketplaceFakes.sum(
                        db, "select count(*) from marketplace_push_journal where status = 'ACKNOWLEDGED'"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ebay", "amazon"})
    void aRefusedRefreshTokenFailsThePushWithOneClearLineNamingTheMarketplaceAndNoSecret(String m) throws Exception {
        FakeMarketplace fake = fakes.get(m);
        String wrongToken = "revoked-refresh-token-" + m + "-0123456789";
        Path bad = secrets.resolve("wrong-refresh-token");
        Files.writeString(bad, wrongToken);
        MarketplaceConnector connector = MarketplaceFakes.connector(
                MarketplaceFakes.settings(
                        fakes, Map.of("nightshift.marketplaces." + m + ".credential-file", bad.toString())),
                m);
        MarketplaceException e = Assertions.assertThrows(
                MarketplaceException.class, () -> InventoryPusher.push(connector, MarketplaceFakes.updates(m, 1), 2));
        String message = e.getMessage();
        assertTrue(
                message.startsWith(m + ": the token endpoint refused the refresh token (HTTP 400 invalid_grant)"),
                message);
        assertTrue(
                !message.contains("\n")
                        && !message.contains(wrongToken)
                        && !message.contains(fake.clientSecret())
                        && !message.contains(fake.clientId()),
                "one line, no secret: " + message);
        assertEquals(
                0,
                MarketplaceFakes.updates(m, 1).stream()
                        .mapToLong(u -> fake.updatesReceived(u.sku()))
                        .sum(),
                "no update is sent without an access token");
    }
}
