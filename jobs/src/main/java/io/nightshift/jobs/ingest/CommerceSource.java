package io.nightshift.jobs.ingest;

import io.nightshift.common.db.CommerceDatabase;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Reads the commerce database over JDBC. Order lines and stock snapshots are read for a window of days
 * only (an indexed predicate on the order time or snapshot date), split into parallel reads on product_id.
 */
final class CommerceSource {
    private final SparkSession spark;
    private final CommerceDatabase database;
    private final ZoneId shopZone;
    private final int partitions;

    CommerceSource(SparkSession spark, CommerceDatabase database, ZoneId shopZone, int partitions) {
        this.spark = spark;
        this.database = database;
        this.shopZone = shopZone;
        this.partitions = partitions;
    }

    /** Every product: the dimension is small and the database holds only its current version. */
    Dataset<Row> products() {
        return read("(select product_id, sku, name, category, brand, base_price, unit_cost, currency::text as currency,"
                + " active, launched_on, updated_at from products) products", false);
    }

    /** Order lines ordered on the days {@code from..to} in the shop's time zone, with their order's channel and status. */
    Dataset<Row> orderLines(LocalDate from, LocalDate to) {
        String query = "(select (l.ordered_at at time zone '" + zone() + "')::date as day, l.order_id, l.line_no,"
                + " l.product_id, l.quantity, l.unit_price, o.channel, o.status, l.ordered_at"
                + " from order_lines l join orders o on o.order_id = l.order_id"
                + " where l.ordered_at >= '" + from.atStartOfDay(shopZone).toInstant() + "'::timestamptz"
                + " and l.ordered_at < '" + to.plusDays(1).atStartOfDay(shopZone).toInstant() + "'::timestamptz) lines";
        return read(query, true);
    }

    /** End-of-day stock per product for the days {@code from..to}. */
    Dataset<Row> inventorySnapshots(LocalDate from, LocalDate to) {
        String query = "(select snapshot_date as day, product_id, on_hand, reserved, stockout from inventory_snapshots"
                + " where snapshot_date >= date '" + from + "' and snapshot_date <= date '" + to + "') snapshots";
        return read(query, true);
    }

    private Dataset<Row> read(String query, boolean partitioned) {
        if (!partitioned || partitions <= 1) {
            return spark.read().jdbc(database.jdbcUrl(), query, database.sparkJdbcProperties());
        }
        long maxProductId = maxProductId();
        return spark.read().jdbc(database.jdbcUrl(), query, "product_id", 0, Math.max(1, maxProductId + 1),
                partitions, database.sparkJdbcProperties());
    }

    long productCount() {
        return single("select count(*) from products");
    }

    private long maxProductId() {
        return single("select coalesce(max(product_id), 0) from products");
    }

    private long single(String query) {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the products table: " + e.getMessage(), e);
        }
    }

    /** The zone id goes into SQL text, so accept only what a zone id can contain. */
    private String zone() {
        String id = shopZone.getId();
        if (!id.matches("[A-Za-z0-9_/+\\-]+")) {
            throw new IllegalArgumentException("unexpected time zone id " + id);
        }
        return id;
    }
}
