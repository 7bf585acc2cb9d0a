package io.nightshift.jobs.marketplace;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules an ingested order must pass, in the order they are checked. A failing order is quarantined as
 * a whole with the rule and a reason naming the value, so the commerce database never holds half an order;
 * the run goes on with the others.
 */
public final class OrderValidation {
    public static final Set<String> STATUSES = Set.of("pending", "paid", "shipped", "cancelled", "refunded");

    /** An order that passed, with each line's product id resolved from the marketplace's listings. */
    public record Accepted(MarketplaceOrder order, List<Integer> productIds) {}

    public record Rejected(MarketplaceOrder order, String rule, String reason) {}

    public record Result(List<Accepted> accepted, List<Rejected> rejected) {}

    private OrderValidation() {}

    /**
     * @param productBySku the marketplace's listings: its SKU to the shop's product id
     */
    public static Result validate(
            List<MarketplaceOrder> orders, Map<String, Integer> productBySku, String shopCurrency) {
        List<Accepted> accepted = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        for (MarketplaceOrder o : orders) {
            String malformed = malformed(o);
            if (malformed != null) {
                rejected.add(new Rejected(o, "malformed_order", malformed));
                continue;
            }
            String currency = currencyMismatch(o, shopCurrency);
            if (currency != null) {
                rejected.add(new Rejected(o, "currency_mismatch", currency));
                continue;
            }
            List<Integer> products = new ArrayList<>();
            String unknown = null;
            for (MarketplaceOrder.Line l : o.lines()) {
                Integer product = productBySku.get(l.sku());
                if (product == null) {
                    unknown = "line " + l.lineId() + ": sku " + l.sku() + " is not listed on " + o.marketplace();
                    break;
                }
                products.add(product);
            }
            if (unknown != null) {
                rejected.add(new Rejected(o, "unknown_sku", unknown));
                continue;
            }
            accepted.add(new Accepted(o, List.copyOf(products)));
        }
        return new Result(accepted, rejected);
    }

    static String malformed(MarketplaceOrder o) {
        if (o.orderId() == null || o.orderId().isBlank()) {
            return "no order id";
        }
        if (o.orderId().length() > 128) {
            return "order id longer than 128 characters";
        }
        if (o.status() == null || !STATUSES.contains(o.status())) {
            return "unknown status " + o.status();
        }
        if (o.orderedAt() == null) {
            return "no or unreadable order date";
        }
        if (o.updatedAt() == null) {
            return "no or unreadable update time";
        }
        if (o.lines() == null || o.lines().isEmpty()) {
            return "no lines";
        }
        Set<String> lineIds = new HashSet<>();
        for (MarketplaceOrder.Line l : o.lines()) {
            if (l.lineId() == null || l.lineId().isBlank()) {
                return "a line without a line id";
            }
            if (l.lineId().length() > 128) {
                return "line id longer than 128 characters";
            }
            if (!lineIds.add(l.lineId())) {
                return "line id " + l.lineId() + " twice";
            }
            if (l.sku() == null || l.sku().isBlank()) {
                return "line " + l.lineId() + " has no sku";
            }
            if (l.quantity() == null || l.quantity() <= 0) {
                return "line " + l.lineId() + " has quantity " + l.quantity();
            }
            // Amazon leaves prices out while an order is pending; any other missing price is malformed.
            if (l.unitPrice() == null && !"pending".equals(o.status())) {
                return "line " + l.lineId() + " has no unit price";
            }
            if (l.unitPrice() != null && l.unitPrice().compareTo(BigDecimal.ZERO) < 0) {
                return "line " + l.lineId() + " has a negative unit price " + l.unitPrice();
            }
        }
        return null;
    }

    static String currencyMismatch(MarketplaceOrder o, String shopCurrency) {
        if (o.currency() != null && !o.currency().equals(shopCurrency)) {
            return "order currency " + o.currency() + " is not the shop's " + shopCurrency;
        }
        for (MarketplaceOrder.Line l : o.lines()) {
            if (l.currency() != null && !l.currency().equals(shopCurrency)) {
                return "line " + l.lineId() + " currency " + l.currency() + " is not the shop's " + shopCurrency;
            }
        }
        if (o.currency() == null
                && o.lines().stream().allMatch(l -> l.currency() == null)
                && !"pending".equals(o.status())) {
            return "no currency";
        }
        return null;
    }
}
