package io.nightshift.jobs.pricing;

import static io.nightshift.jobs.pricing.PriceSets.NEW;
import static io.nightshift.jobs.pricing.PriceSets.OLD;
import static io.nightshift.jobs.pricing.PriceSets.base;
import static io.nightshift.jobs.pricing.PriceSets.live;
import static io.nightshift.jobs.pricing.PriceSets.newSet;
import static io.nightshift.jobs.pricing.PriceSets.oldSet;
import static io.nightshift.jobs.pricing.PriceSets.set;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.nightshift.common.config.PricingSettings;
import io.nightshift.common.testing.TestPostgres;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** publish-prices against real PostgreSQL: the swap, the circuit breaker, idempotence, the storefront role. */
class PricePublisherTest {
    static final PricingSettings SETTINGS = PricingSettings.from(ConfigFactory.defaultReference());
    final PricePublisher publisher = new PricePublisher(SETTINGS);
    DataSource db;

    @BeforeEach
    void database() {
        db = TestPostgres.freshCommerceDatabase();
    }

    PricePublisher.Outcome publish(List<PricePublisher.PriceRow> rows, PricePublisher.Request request)
            throws SQLException {
        try (Connection c = db.getConnection()) {
            return publisher.publish(c, rows.iterator(), request);
        }
    }

    PricePublisher.Outcome publish(List<PricePublisher.PriceRow> rows) throws SQLException {
        return publish(rows, PricePublisher.Request.publish(rows.get(0).runDate()));
    }

    PriceSets.Live live() throws SQLException {
        try (Connection c = db.getConnection()) {
            return PriceSets.live(c);
        }
    }

    String refusal(List<PricePublisher.PriceRow> rows) {
        PricePublisher.RefusedException e = assertThrows(PricePublisher.RefusedException.class, () -> publish(rows));
        assertFalse(e.getMessage().contains("\n"), "one line");
        return e.getMessage();
    }

    @Test
    void publishReplacesTheSetAndRepublishingChangesNothing() throws Exception {
        assertEquals(PricePublisher.Status.PUBLISHED, publish(oldSet(100)).status());
        assertTrue(live().isComplete(oldSet(100)));
        assertEquals(PricePublisher.Status.PUBLISHED, publish(newSet(100)).status());
        assertTrue(live().isComplete(newSet(100)));
        String before = query(
                "select string_agg(updated_at::text || price::text, ',' order by product_id) from storefront.product_prices");
        assertEquals(PricePublisher.Status.UNCHANGED, publish(newSet(100)).status());
        assertEquals(
                before,
                query(
                        "select string_agg(updated_at::text || price::text, ',' order by product_id) from storefront.product_prices"));
        assertEquals(
                "published,published,unchanged",
                query("select string_agg(outcome, ',' order by publication_id) from price_publications"));
    }

    @Test
    void aDoubledPriceIsRefused() throws Exception {
        publish(oldSet(100));
        // one price doubled is above its cap (1.5 x base)
        String message = refusal(set(100, NEW, id -> id == 7 ? base(id).multiply(BigDecimal.valueOf(2)) : base(id)));
        assertTrue(message.contains("1 price(s) above cap"), message);
        assertTrue(message.contains("storefront.product_prices unchanged"), message);
        assertTrue(live().isComplete(oldSet(100)));
        assertEquals("refused", query("select outcome from price_publications order by publication_id desc limit 1"));
    }

    @Test
    void manyLargeMovesAreRefused() throws Exception {
        publish(oldSet(100));
        // 25 of 100 products up 40% (still under the cap): more than 20% of products move more than 15%
        String message = refusal(set(
                100,
                NEW,
                id -> id <= 25 ? base(id).multiply(new BigDecimal("1.4")).setScale(2, RoundingMode.DOWN) : base(id)));
        assertTrue(message.contains("25% of the products (25 of 100) move by more than 15% (limit 20%)"), message);
        assertTrue(live().isComplete(oldSet(100)));
        // 20 of 100 is within the limit
        assertEquals(
                PricePublisher.Status.PUBLISHED,
                publish(set(
                                100,
                                NEW,
                                id -> id <= 20
                                        ? base(id).multiply(new BigDecimal("1.4"))
                                                .setScale(2, RoundingMode.DOWN)
                                        : base(id)))
                        .status());
    }

