package io.nightshift.jobs.ingest;

import static io.nightshift.jobs.ingest.IngestShop.ingest;
import static io.nightshift.jobs.ingest.IngestShop.silverChecksums;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.common.catalog.TableCatalog;
import io.nightshift.common.catalog.Tables;
import io.nightshift.common.config.NightshiftConfig;
import io.nightshift.common.testing.TestSpark;
import io.nightshift.common.time.RunDates;
import io.nightshift.jobs.stage.StageContext;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest's backfill guarantee on a generated shop (DESIGN.md): a date range gives the tables its days run one by
 * one give, and the sales equal what the simulation sold. A class of its own so the suite's two test JVMs can
 * run it beside {@link IngestStageTest}.
 */
class IngestBackfillTest {
    static final LocalDate LAST_DAY = IngestShop.LAST_DAY;

    @TempDir
    Path warehouse;

    NightshiftConfig config(IngestShop shop, String... more) {
        return shop.config(warehouse, Optional.empty(), more);
    }

    @Test
    void backfillOfARangeEqualsTheSameDaysRunOneByOneAndSalesMatchTheTruth() throws Exception {
        IngestShop shop = IngestShop.generate("ingest_backfill_shop", warehouse.resolve("shop"));
        // Three days by default: more than the two-day late-arrival window, so windows overlap as in a real
        // backfill. -Dnightshift.test.backfill-days=30 runs the 30-day comparison (slower: each
        // daily run costs seconds).
        int days = Integer.getInteger("nightshift.test.backfill-days", 3);
        LocalDate from = LAST_DAY.minusDays(days - 1L);
        NightshiftConfig backfill = config(
                shop, "NIGHTSHIFT_WAREHOUSE", warehouse.resolve("backfill").toString());
        ingest(backfill, new RunDates(from, LAST_DAY));

        NightshiftConfig daily =
                config(shop, "NIGHTSHIFT_WAREHOUSE", warehouse.resolve("daily").toString());
        try (StageContext context = new StageContext(daily, false, IngestShop.CLOCK)) {
            IngestStage stage = new IngestStage();
            for (LocalDate day : new RunDates(from, LAST_DAY)) {
                stage.run(context, day);
            }
        }
        assertEquals(silverChecksums(daily), silverChecksums(backfill));

        // Dense sales with stock-outs flagged, equal to what the simulation sold, over the whole window.
        Map<String, String> truth = new TreeMap<>();
        Map<String, BigDecimal> truePrice = new TreeMap<>();
        List<String> truthLines = Files.readAllLines(shop.truth().resolve("demand_daily.csv"), StandardCharsets.UTF_8);
        for (String line : truthLines.subList(1, truthLines.size())) {
            String[] f = line.split(",", -1);
            LocalDate day = LocalDate.parse(f[1]);
            if (!day.isBefore(from.minusDays(2)) && !day.isAfter(LAST_DAY)) {
                truth.put(f[0] + "/" + f[1], f[7] + "/" + f[8]);
                truePrice.put(f[0] + "/" + f[1], new BigDecimal(f[2]));
            }
        }
        Map<String, String> silver = new TreeMap<>();
        // Every line of a simulated day pays that day's price, so the day's price (the commonest line price)
        // is the simulated price, from the order lines, on every day with a sale, and none on the others.
        Map<String, String> priceMismatches = new TreeMap<>();
        for (Row row : new TableCatalog(backfill.storage().warehouse())
                .read(TestSpark.session(), Tables.SALES_DAILY)
                .collectAsList()) {
            String key = row.getAs("product_id") + "/" + row.getAs("day");
            silver.put(key, row.getAs("units") + "/" + row.getAs("stockout"));
            BigDecimal price = row.getAs("avg_unit_price");
            String source = row.getAs("price_source");
            boolean sold = (long) row.getAs("units") > 0;
            boolean expected = sold
                    ? price != null && price.compareTo(truePrice.get(key)) == 0 && "order_lines".equals(source)
                    : price == null && source == null;
            if (!expected) {
                priceMismatches.put(key, price + " from " + source + ", simulated " + truePrice.get(key));
            }
        }
        assertEquals(Map.of(), priceMismatches, "the day's price is the simulated price on every day with a sale");
        assertEquals(
                truth, silver, "units and stockout per product and day equal the simulated sold units and stock-outs");
        assertTrue(
                silver.values().stream().anyMatch(v -> v.startsWith("0/")), "days without sales are rows with 0 units");
    }
}
