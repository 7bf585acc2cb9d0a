package io.nightshift.jobs.marketplace;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * One marketplace's API behind one interface: set stock quantities in batches of at most
 * {@link #maxBatch()}, and read the orders updated since a time, page by page.
 */
public interface MarketplaceConnector {
    String name();

    /** The most SKUs one {@link #push} may carry (the API's documented maximum). */
    int maxBatch();

    /**
     * Sets the quantities of one batch. Returns a row per attempt and item: whole-call failures that were
     * retried, then each item's final outcome (acknowledged, rejected by a per-item error, or failed).
     */
    default List<PushOutcome> push(List<StockUpdate> batch) throws InterruptedException {
        return push(batch, PushJournal.NONE.batch());
    }

    /**
     * The same, journaling every attempt of each call that carries quantities through {@code journal}
     * (before the request leaves, so a killed run still leaves it) and nothing else.
     */
    List<PushOutcome> push(List<StockUpdate> batch, PushJournal.Batch journal) throws InterruptedException;

    /**
     * Reads every order updated at or after {@code since}, following every page, handing each page to
     * {@code pages} as it arrives. Throws {@link MarketplaceException} when a page cannot be read after retries.
     */
    void fetchOrders(Instant since, Consumer<List<MarketplaceOrder>> pages) throws InterruptedException;

    /** Counters since start: HTTP attempts sent and retried. */
    default long[] counters() {
        return new long[] {0, 0};
    }
}