    @Test
    void aPriceBelowCostIsRefused() throws Exception {
        publish(oldSet(100));
        String message = refusal(set(100, NEW, id -> id == 3 ? new BigDecimal("4.99") : base(id)));
        assertTrue(message.contains("1 price(s) below cost"), message);
        assertTrue(live().isComplete(oldSet(100)));
    }

    @Test
    void halfTheProductsMissingIsRefused() throws Exception {
        publish(oldSet(100));
        String message = refusal(set(50, NEW, PriceSets::base));
        assertTrue(message.contains("50% of the live products (50 of 100) are missing (limit 10%)"), message);
        assertTrue(live().isComplete(oldSet(100)));
    }

    @Test
    void nullOrZeroPricesAreRefusedEvenWhenForced() throws Exception {
        publish(oldSet(10));
        List<PricePublisher.PriceRow> bad = set(10, NEW, id -> id == 1 ? null : id == 2 ? BigDecimal.ZERO : base(id));
        PricePublisher.RefusedException e = assertThrows(
                PricePublisher.RefusedException.class,
                () -> publish(
                        bad, new PricePublisher.Request(NEW, PricePublisher.Kind.PUBLISH, true, "testing", false)));
        assertTrue(e.getMessage().contains("2 null or zero price(s)"), e.getMessage());
        assertTrue(live().isComplete(oldSet(10)));
    }

    @Test
    void forceWithAReasonOverridesAndIsLogged() throws Exception {
        publish(oldSet(100));
        List<PricePublisher.PriceRow> half = set(50, NEW, PriceSets::base);
        PricePublisher.Outcome outcome = publish(
                half,
                new PricePublisher.Request(
                        NEW, PricePublisher.Kind.PUBLISH, true, "discontinued half the range", false));
        assertEquals(PricePublisher.Status.PUBLISHED, outcome.status());
        assertTrue(live().isComplete(half));
        assertEquals(
                "true|discontinued half the range|50% of the live products (50 of 100) are missing (limit 10%)",
                query(
                        "select forced || '|' || reason || '|' || breaker from price_publications order by publication_id desc limit 1"));
        assertThrows(
                IllegalArgumentException.class,
                () -> new PricePublisher.Request(NEW, PricePublisher.Kind.PUBLISH, true, " ", false));
    }

    @Test
    void aFirstPublishIsComparedWithTheBasePrices() throws Exception {
        // nothing published yet: every price 40% above base is refused, naming the median move
        String message = refusal(
                set(100, NEW, id -> base(id).multiply(new BigDecimal("1.4")).setScale(2, RoundingMode.DOWN)));
        assertTrue(message.contains("first publish: the median price moves 40"), message);
        assertTrue(message.contains("--force --reason"), message);
        assertEquals(0, live().rows());
        // a few products moving a lot is within the limits, as with a live table
        assertEquals(
                PricePublisher.Status.PUBLISHED,
                publish(set(
                                100,
                                NEW,
                                id -> id <= 10
                                        ? base(id).multiply(new BigDecimal("1.4"))
                                                .setScale(2, RoundingMode.DOWN)
                                        : base(id)))
                        .status());
    }

    @Test
    void rollbackSkipsTheMovementChecksButNotCostAndCap() throws Exception {
        publish(
                set(100, OLD, id -> base(id).multiply(new BigDecimal("1.4")).setScale(2, RoundingMode.DOWN)),
                new PricePublisher.Request(
                        OLD, PricePublisher.Kind.PUBLISH, true, "test: a first set far from base", false));
        PricePublisher.Request rollback =
                new PricePublisher.Request(NEW, PricePublisher.Kind.ROLLBACK, false, null, false);
        assertEquals(
                PricePublisher.Status.PUBLISHED,
                publish(set(100, NEW, PriceSets::base), rollback).status());
        assertThrows(
                PricePublisher.RefusedException.class,
                () -> publish(set(100, NEW, id -> new BigDecimal("1.00")), rollback));
    }

