package io.nightshift.sandbox.sample;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * A commerce database's orders and products written in the import contract's columns (docs/input-contract.md), as
 * a shop would hand them to {@code bin/pipeline import}: one CSV of order lines, one of products, and (for the
 * contract's CSV) one of the end-of-day stock, the shop's inventory report per day. The generated
 * shop exported this way is a real shop's files with the sample's known truth behind them. Times are written in UTC
 * with a Z. The two queries here are also what the other export formats ({@link ShopExport}) are written from, so
 * every format says the same of the shop.
 */
public final class ContractExport {
    private ContractExport() {}

    /** What an order's customer_key is: none (every order a guest's), the customer's id, or its e-mail. */
    public enum Customers {
        GUESTS,
        IDS,
        EMAILS
    }

    /**
     * The days whose orders an export holds, in the shop's time zone ({@code first} or {@code last} null: open), so
     * a history and the nights after it can be exported apart.
     */
    public record Days(LocalDate first, LocalDate last, ZoneId zone) {
        public static Days all() {
            return new Days(null, null, ZoneId.of("UTC"));
        }

        public static Days through(LocalDate last, ZoneId zone) {
            return new Days(null, last, zone);
        }

        public static Days on(LocalDate day, ZoneId zone) {
            return new Days(day, day, zone);
        }

        /** The SQL condition on order line {@code l}; dates and zone ids hold no quote, so they are inlined. */
        String condition() {
            return condition("(l.ordered_at at time zone '" + zone.getId() + "')::date");
        }

        /** The SQL condition on a day in the shop's zone, such as a stock snapshot's date. */
        String condition(String day) {
            List<String> bounds = new ArrayList<>();
            if (first != null) {
                bounds.add(day + " >= date '" + first + "'");
            }
            if (last != null) {
                bounds.add(day + " <= date '" + last + "'");
            }
            return bounds.isEmpty() ? "true" : String.join(" and ", bounds);
        }
    }

    /** The order lines: the contract's required and optional columns, in order id and line order. */
    static String orderLinesQuery(Customers customers, Days days) {
        String customerKey = switch (customers) {
            case GUESTS -> "''";
            case IDS -> "coalesce(o.customer_key, o.customer_id::text, '')";
            case EMAILS -> "coalesce(lower(o.customer_email), o.customer_key, '')";
        };
        return "select l.order_id, l.line_no as line_id,"
                + " to_char(l.ordered_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') as ordered_at,"
                + " p.sku, l.quantity, l.unit_price, o.currency, " + customerKey + " as customer_key,"
                + " l.channel, l.discount, o.status, p.name as product_name"
                + " from order_lines l join orders o on o.order_id = l.order_id"
                + " join products p on p.product_id = l.product_id"
                + " where " + days.condition()
                + " order by l.order_id, l.line_no";
    }

    /** The products: sku, list price and what the contract's optional columns hold. */
    static final String PRODUCTS_QUERY = "select sku, base_price as price, name, category, brand, product_type, tags,"
            + " unit_cost, currency, active from products order by sku";

    /**
     * The end-of-day stock: the contract's stock columns for every snapshot of the days; stockout as PostgreSQL
     * prints a boolean (t, f), as the generated shop flagged the day (demand went unserved).
     */
    static String stockQuery(Days days) {
        return "select p.sku, s.snapshot_date as day, s.on_hand, s.reserved, s.stockout"
                + " from inventory_snapshots s join products p on p.product_id = s.product_id"
                + " where " + days.condition("s.snapshot_date")
                + " order by p.sku, s.snapshot_date";
    }

    /** Writes the days' stock to {@code stock.csv} in {@code folder}; returns the rows written. */
    public static long writeStock(DataSource db, Path folder, Days days) throws IOException, SQLException {
        Files.createDirectories(folder);
        return copy(db, stockQuery(days), folder.resolve("stock.csv"));
    }

    /** Writes {@code orders.csv} (and {@code products.csv} when asked) into {@code folder}; returns the line count. */
    public static long write(DataSource db, Path folder, boolean withCustomers, boolean withProducts)
            throws IOException, SQLException {
        return write(db, folder, withCustomers ? Customers.IDS : Customers.GUESTS, Days.all(), withProducts);
    }

    /** Writes the days' order lines to {@code orders.csv} (and {@code products.csv}); returns the line count. */
    public static long write(DataSource db, Path folder, Customers customers, Days days, boolean withProducts)
            throws IOException, SQLException {
        Files.createDirectories(folder);
        long lines = copy(db, orderLinesQuery(customers, days), folder.resolve("orders.csv"));
        if (withProducts) {
            copy(db, PRODUCTS_QUERY, folder.resolve("products.csv"));
        }
        return lines;
    }

    /** What is done with each row of a query's result. */
    interface RowReader {
        void read(ResultSet row) throws SQLException, IOException;
    }

    /** Runs {@code query} and hands each row to {@code reader}, streamed (a history's lines need not fit in memory). */
    static void eachRow(DataSource db, String query, RowReader reader) throws SQLException, IOException {
        try (Connection connection = db.getConnection()) {
            // pgjdbc streams a result set only inside a transaction with a fetch size.
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.setFetchSize(10_000);
                try (ResultSet rows = statement.executeQuery(query)) {
                    while (rows.next()) {
                        reader.read(rows);
                    }
                }
            } finally {
                connection.rollback();
            }
        }
    }

    private static long copy(DataSource db, String query, Path file) throws IOException, SQLException {
        try (Connection connection = db.getConnection();
                Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            return connection
                    .unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyOut("COPY (" + query + ") TO STDOUT WITH (FORMAT csv, HEADER true)", out);
        }
    }
}
