package io.nightshift.jobs.marketplace;

import io.nightshift.common.db.OrderRepository;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * One marketplace's order pull: every page since {@code since}, each validated and (unless a dry run)
 * applied to the commerce database in its own transaction as it arrives, so a crash loses at most the page
 * in flight, which the rerun reads again.
 */
public final class OrderIngestion {
    private OrderIngestion() {}

    /** What the pull saw and did. {@code newest}: the newest update time among the orders read (null if none). */
    public record Result(
            List<OrderValidation.Accepted> accepted,
            List<OrderValidation.Rejected> rejected,
            OrderApplier.Applied applied,
            long ordersRead,
            Instant newest) {}

    public static Result run(
            MarketplaceConnector connector,
            Instant since,
            Map<String, Integer> productBySku,
            String shopCurrency,
            DataSource db,
            boolean apply)
            throws InterruptedException {
        List<OrderValidation.Accepted> accepted = new ArrayList<>();
        List<OrderValidation.Rejected> rejected = new ArrayList<>();
        OrderApplier.Applied[] applied = {new OrderApplier.Applied(0, 0, 0, 0)};
        long[] read = {0};
        Instant[] newest = {null};
        OrderRepository orders = new OrderRepository(db);
        connector.fetchOrders(since, page -> {
            OrderValidation.Result result = OrderValidation.validate(page, productBySku, shopCurrency);
            if (apply && !result.accepted().isEmpty()) {
                try {
                    applied[0] =
                            applied[0].plus(orders.inOneTransaction(tx -> OrderApplier.apply(tx, result.accepted())));
                } catch (SQLException e) {
                    throw new IllegalStateException(
                            connector.name() + ": cannot apply a page of orders: " + e.getMessage(), e);
                }
            }
            read[0] += page.size();
            accepted.addAll(result.accepted());
            rejected.addAll(result.rejected());
            for (MarketplaceOrder o : page) {
                if (o.updatedAt() != null && (newest[0] == null || o.updatedAt().isAfter(newest[0]))) {
                    newest[0] = o.updatedAt();
                }
            }
        });
        return new Result(accepted, rejected, applied[0], read[0], newest[0]);
    }
}
