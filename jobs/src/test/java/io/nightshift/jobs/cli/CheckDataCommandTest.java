package io.nightshift.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.common.catalog.TableCatalog;
import io.nightshift.common.catalog.TableWriter;
import io.nightshift.common.catalog.Tables;
import io.nightshift.common.testing.TestSpark;
import io.nightshift.common.time.RunDates;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check-data} on small silver tables written into a temporary warehouse: the report against the stages'
 * default thresholds, a warehouse without traffic or competitor tables, then with them, and one without sales.
 */
class CheckDataCommandTest {
    static final LocalDate D = LocalDate.of(2026, 3, 10);
    static final int DAYS = 70;

    @TempDir
    Path home;

    Map<String, String> env() {
        return Map.of(
                "NIGHTSHIFT_HOME",
                home.toString(),
                "NIGHTSHIFT_WAREHOUSE",
                home.resolve("wh").toString());
    }

    TableWriter writer() {
        return new TableWriter(
                TestSpark.session(), new TableCatalog(home.resolve("wh").toUri().toString()), false);
    }

    static Row product(int id, String cost) {
        return RowFactory.create(
                id,
                "SKU-" + id,
                "p" + id,
                "coffee",
                null,
                new BigDecimal("12.00"),
                cost == null ? null : new BigDecimal(cost),
                "EUR",
                true,
                null,
                Timestamp.valueOf("2025-12-01 00:00:00"));
    }

    static Row sale(int product, LocalDate day, long units, String price) {
        BigDecimal unitPrice = units == 0 ? null : new BigDecimal(price);
        return RowFactory.create(
                product,
                Date.valueOf(day),
                units,
                units == 0 ? new BigDecimal("0.00") : unitPrice.multiply(BigDecimal.valueOf(units)),
                unitPrice,
                units > 0 ? 1L : 0L,
                false,
                0L,
                units > 0 ? "order_lines" : null);
    }

    /**
     * Product 1 sells a unit every day of 70 at three prices; product 2 one unit every fifth day at one price
     * (intermittent); product 3 two units a day for its last 10 days only.
     */
    void writeShop() {
        SparkSession spark = TestSpark.session();
        LocalDate first = D.minusDays(DAYS - 1);
        List<Row> sales = new ArrayList<>();
        List<Row> calendar = new ArrayList<>();
        for (int i = 0; i < DAYS; i++) {
            LocalDate day = first.plusDays(i);
            sales.add(sale(1, day, 1, i < 25 ? "10.00" : i < 50 ? "11.00" : "12.00"));
            sales.add(sale(2, day, i % 5 == 4 ? 1 : 0, "5.00"));
            if (i >= DAYS - 10) {
                sales.add(sale(3, day, 2, "7.00"));
            }
            calendar.add(RowFactory.create(Date.valueOf(day), day.getDayOfWeek().getValue(), false, null, null, null));
        }
        RunDates dates = new RunDates(first, D);
        TableWriter writer = writer();
        writer.write(
                Tables.PRODUCTS,
                spark.createDataFrame(
                        List.of(product(1, "6.00"), product(2, null), product(3, null)),
                        Tables.PRODUCTS.schema().orElseThrow()));
        writer.replaceDates(
                Tables.SALES_DAILY,
                spark.createDataFrame(sales, Tables.SALES_DAILY.schema().orElseThrow()),
                dates);
        writer.replaceDates(
                Tables.CALENDAR,
                spark.createDataFrame(calendar, Tables.CALENDAR.schema().orElseThrow()),
                dates);
    }

