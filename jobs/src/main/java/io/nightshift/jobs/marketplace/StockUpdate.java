package io.nightshift.jobs.marketplace;

/**
 * One quantity to set on a marketplace. {@code listingId} is the marketplace's own reference from
 * commerce {@code marketplace_listings} (eBay offer id, Shopify inventory item); {@code lastAcknowledged} is
 * the quantity the marketplace last confirmed, or null (Shopify's compare-and-swap sends it).
 */
public record StockUpdate(String sku, int productId, String listingId, int quantity, Integer lastAcknowledged) {}
