package io.nightshift.jobs.readiness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.common.catalog.TableSpec;
import io.nightshift.common.catalog.Tables;
import io.nightshift.common.config.PricingSettings;
import io.nightshift.common.testing.TestSpark;
import io.nightshift.jobs.readiness.DataReadiness.ProductProfile;
import io.nightshift.jobs.readiness.DataReadiness.Summary;
import io.nightshift.jobs.readiness.DataReadiness.Thresholds;
import io.nightshift.jobs.readiness.ReadinessReport.Feed;
import io.nightshift.jobs.readiness.ReadinessReport.FeedState;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The readiness figures on hand-written frames and profiles. */
class DataReadinessTest {
    static final LocalDate D = LocalDate.of(2026, 3, 10);
    static final Thresholds DEFAULTS = new Thresholds(
            1096, 56, 28, 0.3, 730, 60, 3, 20, true, PricingSettings.Strategy.OPTIMIZE, 0.10, 0.70, 30, 365);
    static SparkSession spark;

    @BeforeAll
    static void session() {
        spark = TestSpark.session();
    }

    static Date day(int offset) {
        return Date.valueOf(D.plusDays(offset));
    }

    static Dataset<Row> frame(TableSpec spec, List<Row> rows) {
        return spark.createDataFrame(rows, spec.schema().orElseThrow());
    }

    static Row sale(int product, int offset, long units, String price, boolean stockout) {
        return RowFactory.create(
                product,
                day(offset),
                units,
                price == null ? BigDecimal.ZERO.setScale(2) : new BigDecimal(price).multiply(BigDecimal.valueOf(units)),
                price == null ? null : new BigDecimal(price),
                units > 0 ? 1L : 0L,
                stockout,
                0L,
                price == null ? null : "order_lines");
    }

    static Row product(int id, boolean active, String category, String cost) {
        return RowFactory.create(
                id,
                "SKU-" + id,
                "p" + id,
                category,
                null,
                new BigDecimal("10.00"),
                cost == null ? null : new BigDecimal(cost),
                "EUR",
                active,
                null,
                Timestamp.valueOf("2026-01-01 00:00:00"));
    }

    static Dataset<Row> products() {
        return frame(
                Tables.PRODUCTS,
                List.of(
                        product(1, true, "coffee", "4.00"),
                        product(2, true, "tea", null),
                        product(3, false, null, null)));
    }

    static Dataset<Row> sales() {
        return frame(
                Tables.SALES_DAILY,
                List.of(
                        sale(1, -9, 0, null, false),
                        sale(1, -8, 2, "10.00", false),
                        sale(1, -7, 0, null, false),
                        sale(1, -6, 0, null, false),
                        sale(1, -5, 3, "12.00", false),
                        sale(1, -4, 0, null, false),
                        sale(1, -3, 0, null, true),
                        sale(1, -2, 1, "10.00", false),
                        sale(1, -1, 0, null, false),
                        sale(1, 0, 2, "11.50", false),
                        sale(1, 1, 5, "9.00", false),
                        sale(2, -1, 0, null, false),
                        sale(2, 0, 0, null, false)));
    }

    static Map<Integer, Row> byProduct(Dataset<Row> frame) {
        return frame.collectAsList().stream().collect(Collectors.toMap(r -> r.<Integer>getAs("product_id"), r -> r));
    }

    @Test
    void measuresHistoryDemandPatternAndPricesPerProductUpToTheAsOfDayWithoutStockOutDays() {
        Map<Integer, Row> rows = byProduct(DataReadiness.perProduct(sales(), products(), D, 10, 5, 3));
        assertEquals(3, rows.size(), "every product of silver.products, with or without sales");

        Row one = rows.get(1);
        assertEquals(day(-8), one.getAs("first_sale"));
        assertEquals(9, one.<Integer>getAs("history_days"), "D-8 to D, both counted");
        assertEquals(9L, one.<Long>getAs("observed_days"), "ten days, one stocked out; the day after D left out");
        assertEquals(5L, one.<Long>getAs("zero_days"));
        assertEquals(1L, one.<Long>getAs("stockout_days"));
        assertEquals(2.0, one.<Double>getAs("adi"), 1e-9, "8 observed days since the first sale, 4 with a sale");
        assertEquals(0.125, one.<Double>getAs("cv2"), 1e-9, "sizes 2, 3, 1, 2: variance 0.5 over mean² 4");
        assertEquals(4L, one.<Long>getAs("usable_days"), "D-4..D without the stock-out");
        assertEquals(2L, one.<Long>getAs("distinct_prices"), "10.00 and 11.50 in the last 5 days; 12.00 is older");
        assertEquals(3L, one.<Long>getAs("window_units"));
        assertEquals(3L, one.<Long>getAs("recent_units"), "D-2..D");
        assertTrue(one.<Boolean>getAs("has_cost"));

        Row two = rows.get(2);
        assertNull(two.getAs("first_sale"));
        assertNull(two.getAs("history_days"));
        assertNull(two.getAs("adi"), "no day with a sale: no interval");
        assertEquals(2L, two.<Long>getAs("zero_days"));
        assertEquals(0L, two.<Long>getAs("usable_days"), "no price known: the elasticity stage has no usable day");
        assertFalse(two.<Boolean>getAs("has_cost"));

        Row three = rows.get(3);
        assertEquals(0L, three.<Long>getAs("observed_days"));
        assertFalse(three.<Boolean>getAs("active"));
        assertFalse(three.<Boolean>getAs("has_category"));
    }

