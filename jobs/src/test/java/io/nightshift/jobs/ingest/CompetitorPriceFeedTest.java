package io.nightshift.jobs.ingest;

import static io.nightshift.jobs.ingest.LandingZone.CAPTURED;
import static io.nightshift.jobs.ingest.LandingZone.priceLine;
import static io.nightshift.jobs.ingest.LandingZone.quarantined;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nightshift.common.catalog.Tables;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Date;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Competitor price feeds: each malformed input is quarantined with its rule and reason, or is a clear error. */
class CompetitorPriceFeedTest {
    static final String ACME = LandingZone.pricesFile("acme_mart");

    @TempDir
    Path root;

    LandingZone landing() {
        return new LandingZone(root);
    }

    /** Validates acme_mart.csv holding the header and these lines; checks that no line was lost. */
    FeedResult acme(String... dataLines) {
        return landing().prices("acme_mart", dataLines).validatePrices();
    }

    static String good(String sku, String price) {
        return priceLine("acme_mart", sku, price);
    }

    @Test
    void wellFormedPricesBecomeSilverRowsAtTheFoldersDay() {
        FeedResult result = acme(good("SKU-000001", "12.30"), good("SKU-000002", "7.5"));

        assertEquals(List.of(), quarantined(result));
        Dataset<Row> expected = landing()
                .spark()
                .createDataFrame(
                        List.of(
                                RowFactory.create(
                                        1, "acme_mart", Date.valueOf(LandingZone.DAY), new BigDecimal("12.30")),
                                RowFactory.create(
                                        2, "acme_mart", Date.valueOf(LandingZone.DAY), new BigDecimal("7.50"))),
                        Tables.COMPETITOR_PRICES.schema().orElseThrow());
        Frames.assertSameRows(expected, result.silver());
    }

    @Test
    void priceWithDecimalCommaAndStrayLetterIsBadNumber() {
        FeedResult result = acme(good("SKU-000001", "12.30"), "acme_mart,SKU-000002,\"12,3x\",USD," + CAPTURED);

        assertEquals(
                List.of(ACME + ":3 bad_number: price '12,3x' is not a number with at most 4 decimals"),
                quarantined(result));
        assertEquals(1, result.silver().count());
    }

    @Test
    void negativePriceIsQuarantined() {
        assertEquals(
                List.of(ACME + ":2 negative_price: price -12.30 is not positive"),
                quarantined(acme(good("SKU-000001", "-12.30"))));
    }

    @Test
    void zeroPriceCountsAsNegativePrice() {
        assertEquals(
                List.of(ACME + ":2 negative_price: price 0.00 is not positive"),
                quarantined(acme(good("SKU-000001", "0.00"))));
    }

    @Test
    void skuNotInTheCatalogueIsUnknownProduct() {
        FeedResult result = acme(good("SKU-000001", "12.30"), good("SKU-099999", "12.30"));

        assertEquals(
                List.of(ACME + ":3 unknown_product: sku SKU-099999 is not in the product catalogue"),
                quarantined(result));
    }

    @Test
    void exactRepeatOfAnEarlierLineIsDuplicateAndTheFirstIsKept() {
        FeedResult result = acme(good("SKU-000001", "12.30"), good("SKU-000002", "8.00"), good("SKU-000001", "12.30"));

        assertEquals(List.of(ACME + ":4 duplicate: exact repeat of line 2"), quarantined(result));
        assertEquals(2, result.silver().count());
    }

    @Test
    void unparsableCapturedAtIsBadDate() {
        FeedResult result = acme(
                "acme_mart,SKU-000001,12.30,USD,yesterday",
                "acme_mart,SKU-000002,12.30,USD,2025-13-45T99:61:00",
                "acme_mart,SKU-000003,12.30,USD,2025-01-31 06:12:40");

        assertEquals(
                List.of(
                        ACME + ":2 bad_date: captured_at 'yesterday' is not an ISO-8601 date-time with offset",
                        ACME
                                + ":3 bad_date: captured_at '2025-13-45T99:61:00' is not an ISO-8601 date-time with offset",
                        ACME
                                + ":4 bad_date: captured_at '2025-01-31 06:12:40' is not an ISO-8601 date-time with offset"),
                quarantined(result));
    }

    @Test
    void impossibleCalendarDateIsBadDate() {
        assertEquals(
                List.of(ACME
                        + ":2 bad_date: captured_at '2025-02-30T06:00:00Z' is not an ISO-8601 date-time with offset"),
                quarantined(acme("acme_mart,SKU-000001,12.30,USD,2025-02-30T06:00:00Z")));
    }

    @Test
    void captureAfterTheFoldersDayIsFutureDate() {
        FeedResult result = acme("acme_mart,SKU-000001,12.30,USD,2025-02-01T06:00:00-05:00");

        assertEquals(
                List.of(ACME
                        + ":2 future_date: captured_at 2025-02-01T06:00:00-05:00 is after the feed's day 2025-01-31"),
                quarantined(result));
    }

