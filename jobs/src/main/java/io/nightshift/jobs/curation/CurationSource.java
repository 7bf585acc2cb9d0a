package io.nightshift.jobs.curation;

import io.nightshift.common.db.CommerceDatabase;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Properties;

/** The subscription tables, purchase history and stock, read from the commerce database into frames. */
final class CurationSource {
    private static final DateTimeFormatter SLICE_BOUND = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private final SparkSession spark;
    private final CommerceDatabase database;
    private final ZoneId shopZone;
    private final int partitions;

    CurationSource(SparkSession spark, CommerceDatabase database, ZoneId shopZone, int partitions) {
        this.spark = spark;
        this.database = database;
        this.shopZone = shopZone;
        this.partitions = partitions;
    }

    Dataset<Row> customers() {
        return read("(select customer_id::text as customer_id, subscription_tier_id, subscription_status, next_box_date"
                + " from customers) c");
    }

    Dataset<Row> tiers() {
        return read("(select tier_id, tier_name, price::float8 as price, product_limit from subscription_tiers) t");
    }

    Dataset<Row> preferences() {
        return read("(select customer_id::text as customer_id, preference_key, preference_value, strength"
                + " from customer_preferences) p");
    }

    Dataset<Row> products() {
        return read("(select product_id, category, base_price::float8 as base_price, active, launched_on from products) p");
    }

    Dataset<Row> attributes() {
        return read("(select product_id, attribute_key, attribute_value from product_attributes) a");
    }

    Dataset<Row> productTiers() {
        return read("(select product_id, tier_id from product_tiers) t");
    }

    /** Box items of the box dates in [from, to), split into parallel reads on box_item_id. */
    Dataset<Row> boxHistory(LocalDate from, LocalDate to) {
        String query = "(select box_item_id, customer_id::text as customer_id, product_id, box_date, rating"
                + " from subscription_box_items where box_date >= date '" + from + "' and box_date < date '" + to + "') b";
        long maxId = single("select coalesce(max(box_item_id), 0) from subscription_box_items");
        return spark.read().jdbc(database.jdbcUrl(), query, "box_item_id", 0, maxId + 1, partitions,
                database.sparkJdbcProperties()).drop("box_item_id");
    }

    /**
     * Paid or shipped order lines of known customers ordered on the shop days [from, to), read in parallel
     * slices of {@code ordered_at}: each read scans only its own slice of the lines through their ordered_at
     * index. (Split on product_id instead, every read scanned the whole year of lines for its products: at
     * 10,000 products, four reads of 24 M lines each took most of a 290 s curation.)
     */
    Dataset<Row> purchases(LocalDate from, LocalDate to) {
        Instant start = from.atStartOfDay(shopZone).toInstant();
        Instant end = to.atStartOfDay(shopZone).toInstant();
        String query = "(select o.customer_id::text as customer_id, l.product_id,"
                + " (l.ordered_at at time zone '" + shopZone.getId() + "')::date as day, l.quantity, l.ordered_at"
                + " from order_lines l join orders o on o.order_id = l.order_id"
                + " where o.customer_id is not null and o.status in ('paid', 'shipped')"
                + " and l.ordered_at >= '" + start + "'::timestamptz and l.ordered_at < '" + end + "'::timestamptz) p";
        // Spark reads the bounds in the session's time zone; slices are complementary whatever the zone, so
        // every line is read exactly once even if the database's zone shifts their edges.
        Properties options = database.sparkJdbcProperties();
        options.setProperty("partitionColumn", "ordered_at");
        options.setProperty("lowerBound", SLICE_BOUND.format(start));
        options.setProperty("upperBound", SLICE_BOUND.format(end));
        options.setProperty("numPartitions", Integer.toString(partitions));
        // Spark would push its own day filters into the query; PostgreSQL misjudges how many rows an
        // expression filter keeps and then joins 5 M lines to orders one by one (15 s a slice instead of 8).
        options.setProperty("pushDownPredicate", "false");
        return spark.read().jdbc(database.jdbcUrl(), query, options).drop("ordered_at");
    }

    /** Current stock with what an earlier run for this box date reserved (own_reservation). */
    Dataset<Row> inventory(LocalDate boxDate) {
        return read("(select i.product_id, i.on_hand, i.reserved, i.safety_stock, r.units as own_reservation"
                + " from inventory i left join subscription_box_reservations r"
                + " on r.product_id = i.product_id and r.box_date = date '" + boxDate + "') i");
    }

    private Dataset<Row> read(String query) {
        return spark.read().jdbc(database.jdbcUrl(), query, database.sparkJdbcProperties());
    }

    private long single(String query) {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the commerce database: " + e.getMessage(), e);
        }
    }
}
