package io.nightshift.jobs.marketplace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Sends one marketplace's changes in batches of its API's maximum, a few calls in flight at once so the
 * operation's token bucket (not the round trip) sets the pace, and collects every attempt's outcome. With a
 * {@link PushJournal}, each attempt is journaled before it is sent and each batch's outcomes when it ends.
 */
public final class InventoryPusher {
    private InventoryPusher() {}

    public static List<PushOutcome> push(MarketplaceConnector connector, List<StockUpdate> changes, int parallelCalls)
            throws InterruptedException {
        return push(connector, changes, parallelCalls, PushJournal.NONE);
    }

    /** The same, journaling every attempt as it is made and each batch's outcomes as soon as it ends. */
    public static List<PushOutcome> push(
            MarketplaceConnector connector, List<StockUpdate> changes, int parallelCalls, PushJournal journal)
            throws InterruptedException {
        List<List<StockUpdate>> batches = new ArrayList<>();
        for (int i = 0; i < changes.size(); i += connector.maxBatch()) {
            batches.add(changes.subList(i, Math.min(changes.size(), i + connector.maxBatch())));
        }
        List<PushOutcome> outcomes = Collections.synchronizedList(new ArrayList<>());
        if (batches.isEmpty()) {
            return outcomes;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallelCalls, batches.size())), r -> {
            Thread t = new Thread(r, "push-" + connector.name());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<List<PushOutcome>>> futures = new ArrayList<>();
            for (List<StockUpdate> batch : batches) {
                futures.add(pool.submit(() -> {
                    PushJournal.Batch journaled = journal.batch();
                    List<PushOutcome> batchOutcomes = connector.push(batch, journaled);
                    journaled.settle(batchOutcomes);
                    return batchOutcomes;
                }));
            }
            for (Future<List<PushOutcome>> f : futures) {
                try {
                    outcomes.addAll(f.get());
                } catch (ExecutionException e) {
                    // A MarketplaceException already says what went wrong and where (a refused refresh token).
                    if (e.getCause() instanceof MarketplaceException clear) {
                        throw clear;
                    }
                    throw new MarketplaceException(connector.name() + ": push failed: " + e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return outcomes;
    }
}