    @Test
    void futureToleranceAcceptsTheNextDay() {
        LandingZone landing = landing().prices("acme_mart", "acme_mart,SKU-000001,12.30,USD,2025-02-01T06:00:00-05:00");
        FeedResult result = CompetitorPriceFeed.validate(
                landing.read(CompetitorPriceFeed.SOURCE).lines(),
                landing.products(),
                LandingZone.DAY,
                LandingZone.INGESTED_AT,
                new LandingLimits(new BigDecimal("100000"), 1000, 1));

        assertEquals(List.of(), quarantined(result));
        assertEquals(1, result.silver().count());
    }

    @Test
    void rowWithOneFieldFewerIsMissingColumn() {
        // The generator's missing_column: currency left out, so the row has 4 values.
        FeedResult result = acme("acme_mart,SKU-000001,12.30," + CAPTURED);

        assertEquals(
                List.of(ACME + ":2 missing_column: row has 4 values, the header has 5 columns"), quarantined(result));
    }

    @Test
    void emptyRequiredValueIsMissingColumn() {
        assertEquals(
                List.of(ACME + ":2 missing_column: price is empty"),
                quarantined(acme("acme_mart,SKU-000001,,USD," + CAPTURED)));
    }

    @Test
    void rowWithMoreValuesThanTheHeaderIsExtraValue() {
        // An unquoted decimal comma splits the price in two.
        assertEquals(
                List.of(ACME + ":2 extra_value: row has 6 values, the header has only 5 columns"),
                quarantined(acme("acme_mart,SKU-000001,12,30,USD," + CAPTURED)));
    }

    @Test
    void headerWithoutARequiredColumnFailsTheFileNamingTheColumn() {
        LandingZone landing = landing()
                .write(ACME, "competitor,sku,price,captured_at\nacme_mart,SKU-000001,12.30," + CAPTURED + "\n");

        LandingFileException e = assertThrows(LandingFileException.class, landing::validatePrices);
        assertEquals(ACME + ": header lacks required column currency", e.getMessage());
    }

    @Test
    void semicolonSeparatedFileFailsSayingTheDelimiterLooksWrong() {
        LandingZone landing = landing()
                .write(
                        ACME,
                        "competitor;sku;price;currency;captured_at\nacme_mart;SKU-000001;12,30;USD;" + CAPTURED + "\n");

        LandingFileException e = assertThrows(LandingFileException.class, landing::validatePrices);
        assertEquals(
                ACME + ": header lacks required columns competitor, sku, price, currency, captured_at"
                        + " (delimiter looks like ';', expected ',')",
                e.getMessage());
    }

    @Test
    void extraColumnIsKeptInBronzeAndIgnoredBySilver() {
        LandingZone landing = landing()
                .write(ACME, LandingZone.PRICES_HEADER + ",promo\n" + good("SKU-000001", "12.30") + ",spring\n");
        FeedResult result = landing.validatePrices();

        assertEquals(List.of(), quarantined(result));
        Row bronze = result.bronze().head();
        assertEquals(
                Map.of(
                        "competitor",
                        "acme_mart",
                        "sku",
                        "SKU-000001",
                        "price",
                        "12.30",
                        "currency",
                        "USD",
                        "captured_at",
                        CAPTURED,
                        "promo",
                        "spring"),
                bronze.getJavaMap(bronze.fieldIndex("fields")));
        assertEquals(List.of("[1,acme_mart,2025-01-31,12.30]"), LandingZone.rows(result.silver()));
    }

    @Test
    void headerOnlyFileIsQuarantinedOnceAsEmptyFile() {
        FeedResult result =
                landing().write(ACME, LandingZone.PRICES_HEADER + "\n").validatePrices();

        assertEquals(List.of(ACME + ":null empty_file: file has no data lines"), quarantined(result));
        Row row = result.quarantine().head();
        assertNull(row.getAs("raw"));
        assertEquals(0, result.bronze().count());
    }

    @Test
    void zeroByteFileIsQuarantinedAsEmptyFile() {
        FeedResult result = landing().write(ACME, "").validatePrices();

        assertEquals(List.of(ACME + ":null empty_file: file has no data lines"), quarantined(result));
    }

