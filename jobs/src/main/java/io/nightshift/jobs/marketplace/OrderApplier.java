package io.nightshift.jobs.marketplace;

import io.nightshift.common.db.OrderRepository;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Writes accepted marketplace orders into the commerce database ({@link OrderRepository}) and moves stock
 * exactly once per line. One transaction per page: the order, its lines, the applied-line key and the inventory change
 * commit
 * together or not at all. The key {@code marketplace_applied_lines (marketplace, external_order_id, line_id)}
 * makes a second application of a line (a repeated page, the overlap window, a later run, a rerun after a
 * crash) change nothing; a cancellation or refund restores what the line took, once.
 */
public final class OrderApplier {
    public static final Map<String, String> PREFIX =
            Map.of("rest", "RS", "ebay", "EB", "amazon", "AZ", "shopify", "SH");

    /** What one page did to the database. */
    public record Applied(int linesDecremented, int linesRestored, int unitsTaken, int unitsReturned) {
        Applied plus(Applied o) {
            return new Applied(
                    linesDecremented + o.linesDecremented,
                    linesRestored + o.linesRestored,
                    unitsTaken + o.unitsTaken,
                    unitsReturned + o.unitsReturned);
        }
    }

    private OrderApplier() {}

    /** The commerce order id of a marketplace order: the marketplace's prefix and its id (hashed when too long). */
    public static String commerceOrderId(String marketplace, String externalId) {
        String id = "M" + PREFIX.get(marketplace) + "-" + externalId;
        if (id.length() <= 64) {
            return id;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(externalId.getBytes(StandardCharsets.UTF_8));
            return "M" + PREFIX.get(marketplace) + "-H" + HexFormat.of().formatHex(digest, 0, 24);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Applies a page of orders within {@code page}, the page's transaction. */
    public static Applied apply(OrderRepository.Application page, List<OrderValidation.Accepted> orders)
            throws SQLException {
        Applied total = new Applied(0, 0, 0, 0);
        for (OrderValidation.Accepted a : orders) {
            total = total.plus(applyOrder(page, a));
        }
        return total;
    }

    private static Applied applyOrder(OrderRepository.Application page, OrderValidation.Accepted a)
            throws SQLException {
        MarketplaceOrder o = a.order();
        String orderId = commerceOrderId(o.marketplace(), o.orderId());
        BigDecimal total = o.totalPrice();
        if (total == null) {
            total = BigDecimal.ZERO;
            for (MarketplaceOrder.Line l : o.lines()) {
                if (l.unitPrice() != null) {
                    total = total.add(l.unitPrice().multiply(BigDecimal.valueOf(l.quantity())));
                }
            }
        }
        page.upsertOrder(new OrderRepository.Order(
                orderId,
                o.marketplace(),
                o.orderId(),
                o.customerEmail(),
                o.orderedAt(),
                o.status(),
                o.currency() == null ? "USD" : o.currency().toUpperCase(Locale.ROOT),
                total.max(BigDecimal.ZERO),
                o.updatedAt()));
        Applied applied = new Applied(0, 0, 0, 0);
        for (int i = 0; i < o.lines().size(); i++) {
            MarketplaceOrder.Line l = o.lines().get(i);
            int product = a.productIds().get(i);
            String reference = o.marketplace() + ":" + o.orderId() + ":" + l.lineId();
            if (o.releasesStock()) {
                applied = applied.plus(release(page, o, l, orderId, product, reference));
            } else {
                applied = applied.plus(take(page, o, l, orderId, product, reference));
            }
        }
        return applied;
    }

    /** A live line: the first time it is seen, its order line is written and its units leave on_hand. */
    private static Applied take(
            OrderRepository.Application page,
            MarketplaceOrder o,
            MarketplaceOrder.Line l,
            String orderId,
            int product,
            String reference)
            throws SQLException {
        OrderRepository.MarketplaceLine key = key(o, l);
        if (!insertApplied(page, key, o, l, orderId, product, false)) {
            return new Applied(0, 0, 0, 0);
        }
        int taken = page.takeStock(key, product, l.quantity());
        page.recordMovement(product, -taken, "marketplace_order", reference);
        return new Applied(1, 0, taken, 0);
    }

    /** A cancelled or refunded line gives back what it took, once; first seen already released, it takes nothing. */
    private static Applied release(
            OrderRepository.Application page,
            MarketplaceOrder o,
            MarketplaceOrder.Line l,
            String orderId,
            int product,
            String reference)
            throws SQLException {
        OrderRepository.MarketplaceLine key = key(o, l);
        if (insertApplied(page, key, o, l, orderId, product, true)) {
            return new Applied(0, 0, 0, 0);
        }
        Optional<OrderRepository.Taken> restored = page.markRestored(key);
        if (restored.isEmpty()) {
            return new Applied(0, 0, 0, 0);
        }
        int returned = restored.get().units();
        page.giveBackStock(restored.get().productId(), returned);
        page.recordMovement(restored.get().productId(), returned, "marketplace_release", reference);
        return new Applied(0, 1, 0, returned);
    }

    /** Inserts the applied-line key and, when new, the order line; false when the line was applied before. */
    private static boolean insertApplied(
            OrderRepository.Application page,
            OrderRepository.MarketplaceLine key,
            MarketplaceOrder o,
            MarketplaceOrder.Line l,
            String orderId,
            int product,
            boolean released)
            throws SQLException {
        if (page.isApplied(key)) {
            return false;
        }
        OrderRepository.Line line = new OrderRepository.Line(
                orderId,
                page.nextLineNo(orderId),
                product,
                l.quantity(),
                l.unitPrice() == null ? BigDecimal.ZERO : l.unitPrice(),
                o.marketplace(),
                o.orderedAt(),
                o.updatedAt() == null ? Instant.now() : o.updatedAt());
        if (!page.insertApplied(key, line, released)) {
            return false;
        }
        page.insertLine(line);
        return true;
    }

    private static OrderRepository.MarketplaceLine key(MarketplaceOrder o, MarketplaceOrder.Line l) {
        return new OrderRepository.MarketplaceLine(o.marketplace(), o.orderId(), l.lineId());
    }
}
