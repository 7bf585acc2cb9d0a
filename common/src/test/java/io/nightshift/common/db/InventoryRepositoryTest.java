package io.nightshift.common.db;

import static io.nightshift.common.db.CommerceRows.execute;
import static io.nightshift.common.db.CommerceRows.product;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nightshift.common.testing.TestPostgres;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class InventoryRepositoryTest {
    final DataSource db = TestPostgres.freshCommerceDatabase();
    final InventoryRepository inventory = new InventoryRepository(db);

    @Test
    void listedProductsMapOneMarketplacesSkusToProducts() throws SQLException {
        product(db, 1, 10, 0, 0);
        product(db, 2, 10, 0, 0);
        execute(
                db,
                "insert into marketplace_listings (marketplace, product_id, marketplace_sku) values "
                        + "('ebay', 1, 'EB-1'), ('ebay', 2, 'EB-2'), ('amazon', 1, 'AZ-1')");
        assertEquals(Map.of("EB-1", 1, "EB-2", 2), inventory.listedProducts("ebay"));
        assertEquals(Map.of("AZ-1", 1), inventory.listedProducts("amazon"));
        assertEquals(Map.of(), inventory.listedProducts("shopify"));
    }

    @Test
    void stockReadsTheInventoryRow() throws SQLException {
        product(db, 7, 12, 3, 2);
        assertEquals(Optional.of(new InventoryRepository.Stock(7, 12, 3, 2)), inventory.stock(7));
        assertEquals(Optional.empty(), inventory.stock(8));
    }
}
