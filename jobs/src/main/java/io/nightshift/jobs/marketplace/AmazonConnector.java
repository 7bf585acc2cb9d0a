package io.nightshift.jobs.marketplace;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/** Not built yet. */
final class AmazonConnector implements MarketplaceConnector {
    private final MarketplaceSettings.Channel channel;

    AmazonConnector(MarketplaceSettings.Channel channel, HttpCalls http) {
        this.channel = channel;
    }

    @Override
    public String name() {
        return channel.name();
    }

    @Override
    public int maxBatch() {
        return 1;
    }

    @Override
    public List<PushOutcome> push(List<StockUpdate> batch) {
        throw new MarketplaceException(channel.name() + ": connector not built yet");
    }

    @Override
    public void fetchOrders(Instant since, Consumer<List<MarketplaceOrder>> pages) {
        throw new MarketplaceException(channel.name() + ": connector not built yet");
    }
}