    @Test
    void readersSeeTheWholeOldOrTheWholeNewSetDuringPublishes() throws Exception {
        int n = 5_000;
        List<PricePublisher.PriceRow> a = oldSet(n);
        List<PricePublisher.PriceRow> b = newSet(n);
        publish(a);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong reads = new AtomicLong();
        AtomicReference<String> mixed = new AtomicReference<>();
        Thread reader = new Thread(
                () -> {
                    try (Connection c = db.getConnection()) {
                        while (running.get()) {
                            PriceSets.Live seen = PriceSets.live(c);
                            reads.incrementAndGet();
                            if (!seen.isComplete(a) && !seen.isComplete(b)) {
                                mixed.compareAndSet(null, seen.toString());
                            }
                        }
                    } catch (SQLException e) {
                        mixed.compareAndSet(null, e.toString());
                    }
                },
                "storefront-reader");
        Thread viewReader = new Thread(
                () -> {
                    // One prepared statement reused, as a storefront endpoint would: pgjdbc makes it a server-side
                    // prepared
                    // statement after 5 runs, whose cached plan must follow the view to each swapped-in table.
                    try (Connection c = db.getConnection();
                            PreparedStatement s = c.prepareStatement(
                                    "select count(*), coalesce(sum(current_price), 0) from storefront.product_price_api")) {
                        while (running.get()) {
                            try (ResultSet r = s.executeQuery()) {
                                r.next();
                                reads.incrementAndGet();
                                long rows = r.getLong(1);
                                BigDecimal total = r.getBigDecimal(2);
                                boolean whole = rows == n
                                        && (total.compareTo(PriceSets.total(a)) == 0
                                                || total.compareTo(PriceSets.total(b)) == 0);
                                if (!whole) {
                                    mixed.compareAndSet(null, "view: " + rows + " rows, total " + total);
                                }
                            }
                        }
                    } catch (SQLException e) {
                        mixed.compareAndSet(null, "view: " + e);
                    }
                },
                "storefront-api-reader");
        reader.start();
        viewReader.start();
        // Alternate the sets with a doubled price change of 5%: within the breaker's limits.
        for (int i = 0; i < 6; i++) {
            publish(i % 2 == 0 ? b : a);
        }
        running.set(false);
        reader.join();
        viewReader.join();
        assertEquals(null, mixed.get(), "a reader saw a mix");
        assertTrue(reads.get() > 5, "the reader ran: " + reads.get());
    }

    @Test
    void aReaderWhoseSnapshotPredatesTheSwapSeesTheWholeNewSet() throws Exception {
        publish(oldSet(1_000));
        try (Connection reader = db.getConnection();
                Statement s = reader.createStatement()) {
            reader.setAutoCommit(false);
            reader.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            // The snapshot is taken now, before the swap; the price table is not touched yet (no lock held).
            s.executeQuery("select 1 from price_publications limit 1").close();
            publish(newSet(1_000));
            // The renamed-in table's rows were loaded frozen: visible to this old snapshot, so not an empty table.
            assertTrue(
                    PriceSets.live(reader).isComplete(newSet(1_000)),
                    PriceSets.live(reader).toString());
            reader.rollback();
        }
    }

