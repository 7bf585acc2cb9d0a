package io.nightshift.sandbox.sample;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * A commerce database's orders and products written in the import contract's columns (docs/input-contract.md), as
 * a shop would hand them to {@code bin/pipeline import}: one CSV of order lines, one of products. The generated
 * shop exported this way is a real shop's files with the sample's known truth behind them. Times are written in UTC
 * with a Z; {@code withCustomers = false} leaves every order a guest's.
 */
public final class ContractExport {
    private ContractExport() {}

    /** The order lines: the contract's required and optional columns, in order id and line order. */
    static String orderLinesQuery(boolean withCustomers) {
        return "select l.order_id, l.line_no as line_id,"
                + " to_char(l.ordered_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') as ordered_at,"
                + " p.sku, l.quantity, l.unit_price, o.currency,"
                + (withCustomers
                        ? " coalesce(o.customer_key, o.customer_id::text, '') as customer_key,"
                        : " '' as customer_key,")
                + " l.channel, l.discount, o.status, p.name as product_name"
                + " from order_lines l join orders o on o.order_id = l.order_id"
                + " join products p on p.product_id = l.product_id"
                + " order by l.order_id, l.line_no";
    }

    /** The products: sku, list price and what the contract's optional columns hold. */
    static final String PRODUCTS_QUERY = "select sku, base_price as price, name, category, brand, product_type, tags,"
            + " unit_cost, currency, active from products order by sku";

    /** Writes {@code orders.csv} (and {@code products.csv} when asked) into {@code folder}; returns the line count. */
    public static long write(DataSource db, Path folder, boolean withCustomers, boolean withProducts)
            throws IOException, SQLException {
        Files.createDirectories(folder);
        long lines = copy(db, orderLinesQuery(withCustomers), folder.resolve("orders.csv"));
        if (withProducts) {
            copy(db, PRODUCTS_QUERY, folder.resolve("products.csv"));
        }
        return lines;
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
