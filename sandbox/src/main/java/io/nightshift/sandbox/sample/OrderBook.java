package io.nightshift.sandbox.sample;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.postgresql.PGConnection;

/**
 * Turns each day's sold units into orders and order lines: every unit sold is on exactly one line
 * (quantity 1-3) at that day's price, lines are grouped into orders of 1-4 lines per channel, and a
 * share of web orders belongs to subscribers who like the category of what they buy.
 */
final class OrderBook {
    static final String ORDER_COLUMNS =
            "order_id, channel, external_id, customer_id, customer_email, ordered_at, status, currency, total_price, updated_at";
    static final String LINE_COLUMNS =
            "order_id, line_no, product_id, quantity, unit_price, channel, ordered_at, updated_at";
    static final double WEB_SHARE = 0.78;
    /** Relative weights of the marketplaces among non-web lines, in {@link Marketplace} order. */
    static final double[] MARKETPLACE_WEIGHT = {2, 6, 10, 4};

    static final double SUBSCRIBER_SHARE_OF_WEB_ORDERS = 0.25;
    static final double[] QUANTITY_WEIGHT = {0.70, 0.22, 0.08};
    static final double[] LINES_PER_ORDER_WEIGHT = {0.55, 0.25, 0.13, 0.07};

    private final ShopCalendar calendar;
    private final List<ProductProfile> products;
    private final Subscribers subscribers;
    private final String currency;
    private final long seed;
    private final int lastDayIndex;
    long orders;
    long lines;

    OrderBook(
            ShopCalendar calendar, List<ProductProfile> products, Subscribers subscribers, String currency, long seed) {
        this.calendar = calendar;
        this.products = products;
        this.subscribers = subscribers;
        this.currency = currency;
        this.seed = seed;
        this.lastDayIndex = calendar.days - 1;
    }

    /** Writes the block's orders, then (once they are committed, for the foreign key) their lines. */
    void write(DayBlock block, Connection connection) throws SQLException, IOException {
        StringBuilder orderRows = new StringBuilder(1 << 16);
        StringBuilder lineRows = new StringBuilder(1 << 17);
        for (int d = 0; d < block.dayCount; d++) {
            day(block, d, orderRows, lineRows);
        }
        var copy = connection.unwrap(PGConnection.class).getCopyAPI();
        copy.copyIn("COPY orders (" + ORDER_COLUMNS + ") FROM STDIN", new StringReader(orderRows.toString()));
        copy.copyIn("COPY order_lines (" + LINE_COLUMNS + ") FROM STDIN", new StringReader(lineRows.toString()));
    }

    private void day(DayBlock block, int d, StringBuilder orderRows, StringBuilder lineRows) {
        int t = block.firstDay + d;
        SeededRandom random = SeededRandom.of(seed, "orders", t);
        int channels = 1 + Marketplace.values().length;
        List<List<int[]>> linesByChannel = new ArrayList<>();
        for (int c = 0; c < channels; c++) {
            linesByChannel.add(new ArrayList<>());
        }
        double[] weights = new double[MARKETPLACE_WEIGHT.length];
        for (int p = 0; p < block.products; p++) {
            int slot = block.slot(d, p);
            int remaining = block.launched[slot] ? block.soldUnits[slot] : 0;
            boolean[] listed = products.get(p).marketplaces();
            boolean anyListed = false;
            for (int m = 0; m < weights.length; m++) {
                weights[m] = listed[m] ? MARKETPLACE_WEIGHT[m] : 0;
                anyListed |= listed[m];
            }
            while (remaining > 0) {
                int quantity = Math.min(remaining, 1 + random.weighted(QUANTITY_WEIGHT));
                int channel = !anyListed || random.chance(WEB_SHARE) ? 0 : 1 + random.weighted(weights);
                linesByChannel.get(channel).add(new int[] {p, quantity, block.priceCents[slot]});
                remaining -= quantity;
            }
        }
        String compact = calendar.compactDate[t];
        String status = t <= lastDayIndex - 3 ? "shipped" : "paid";
        int orderNumber = 0;
        int[] externalNumber = new int[channels];
        for (int c = 0; c < channels; c++) {
            List<int[]> channelLines = linesByChannel.get(c);
            shuffle(channelLines, random);
            String channel = c == 0 ? "web" : Marketplace.values()[c - 1].channel;
            int i = 0;
            while (i < channelLines.size()) {
                int size = Math.min(channelLines.size() - i, 1 + random.weighted(LINES_PER_ORDER_WEIGHT));
                String orderId = String.format(Locale.ROOT, "O-%s-%06d", compact, ++orderNumber);
                long orderedAt = calendar.startEpochSecond[t] + random.integer(0, calendar.secondsInDay[t] - 1);
                long updatedAt = orderedAt + random.integer(0, 600);
                Subscribers.Customer customer = null;
                if (c == 0 && !subscribers.customers.isEmpty() && random.chance(SUBSCRIBER_SHARE_OF_WEB_ORDERS)) {
                    customer = subscribers.buyerOf(
                            products.get(channelLines.get(i)[0]).category(), random);
                }
                long totalCents = 0;
                for (int k = 0; k < size; k++) {
                    int[] line = channelLines.get(i + k);
                    totalCents += (long) line[1] * line[2];
                    lineRows.append(orderId)
                            .append('\t')
                            .append(k + 1)
                            .append('\t')
                            .append(products.get(line[0]).productId())
                            .append('\t')
                            .append(line[1])
                            .append('\t');
                    Text.cents(lineRows, line[2]).append('\t').append(channel).append('\t');
                    Text.utcTimestamp(lineRows, orderedAt).append('\t');
                    Text.utcTimestamp(lineRows, updatedAt).append('\n');
                    lines++;
                }
                orderRows.append(orderId).append('\t').append(channel).append('\t');
                if (c == 0) {
                    orderRows.append("\\N");
                } else {
                    orderRows
                            .append(Marketplace.values()[c - 1].prefix)
                            .append("-ORD-")
                            .append(compact)
                            .append('-')
                            .append(++externalNumber[c]);
                }
                orderRows.append('\t');
                if (customer == null) {
                    orderRows.append("\\N\t\\N\t");
                } else {
                    orderRows
                            .append(customer.id())
                            .append('\t')
                            .append(customer.email())
                            .append('\t');
                }
                Text.utcTimestamp(orderRows, orderedAt)
                        .append('\t')
                        .append(status)
                        .append('\t')
                        .append(currency)
                        .append('\t');
                Text.cents(orderRows, totalCents).append('\t');
                Text.utcTimestamp(orderRows, updatedAt).append('\n');
                orders++;
                i += size;
            }
        }
    }

    private static void shuffle(List<int[]> list, SeededRandom random) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.integer(0, i);
            int[] tmp = list.get(i);
            list.set(i, list.get(j));
            list.set(j, tmp);
        }
    }
}
