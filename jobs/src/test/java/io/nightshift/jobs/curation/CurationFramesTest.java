package io.nightshift.jobs.curation;

import static io.nightshift.jobs.curation.TinyShop.BOX_DATE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nightshift.common.testing.TestSpark;
import java.sql.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The frame-level rules on hand-written rows: who is due, the no-repeat window, feedback weights, box stock. */
class CurationFramesTest {

    @Test
    void aProductSentEightyNineOrNinetyDaysBeforeTheBoxDateIsExcludedButNotNinetyOne() {
        TinyShop shop = new TinyShop()
                .customer("c1", 1)
                .sent("c1", 89, BOX_DATE.minusDays(89), 4)
                .sent("c1", 90, BOX_DATE.minusDays(90), 4)
                .sent("c1", 91, BOX_DATE.minusDays(91), 4)
                .sent("c1", 7, BOX_DATE, 4); // the box date's own rows (an earlier run) are not history
        CurateBoxesStage.Inputs in = shop.inputs();
        Dataset<Row> due = Subscriptions.due(in.customers(), in.tiers(), BOX_DATE);
        Dataset<Row> profiles = Candidates.profiles(
                due,
                in.preferences(),
                in.boxHistory(),
                Interactions.build(
                        in.boxHistory(),
                        in.purchases(),
                        BOX_DATE,
                        TinyShop.settings("").als()),
                TestSpark.session()
                        .createDataFrame(
                                List.of(),
                                new StructType()
                                        .add("customer_id", DataTypes.StringType)
                                        .add("factors", DataTypes.createArrayType(DataTypes.FloatType))),
                BOX_DATE,
                90);
        Row c1 = profiles.head();
        assertEquals(List.of(89, 90), c1.getList(c1.fieldIndex("recent_products")));
        assertEquals(3L, c1.<Long>getAs("interactions"));
    }

    @Test
    void activeSubscribersDueOnTheBoxDateWithAReasonWhenTheyCannotGetABox() {
        TinyShop shop = new TinyShop()
                .customer("ok", 2)
                .customer("no-tier", null)
                .customer("unknown-tier", 9)
                .customer("closed-tier", 4)
                .customer("paused", 1, "paused");
        shop.tiers.add(RowFactory.create(4, "Closed", 19.99, 0));
        shop.customers.add(RowFactory.create("later", 1, "active", Date.valueOf(BOX_DATE.plusMonths(1))));
        shop.customers.add(RowFactory.create("unset", 1, "active", null));
        CurateBoxesStage.Inputs in = shop.inputs();
        Map<String, String> reasons = new TreeMap<>();
        for (Row r : Subscriptions.due(in.customers(), in.tiers(), BOX_DATE).collectAsList()) {
            reasons.put(r.getString(0), r.isNullAt(5) ? "due" : r.getString(5));
        }
        assertEquals(
                Map.of(
                        "ok",
                        "due",
                        "unset",
                        "due",
                        "no-tier",
                        "customer has no subscription tier",
                        "unknown-tier",
                        "unknown subscription tier 9",
                        "closed-tier",
                        "tier Closed has product_limit 0"),
                reasons);
        assertEquals(Optional.of(BOX_DATE), Subscriptions.nextBoxDate(in.customers(), BOX_DATE.minusDays(30)));
        assertEquals(Optional.of(BOX_DATE.plusMonths(1)), Subscriptions.nextBoxDate(in.customers(), BOX_DATE));
    }

    @Test
    void feedbackWeighsPurchasedUnitsAndRatingsAroundNeutralOverTheHistoryWindow() {
        TinyShop shop = new TinyShop()
                .sent("c1", 1, BOX_DATE.minusMonths(1), 5) // +1.5 (rating-neutral 3.5)
                .sent("c1", 2, BOX_DATE.minusMonths(1), 1) // -2.5
                .sent("c1", 3, BOX_DATE.minusMonths(1), null) // unrated: no signal
                .bought("c1", 1, BOX_DATE.minusDays(3), 7) // capped at 3 units
                .bought("c1", 4, BOX_DATE.minusDays(400), 1) // outside the 365-day window
                .bought("c2", 4, BOX_DATE.minusDays(1), 1);
        CurateBoxesStage.Inputs in = shop.inputs();
        Dataset<Row> interactions = Interactions.build(
                in.boxHistory(), in.purchases(), BOX_DATE, TinyShop.settings("").als());
        Map<String, Double> weights = new TreeMap<>();
        interactions.collectAsList().forEach(r -> weights.put(r.getString(0) + "/" + r.getInt(1), r.getDouble(2)));
        assertEquals(Map.of("c1/1", 4.5, "c1/2", -2.5, "c2/4", 1.0), weights);
        Map<Integer, Double> popularity = new TreeMap<>();
        Interactions.popularity(interactions).collectAsList().forEach(r -> popularity.put(r.getInt(0), r.getDouble(1)));
        assertEquals(Map.of(1, 1.0, 4, 1.0), popularity);
    }

    @Test
    void boxStockIsFreeStockLessTheChannelsShareCountingThisBoxDatesOwnReservationAsFree() {
        Dataset<Row> inventory = TestSpark.session()
                .createDataFrame(
                        List.of(
                                RowFactory.create(1, 100, 30, 10, null), // free 60, channels keep 15 -> 45
                                RowFactory.create(
                                        2, 100, 30, 10, 20), // our earlier 20 come back: free 80, channels 20 -> 60
                                RowFactory.create(3, 5, 10, 0, null)), // over-reserved: 0
                        new StructType()
                                .add("product_id", DataTypes.IntegerType)
                                .add("on_hand", DataTypes.IntegerType)
                                .add("reserved", DataTypes.IntegerType)
                                .add("safety_stock", DataTypes.IntegerType)
                                .add("own_reservation", DataTypes.IntegerType));
        Map<Integer, Integer> units = new TreeMap<>();
        BoxStock.available(inventory, 0.25, 0).collectAsList().forEach(r -> units.put(r.getInt(0), r.getInt(1)));
        assertEquals(Map.of(1, 45, 2, 60, 3, 0), units);
        units.clear();
        BoxStock.available(inventory, 0.0, 5).collectAsList().forEach(r -> units.put(r.getInt(0), r.getInt(1)));
        assertEquals(Map.of(1, 55, 2, 75, 3, 0), units);
    }
}