    @Test
    void aFeedCoversAProductOnlyWithARowInsideItsWindow() {
        Dataset<Row> traffic = frame(
                Tables.TRAFFIC_DAILY,
                List.of(RowFactory.create(1, day(-3), 10L, 8L, 1L), RowFactory.create(2, day(-20), 10L, 8L, 1L)));
        Map<Integer, Row> rows = byProduct(DataReadiness.withFeed(
                DataReadiness.perProduct(sales(), products(), D, 10, 5, 3), traffic, "traffic", D.minusDays(4), D));
        assertTrue(rows.get(1).<Boolean>getAs("traffic"));
        assertFalse(rows.get(2).<Boolean>getAs("traffic"), "its only row is before the window");
        assertFalse(rows.get(3).<Boolean>getAs("traffic"));
        assertTrue(ProductProfile.of(rows.get(1)).traffic());
        assertFalse(ProductProfile.of(rows.get(1)).stock(), "a column not added counts as not covered");
    }

    @Test
    void spanGivesTheFirstAndLastDayAndTheRowsUpToTheAsOfDay() {
        Row span = DataReadiness.span(sales(), D).first();
        assertEquals(day(-9), span.getAs("first_day"));
        assertEquals(day(0), span.getAs("last_day"));
        assertEquals(12L, span.<Long>getAs("rows"));
    }

    static ProductProfile profile(
            int id,
            Integer history,
            long observed,
            long zeros,
            Double adi,
            Double cv2,
            long usable,
            long prices,
            long units) {
        return new ProductProfile(
                id,
                true,
                true,
                id % 2 == 0,
                history,
                observed,
                zeros,
                0,
                adi,
                cv2,
                usable,
                prices,
                units,
                units,
                false,
                false,
                id % 3 == 0);
    }

    @Test
    void countsAgainstTheStagesThresholdsInTheElasticityStagesOrderOfChecks() {
        List<ProductProfile> profiles = new ArrayList<>(List.of(
                profile(1, 800, 800, 0, 1.0, 0.1, 700, 5, 900), // own everything, yearly profile, smooth
                profile(2, 100, 100, 60, 2.5, 0.2, 100, 3, 40), // intermittent, Croston, own elasticity
                profile(3, 100, 100, 70, 3.0, 0.9, 100, 2, 30), // lumpy, too few prices
                profile(4, 40, 40, 5, 1.1, 0.6, 40, 1, 10), // erratic, short: category profile, too few days
                profile(5, 90, 90, 10, 1.2, 0.1, 90, 4, 12), // too few units (after days and prices pass)
                profile(6, null, 30, 30, null, null, 0, 0, 0))); // never sold
        profiles.add(new ProductProfile(
                7, false, false, false, 900, 900, 0, 0, 1.0, 0.0, 700, 9, 900, 900, true, true, true)); // inactive
        Summary s = DataReadiness.summarize(profiles, DEFAULTS);
        assertEquals(7, s.products());
        assertEquals(6, s.active());
        assertEquals(5, s.activeSold());
        assertEquals(new DataReadiness.Distribution(5, 40, 100, 800), s.history());
        assertEquals(5, s.classified());
        assertEquals(List.of(2, 1, 1, 1), List.of(s.smooth(), s.erratic(), s.intermittent(), s.lumpy()));
        assertEquals(2, s.intermittentOrLumpy());
        assertEquals(List.of(1, 1, 1, 3), List.of(s.noPrice(), s.onePrice(), s.twoPrices(), s.threeOrMorePrices()));
        assertEquals(2, s.medianDistinctPrices(), "0, 1, 2, 3, 4, 5: the lower median");
        assertEquals(4, s.forecastOwnModel(), "56+ observed days: 1, 2, 3, 5");
        assertEquals(1, s.forecastYearly(), "731+ days in the window: 1");
        assertEquals(2, s.forecastIntermittentCandidates(), "30%+ zero days among the modelled: 2 and 3");
        assertEquals(2, s.elasticityOwn(), "1 and 2");
        assertEquals(1, s.elasticityNoSales());
        assertEquals(1, s.elasticityTooFewDays());
        assertEquals(1, s.elasticityTooFewPrices());
        assertEquals(1, s.elasticityTooFewUnits());
        assertEquals(3, s.withCost(), "even ids");
        assertEquals(2, s.withStock(), "3 and 6");
        assertEquals(0, s.withTraffic(), "the inactive product's traffic does not count");
        assertEquals(0, s.withoutCategory());
        assertEquals(5, s.soldRecently());
    }

