package io.nightshift.jobs.marketplace;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * An order as a marketplace reports it, mapped to one shape. Fields the marketplace left out are null;
 * validation decides what is malformed. {@code status} is one of pending, paid, shipped, cancelled, refunded.
 */
public record MarketplaceOrder(
        String marketplace,
        String orderId,
        String status,
        Instant orderedAt,
        Instant updatedAt,
        String currency,
        String customerEmail,
        BigDecimal totalPrice,
        List<Line> lines,
        String raw) {
    public record Line(
            String lineId, String sku, Integer productId, Integer quantity, BigDecimal unitPrice, String currency) {}

    public boolean releasesStock() {
        return "cancelled".equals(status) || "refunded".equals(status);
    }
}
