package io.nightshift.common.db;

import static io.nightshift.common.db.CommerceRows.all;
import static io.nightshift.common.db.CommerceRows.execute;
import static io.nightshift.common.db.CommerceRows.product;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nightshift.common.testing.TestPostgres;
import java.math.BigDecimal;
import java.sql.Connection;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class StorefrontPricesTest {
    static final LocalDate DAY = LocalDate.of(2026, 3, 1);
    final DataSource db = TestPostgres.freshCommerceDatabase();

    StorefrontPrices.Price price(int id, String price) {
        return new StorefrontPrices.Price(id, "S" + id, new BigDecimal(price), "USD", DAY);
    }

    /** Loads {@code prices} into the copy and compares; swaps them in and logs when {@code commit}, else rolls back. */
    StorefrontPrices.Comparison publish(List<StorefrontPrices.Price> prices, boolean commit) throws Exception {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            StorefrontPrices storefront = new StorefrontPrices(c);
            storefront.lockAgainstOtherPublishers();
            storefront.createEmptyCopy();
            try (StorefrontPrices.Load load = storefront.load()) {
                for (StorefrontPrices.Price p : prices) {
                    load.add(p);
                }
                load.finish();
            }
            StorefrontPrices.Comparison comparison = storefront.compareWithLive(new BigDecimal("0.10"));
            if (commit) {
                storefront.buildIndexesAndGrants();
                storefront.swap(Duration.ofSeconds(2), 2);
                storefront.logPublication(new StorefrontPrices.Publication(
                        DAY, "publish", "published", prices.size(), false, null, null));
                c.commit();
            } else {
                c.rollback();
            }
            return comparison;
        }
    }

    @Test
    void aPublishReplacesTheLiveTableAndIsComparedWithIt() throws Exception {
        product(db, 1, 1, 0, 0);
        product(db, 2, 1, 0, 0);
        execute(
                db,
                "insert into storefront.product_prices (product_id, sku, price, run_date) values (1, 'S1', 10.00, '2026-02-28')");
        StorefrontPrices.Comparison first = publish(List.of(price(1, "12.00"), price(2, "5.00")), true);
        assertEquals(new StorefrontPrices.Comparison(1, 0, 1, 1, false), first);
        assertEquals(
                "1 S1 12.00 USD 2026-03-01;2 S2 5.00 USD 2026-03-01;",
                all(db, "select product_id, sku, price, currency, run_date from storefront.product_prices order by 1"));
        assertEquals(
                "2026-03-01 publish published 2 f;",
                all(db, "select run_date, kind, outcome, rows_published, forced from price_publications"));
        // The same set again: identical to the live table.
        assertEquals(
                new StorefrontPrices.Comparison(2, 0, 2, 0, true),
                publish(List.of(price(1, "12.00"), price(2, "5.00")), false));
        // The swapped-in table kept the live table's key.
        assertEquals(
                "product_prices_pkey;",
                all(
                        db,
                        "select conname from pg_constraint where conrelid = "
                                + "'storefront.product_prices'::regclass and contype = 'p'"));
    }

    @Test
    void aRolledBackPublishLeavesTheLiveTable() throws Exception {
        product(db, 1, 1, 0, 0);
        execute(
                db,
                "insert into storefront.product_prices (product_id, sku, price, run_date) values (1, 'S1', 10.00, '2026-02-28')");
        assertEquals(new StorefrontPrices.Comparison(1, 1, 0, 0, false), publish(List.of(), false));
        assertEquals("1 10.00;", all(db, "select product_id, price from storefront.product_prices"));
        assertEquals("0", CommerceRows.one(db, "select count(*) from pg_class where relname = 'product_prices_next'"));
    }
}
