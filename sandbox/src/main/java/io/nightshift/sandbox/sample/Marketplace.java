package io.nightshift.sandbox.sample;

/** The marketplaces the shop lists on, with the prefix each gives the shop's SKUs and order ids. */
enum Marketplace {
    REST("rest", "RS"),
    EBAY("ebay", "EB"),
    AMAZON("amazon", "AZ"),
    SHOPIFY("shopify", "SH");

    final String channel;
    final String prefix;

    Marketplace(String channel, String prefix) {
        this.channel = channel;
        this.prefix = prefix;
    }
}
