package io.nightshift.jobs.curation;

import com.typesafe.config.ConfigFactory;
import io.nightshift.common.config.CurationSettings;
import io.nightshift.common.testing.TestSpark;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Hand-written subscription data for curation tests, built row by row and turned into the stage's input frames. */
final class TinyShop {
    static final LocalDate BOX_DATE = LocalDate.of(2026, 12, 1);

    final List<Row> customers = new ArrayList<>();
    final List<Row> tiers = new ArrayList<>(List.of(
            RowFactory.create(1, "Basic", 29.99, 3),
            RowFactory.create(2, "Premium", 59.99, 5),
            RowFactory.create(3, "Elite", 99.99, 7)));
    final List<Row> preferences = new ArrayList<>();
    final List<Row> products = new ArrayList<>();
    final List<Row> attributes = new ArrayList<>();
    final List<Row> productTiers = new ArrayList<>();
    final List<Row> boxHistory = new ArrayList<>();
    final List<Row> purchases = new ArrayList<>();
    final List<Row> inventory = new ArrayList<>();

    static CurationSettings settings(String overrides) {
        return CurationSettings.from(ConfigFactory.parseString(overrides)
                .withFallback(ConfigFactory.defaultReference())
                .resolve());
    }

    TinyShop customer(String id, Integer tier) {
        customers.add(RowFactory.create(id, tier, "active", Date.valueOf(BOX_DATE)));
        return this;
    }

    TinyShop customer(String id, Integer tier, String status) {
        customers.add(RowFactory.create(id, tier, status, Date.valueOf(BOX_DATE)));
        return this;
    }

    TinyShop prefer(String customer, String key, String value, int strength) {
        preferences.add(RowFactory.create(customer, key, value, strength));
        return this;
    }

    /** A product in the given tiers with price, stock 100, attributes as key, value pairs (category first). */
    TinyShop product(int id, String category, double price, int[] inTiers, String... keyValues) {
        products.add(RowFactory.create(id, category, price, true, Date.valueOf(BOX_DATE.minusYears(1))));
        if (category != null) {
            attributes.add(RowFactory.create(id, "category", category));
        }
        for (int i = 0; i < keyValues.length; i += 2) {
            attributes.add(RowFactory.create(id, keyValues[i], keyValues[i + 1]));
        }
        for (int t : inTiers) {
            productTiers.add(RowFactory.create(id, t));
        }
        inventory.add(RowFactory.create(id, 100, 0, 0, null));
        return this;
    }

    TinyShop stock(int product, int onHand) {
        inventory.removeIf(r -> r.getInt(0) == product);
        inventory.add(RowFactory.create(product, onHand, 0, 0, null));
        return this;
    }

    TinyShop sent(String customer, int product, LocalDate boxDate, Integer rating) {
        boxHistory.add(RowFactory.create(customer, product, Date.valueOf(boxDate), rating));
        return this;
    }

    TinyShop bought(String customer, int product, LocalDate day, int quantity) {
        purchases.add(RowFactory.create(customer, product, Date.valueOf(day), quantity));
        return this;
    }

    CurateBoxesStage.Inputs inputs() {
        SparkSession spark = TestSpark.session();
        return new CurateBoxesStage.Inputs(
                spark.createDataFrame(
                        customers,
                        new StructType()
                                .add("customer_id", DataTypes.StringType)
                                .add("subscription_tier_id", DataTypes.IntegerType)
                                .add("subscription_status", DataTypes.StringType)
                                .add("next_box_date", DataTypes.DateType)),
                spark.createDataFrame(
                        tiers,
                        new StructType()
                                .add("tier_id", DataTypes.IntegerType)
                                .add("tier_name", DataTypes.StringType)
                                .add("price", DataTypes.DoubleType)
                                .add("product_limit", DataTypes.IntegerType)),
                spark.createDataFrame(
                        preferences,
                        new StructType()
                                .add("customer_id", DataTypes.StringType)
                                .add("preference_key", DataTypes.StringType)
                                .add("preference_value", DataTypes.StringType)
                                .add("strength", DataTypes.IntegerType)),
                spark.createDataFrame(
                        products,
                        new StructType()
                                .add("product_id", DataTypes.IntegerType)
                                .add("category", DataTypes.StringType)
                                .add("base_price", DataTypes.DoubleType)
                                .add("active", DataTypes.BooleanType)
                                .add("launched_on", DataTypes.DateType)),
                spark.createDataFrame(
                        attributes,
                        new StructType()
                                .add("product_id", DataTypes.IntegerType)
                                .add("attribute_key", DataTypes.StringType)
                                .add("attribute_value", DataTypes.StringType)),
                spark.createDataFrame(
                        productTiers,
                        new StructType()
                                .add("product_id", DataTypes.IntegerType)
                                .add("tier_id", DataTypes.IntegerType)),
                boxHistoryFrame(),
                spark.createDataFrame(
                        purchases,
                        new StructType()
                                .add("customer_id", DataTypes.StringType)
                                .add("product_id", DataTypes.IntegerType)
                                .add("day", DataTypes.DateType)
                                .add("quantity", DataTypes.IntegerType)),
                spark.createDataFrame(
                        inventory,
                        new StructType()
                                .add("product_id", DataTypes.IntegerType)
                                .add("on_hand", DataTypes.IntegerType)
                                .add("reserved", DataTypes.IntegerType)
                                .add("safety_stock", DataTypes.IntegerType)
                                .add("own_reservation", DataTypes.IntegerType)));
    }

    Dataset<Row> boxHistoryFrame() {
        return TestSpark.session()
                .createDataFrame(
                        boxHistory,
                        new StructType()
                                .add("customer_id", DataTypes.StringType)
                                .add("product_id", DataTypes.IntegerType)
                                .add("box_date", DataTypes.DateType)
                                .add("rating", DataTypes.IntegerType));
    }

    static int[] tiers(int... t) {
        return t;
    }
}
