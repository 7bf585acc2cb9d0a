package io.nightshift.common.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.common.testing.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommerceDatabaseTest {
    @TempDir
    Path folder;

    @Test
    void migratingTwiceIsANoOp() {
        DataSource db = TestPostgres.freshCommerceDatabase();
        assertEquals(0, CommerceSchema.migrate(db).migrationsExecuted);
    }

    @Test
    void tiersAreSeededWithTheSeedsPricesAndLimits() throws SQLException {
        DataSource db = TestPostgres.freshCommerceDatabase();
        try (Connection c = db.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "select tier_name, price, product_limit from subscription_tiers order by tier_id")) {
            StringBuilder tiers = new StringBuilder();
            while (rs.next()) {
                tiers.append(rs.getString(1))
                        .append(' ')
                        .append(rs.getBigDecimal(2))
                        .append(' ')
                        .append(rs.getInt(3))
                        .append(';');
            }
            assertEquals("Basic 29.99 3;Premium 59.99 5;Elite 99.99 7;", tiers.toString());
        }
    }

    @Test
    void boxItemsAreUniquePerCustomerBoxDateAndProduct() throws SQLException {
        DataSource db = TestPostgres.freshCommerceDatabase();
        try (Connection c = db.getConnection();
                Statement s = c.createStatement()) {
            s.execute(
                    "insert into products (product_id, sku, name, category, brand, base_price, unit_cost) values (1, 'S1', 'n', 'c', 'b', 10.00, 5.00)");
            s.execute(
                    "insert into customers (customer_id, email, subscription_tier_id) values ('00000000-0000-0000-0000-000000000001', 'a@b.c', 1)");
            String insert =
                    "insert into subscription_box_items (customer_id, product_id, box_date, tier_id) values ('00000000-0000-0000-0000-000000000001', 1, '2026-01-01', 1)";
            s.execute(insert);
            assertThrows(SQLException.class, () -> s.execute(insert));
        }
    }

    @Test
    void storefrontReaderCanOnlyReadThePriceTable() throws SQLException {
        DataSource db = TestPostgres.freshCommerceDatabase();
        try (Connection c = db.getConnection();
                Statement s = c.createStatement()) {
            s.execute(
                    "insert into products (product_id, sku, name, category, brand, base_price, unit_cost) values (1, 'S1', 'n', 'c', 'b', 10.00, 5.00)");
            s.execute(
                    "insert into storefront.product_prices (product_id, sku, price, run_date) values (1, 'S1', 9.99, '2026-01-01')");
            s.execute("drop role if exists storefront_app_test");
            s.execute("create role storefront_app_test login in role storefront_reader");
            s.execute("set role storefront_app_test");
            try (ResultSet rs = s.executeQuery("select price from storefront.product_prices")) {
                assertTrue(rs.next());
                assertEquals("9.99", rs.getBigDecimal(1).toPlainString());
            }
            assertThrows(SQLException.class, () -> s.executeQuery("select * from products"));
            assertThrows(SQLException.class, () -> s.execute("update storefront.product_prices set price = 0.01"));
            assertThrows(SQLException.class, () -> s.execute("delete from storefront.product_prices"));
            s.execute("reset role");
        }
    }

    @Test
    void embeddedDataPersistsFromOneStartToTheNext() throws SQLException {
        Path data = folder.resolve("_postgres");
        try (CommerceDatabase first = CommerceDatabase.startEmbedded(data)) {
            CommerceSchema.migrate(first.dataSource());
            try (Connection c = first.connect();
                    Statement s = c.createStatement()) {
                s.execute(
                        "insert into products (product_id, sku, name, category, brand, base_price) values (7, 'S7', 'n', 'c', 'b', 1.00)");
            }
        }
        try (CommerceDatabase second = CommerceDatabase.startEmbedded(data);
                Connection c = second.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select sku from products where product_id = 7")) {
            assertTrue(rs.next());
            assertEquals("S7", rs.getString(1));
        }
    }
}
