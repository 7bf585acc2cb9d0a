package io.nightshift.common.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Properties;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Every Spark read of the commerce database: the frames ingest, price, curate-boxes and sync-inventory
 * start from. Windowed reads (order lines, snapshots, box history) carry an indexed predicate and are split
 * into {@code partitions} parallel reads.
 * <p>
 * Spark's JDBC source takes a query text, not bind parameters: the only values written into these queries
 * are dates, instants and the shop's zone id, each formatted from its Java type (never a caller's string).
 */
public final class CommerceReader {
    private static final DateTimeFormatter SLICE_BOUND =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final SparkSession spark;
    private final CommerceDatabase database;
    private final ZoneId shopZone;
    private final int partitions;

    public CommerceReader(SparkSession spark, CommerceDatabase database, ZoneId shopZone, int partitions) {
        this.spark = spark;
        this.database = database;
        this.shopZone = shopZone;
        this.partitions = partitions;
    }

    // ---- ingest: the catalogue, order lines and end-of-day stock as the database holds them ----

    /** Every product: the dimension is small and the database holds only its current version. */
    public Dataset<Row> products() {
        return read("(select product_id, sku, name, category, brand, base_price, unit_cost, currency::text as currency,"
                + " active, launched_on, updated_at from products) products");
    }

    /**
     * Order lines ordered on the days {@code from..to} in the shop's time zone, with their order's channel and status.
     */
    public Dataset<Row> orderLines(LocalDate from, LocalDate to) {
        String query = "(select (l.ordered_at at time zone '" + zone() + "')::date as day, l.order_id, l.line_no,"
                + " l.product_id, l.quantity, l.unit_price, o.channel, o.status, l.ordered_at"
                + " from order_lines l join orders o on o.order_id = l.order_id"
                + " where l.ordered_at >= " + timestamp(startOf(from)) + " and l.ordered_at < "
                + timestamp(startOf(to.plusDays(1)))
                + ") lines";
        return readByProduct(query);
    }

    /** End-of-day stock per product for the days {@code from..to}. */
    public Dataset<Row> inventorySnapshots(LocalDate from, LocalDate to) {
        String query = "(select snapshot_date as day, product_id, on_hand, reserved, stockout from inventory_snapshots"
                + " where snapshot_date >= " + date(from) + " and snapshot_date <= " + date(to) + ") snapshots";
        return readByProduct(query);
    }

    /**
     * The price list's rows in force on some day of {@code from..to}: product_id, valid_from, valid_until (the
     * product's next row's valid_from, null for its latest) and list_price. Small (a row per price change).
     */
    public Dataset<Row> priceList(LocalDate from, LocalDate to) {
        String query = "(select product_id, valid_from, valid_until, price as list_price from"
                + " (select product_id, valid_from, price,"
                + " lead(valid_from) over (partition by product_id order by valid_from) as valid_until"
                + " from price_list where valid_from <= " + date(to) + ") p"
                + " where valid_until is null or valid_until > " + date(from) + ") price_list";
        return read(query);
    }

    // ---- price ----

    /** (product_id, safety_stock) of every product with stock. */
    public Dataset<Row> safetyStock() {
        return read("(select product_id, safety_stock from inventory) safety");
    }

    // ---- curate-boxes: subscriptions, the catalogue's curation view, history and stock ----

    public Dataset<Row> customers() {
        return read("(select customer_id::text as customer_id, subscription_tier_id, subscription_status, next_box_date"
                + " from customers) c");
    }

    public Dataset<Row> tiers() {
        return read("(select tier_id, tier_name, price::float8 as price, product_limit from subscription_tiers) t");
    }

    public Dataset<Row> preferences() {
        return read("(select customer_id::text as customer_id, preference_key, preference_value, strength"
                + " from customer_preferences) p");
    }

    /** The products as curation scores them: category, base price as a double, active, launch date. */
    public Dataset<Row> curationProducts() {
        return read(
                "(select product_id, category, base_price::float8 as base_price, active, launched_on from products) p");
    }

    public Dataset<Row> attributes() {
        return read("(select product_id, attribute_key, attribute_value from product_attributes) a");
    }

    public Dataset<Row> productTiers() {
        return read("(select product_id, tier_id from product_tiers) t");
    }