    @Test
    void theSwappedInTableKeepsTheLiveTablesConstraintsIndexesGrantsAndView() throws Exception {
        String catalog = """
                select (select string_agg(conname || ' ' || pg_get_constraintdef(oid), '; ' order by conname)
                          from pg_constraint where conrelid = 'storefront.product_prices'::regclass)
                    || ' | ' || (select string_agg(pg_get_indexdef(indexrelid), '; ' order by
                        indexrelid::regclass::text)
                          from pg_index where indrelid = 'storefront.product_prices'::regclass)
                    || ' | ' || (select string_agg(attname || ' ' || format_type(atttypid, atttypmod) || ' ' ||
                        attnotnull
                          || ' ' || coalesce(pg_get_expr(d.adbin, d.adrelid), ''), ', ' order by attnum)
                          from pg_attribute a left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
                          where attrelid = 'storefront.product_prices'::regclass and attnum > 0 and not attisdropped)
                    || ' | ' || (select relacl::text from pg_class where oid = 'storefront.product_prices'::regclass)
                    || ' | ' || pg_get_viewdef('storefront.product_price_api'::regclass)
                    || ' | ' || (select relacl::text from pg_class where oid = 'storefront.product_price_api'::regclass)
                    || ' | ' || (select string_agg(relname, ',' order by relname) from pg_class
                          where relnamespace = 'storefront'::regnamespace)""";
        String migrated = query(catalog);
        assertTrue(migrated.contains("product_prices_pkey PRIMARY KEY (product_id)"), migrated);
        assertTrue(migrated.contains("storefront_reader=r/"), migrated);
        publish(oldSet(100));
        publish(newSet(100));
        assertEquals(
                migrated, query(catalog), "after two swaps the storefront's table, view and grants are as migrated");
        try (Connection c = db.getConnection();
                Statement s = c.createStatement()) {
            SQLException duplicate = assertThrows(
                    SQLException.class,
                    () -> s.execute(
                            "insert into storefront.product_prices (product_id, sku, price, run_date) values (1, 'other', 1, current_date)"));
            assertEquals("23505", duplicate.getSQLState(), "the primary key is enforced");
            SQLException zero = assertThrows(
                    SQLException.class,
                    () -> s.execute(
                            "insert into storefront.product_prices (product_id, sku, price, run_date) values (100000, 'other', 0, current_date)"));
            assertEquals("23514", zero.getSQLState(), "the price check is enforced");
        }
    }

    @Test
    void aSessionHoldingTheTableMakesThePublishGiveUpAndChangeNothing() throws Exception {
        publish(oldSet(100));
        PricePublisher patient =
                new PricePublisher(SETTINGS.publish(), SETTINGS.rules().unknownCostRatio(), Duration.ofMillis(200), 2);
        try (Connection analyst = db.getConnection();
                Statement s = analyst.createStatement()) {
            // An open transaction that has read the table holds a lock the swap must wait for.
            analyst.setAutoCommit(false);
            s.executeQuery("select count(*) from storefront.product_prices").close();
            try (Connection c = db.getConnection()) {
                SQLException e = assertThrows(
                        SQLException.class,
                        () -> patient.publish(c, newSet(100).iterator(), PricePublisher.Request.publish(NEW)));
                assertTrue(e.getMessage().contains("another session held it"), e.getMessage());
            }
            assertTrue(PriceSets.live(analyst).isComplete(oldSet(100)));
            analyst.rollback();
        }
        try (Connection c = db.getConnection()) {
            assertEquals(
                    PricePublisher.Status.PUBLISHED,
                    patient.publish(c, newSet(100).iterator(), PricePublisher.Request.publish(NEW))
                            .status());
        }
        assertTrue(live().isComplete(newSet(100)));
    }

    @Test
    void storefrontReaderReadsTheStorefrontSchemaOnly() throws Exception {
        publish(oldSet(3));
        try (Connection c = db.getConnection();
                Statement s = c.createStatement()) {
            s.execute("set role storefront_reader");
            try (ResultSet r = s.executeQuery(
                    "select product_id, current_price, currency, \"timestamp\" from storefront.product_price_api where product_id = 2")) {
                assertTrue(r.next());
                assertEquals(new BigDecimal("10.02"), r.getBigDecimal("current_price"));
                assertEquals("USD", r.getString("currency"));
                assertTrue(r.getLong("timestamp") > 1_700_000_000L);
            }
            for (String write : List.of(
                    "insert into storefront.product_prices (product_id, sku, price, run_date) values (9, 'x', 1, current_date)",
                    "update storefront.product_prices set price = 1",
                    "delete from storefront.product_prices",
                    "truncate storefront.product_prices",
                    "create table storefront.evil (x int)",
                    "select * from products",
                    "select * from price_publications")) {
                SQLException denied = assertThrows(SQLException.class, () -> s.execute(write), write);
                assertEquals("42501", denied.getSQLState(), write + ": " + denied.getMessage());
            }
            s.execute("reset role");
        }
        assertTrue(live().isComplete(oldSet(3)));
    }

    private String query(String sql) throws SQLException {
        try (Connection c = db.getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (r.next()) {
                values.add(r.getString(1));
            }
            return String.join("\n", values);
        }
    }
}
