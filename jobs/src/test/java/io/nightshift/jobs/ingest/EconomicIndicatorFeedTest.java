package io.nightshift.jobs.ingest;

import static io.nightshift.jobs.ingest.LandingZone.INGESTED_AT;
import static io.nightshift.jobs.ingest.LandingZone.quarantined;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Economic indicators: one file for all days, validated only within the run's window. */
class EconomicIndicatorFeedTest {
    static final String FILE = "external/economic_indicators.csv";
    static final LocalDate FROM = LocalDate.of(2025, 1, 30);
    static final LocalDate TO = LocalDate.of(2025, 1, 31);

    @TempDir
    Path root;

    FeedResult indicators(String... lines) {
        LandingZone landing =
                new LandingZone(root).write(FILE, "date,indicator,value\n" + String.join("\n", lines) + "\n");
        return EconomicIndicatorFeed.validate(
                LandingFiles.readFile(landing.spark(), landing.uri(), FILE).lines(), FROM, TO, TO, INGESTED_AT);
    }

    @Test
    void onlyLinesOfTheWindowAreValidatedAndUnreadableDatesBelongToTheRunDate() {
        FeedResult result = indicators(
                "2025-01-01,cpi,301.250", // before the window: another run's
                "2025-01-29,consumer_confidence,99.10", // before the window
                "2025-01-30,consumer_confidence,99.50",
                "2025-01-31,consumer_confidence,abc",
                "2025-01-31,unemployment,4.1",
                "31/01/2025,consumer_confidence,99.70",
                "2025-01-30,consumer_confidence,99.60",
                "2025-02-01,consumer_confidence,bad but later");

        assertEquals(
                List.of(
                        FILE + ":5 bad_number: value 'abc' is not a number",
                        FILE
                                + ":6 unknown_indicator: indicator 'unemployment' is not one of [consumer_confidence, cpi]",
                        FILE + ":7 bad_date: date '31/01/2025' is not a date YYYY-MM-DD",
                        FILE + ":8 duplicate: consumer_confidence for 2025-01-30 already given at line 4"),
                quarantined(result));
        assertEquals(List.of("[2025-01-30,consumer_confidence,99.5]"), LandingZone.rows(result.silver()));
        assertEquals(
                List.of("[2025-01-31]"),
                LandingZone.rows(result.quarantine().filter("line_number = 7").select("day")));
        assertEquals(5, result.bronze().count());
    }

    @Test
    void rowWithoutItsValueIsMissingColumn() {
        assertEquals(
                List.of(FILE + ":2 missing_column: row has 2 values, the header has 3 columns"),
                quarantined(indicators("2025-01-31,cpi")));
    }

    @Test
    void headerWithoutValueColumnFailsTheFile() {
        LandingZone landing = new LandingZone(root).write(FILE, "date\tindicator\tvalue\n2025-01-31\tcpi\t1\n");

        LandingFileException e = assertThrows(
                LandingFileException.class,
                () -> EconomicIndicatorFeed.validate(
                        LandingFiles.readFile(landing.spark(), landing.uri(), FILE)
                                .lines(),
                        FROM,
                        TO,
                        TO,
                        INGESTED_AT));
        assertEquals(
                FILE
                        + ": header lacks required columns date, indicator, value (delimiter looks like '\\t', expected ',')",
                e.getMessage());
    }
}
