package io.nightshift.jobs.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sequence;

import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The shop's price list as one row per product and day: a row in force from valid_from until the product's
 * next row (valid_until, exclusive; null: still in force) gives its list price to every day of the window it
 * covers. The database's constraints (a product that exists, a price above 0, one row per product and day)
 * are the list's rules, so no row is quarantined.
 */
public final class PriceList {
    private PriceList() {}

    /**
     * @param rows product_id, valid_from, valid_until, list_price ({@code CommerceReader.priceList})
     * @return product_id, day, list_price for the days {@code from..to} ({@link SalesDaily#PRICE_LIST})
     */
    public static Dataset<Row> daily(Dataset<Row> rows, LocalDate from, LocalDate to) {
        Column first = greatest(col("valid_from"), lit(Date.valueOf(from)));
        Column last = least(coalesce(date_sub(col("valid_until"), 1), lit(Date.valueOf(to))), lit(Date.valueOf(to)));
        return rows.filter(first.leq(last))
                .select(
                        col("product_id").cast("int").as("product_id"),
                        explode(sequence(first, last)).as("day"),
                        col("list_price").cast("decimal(12,2)").as("list_price"));
    }
}