    @Test
    void theReportSaysWhatEachStageCanDoAndWhatToAddWithTheStagesOwnNumbers() {
        List<ProductProfile> profiles =
                List.of(profile(1, 800, 800, 0, 1.0, 0.1, 700, 5, 900), profile(3, 100, 100, 70, 3.0, 0.9, 100, 2, 30));
        Feed present = new Feed("silver.sales_daily", FeedState.PRESENT, D.minusDays(799), D, 900);
        ReadinessReport.Feeds feeds = new ReadinessReport.Feeds(
                present,
                Feed.missing("silver.traffic_daily"),
                new Feed("silver.competitor_prices", FeedState.EMPTY, null, null, 0),
                Feed.missing("silver.inventory_daily"),
                new Feed("silver.calendar", FeedState.PRESENT, D.minusDays(799), D, 800),
                true);
        String text = ReadinessReport.text(
                ReadinessReport.describe("file:/wh", D, DataReadiness.summarize(profiles, DEFAULTS), feeds, DEFAULTS));
        assertTrue(text.startsWith("Data readiness of file:/wh, as of 2026-03-10\n"), text);
        assertTrue(
                text.contains("history from the first sale to 2026-03-10 (active products with a sale): min 100 days,"
                        + " median 100 days, max 800 days"),
                text);
        assertTrue(text.contains("intermittent (Syntetos-Boylan: ADI above 1.32"), text);
        assertTrue(text.contains("): 1 of 2 products with a sale (50%)"), text);
        assertTrue(text.contains("traffic (silver.traffic_daily): missing; elasticity fits purchases only"), text);
        assertTrue(text.contains("stock snapshots (silver.inventory_daily): missing; no stock-outs marked"), text);
        assertTrue(
                text.contains("    - 1 of 2 active products have enough for an estimate of their own in the last 730"
                        + " days (60+ usable days, 3+ distinct prices, 20+ units)"),
                text);
        assertTrue(
                text.contains("    - the other 1 use category/shop pooling: no sales 0, too few usable days 0, too few"
                        + " distinct prices 1, too few units 0"),
                text);
        assertTrue(text.contains("    + price variation: 1 products have fewer than 3 distinct prices"), text);
        assertTrue(text.contains("    + web traffic per product and day"), text);
        assertTrue(text.contains("    - 2 of 2 active products have 56+ observed (not stocked-out) days"), text);
        assertFalse(text.contains("cannot run"), "calendar and competitor table exist: " + text);
        assertTrue(
                text.contains("    - costs known for 0 of 2; the rest UNKNOWN_COST, the floor assumes 0.70 x base"),
                text);
        assertTrue(text.contains("NO_INVENTORY (unconstrained)"), text);
        assertTrue(
                text.indexOf("  forecast\n") < text.indexOf("  elasticity\n")
                        && text.indexOf("  elasticity\n") < text.indexOf("  price\n")
                        && text.indexOf("  price\n") < text.indexOf("  curate-boxes\n"),
                text);

        ReadinessReport.Feeds noCompetitorTable = new ReadinessReport.Feeds(
                present,
                Feed.missing("silver.traffic_daily"),
                Feed.missing("silver.competitor_prices"),
                Feed.missing("silver.inventory_daily"),
                feeds.calendar(),
                true);
        String missing = ReadinessReport.text(ReadinessReport.describe(
                "file:/wh", D, DataReadiness.summarize(profiles, DEFAULTS), noCompetitorTable, DEFAULTS));
        assertTrue(missing.contains("    - cannot run: it reads silver.competitor_prices, missing"), missing);
    }

    @Test
    void theHtmlPageEscapesEveryValue() {
        ReadinessReport.Report report = new ReadinessReport.Report(
                "<wh>",
                "2026-03-10",
                List.of("a & b"),
                List.of("<script>"),
                List.of(new ReadinessReport.StageReadiness("price", List.of("x"), List.of())));
        String html = ReadinessReport.html(report);
        assertTrue(html.contains("<li>a &amp; b</li>"), html);
        assertTrue(html.contains("<li>&lt;script&gt;</li>"), html);
        assertFalse(html.contains("To do better"), "nothing to add, no heading: " + html);
        assertTrue(html.contains("<h3>price</h3>"), html);
    }
}
