package io.nightshift.common.db;

import static io.nightshift.common.db.CommerceRows.all;
import static io.nightshift.common.db.CommerceRows.execute;
import static io.nightshift.common.db.CommerceRows.product;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.common.testing.TestPostgres;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class SubscriptionRepositoryTest {
    static final LocalDate BOX_DATE = LocalDate.of(2026, 3, 1);
    static final String ANN = "00000000-0000-0000-0000-000000000001";
    static final String BOB = "00000000-0000-0000-0000-000000000002";
    final DataSource db = TestPostgres.freshCommerceDatabase();
    final SubscriptionRepository subscriptions = new SubscriptionRepository(db);

    void customers() throws SQLException {
        execute(
                db,
                "insert into customers (customer_id, email, subscription_tier_id) values ('" + ANN
                        + "', 'ann@x', 1), ('" + BOB + "', 'bob@x', 2)");
    }

    @Test
    void replacingABoxDateTwiceWritesAndReservesItOnce() throws Exception {
        product(db, 1, 10, 1, 0);
        product(db, 2, 10, 0, 0);
        customers();
        List<SubscriptionRepository.BoxItem> items = List.of(
                new SubscriptionRepository.BoxItem(ANN, 1, 1, 0.12345),
                new SubscriptionRepository.BoxItem(BOB, 1, 2, 0.5),
                new SubscriptionRepository.BoxItem(BOB, 2, 2, 1.0));
        assertEquals(
                new SubscriptionRepository.Written(3, 2, 3), subscriptions.replaceBoxes(BOX_DATE, items.iterator()));
        assertEquals(
                new SubscriptionRepository.Written(3, 2, 3), subscriptions.replaceBoxes(BOX_DATE, items.iterator()));
        assertEquals(
                ANN + " 1 2026-03-01 1 0.1235;" + BOB + " 1 2026-03-01 2 0.5000;" + BOB + " 2 2026-03-01 2 1.0000;",
                all(
                        db,
                        "select customer_id, product_id, box_date, tier_id, curation_score from subscription_box_items order by 1, 2"));
        assertEquals("1 3;2 1;", all(db, "select product_id, reserved from inventory order by 1"));
        // A smaller box replaces the date's rows and gives back the rest of the reservation.
        subscriptions.replaceBoxes(BOX_DATE, List.of(items.get(0)).iterator());
        assertEquals("1 2;2 0;", all(db, "select product_id, reserved from inventory order by 1"));
        assertEquals(
                "2026-03-01 1 1;", all(db, "select box_date, product_id, units from subscription_box_reservations"));
    }

    @Test
    void stockBelowWhatTheBoxesUseWritesNothing() throws SQLException {
        product(db, 1, 1, 0, 1);
        customers();
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> subscriptions.replaceBoxes(
                        BOX_DATE,
                        List.of(new SubscriptionRepository.BoxItem(ANN, 1, 1, 0.5))
                                .iterator()));
        assertTrue(e.getMessage().contains("stock of product 1 changed"), e.getMessage());
        assertEquals("", all(db, "select * from subscription_box_items"));
        assertEquals("1 0;", all(db, "select product_id, reserved from inventory"));
    }
}
