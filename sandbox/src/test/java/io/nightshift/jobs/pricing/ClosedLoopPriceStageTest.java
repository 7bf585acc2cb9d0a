package io.nightshift.jobs.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.nightshift.common.config.ElasticitySettings;
import io.nightshift.common.config.ForecastStageSettings;
import io.nightshift.common.config.PricingSettings;
import io.nightshift.common.testing.TestSpark;
import io.nightshift.sandbox.pricing.ClosedLoopSimulation;
import io.nightshift.sandbox.pricing.LoopStrategy;
import io.nightshift.sandbox.sample.SampleShopSpec;
import io.nightshift.sandbox.sample.ShopHistory;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * A night of the closed-loop simulation prices every product exactly as the price stage's frames do when the
 * warehouse holds that night's inputs: the forecast, the elasticity with its interval, the stock, the safety stock,
 * the competitors' prices of the day and the previous night's prices.
 */
class ClosedLoopPriceStageTest {
    static final Config REFERENCE = ConfigFactory.defaultReference();
    static final StructType PRODUCTS = new StructType()
            .add("product_id", DataTypes.IntegerType)
            .add("sku", DataTypes.StringType)
            .add("category", DataTypes.StringType)
            .add("currency", DataTypes.StringType)
            .add("base_price", DataTypes.createDecimalType(12, 2))
            .add("unit_cost", DataTypes.createDecimalType(12, 2))
            .add("active", DataTypes.BooleanType)
            .add("launched_on", DataTypes.DateType);
    static final StructType INVENTORY = new StructType()
            .add("product_id", DataTypes.IntegerType)
            .add("day", DataTypes.DateType)
            .add("on_hand", DataTypes.IntegerType)
            .add("reserved", DataTypes.IntegerType);
    static final StructType SAFETY =
            new StructType().add("product_id", DataTypes.IntegerType).add("safety_stock", DataTypes.IntegerType);
    static final StructType COMPETITORS = new StructType()
            .add("product_id", DataTypes.IntegerType)
            .add("day", DataTypes.DateType)
            .add("price", DataTypes.createDecimalType(12, 2));
    static final StructType FORECAST = new StructType()
            .add("run_date", DataTypes.DateType)
            .add("product_id", DataTypes.IntegerType)
            .add("day", DataTypes.DateType)
            .add("yhat", DataTypes.DoubleType);
    static final StructType ELASTICITY = new StructType()
            .add("run_date", DataTypes.DateType)
            .add("product_id", DataTypes.IntegerType)
            .add("elasticity", DataTypes.DoubleType)
            .add("pooling_level", DataTypes.StringType)
            .add("ci_low", DataTypes.DoubleType)
            .add("ci_high", DataTypes.DoubleType);
    static final StructType PRICES = new StructType()
            .add("run_date", DataTypes.DateType)
            .add("product_id", DataTypes.IntegerType)
            .add("price", DataTypes.createDecimalType(12, 2));

    record Night(List<PricingInput> inputs, List<PriceDecision> decisions) {}

