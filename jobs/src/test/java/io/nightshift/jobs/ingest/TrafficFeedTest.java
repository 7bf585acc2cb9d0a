package io.nightshift.jobs.ingest;

import static io.nightshift.jobs.ingest.LandingZone.DAY;
import static io.nightshift.jobs.ingest.LandingZone.quarantined;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nightshift.common.catalog.Tables;
import java.nio.file.Path;
import java.sql.Date;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Traffic JSON lines: each malformed line is quarantined with its rule and reason; silver sums the channels. */
class TrafficFeedTest {
    static final String FILE = "traffic/day=" + DAY + "/traffic.jsonl";

    @TempDir
    Path root;

    static String event(int productId, String channel, long views) {
        return "{\"event_date\":\"" + DAY + "\",\"product_id\":" + productId + ",\"channel\":\"" + channel
                + "\",\"views\":" + views + ",\"sessions\":" + (views / 2) + ",\"add_to_cart\":" + (views / 10) + "}";
    }

    FeedResult traffic(String... lines) {
        return new LandingZone(root)
                .write(FILE, String.join("\n", lines) + "\n")
                .validateTraffic();
    }

    /** One bad line after a good one: the quarantine it gives. */
    List<String> quarantineOf(String bad) {
        return quarantined(traffic(event(1, "web", 100), bad));
    }

    @Test
    void silverSumsViewsSessionsAndAddToCartOverChannels() {
        FeedResult result = traffic(event(1, "web", 100), event(1, "app", 40), event(2, "web", 10));

        assertEquals(List.of(), quarantined(result));
        Frames.assertSameRows(
                new LandingZone(root)
                        .spark()
                        .createDataFrame(
                                List.of(
                                        RowFactory.create(1, Date.valueOf(DAY), 140L, 70L, 14L),
                                        RowFactory.create(2, Date.valueOf(DAY), 10L, 5L, 1L)),
                                Tables.TRAFFIC_DAILY.schema().orElseThrow()),
                result.silver());
    }

    @Test
    void lineThatIsNotJsonIsNotJson() {
        assertEquals(
                List.of(FILE + ":2 not_json: line is not JSON: Unexpected end-of-input within/between Object entries"),
                quarantineOf("{\"product_id\":2,\"views\":"));
    }

    @Test
    void jsonArrayOrStringIsNotAnObject() {
        FeedResult result = traffic(event(1, "web", 100), "[1,2]", "\"x\"");

        assertEquals(
                List.of(
                        FILE + ":2 not_an_object: line is a JSON array, not an object",
                        FILE + ":3 not_an_object: line is a JSON string, not an object"),
                quarantined(result));
    }

    @Test
    void absentOrNullFieldIsMissingField() {
        FeedResult result = traffic(
                "{\"event_date\":\"2025-01-31\",\"product_id\":1,\"channel\":\"web\",\"views\":1,\"sessions\":1}",
                "{\"event_date\":\"2025-01-31\",\"product_id\":2,\"channel\":null,\"views\":1,\"sessions\":1,\"add_to_cart\":0}");

        assertEquals(
                List.of(
                        FILE + ":1 missing_field: field add_to_cart is missing or empty",
                        FILE + ":2 missing_field: field channel is missing or empty"),
                quarantined(result));
    }

    @Test
    void countThatIsNotAJsonIntegerIsBadNumber() {
        FeedResult result = traffic(
                event(1, "web", 100).replace("\"views\":100", "\"views\":\"100\""),
                event(2, "web", 100).replace("\"views\":100", "\"views\":1.5"));

        assertEquals(
                List.of(
                        FILE + ":1 bad_number: views \"100\" is not an integer",
                        FILE + ":2 bad_number: views 1.5 is not an integer"),
                quarantined(result));
    }

    @Test
    void negativeCountIsQuarantined() {
        assertEquals(
                List.of(FILE + ":2 negative_count: sessions -5 is negative"),
                quarantineOf(event(2, "web", 10).replace("\"sessions\":5", "\"sessions\":-5")));
    }

    @Test
    void enormousCountIsOutOfRange() {
        assertEquals(
                List.of(
                        FILE
                                + ":2 count_out_of_range: views 123456789012345678901234567890123456789012 is above the maximum 100000000"),
                quarantineOf(event(2, "web", 10)
                        .replace("\"views\":10", "\"views\":123456789012345678901234567890123456789012")));
    }

    @Test
    void unreadableEventDateIsBadDate() {
        assertEquals(
                List.of(FILE + ":2 bad_date: event_date '31/01/2025' is not a date YYYY-MM-DD"),
                quarantineOf(event(2, "web", 10).replace("2025-01-31", "31/01/2025")));
    }

    @Test
    void eventDateAfterTheRunDateIsFutureDate() {
        assertEquals(
                List.of(FILE + ":2 future_date: event_date 2025-02-03 is after the run date 2025-01-31"),
                quarantineOf(event(2, "web", 10).replace("2025-01-31", "2025-02-03")));
    }

    @Test
    void eventDateOfAnotherDayIsDateMismatch() {
        assertEquals(
                List.of(FILE + ":2 date_mismatch: event_date 2025-01-30 is not the folder's day 2025-01-31"),
                quarantineOf(event(2, "web", 10).replace("2025-01-31", "2025-01-30")));
    }

    @Test
    void productNotInTheCatalogueIsUnknownProduct() {
        assertEquals(
                List.of(FILE + ":2 unknown_product: product_id 42 is not in the product catalogue"),
                quarantineOf(event(42, "web", 10)));
    }

    @Test
    void sameProductChannelAndDayTwiceKeepsTheFirstLine() {
        FeedResult result = traffic(event(1, "web", 100), event(1, "app", 5), event(1, "web", 70));

        assertEquals(
                List.of(FILE + ":3 duplicate: product 1, channel web, day 2025-01-31 already at line 1 of " + FILE),
                quarantined(result));
        assertEquals(List.of("[1,2025-01-31,105,52,10]"), LandingZone.rows(result.silver()));
    }

    @Test
    void emptyFileIsQuarantinedOnce() {
        FeedResult result = new LandingZone(root).write(FILE, "").validateTraffic();

        assertEquals(List.of(FILE + ":null empty_file: file has no data lines"), quarantined(result));
    }

    @Test
    void gzippedJsonLinesAreReadAlongsidePlainOnes() {
        LandingZone landing = new LandingZone(root)
                .write(FILE, event(1, "web", 100) + "\n")
                .writeBytes("traffic/day=" + DAY + "/late.jsonl.gz", LandingZone.gzip(event(1, "app", 40) + "\n"));
        FeedResult result = landing.validateTraffic();

        assertEquals(List.of(), quarantined(result));
        assertEquals(List.of("[1,2025-01-31,140,70,14]"), LandingZone.rows(result.silver()));
    }

    @Test
    void bronzeFieldsHoldEveryKeyAsText() {
        FeedResult result = traffic(event(1, "web", 100).replace("}", ",\"referrer\":{\"site\":\"x\"}}"));

        assertEquals(List.of(), quarantined(result));
        Row bronze = result.bronze().head();
        assertEquals(
                "{\"site\":\"x\"}",
                bronze.getJavaMap(bronze.fieldIndex("fields")).get("referrer"));
        assertEquals("100", bronze.getJavaMap(bronze.fieldIndex("fields")).get("views"));
    }
}
