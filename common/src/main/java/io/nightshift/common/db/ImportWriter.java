package io.nightshift.common.db;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.ZoneId;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Writes an import into the commerce database in one transaction: the rows go to temporary tables (by COPY; the
 * price list, small, by a prepared batch), then products, orders, order lines, the price list and the stock history
 * are upserted from them (keyed on sku, order id, order id + line number, product + valid_from, and product + day),
 * changing only rows whose content differs. Importing the same rows again changes nothing; an import killed before
 * its commit leaves the database as it was, so a rerun converges.
 */
public final class ImportWriter {
    /** A product of the products feed: the contract's typed columns. */
    public record ProductRow(
            String sku,
            BigDecimal price,
            String name,
            String category,
            String brand,
            String productType,
            String tags,
            BigDecimal unitCost,
            String currency,
            boolean active) {}

    /** An order line of the order lines feed: the contract's typed columns. */
    public record LineRow(
            String orderId,
            int lineNo,
            Timestamp orderedAt,
            String sku,
            int quantity,
            BigDecimal unitPrice,
            String currency,
            String customerKey,
            String channel,
            BigDecimal discount,
            String status,
            String productName) {}

    /**
     * A row of the price list feed: from {@code validFrom} (a day in the shop's zone) the product's list price is
     * {@code price}, in {@code currency}, which validation checked is the product's.
     */
    public record PriceRow(String sku, Date validFrom, BigDecimal price, String currency) {}

    /**
     * A row of the stock feed: the product's stock at the end of {@code day} (in the shop's zone), the units of it
     * reserved, and whether demand went unserved that day because it ran out (inventory_snapshots' columns).
     */
    public record StockRow(String sku, Date day, int onHand, int reserved, boolean stockout) {}

    /** What one import changed. */
    public record Counts(
            long productsInserted,
            long productsUpdated,
            long productsFromLines,
            long ordersInserted,
            long ordersUpdated,
            long linesInserted,
            long linesUpdated,
            long orderTotalsChanged,
            long pricesInserted,
            long pricesUpdated,
            long stockInserted,
            long stockUpdated) {
        public boolean changedNothing() {
            return productsInserted
                            + productsUpdated
                            + productsFromLines
                            + ordersInserted
                            + ordersUpdated
                            + linesInserted
                            + linesUpdated
                            + orderTotalsChanged
                            + pricesInserted
                            + pricesUpdated
                            + stockInserted
                            + stockUpdated
                    == 0;
        }
    }

    /** Price list rows sent to the temporary table per batch. */
    private static final int PRICE_BATCH = 1_000;

    private final DataSource dataSource;
    private final ZoneId shopZone;

    public ImportWriter(DataSource dataSource, ZoneId shopZone) {
        this.dataSource = dataSource;
        this.shopZone = shopZone;
    }

