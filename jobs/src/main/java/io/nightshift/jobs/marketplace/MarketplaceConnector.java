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
    List<PushOutcome> push(List<StockUpdate> batch) throws InterruptedException;

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
