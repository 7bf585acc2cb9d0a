package io.nightshift.sandbox.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.nightshift.common.config.MarketplaceSettings;
import io.nightshift.jobs.marketplace.Connectors;
import io.nightshift.jobs.marketplace.InventoryPusher;
import io.nightshift.jobs.marketplace.MarketplaceConnector;
import io.nightshift.jobs.marketplace.PushOutcome;
import io.nightshift.jobs.marketplace.StockUpdate;
import io.nightshift.sandbox.marketplace.FakeMarketplace;
import io.nightshift.sandbox.marketplace.FakeMarketplaces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * SKU changes per marketplace through each API's bulk path against the fakes enforcing the documented
 * limits (refill rates x FACTOR), all four at once, against the minimum time those limits allow:
 * calls beyond the burst / rate. Prints one Markdown row per marketplace and the totals sent, retried,
 * lost and doubled.
 */
public final class MarketplaceBenchmark {
    private MarketplaceBenchmark() {}

    public static void main(String[] args) throws Exception {
        int skus = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        double factor = args.length > 1 ? Double.parseDouble(args[1]) : 4;
        Path secrets = Files.createTempDirectory("nightshift-bench-secrets");
        List<String> names = List.of("rest", "ebay", "amazon", "shopify");
        try (FakeMarketplaces fakes = new FakeMarketplaces(secrets, names).scaleRates(factor)) {
            Map<String, List<StockUpdate>> updates = new LinkedHashMap<>();
            for (String m : names) {
                String prefix = switch (m) {
                    case "rest" -> "RS";
                    case "ebay" -> "EB";
                    case "amazon" -> "AZ";
                    default -> "SH";
                };
                List<StockUpdate> list = new ArrayList<>();
                for (int p = 1; p <= skus; p++) {
                    String sku = prefix + "-SKU-" + p;
                    String listing = String.format(Locale.ROOT, "%s-L%08d", prefix, p);
                    fakes.get(m).list(sku, listing, 0);
                    list.add(new StockUpdate(sku, p, listing, 1 + p % 50, 0));
                }
                updates.put(m, list);
            }
            Map<String, Object> keys = new HashMap<>(fakes.configOverrides());
            keys.put("nightshift.marketplaces.amazon.feed-poll-interval", "100 milliseconds");
            Config config = ConfigFactory.parseMap(keys)
                    .withFallback(ConfigFactory.defaultReference())
                    .resolve();
            MarketplaceSettings settings = MarketplaceSettings.from(config, "USD", Map.of());
            ExecutorService pool = Executors.newFixedThreadPool(names.size());
            Map<String, Future<double[]>> runs = new LinkedHashMap<>();
            for (MarketplaceConnector c : Connectors.of(settings)) {
                runs.put(c.name(), pool.submit(() -> {
                    long start = System.nanoTime();
                    List<PushOutcome> outcomes = InventoryPusher.push(c, updates.get(c.name()), 4);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    long acked = outcomes.stream()
                            .filter(o -> o.status() == PushOutcome.Status.ACKNOWLEDGED)
                            .count();
                    long retried = outcomes.stream()
                            .filter(o -> o.status() == PushOutcome.Status.RETRYING)
                            .count();
                    return new double[] {seconds, acked, retried};
                }));
            }
            System.out.printf(
                    Locale.ROOT,
                    "| marketplace | SKUs | calls | limit (x%.0f) | minimum s | push s | push / minimum | acknowledged | retried | lost | doubled |%n",
                    factor);
            System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
            long sent = 0, retriedTotal = 0, lost = 0, doubled = 0;
            for (var e : runs.entrySet()) {
                String m = e.getKey();
                double[] r = e.getValue().get();
                FakeMarketplace fake = fakes.get(m);
                long lostHere = 0, doubledHere = 0;
                for (StockUpdate u : updates.get(m)) {
                    if (!Integer.valueOf(u.quantity()).equals(fake.quantity(u.sku()))) {
                        lostHere++;
                    }
                    if (fake.appliedQuantities(u.sku()).size() > 1) {
                        doubledHere++;
                    }
                }
                MarketplaceSettings.Channel ch = settings.channels().stream()
                        .filter(c -> c.name().equals(m))
                        .findFirst()
                        .orElseThrow();
                String[] limit = minimum(m, skus, ch);
                System.out.printf(
                        Locale.ROOT,
                        "| %s | %,d | %s | %s | %s | %.1f | %s | %,d | %,d | %d | %d |%n",
                        m,
                        skus,
                        limit[0],
                        limit[1],
                        limit[2],
                        r[0],
                        limit[2].equals("-") || Double.parseDouble(limit[2]) == 0
                                ? "- (limit not binding)"
                                : String.format(Locale.ROOT, "%.2fx", r[0] / Double.parseDouble(limit[2])),
                        (long) r[1],
                        (long) r[2],
                        lostHere,
                        doubledHere);
                sent += (long) r[1];
                retriedTotal += (long) r[2];
                lost += lostHere;
                doubled += doubledHere;
            }
            System.out.printf(
                    Locale.ROOT,
                    "updates acknowledged %,d, retried %,d, lost %d, doubled %d%n",
                    sent,
                    retriedTotal,
                    lost,
                    doubled);
            pool.shutdownNow();
        }
    }

    /** calls, the binding limit, and the minimum seconds it allows: (calls - burst) / rate, at least 0. */
    static String[] minimum(String m, int skus, MarketplaceSettings.Channel ch) {
        return switch (m) {
            case "rest" -> bound(skus, 100, ch.rate("inventory"));
            case "ebay" -> bound(skus, 25, ch.rate("bulk-update-price-quantity"));
            case "shopify" -> {
                int calls = (skus + 249) / 250;
                double points = calls * 10.0; // the fake's stated mutation cost
                MarketplaceSettings.Rate r = ch.rate("graphql");
                yield new String[] {
                    String.valueOf(calls),
                    String.format(Locale.ROOT, "%.0f pts/s, bucket %.0f, 10 pts/call", r.perSecond(), r.burst()),
                    String.format(Locale.ROOT, "%.2f", Math.max(0, (points - r.burst()) / r.perSecond()))
                };
            }
            default -> new String[] {"1 feed (6 calls)", "createFeed 1 of burst 15", "-"};
        };
    }

    static String[] bound(int skus, int perCall, MarketplaceSettings.Rate rate) {
        int calls = (skus + perCall - 1) / perCall;
        double min = Math.max(0, (calls - rate.burst()) / rate.perSecond());
        return new String[] {
            String.valueOf(calls),
            String.format(Locale.ROOT, "%.4g/s burst %.0f", rate.perSecond(), rate.burst()),
            String.format(Locale.ROOT, "%.2f", min)
        };
    }
}
