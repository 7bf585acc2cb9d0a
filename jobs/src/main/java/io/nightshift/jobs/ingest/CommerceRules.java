package io.nightshift.jobs.ingest;

import java.util.List;

/**
 * The data-quality rules of the commerce database's rows, in the order they are checked. The shop's own
 * database enforces most of them with constraints; they are checked again because a production database
 * need not, and a broken row must land in quarantine, not in a forecast.
 */
final class CommerceRules {
    private CommerceRules() {}

    static final List<Rule> PRODUCTS = List.of(
            new Rule(
                    "missing_key",
                    "product_id IS NOT NULL AND sku IS NOT NULL AND trim(sku) <> ''",
                    "product_id or sku is missing"),
            new Rule("duplicate", "_occurrence = 1", "product {product_id} appears {_occurrences} times"),
            new Rule("bad_price", "base_price > 0", "base_price must be positive, got {base_price}"),
            new Rule(
                    "bad_cost",
                    "unit_cost IS NULL OR unit_cost >= 0",
                    "unit_cost must not be negative, got {unit_cost}"),
            new Rule(
                    "bad_currency",
                    "currency RLIKE '^[A-Z]{3}$'",
                    "currency must be a 3-letter ISO code, got {currency}"));

    static final List<Rule> ORDER_LINES = List.of(
            new Rule(
                    "missing_key",
                    "order_id IS NOT NULL AND line_no IS NOT NULL AND product_id IS NOT NULL",
                    "order_id, line_no or product_id is missing"),
            new Rule("duplicate", "_occurrence = 1", "order line {order_id}/{line_no} appears {_occurrences} times"),
            new Rule("unknown_product", "_known_product", "product {product_id} is not in the catalogue"),
            new Rule(
                    "bad_quantity",
                    "quantity <> 0",
                    "quantity must not be 0 (a returned line is negative), got {quantity}"),
            new Rule("negative_price", "unit_price >= 0", "unit_price must not be negative, got {unit_price}"),
            new Rule(
                    "price_out_of_range",
                    "unit_price <= _max_price",
                    "unit_price {unit_price} is above the limit {_max_price}"),
            new Rule(
                    "unknown_status",
                    "status IN ('pending', 'paid', 'shipped', 'cancelled', 'refunded')",
                    "unknown order status {status}"));

    static final List<Rule> INVENTORY_SNAPSHOTS = List.of(
            new Rule("missing_key", "product_id IS NOT NULL AND day IS NOT NULL", "product_id or day is missing"),
            new Rule(
                    "duplicate",
                    "_occurrence = 1",
                    "snapshot of product {product_id} on {day} appears {_occurrences} times"),
            new Rule("unknown_product", "_known_product", "product {product_id} is not in the catalogue"),
            new Rule(
                    "negative_stock",
                    "on_hand >= 0 AND reserved >= 0",
                    "stock must not be negative: on_hand {on_hand}, reserved {reserved}"));

    /** Order statuses that are demand: a cancelled or refunded line did not sell. */
    static final List<String> DEMAND_STATUSES = List.of("pending", "paid", "shipped");
}
