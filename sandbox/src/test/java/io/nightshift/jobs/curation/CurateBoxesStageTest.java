package io.nightshift.jobs.curation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.common.catalog.TableCatalog;
import io.nightshift.common.catalog.Tables;
import io.nightshift.common.config.NightshiftConfig;
import io.nightshift.common.testing.TestPostgres;
import io.nightshift.common.testing.TestSpark;
import io.nightshift.jobs.stage.StageContext;
import io.nightshift.sandbox.sample.SampleShopGenerator;
import io.nightshift.sandbox.sample.SampleShopSpec;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** curate-boxes end to end on a generated shop, checked against the acceptance list. */
class CurateBoxesStageTest {
    static final LocalDate LAST_DAY = LocalDate.of(2026, 10, 31);
    static final LocalDate BOX_DATE = LocalDate.of(2026, 11, 1);
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-01T07:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path home;

    @Test
    void everyActiveSubscriberGetsABoxWithinTheRulesAndARerunChangesNothing() throws Exception {
        String database = "curation_shop";
        DataSource db = TestPostgres.commerceDatabase(database);
        SampleShopSpec spec = new SampleShopSpec(40, 30, 60, 3, LAST_DAY, "US", "USD", ZoneId.of("America/New_York"));
        new SampleShopGenerator(spec).generate(home.resolve("landing"), home.resolve("truth"), db);
        NightshiftConfig config = NightshiftConfig.load(
                Optional.empty(),
                Map.of(
                        "NIGHTSHIFT_HOME", home.toString(),
                        "NIGHTSHIFT_WAREHOUSE", home.resolve("wh").toString(),
                        "NIGHTSHIFT_JDBC_URL", TestPostgres.jdbcUrl(database),
                        "NIGHTSHIFT_JDBC_USER", "postgres"));

        try (StageContext context = new StageContext(config, false, CLOCK)) {
            new CurateBoxesStage().run(context, LAST_DAY);
        }
        List<String> boxes = dbRows(
                db,
                "select customer_id || ' ' || product_id || ' ' || tier_id || ' ' || curation_score"
                        + " from subscription_box_items where box_date = date '" + BOX_DATE + "' order by 1");
        List<String> reserved = dbRows(db, "select product_id || ' ' || reserved from inventory order by product_id");
        TableCatalog catalog = new TableCatalog(config.storage().warehouse());
        List<Row> gold = catalog.read(TestSpark.session(), Tables.NEXT_BOX_ITEMS)
                .orderBy("customer_id", "rank")
                .collectAsList();

        assertEquals(
                List.of(),
                dbRows(
                        db,
                        "select c.customer_id::text from customers c where c.subscription_status = 'active'"
                                + " and not exists (select 1 from subscription_box_items b where b.customer_id = c.customer_id"
                                + " and b.box_date = date '" + BOX_DATE + "')"),
                "every active subscriber has a box");
        assertEquals(
                List.of(),
                dbRows(
                        db,
                        "select b.customer_id::text from subscription_box_items b"
                                + " join subscription_tiers t on t.tier_id = b.tier_id where b.box_date = date '"
                                + BOX_DATE + "'"
                                + " group by b.customer_id, t.product_limit having count(*) > t.product_limit"),
                "no box exceeds its tier's limit");
        assertEquals(
                List.of(),
                dbRows(
                        db,
                        "select n.customer_id || ' ' || n.product_id from subscription_box_items n"
                                + " join subscription_box_items h on h.customer_id = n.customer_id and h.product_id = n.product_id"
                                + " and h.box_date < n.box_date and n.box_date - h.box_date <= 90"),
                "no product repeats within 90 days");
        assertEquals(
                List.of(),
                dbRows(
                        db,
                        "select product_id::text from inventory where reserved > 0 and reserved + safety_stock > on_hand"),
                "boxes never use stock that is not there");
        assertEquals(
                List.of(),
                dbRows(
                        db,
                        "select r.product_id::text from subscription_box_reservations r left join"
                                + " (select product_id, count(*) n from subscription_box_items where box_date = date '"
                                + BOX_DATE + "' group by 1) b"
                                + " using (product_id) join inventory i using (product_id) where r.units <> b.n or i.reserved <> r.units"),
                "each product's reservation is exactly the units its box rows use");
        assertEquals(boxes.size(), gold.size(), "gold.next_box_items and subscription_box_items agree");
        assertTrue(boxes.size() >= 3 * 50, "boxes are filled: " + boxes.size() + " items");

        // A rerun for the same date: identical boxes, the same reservation (not doubled).
        try (StageContext context = new StageContext(config, false, CLOCK)) {
            new CurateBoxesStage().run(context, LAST_DAY);
        }
        assertEquals(
                boxes,
                dbRows(
                        db,
                        "select customer_id || ' ' || product_id || ' ' || tier_id || ' ' || curation_score"
                                + " from subscription_box_items where box_date = date '" + BOX_DATE + "' order by 1"));
        assertEquals(reserved, dbRows(db, "select product_id || ' ' || reserved from inventory order by product_id"));
        assertEquals(
                gold,
                catalog.read(TestSpark.session(), Tables.NEXT_BOX_ITEMS)
                        .orderBy("customer_id", "rank")
                        .collectAsList());
    }

    static List<String> dbRows(DataSource db, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
