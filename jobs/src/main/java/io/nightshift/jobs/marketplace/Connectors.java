package io.nightshift.jobs.marketplace;

import io.nightshift.common.config.MarketplaceSettings;
import java.util.ArrayList;
import java.util.List;

/** Builds the connector of every connected marketplace. */
public final class Connectors {
    private Connectors() {}

    public static List<MarketplaceConnector> of(MarketplaceSettings settings) {
        HttpCalls http = new HttpCalls(settings.http());
        List<MarketplaceConnector> connectors = new ArrayList<>();
        for (MarketplaceSettings.Channel channel : settings.channels()) {
            connectors.add(of(channel, http));
        }
        return connectors;
    }

    public static MarketplaceConnector of(MarketplaceSettings.Channel channel, HttpCalls http) {
        return switch (channel.name()) {
            case "rest" -> new RestConnector(channel, http);
            case "ebay" -> new EbayConnector(channel, http);
            case "amazon" -> new AmazonConnector(channel, http);
            case "shopify" -> new ShopifyConnector(channel, http);
            default -> throw new IllegalArgumentException("no connector for " + channel.name());
        };
    }
}