    @Test
    void reportsWhatEachStageCanDoWithAWarehouseWithoutTrafficOrCompetitorTables() throws Exception {
        writeShop();
        Path html = home.resolve("readiness.html");
        CliRun run = CliRun.run(env(), "check-data", "--html", html.toString());
        assertEquals(0, run.exitCode(), run.err());
        String out = run.out();
        assertTrue(out.contains(", as of 2026-03-10\n"), "as of the newest sales day: " + out);
        assertTrue(out.contains("  3 products, 3 active, 3 active with a sale up to 2026-03-10\n"), out);
        assertTrue(out.contains("(active products with a sale): min 10 days, median 66 days, max 70 days\n"), out);
        assertTrue(out.contains("): 1 of 3 products with a sale (33%)\n"), out);
        assertTrue(out.contains("  smooth 2, erratic 0, intermittent 1, lumpy 0"), out);
        assertTrue(
                out.contains("in the last 730 days (the elasticity window; days with a sale, stock-outs left out):"
                        + " none 0, 1: 2, 2: 0, 3 or more: 1; median 1\n"),
                out);
        assertTrue(out.contains("  traffic (silver.traffic_daily): missing; elasticity fits purchases only"), out);
        assertTrue(out.contains("  competitor prices (silver.competitor_prices): missing; forecast cannot run"), out);
        assertTrue(out.contains("  stock snapshots (silver.inventory_daily): missing;"), out);
        assertTrue(out.contains("  costs (silver.products.unit_cost): 1 of 3 active products"), out);
        assertTrue(out.contains("    - cannot run: it reads silver.competitor_prices, missing\n"), out);
        assertTrue(
                out.contains("    - 2 of 3 active products have 56+ observed (not stocked-out) days in the last 1096"
                        + " days"),
                out);
        assertTrue(
                out.contains("    - 1 have 30%+ days without a sale: Croston, SBA and TSB join the candidates"), out);
        assertTrue(
                out.contains("    - 1 of 3 active products have enough for an estimate of their own in the last 730"
                        + " days (60+ usable days, 3+ distinct prices, 20+ units)"),
                out);
        assertTrue(
                out.contains("    - the other 2 use category/shop pooling: no sales 0, too few usable days 1, too few"
                        + " distinct prices 1, too few units 0\n"),
                out);
        assertTrue(out.contains("    - strategy optimize (control group on rules: 10%)"), out);
        assertTrue(out.contains("    - competitor price on 2026-03-10 for 0 of 3; the rest NO_COMPETITOR_DATA"), out);
        String page = Files.readString(html);
        assertTrue(page.contains("<h3>elasticity</h3>") && page.contains("<p>To do better:</p>"), page);
        assertTrue(page.contains("1 of 3 active products have enough for an estimate of their own"), page);

        CliRun earlier = CliRun.run(env(), "check-data", "--date", "2026-03-05");
        assertEquals(0, earlier.exitCode(), earlier.err());
        assertTrue(earlier.out().contains(", as of 2026-03-05\n"), earlier.out());
        assertTrue(earlier.out().contains("min 5 days, median 61 days, max 65 days\n"), earlier.out());

        SparkSession spark = TestSpark.session();
        writer().replaceDates(
                        Tables.COMPETITOR_PRICES,
                        spark.createDataFrame(
                                List.of(RowFactory.create(1, "rival", Date.valueOf(D), new BigDecimal("11.50"))),
                                Tables.COMPETITOR_PRICES.schema().orElseThrow()),
                        RunDates.of(D));
        writer().replaceDates(
                        Tables.TRAFFIC_DAILY,
                        spark.createDataFrame(
                                List.of(
                                        RowFactory.create(1, Date.valueOf(D), 30L, 20L, 3L),
                                        RowFactory.create(3, Date.valueOf(D), 10L, 8L, 2L)),
                                Tables.TRAFFIC_DAILY.schema().orElseThrow()),
                        RunDates.of(D));
        CliRun withFeeds = CliRun.run(env(), "check-data");
        assertEquals(0, withFeeds.exitCode(), withFeeds.err());
        String feeds = withFeeds.out();
        assertTrue(
                feeds.contains("  traffic (silver.traffic_daily): 2026-03-10 to 2026-03-10; 2 of 3 active products"
                        + " have traffic in the last 730 days\n"),
                feeds);
        assertTrue(
                feeds.contains("  competitor prices (silver.competitor_prices): 2026-03-10 to 2026-03-10; 1 of 3"
                        + " active products have one on 2026-03-10\n"),
                feeds);
        assertFalse(feeds.contains("cannot run"), feeds);
        assertTrue(
                feeds.contains("    - add-to-cart funnel: 2 products have traffic to add to their purchases"), feeds);
    }

    @Test
    void aWarehouseWithoutSalesIsAUsageErrorOfOneLine() {
        CliRun run = CliRun.run(env(), "check-data");
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(1, run.errLines().size(), run.err());
        assertTrue(
                run.err().startsWith("error: silver.sales_daily does not exist in ")
                        && run.err().contains("bin/pipeline import"),
                run.err());
        assertEquals("", run.out());

        CliRun badDate = CliRun.run(env(), "check-data", "--date", "2026-02-30");
        assertEquals(2, badDate.exitCode(), badDate.err());
        assertTrue(badDate.err().contains("2026-02-30"), badDate.err());
    }
}
