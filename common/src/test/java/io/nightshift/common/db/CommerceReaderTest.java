package io.nightshift.common.db;

import static io.nightshift.common.db.CommerceRows.execute;
import static io.nightshift.common.db.CommerceRows.product;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import io.nightshift.common.config.NightshiftConfig;
import io.nightshift.common.testing.TestPostgres;
import io.nightshift.common.testing.TestSpark;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark reads against real PostgreSQL: windows in the shop's time zone, split reads, the listings' stock. */
class CommerceReaderTest {
    static final ZoneId SHOP = ZoneId.of("America/New_York");
    static final LocalDate DAY = LocalDate.of(2026, 3, 2);
    static CommerceDatabase database;
    static CommerceReader reader;

    @BeforeAll
    static void seed(@TempDir Path home) throws SQLException {
        try (Connection c = TestPostgres.server().getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE commerce_reader");
        }
        NightshiftConfig config = NightshiftConfig.fromConfig(
                ConfigFactory.parseMap(Map.of("nightshift.jdbc.url", TestPostgres.jdbcUrl("commerce_reader")))
                        .withFallback(ConfigFactory.defaultReference())
                        .resolve(),
                home);
        database = CommerceDatabase.open(config);
        reader = new CommerceReader(TestSpark.session(), database, SHOP, 2);
        DataSource db = database.dataSource();
        product(db, 1, 10, 2, 1);
        product(db, 2, 5, 0, 0);
        product(db, 3, 7, 0, 0);
        execute(
                db,
                "insert into orders (order_id, channel, ordered_at, status, total_price) values "
                        + "('O1', 'web', '2026-03-01T04:30:00Z', 'paid', 1), ('O2', 'web', '2026-03-03T04:30:00Z', 'paid', 1), "
                        + "('O3', 'web', '2026-03-03T05:30:00Z', 'paid', 1)",
                // 23:30 on Feb 28, 23:30 on Mar 2 and 00:30 on Mar 3, shop time (UTC-5).
                "insert into order_lines (order_id, line_no, product_id, quantity, unit_price, channel, ordered_at) values "
                        + "('O1', 1, 1, 1, 1, 'web', '2026-03-01T04:30:00Z'), ('O2', 1, 2, 2, 1, 'web', '2026-03-03T04:30:00Z'), "
                        + "('O3', 1, 3, 3, 1, 'web', '2026-03-03T05:30:00Z')",
                "insert into inventory_snapshots (product_id, snapshot_date, on_hand) values (1, '2026-02-28', 1), "
                        + "(1, '2026-03-01', 2), (2, '2026-03-02', 3), (3, '2026-03-03', 4)",
                "insert into customers (customer_id, email, subscription_tier_id) values ('00000000-0000-0000-0000-000000000001', 'a@x', 1)",
                "insert into subscription_box_items (customer_id, product_id, box_date, tier_id) values "
                        + "('00000000-0000-0000-0000-000000000001', 1, '2026-03-02', 1), "
                        + "('00000000-0000-0000-0000-000000000001', 1, '2026-03-03', 1)",
                "insert into subscription_box_reservations (box_date, product_id, units) values ('2026-03-03', 1, 1)",
                // Product 1: three list prices, the first ended before the window read below; product 2: one.
                "insert into price_list (product_id, valid_from, price) values (1, '2026-01-01', 2.40), "
                        + "(1, '2026-02-01', 2.55), (1, '2026-03-02', 2.75), (2, '2026-03-10', 9.99)",
                "insert into marketplace_listings (marketplace, product_id, marketplace_sku, listing_id, active) values "
                        + "('ebay', 1, 'EB-1', 'L1', true), ('ebay', 2, 'EB-2', 'L2', false), ('amazon', 1, 'AZ-1', null, true)");
    }

    @AfterAll
    static void close() {
        database.close();
    }

    static List<String> rows(Dataset<Row> frame, String... columns) {
        return frame.selectExpr(columns).collectAsList().stream()
                .map(Row::toString)
                .sorted()
                .toList();
    }

    @Test
    void orderLinesAreTheShopDaysWindow() {
        assertEquals(
                List.of("[2026-03-02,O2,2,2]"),
                rows(reader.orderLines(DAY, DAY), "day", "order_id", "product_id", "quantity"));
        assertEquals(
                List.of("[2026-02-28,O1]", "[2026-03-02,O2]"),
                rows(reader.orderLines(DAY.minusDays(2), DAY), "day", "order_id"));
    }

    @Test
    void priceListRowsAreThoseInForceOnSomeDayOfTheWindow() {
        assertEquals(
                List.of("[1,2026-02-01,2026-03-02,2.55]", "[1,2026-03-02,null,2.75]"),
                rows(reader.priceList(DAY.minusDays(2), DAY), "product_id", "valid_from", "valid_until", "list_price"));
    }

    @Test
    void snapshotsAreTheWindowsDaysInclusive() {
        assertEquals(
                List.of("[2026-03-01,1,2]", "[2026-03-02,2,3]"),
                rows(reader.inventorySnapshots(DAY.minusDays(1), DAY), "day", "product_id", "on_hand"));
    }

    @Test
    void listingStockCountsBoxesNotYetShippedAsReserved() {
        assertEquals(
                List.of("[amazon,AZ-1,1,null,10,3,1]", "[ebay,EB-1,1,L1,10,3,1]"),
                rows(
                        reader.listingStock(DAY),
                        "marketplace",
                        "sku",
                        "product_id",
                        "listing_id",
                        "on_hand",
                        "reserved",
                        "safety_stock"));
    }

    @Test
    void stockForABoxDateCarriesItsOwnReservation() {
        assertEquals(
                List.of("[1,10,2,1,1]", "[2,5,0,0,null]", "[3,7,0,0,null]"),
                rows(
                        reader.stockForBoxDate(DAY.plusDays(1)),
                        "product_id",
                        "on_hand",
                        "reserved",
                        "safety_stock",
                        "own_reservation"));
        assertEquals(
                List.of("[00000000-0000-0000-0000-000000000001,1,2026-03-02]"),
                rows(reader.boxHistory(DAY, DAY.plusDays(1)), "customer_id", "product_id", "box_date"));
    }

    @Test
    void productsAndTables() {
        assertEquals(3, reader.productCount());
        assertEquals(3, reader.products().count());
        assertEquals(
                List.of("[1,5.0]"),
                rows(
                        reader.safetyStock()
                                .join(reader.curationProducts(), "product_id")
                                .filter("product_id = 1")
                                .selectExpr("product_id", "base_price / 2 as half"),
                        "product_id",
                        "half"));
        assertEquals(3, reader.table("inventory").count());
        assertThrows(IllegalArgumentException.class, () -> reader.table("inventory; drop table products"));
    }
}
