package io.nightshift.common.db;

import static io.nightshift.common.db.CommerceRows.all;
import static io.nightshift.common.db.CommerceRows.one;
import static io.nightshift.common.db.CommerceRows.product;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.common.testing.TestPostgres;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class OrderRepositoryTest {
    static final Instant ORDERED = Instant.parse("2026-03-01T10:00:00Z");
    final DataSource db = TestPostgres.freshCommerceDatabase();
    final OrderRepository orders = new OrderRepository(db);
    final OrderRepository.MarketplaceLine key = new OrderRepository.MarketplaceLine("ebay", "E-1", "L-1");

    OrderRepository.Order order(String status, Instant updatedAt) {
        return new OrderRepository.Order(
                "MEB-E-1", "ebay", "E-1", "a@b.c", ORDERED, status, "USD", new BigDecimal("19.98"), updatedAt);
    }

    OrderRepository.Line line(int lineNo, int quantity) {
        return new OrderRepository.Line(
                "MEB-E-1", lineNo, 1, quantity, new BigDecimal("9.99"), "ebay", ORDERED, ORDERED);
    }

    @Test
    void anOrderUpdateNeverOverwritesANewerOne() throws SQLException {
        product(db, 1, 10, 0, 0);
        orders.inOneTransaction(tx -> {
            tx.upsertOrder(order("paid", ORDERED.plusSeconds(60)));
            tx.upsertOrder(order("cancelled", ORDERED)); // older: ignored
            return null;
        });
        assertEquals(
                "MEB-E-1 ebay E-1 a@b.c paid USD 19.98;",
                all(
                        db,
                        "select order_id, channel, external_id, customer_email, status, currency, total_price from orders"));
        orders.inOneTransaction(tx -> {
            tx.upsertOrder(order("shipped", ORDERED.plusSeconds(120)));
            return null;
        });
        assertEquals("shipped", one(db, "select status from orders"));
    }

    @Test
    void aLineIsAppliedOnceAndTakesNoMoreThanIsOnHand() throws SQLException {
        product(db, 1, 2, 0, 0);
        int taken = orders.inOneTransaction(tx -> {
            tx.upsertOrder(order("paid", ORDERED));
            assertFalse(tx.isApplied(key));
            assertEquals(1, tx.nextLineNo("MEB-E-1"));
            assertTrue(tx.insertApplied(key, line(1, 3), false));
            tx.insertLine(line(1, 3));
            int units = tx.takeStock(key, 1, 3);
            tx.recordMovement(1, -units, "marketplace_order", "ebay:E-1:L-1");
            return units;
        });
        assertEquals(2, taken);
        assertEquals("0", one(db, "select on_hand from inventory where product_id = 1"));
        assertEquals(
                "MEB-E-1 1 1 3 9.99 ebay;",
                all(db, "select order_id, line_no, product_id, quantity, unit_price, channel from order_lines"));
        assertEquals(
                "MEB-E-1 1 2 f;",
                all(db, "select order_id, line_no, decremented, restored from marketplace_applied_lines"));
        assertEquals(
                "1 -2 marketplace_order ebay:E-1:L-1;",
                all(db, "select product_id, delta, reason, reference from stock_movements"));
        orders.inOneTransaction(tx -> {
            assertTrue(tx.isApplied(key));
            assertEquals(2, tx.nextLineNo("MEB-E-1"));
            assertFalse(tx.insertApplied(key, line(2, 3), false));
            return null;
        });
        assertEquals("1", one(db, "select count(*) from marketplace_applied_lines"));
    }

    @Test
    void aReleasedLineGivesBackWhatItTookOnce() throws SQLException {
        product(db, 1, 5, 0, 0);
        orders.inOneTransaction(tx -> {
            tx.upsertOrder(order("paid", ORDERED));
            tx.insertApplied(key, line(1, 2), false);
            tx.insertLine(line(1, 2));
            return tx.takeStock(key, 1, 2);
        });
        Optional<OrderRepository.Taken> first = orders.inOneTransaction(tx -> {
            Optional<OrderRepository.Taken> taken = tx.markRestored(key);
            tx.giveBackStock(taken.get().productId(), taken.get().units());
            return taken;
        });
        assertEquals(Optional.of(new OrderRepository.Taken(1, 2)), first);
        assertEquals(Optional.empty(), orders.inOneTransaction(tx -> tx.markRestored(key)));
        assertEquals("5", one(db, "select on_hand from inventory where product_id = 1"));
        assertEquals("t", one(db, "select restored from marketplace_applied_lines"));
    }

    @Test
    void aFailedPageLeavesNothing() throws SQLException {
        product(db, 1, 5, 0, 0);
        assertThrows(
                IllegalStateException.class,
                () -> orders.inOneTransaction(tx -> {
                    tx.upsertOrder(order("paid", ORDERED));
                    tx.insertApplied(key, line(1, 2), false);
                    tx.insertLine(line(1, 2));
                    tx.takeStock(key, 1, 2);
                    throw new IllegalStateException("connector failed mid-page");
                }));
        assertEquals("0", one(db, "select count(*) from orders"));
        assertEquals("0", one(db, "select count(*) from marketplace_applied_lines"));
        assertEquals("5", one(db, "select on_hand from inventory where product_id = 1"));
    }
}