    @Test
    void aSimulatedNightPricesAsThePriceStageOnTheSameInputs() {
        ShopHistory shop = ShopHistory.simulate(new SampleShopSpec(
                12, 400, 0, 5L, LocalDate.of(2026, 11, 30), "US", "USD", ZoneId.of("America/New_York")));
        // Experiments on every product with any interval, so the night has experimental prices to compare as well.
        PricingSettings base = PricingSettings.from(REFERENCE);
        PricingSettings.ExperimentSettings e = base.experiments();
        PricingSettings pricing = base.withExperiments(
                new PricingSettings.ExperimentSettings(e.enabled(), 1.0, e.amplitude(), 0.0, 0.0, 0.2, e.seed()));
        ClosedLoopSimulation.Settings settings = new ClosedLoopSimulation.Settings(
                pricing, ForecastStageSettings.from(REFERENCE), ElasticitySettings.from(REFERENCE), "US", "");
        Map<LoopStrategy, List<Night>> nights = new HashMap<>();
        ClosedLoopSimulation.run(
                shop,
                new ClosedLoopSimulation.Plan(2, 1, 1L, List.of(LoopStrategy.RULES, LoopStrategy.OPTIMIZE_LEARN), 2),
                settings,
                (strategy, runDate, inputs, decisions) ->
                        nights.computeIfAbsent(strategy, s -> new ArrayList<>()).add(new Night(inputs, decisions)));

        SparkSession spark = TestSpark.session();
        LocalDate runDate = LocalDate.of(2026, 11, 29);
        int runDay = shop.dayCount() - 2;
        long experiments = 0;
        for (LoopStrategy strategy : List.of(LoopStrategy.RULES, LoopStrategy.OPTIMIZE_LEARN)) {
            Night first = nights.get(strategy).get(0);
            Night second = nights.get(strategy).get(1);
            List<Row> products = new ArrayList<>();
            List<Row> inventory = new ArrayList<>();
            List<Row> safety = new ArrayList<>();
            List<Row> competitors = new ArrayList<>();
            List<Row> forecast = new ArrayList<>();
            List<Row> elasticity = new ArrayList<>();
            List<Row> prices = new ArrayList<>();
            Date run = Date.valueOf(runDate);
            for (int i = 0; i < second.inputs().size(); i++) {
                PricingInput in = second.inputs().get(i);
                int p = indexOf(shop, in.productId());
                ShopHistory.Product product = shop.products().get(p);
                products.add(RowFactory.create(
                        in.productId(),
                        in.sku(),
                        in.category(),
                        "USD",
                        product.basePrice(),
                        product.unitCost(),
                        true,
                        null));
                inventory.add(RowFactory.create(in.productId(), run, in.onHand(), 0));
                safety.add(RowFactory.create(in.productId(), product.safetyStock()));
                int[] cents = shop.days(p).competitorCents();
                for (int c = 0; c < ShopHistory.competitors(); c++) {
                    int price = cents[runDay * ShopHistory.competitors() + c];
                    if (price > 0) {
                        competitors.add(RowFactory.create(in.productId(), run, BigDecimal.valueOf(price, 2)));
                    }
                }
                for (int k = 0; k < in.forecast().length; k++) {
                    forecast.add(RowFactory.create(
                            run, in.productId(), Date.valueOf(runDate.plusDays(k + 1L)), in.forecast()[k]));
                }
                if (in.elasticity() != null) {
                    elasticity.add(RowFactory.create(
                            run,
                            in.productId(),
                            in.elasticity(),
                            in.poolingLevel(),
                            in.elasticityLow(),
                            in.elasticityHigh()));
                }
                prices.add(RowFactory.create(
                        Date.valueOf(runDate.minusDays(1)),
                        in.productId(),
                        first.decisions().get(i).price()));
            }
            Dataset<Row> inputs = PriceFrames.inputs(
                    runDate,
                    pricing.horizonDays(),
                    spark.createDataFrame(products, PRODUCTS),
                    spark.createDataFrame(inventory, INVENTORY),
                    spark.createDataFrame(safety, SAFETY),
                    spark.createDataFrame(competitors, COMPETITORS),
                    spark.createDataFrame(forecast, FORECAST),
                    spark.createDataFrame(elasticity, ELASTICITY),
                    spark.createDataFrame(prices, PRICES));
            PricingSettings stageSettings = strategy.settings(pricing);
            Map<Integer, Row> stage = new HashMap<>();
            for (Row r : PriceFrames.decide(inputs, runDate, stageSettings).collectAsList()) {
                stage.put(r.getAs("product_id"), r);
            }

            assertEquals(second.inputs().size(), stage.size());
            for (int i = 0; i < second.inputs().size(); i++) {
                PriceDecision loop = second.decisions().get(i);
                Row row = stage.get(second.inputs().get(i).productId());
                String what =
                        strategy.label + " product " + second.inputs().get(i).productId();
                assertEquals(
                        0,
                        loop.price().compareTo(row.getAs("price")),
                        what + ": " + loop.price() + " vs " + row.getAs("price"));
                assertEquals(loop.reasonCodes(), row.getList(row.fieldIndex("reason_codes")), what);
                if (loop.reasonCodes().contains(ReasonCode.PRICE_EXPERIMENT.name())) {
                    experiments++;
                }
            }
        }
        assertTrue(experiments > 0, "the night had experimental prices");
    }

    private static int indexOf(ShopHistory shop, int productId) {
        for (int p = 0; p < shop.products().size(); p++) {
            if (shop.products().get(p).productId() == productId) {
                return p;
            }
        }
        throw new IllegalArgumentException("no product " + productId);
    }
}