    @Test
    void lineThatIsNotUtf8IsQuarantinedAndTheOthersAccepted() {
        byte[] bad = ("acme_mart,SKU-000002,8.00,USD," + CAPTURED).getBytes(StandardCharsets.UTF_8);
        bad[0] = (byte) 0xE1; // Latin-1 'á' where UTF-8 expects a multi-byte sequence
        byte[] head = (LandingZone.PRICES_HEADER + "\n" + good("SKU-000001", "12.30") + "\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] file = new byte[head.length + bad.length + 1];
        System.arraycopy(head, 0, file, 0, head.length);
        System.arraycopy(bad, 0, file, head.length, bad.length);
        file[file.length - 1] = '\n';
        FeedResult result = landing().writeBytes(ACME, file).validatePrices();

        assertEquals(
                List.of(ACME + ":3 not_utf8: line is not valid UTF-8: \uFFFDcme_mart,SKU-000002,8.00,USD," + CAPTURED),
                quarantined(result));
        assertEquals(1, result.silver().count());
    }

    @Test
    void enormousPriceIsOutOfRange() {
        FeedResult result =
                acme(good("SKU-000001", "250000.00"), good("SKU-000002", "1234567890123456789012345678901234567890.5"));

        assertEquals(
                List.of(
                        ACME + ":2 price_out_of_range: price 250000.00 is above the maximum 100000",
                        ACME
                                + ":3 price_out_of_range: price 1234567890123456789012345678901234567890.5 is above the maximum 100000"),
                quarantined(result));
    }

    @Test
    void currencyThatIsNotThreeCapitalLettersIsBadCurrency() {
        assertEquals(
                List.of(
                        ACME + ":2 bad_currency: currency 'usd' is not a 3-letter code",
                        ACME + ":3 bad_currency: currency 'US' is not a 3-letter code"),
                quarantined(acme(
                        "acme_mart,SKU-000001,12.30,usd," + CAPTURED, "acme_mart,SKU-000002,12.30,US," + CAPTURED)));
    }

    @Test
    void subCentPricesAreRoundedHalfUpAndMoreThanFourDecimalsIsBadNumber() {
        FeedResult result =
                acme(good("SKU-000001", "12.345"), good("SKU-000002", "0.0050"), good("SKU-000003", "1.23456"));

        assertEquals(
                List.of(ACME + ":4 bad_number: price '1.23456' is not a number with at most 4 decimals"),
                quarantined(result));
        assertEquals(
                List.of("[1,acme_mart,2025-01-31,12.35]", "[2,acme_mart,2025-01-31,0.01]"),
                LandingZone.rows(result.silver()));
    }

    @Test
    void conflictingPricesForOneKeyKeepTheLatestCapture() {
        FeedResult result = acme(
                "acme_mart,SKU-000001,12.50,USD,2025-01-31T07:00:00-05:00",
                "acme_mart,SKU-000001,12.30,USD,2025-01-31T06:00:00-05:00");

        assertEquals(
                List.of(ACME
                        + ":3 duplicate_key: acme_mart price 12.30 for SKU-000001 on 2025-01-31 conflicts with 12.50"
                        + " at line 2 of " + ACME + ", the latest capture (2025-01-31T07:00:00-05:00)"),
                quarantined(result));
        assertEquals(List.of("[1,acme_mart,2025-01-31,12.50]"), LandingZone.rows(result.silver()));
    }

    @Test
    void conflictingPricesCapturedAtTheSameInstantKeepTheLaterLine() {
        FeedResult result = acme(good("SKU-000001", "12.50"), good("SKU-000001", "12.30"));

        assertEquals(
                List.of(ACME
                        + ":2 duplicate_key: acme_mart price 12.50 for SKU-000001 on 2025-01-31 conflicts with 12.30"
                        + " at line 3 of " + ACME + ", the latest capture (" + CAPTURED + ")"),
                quarantined(result));
        assertEquals(List.of("[1,acme_mart,2025-01-31,12.30]"), LandingZone.rows(result.silver()));
    }

    @Test
    void samePriceCapturedTwiceIsAcceptedTwiceButOneSilverRow() {
        FeedResult result = acme(
                "acme_mart,SKU-000001,12.30,USD,2025-01-31T06:00:00-05:00",
                "acme_mart,SKU-000001,12.30,USD,2025-01-31T07:00:00-05:00");

        assertEquals(List.of(), quarantined(result));
        assertEquals(2, result.accepted().count());
        assertEquals(1, result.silver().count());
    }

    @Test
    void aLineBreakingSeveralRulesGetsTheFirstInDeclaredOrder() {
        // bad_number comes before unknown_product
        assertEquals(
                List.of(ACME + ":2 bad_number: price 'abc' is not a number with at most 4 decimals"),
                quarantined(acme(good("SKU-099999", "abc"))));
    }

    @Test
    void quarantineAndBronzeFollowTheCatalogSchemas() {
        FeedResult result = acme(good("SKU-000001", "abc"));

        assertEquals(
                List.of(Tables.QUARANTINE_SCHEMA.fieldNames()),
                List.of(result.quarantine().schema().fieldNames()));
        assertEquals(
                List.of(Tables.LANDING_BRONZE_SCHEMA.fieldNames()),
                List.of(result.bronze().schema().fieldNames()));
        Row q = result.quarantine().head();
        assertEquals(
                "[2025-01-31,2025-01-31," + ACME + ",2,acme_mart,SKU-000001,abc,USD," + CAPTURED
                        + ",bad_number,price 'abc' is not a number with at most 4 decimals,2025-02-01 03:00:00.0]",
                q.toString());
    }
}