    /** Box items of the box dates in [from, to), split into parallel reads on box_item_id. */
    public Dataset<Row> boxHistory(LocalDate from, LocalDate to) {
        String query = "(select box_item_id, customer_id::text as customer_id, product_id, box_date, rating"
                + " from subscription_box_items where box_date >= " + date(from) + " and box_date < " + date(to)
                + ") b";
        long maxId = single("select coalesce(max(box_item_id), 0) from subscription_box_items");
        return spark.read()
                .jdbc(
                        database.jdbcUrl(),
                        query,
                        "box_item_id",
                        0,
                        maxId + 1,
                        partitions,
                        database.sparkJdbcProperties())
                .drop("box_item_id");
    }

    /**
     * Paid or shipped order lines of known customers ordered on the shop days [from, to) (not returned lines:
     * a return is not a purchase), read in parallel
     * slices of {@code ordered_at}: each read scans only its own slice of the lines through their ordered_at
     * index. (Split on product_id instead, every read scanned the whole year of lines for its products: at
     * 10,000 products, four reads of 24 M lines each took most of a 290 s curation.)
     */
    public Dataset<Row> purchases(LocalDate from, LocalDate to) {
        Instant start = startOf(from);
        Instant end = startOf(to);
        String query = "(select o.customer_id::text as customer_id, l.product_id,"
                + " (l.ordered_at at time zone '" + zone() + "')::date as day, l.quantity, l.ordered_at"
                + " from order_lines l join orders o on o.order_id = l.order_id"
                + " where o.customer_id is not null and o.status in ('paid', 'shipped') and l.quantity > 0"
                + " and l.ordered_at >= " + timestamp(start) + " and l.ordered_at < " + timestamp(end) + ") p";
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
    public Dataset<Row> stockForBoxDate(LocalDate boxDate) {
        return read("(select i.product_id, i.on_hand, i.reserved, i.safety_stock, r.units as own_reservation"
                + " from inventory i left join subscription_box_reservations r"
                + " on r.product_id = i.product_id and r.box_date = " + date(boxDate) + ") i");
    }

    // ---- sync-inventory ----

    /**
     * Every active marketplace listing with its product's stock: (marketplace, sku, product_id, listing_id,
     * on_hand, reserved, safety_stock). Reserved counts the inventory's reservations plus the items of
     * subscription boxes not yet shipped (box dates after {@code runDate}).
     */
    public Dataset<Row> listingStock(LocalDate runDate) {
        return read("(select l.marketplace, l.marketplace_sku as sku, l.product_id, l.listing_id, i.on_hand, "
                + "i.reserved + coalesce(b.boxed, 0) as reserved, i.safety_stock "
                + "from marketplace_listings l join inventory i on i.product_id = l.product_id "
                + "left join (select product_id, count(*)::int as boxed from subscription_box_items "
                + "where box_date > " + date(runDate) + " group by product_id) b on b.product_id = l.product_id "
                + "where l.active) listings");
    }

    /** Any table or view of the commerce database, whole (checksums, tools). */
    public Dataset<Row> table(String qualifiedName) {
        if (!qualifiedName.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?")) {
            throw new IllegalArgumentException("not a table name: " + qualifiedName);
        }
        return read(qualifiedName);
    }

    /** Number of products in the catalogue (ingest sizes its backfill passes by it). */
    public long productCount() {
        return single("select count(*) from products");
    }

    private Dataset<Row> read(String query) {
        return spark.read().jdbc(database.jdbcUrl(), query, database.sparkJdbcProperties());
    }

    /** A windowed read split into {@code partitions} parallel reads on product_id. */
    private Dataset<Row> readByProduct(String query) {
        if (partitions <= 1) {
            return read(query);
        }
        long maxProductId = single("select coalesce(max(product_id), 0) from products");
        return spark.read()
                .jdbc(
                        database.jdbcUrl(),
                        query,
                        "product_id",
                        0,
                        Math.max(1, maxProductId + 1),
                        partitions,
                        database.sparkJdbcProperties());
    }

    private long single(String query) {
        try (Connection connection = database.connect();
                PreparedStatement statement = connection.prepareStatement(query);
                ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the commerce database: " + e.getMessage(), e);
        }
    }

    private Instant startOf(LocalDate day) {
        return day.atStartOfDay(shopZone).toInstant();
    }

    private static String date(LocalDate day) {
        return "date '" + day + "'";
    }

    private static String timestamp(Instant instant) {
        return "'" + instant + "'::timestamptz";
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