    /** Every product's sku and currency (the currency a price list row must be in). */
    public Map<String, String> productCurrencies() {
        Map<String, String> currencies = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT sku, currency FROM products");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                currencies.put(rs.getString(1), rs.getString(2).strip());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the products' currencies: " + e.getMessage(), e);
        }
        return currencies;
    }

    /** {@link #write(Iterator, Iterator, Iterator, Iterator)} without a price list or stock. */
    public Counts write(Iterator<ProductRow> products, Iterator<LineRow> lines) {
        return write(products, lines, Collections.emptyIterator(), Collections.emptyIterator());
    }

    /**
     * Upserts the products, then creates the products the lines sell that no product row names (name from the
     * latest line naming it, base price from the latest line with a positive price, launched on its first sale
     * day), then upserts orders and lines and recomputes the touched orders' totals, then upserts the price list
     * (on product and valid_from, updating a price only when it differs) and the stock history (on product and
     * day, updating a day only when its counts or flag differ).
     */
    public Counts write(
            Iterator<ProductRow> products,
            Iterator<LineRow> lines,
            Iterator<PriceRow> prices,
            Iterator<StockRow> stock) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Counts counts = write(c, products, lines, prices, stock);
                c.commit();
                return counts;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "import into the commerce database failed, nothing was written: " + e.getMessage(), e);
        }
    }

    private Counts write(
            Connection c,
            Iterator<ProductRow> products,
            Iterator<LineRow> lines,
            Iterator<PriceRow> prices,
            Iterator<StockRow> stock)
            throws SQLException {
        try (Statement s = c.createStatement()) {
            // One import at a time; ingest and the storefront only read products and orders.
            s.execute("LOCK TABLE products IN SHARE ROW EXCLUSIVE MODE");
            s.execute(
                    "CREATE TEMP TABLE import_products (sku text, price numeric(12,2), name text, category text, brand text,"
                            + " product_type text, tags text, unit_cost numeric(12,2), currency text, active boolean) ON COMMIT DROP");
            s.execute(
                    "CREATE TEMP TABLE import_lines (order_id text, line_no integer, ordered_at timestamptz, sku text,"
                            + " quantity integer, unit_price numeric(12,2), currency text, customer_key text, channel text,"
                            + " discount numeric(12,2), status text, product_name text) ON COMMIT DROP");
        }
        CopyText copy = new CopyText();
        copyIn(
                c,
                "COPY import_products FROM STDIN",
                products,
                p -> copy.row(
                        p.sku(),
                        p.price(),
                        p.name(),
                        p.category(),
                        p.brand(),
                        p.productType(),
                        p.tags(),
                        p.unitCost(),
                        p.currency(),
                        p.active()));
        copyIn(
                c,
                "COPY import_lines FROM STDIN",
                lines,
                l -> copy.row(
                        l.orderId(),
                        l.lineNo(),
                        l.orderedAt() == null ? null : l.orderedAt().toInstant().toString(),
                        l.sku(),
                        l.quantity(),
                        l.unitPrice(),
                        l.currency(),
                        l.customerKey(),
                        l.channel(),
                        l.discount(),
                        l.status(),
                        l.productName()));
        try (Statement s = c.createStatement()) {
            s.execute("ANALYZE import_products");
            s.execute("ANALYZE import_lines");
        }

        long[] productChanges = changes(c, """
                WITH changed AS (
                  UPDATE products p SET name = i.name, category = i.category, brand = i.brand, base_price = i.price,
                         unit_cost = i.unit_cost, currency = i.currency, active = i.active, product_type =
                             i.product_type,
                         tags = i.tags, updated_at = now()
                  FROM import_products i
                  WHERE p.sku = i.sku AND (p.name, p.category, p.brand, p.base_price, p.unit_cost, p.currency, p.active,
                         p.product_type, p.tags) IS DISTINCT FROM (i.name, i.category, i.brand, i.price, i.unit_cost,
                         i.currency::char(3), i.active, i.product_type, i.tags)
                  RETURNING false AS inserted
                ), added AS (
                  INSERT INTO products (product_id, sku, name, category, brand, base_price, unit_cost, currency, active,
                                        product_type, tags)
                  SELECT (SELECT coalesce(max(product_id), 0) FROM products) + row_number() OVER (ORDER BY i.sku),
                         i.sku, i.name, i.category, i.brand, i.price, i.unit_cost, i.currency, i.active,
                             i.product_type, i.tags
                  FROM import_products i
                  WHERE NOT EXISTS (SELECT 1 FROM products p WHERE p.sku = i.sku)
                  RETURNING true AS inserted
                )
                SELECT (SELECT count(*) FROM added), (SELECT count(*) FROM changed)""");
        long fromLines = update(c, """
                INSERT INTO products (product_id, sku, name, base_price, currency, active)
                SELECT (SELECT coalesce(max(product_id), 0) FROM products) + row_number() OVER (ORDER BY s.sku),
                       s.sku, s.name, s.price, s.currency, true
                FROM (SELECT l.sku,
                             (array_agg(l.product_name ORDER BY l.ordered_at DESC, l.order_id DESC, l.line_no DESC)
                                 FILTER (WHERE l.product_name IS NOT NULL))[1] AS name,
                             (array_agg(l.unit_price ORDER BY l.ordered_at DESC, l.order_id DESC, l.line_no DESC)
                                 FILTER (WHERE l.unit_price > 0))[1] AS price,
                             (array_agg(l.currency ORDER BY l.ordered_at DESC, l.order_id DESC, l.line_no DESC))[1]
                                 AS currency
                      FROM import_lines l
                      WHERE NOT EXISTS (SELECT 1 FROM products p WHERE p.sku = l.sku)
                      GROUP BY l.sku) s
                WHERE s.price IS NOT NULL""");
        try (PreparedStatement launch = c.prepareStatement("""
                UPDATE products p SET launched_on = f.first_day, updated_at = now()
                FROM (SELECT sku, min((ordered_at AT TIME ZONE ?)::date) AS first_day FROM import_lines GROUP BY sku) f
                WHERE p.sku = f.sku AND (p.launched_on IS NULL OR p.launched_on > f.first_day)""")) {
            launch.setString(1, shopZone.getId());
            launch.executeUpdate();
        }
        long unknown = single(
                c,
                "SELECT count(*) FROM import_lines l WHERE NOT EXISTS (SELECT 1 FROM products p WHERE p.sku = l.sku)");
        if (unknown > 0) {
            throw new IllegalStateException(
                    unknown + " order lines name a sku with no product (a bug: validation lets only"
                            + " known or priced skus through)");
        }
        long[] orderChanges = changes(c, """
                WITH upserted AS (
                  INSERT INTO orders (order_id, channel, customer_key, ordered_at, status, currency, total_price)
                  SELECT DISTINCT ON (order_id) order_id, channel, customer_key, ordered_at, status, currency, 0
                  FROM import_lines ORDER BY order_id, line_no
                  ON CONFLICT (order_id) DO UPDATE SET channel = excluded.channel, customer_key = excluded.customer_key,
                         ordered_at = excluded.ordered_at, status = excluded.status, currency = excluded.currency,
                         updated_at = now()
                  WHERE (orders.channel, orders.customer_key, orders.ordered_at, orders.status, orders.currency)
                        IS DISTINCT FROM (excluded.channel, excluded.customer_key, excluded.ordered_at, excluded.status,
                                          excluded.currency)
                  RETURNING (xmax = 0) AS inserted
                )
                SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM upserted""");
        long[] lineChanges = changes(c, """
                WITH upserted AS (
                  INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price, channel, ordered_at,
                      discount)
                  SELECT l.order_id, l.line_no, p.product_id, l.quantity, l.unit_price, l.channel, l.ordered_at,
                      l.discount
                  FROM import_lines l JOIN products p ON p.sku = l.sku
                  ON CONFLICT (order_id, line_no) DO UPDATE SET product_id = excluded.product_id,
                         quantity = excluded.quantity, unit_price = excluded.unit_price, channel = excluded.channel,
                         ordered_at = excluded.ordered_at, discount = excluded.discount, updated_at = now()
                  WHERE (order_lines.product_id, order_lines.quantity, order_lines.unit_price, order_lines.channel,
                         order_lines.ordered_at, order_lines.discount)
                        IS DISTINCT FROM (excluded.product_id, excluded.quantity, excluded.unit_price, excluded.channel,
                                          excluded.ordered_at, excluded.discount)
                  RETURNING (xmax = 0) AS inserted
                )
                SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM upserted""");
        long totals = update(c, """
                UPDATE orders o SET total_price = t.total, updated_at = now()
                FROM (SELECT l.order_id, sum(l.quantity * l.unit_price - l.discount) AS total
                      FROM order_lines l WHERE l.order_id IN (SELECT order_id FROM import_lines)
                      GROUP BY l.order_id) t
                WHERE o.order_id = t.order_id AND o.total_price IS DISTINCT FROM t.total""");
        long[] priceChanges = prices.hasNext() ? writePrices(c, prices) : new long[] {0, 0};
        long[] stockChanges = stock.hasNext() ? writeStock(c, stock) : new long[] {0, 0};
        return new Counts(
                productChanges[0],
                productChanges[1],
                fromLines,
                orderChanges[0],
                orderChanges[1],
                lineChanges[0],
                lineChanges[1],
                totals,
                priceChanges[0],
                priceChanges[1],
                stockChanges[0],
                stockChanges[1]);
    }

    /**
     * The price list: its rows into a temporary table by a prepared batch, then upserted into price_list on
     * (product_id, valid_from), a price updated only when it differs. Runs after the products are written, so a
     * product the same import creates has its product_id.
     */
    private static long[] writePrices(Connection c, Iterator<PriceRow> prices) throws SQLException {
        try (PreparedStatement create = c.prepareStatement(
                "CREATE TEMP TABLE import_price_list (sku text, valid_from date, price numeric(12,2), currency text)"
                        + " ON COMMIT DROP")) {
            create.execute();
        }
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO import_price_list (sku, valid_from, price, currency) VALUES (?, ?, ?, ?)")) {
            int batched = 0;
            while (prices.hasNext()) {
                PriceRow p = prices.next();
                insert.setString(1, p.sku());
                insert.setDate(2, p.validFrom());
                insert.setBigDecimal(3, p.price());
                insert.setString(4, p.currency());
                insert.addBatch();
                if (++batched % PRICE_BATCH == 0) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        }
        try (PreparedStatement check = c.prepareStatement("""
                SELECT count(*) FILTER (WHERE p.product_id IS NULL),
                       count(*) FILTER (WHERE p.product_id IS NOT NULL AND p.currency <> i.currency::char(3))
                FROM import_price_list i LEFT JOIN products p ON p.sku = i.sku""");
                ResultSet rs = check.executeQuery()) {
            rs.next();
            if (rs.getLong(1) + rs.getLong(2) > 0) {
                throw new IllegalStateException(rs.getLong(1) + " price list rows name a sku with no product and "
                        + rs.getLong(2) + " a currency not the product's (a bug: validation lets only known"
                        + " products in their currency through)");
            }
        }
        try (PreparedStatement upsert = c.prepareStatement("""
                WITH upserted AS (
                  INSERT INTO price_list (product_id, valid_from, price)
                  SELECT p.product_id, i.valid_from, i.price
                  FROM import_price_list i JOIN products p ON p.sku = i.sku
                  ON CONFLICT (product_id, valid_from) DO UPDATE SET price = excluded.price, updated_at = now()
                  WHERE price_list.price IS DISTINCT FROM excluded.price
                  RETURNING (xmax = 0) AS inserted
                )
                SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM upserted""");
                ResultSet rs = upsert.executeQuery()) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    /**
     * The stock history: its rows into a temporary table by COPY (a product per day: the largest feed after the
     * order lines), then upserted into inventory_snapshots on (product_id, snapshot_date), a day updated only when
     * on_hand, reserved or stockout differ; {@code received} is not in the contract and keeps its value (0 for a
     * new day). Runs after the products are written, so a product the same import creates has its product_id.
     */
    private static long[] writeStock(Connection c, Iterator<StockRow> stock) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE import_stock (sku text, snapshot_date date, on_hand integer, reserved integer,"
                    + " stockout boolean) ON COMMIT DROP");
        }
        CopyText copy = new CopyText();
        copyIn(
                c,
                "COPY import_stock FROM STDIN",
                stock,
                r -> copy.row(r.sku(), r.day(), r.onHand(), r.reserved(), r.stockout()));
        try (Statement s = c.createStatement()) {
            s.execute("ANALYZE import_stock");
        }
        long unknown = single(
                c,
                "SELECT count(*) FROM import_stock i WHERE NOT EXISTS (SELECT 1 FROM products p WHERE p.sku = i.sku)");
        if (unknown > 0) {
            throw new IllegalStateException(unknown + " stock rows name a sku with no product (a bug: validation lets"
                    + " only known products through)");
        }
        return changes(c, """
                WITH upserted AS (
                  INSERT INTO inventory_snapshots (product_id, snapshot_date, on_hand, reserved, stockout)
                  SELECT p.product_id, i.snapshot_date, i.on_hand, i.reserved, i.stockout
                  FROM import_stock i JOIN products p ON p.sku = i.sku
                  ON CONFLICT (product_id, snapshot_date) DO UPDATE SET on_hand = excluded.on_hand,
                         reserved = excluded.reserved, stockout = excluded.stockout, updated_at = now()
                  WHERE (inventory_snapshots.on_hand, inventory_snapshots.reserved, inventory_snapshots.stockout)
                        IS DISTINCT FROM (excluded.on_hand, excluded.reserved, excluded.stockout)
                  RETURNING (xmax = 0) AS inserted
                )
                SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM upserted""");
    }

    private interface RowText<T> {
        String text(T row);
    }

    private static <T> void copyIn(Connection c, String sql, Iterator<T> rows, RowText<T> format) throws SQLException {
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            StringBuilder buffer = new StringBuilder(1 << 17);
            while (rows.hasNext()) {
                buffer.append(format.text(rows.next()));
                if (buffer.length() >= 1 << 16) {
                    byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
                    copy.writeToCopy(bytes, 0, bytes.length);
                    buffer.setLength(0);
                }
            }
            byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    /** PostgreSQL's COPY text format: tab-separated, \N for null, backslash escapes. */
    static final class CopyText {
        String row(Object... values) {
            StringBuilder line = new StringBuilder(128);
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    line.append('\t');
                }
                Object v = values[i];
                if (v == null) {
                    line.append("\\N");
                } else if (v instanceof BigDecimal d) {
                    line.append(d.toPlainString());
                } else {
                    String text = v.toString();
                    for (int k = 0; k < text.length(); k++) {
                        char ch = text.charAt(k);
                        switch (ch) {
                            case '\\' -> line.append("\\\\");
                            case '\t' -> line.append("\\t");
                            case '\n' -> line.append("\\n");
                            case '\r' -> line.append("\\r");
                            default -> line.append(ch);
                        }
                    }
                }
            }
            return line.append('\n').toString();
        }
    }

    private static long[] changes(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    private static long update(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            return s.executeUpdate(sql);
        }
    }

    private static long single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
