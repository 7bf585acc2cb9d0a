package io.nightshift.jobs.ingest;

import static io.nightshift.jobs.ingest.LandingZone.DAY;
import static io.nightshift.jobs.ingest.LandingZone.PRICES_HEADER;
import static io.nightshift.jobs.ingest.LandingZone.gzip;
import static io.nightshift.jobs.ingest.LandingZone.priceLine;
import static io.nightshift.jobs.ingest.LandingZone.quarantined;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading landing files: line numbers, gzip, encodings, line endings, missing and empty feeds. */
class LandingFilesTest {
    static final String ACME = LandingZone.pricesFile("acme_mart");
    static final String CSV = PRICES_HEADER + "\n" + priceLine("acme_mart", "SKU-000001", "12.30") + "\n"
            + priceLine("acme_mart", "SKU-000002", "8.00") + "\n";

    @TempDir
    Path root;

    LandingZone landing() {
        return new LandingZone(root);
    }

    static List<String> lines(LandingRead read) {
        return read.lines().collectAsList().stream().map(Row::toString).toList();
    }

    @Test
    void linesCarryTheFoldersDayTheRelativeFileAndOneBasedNumbers() {
        LandingRead read = landing()
                .prices("acme_mart", priceLine("acme_mart", "SKU-000001", "12.30"))
                .read(CompetitorPriceFeed.SOURCE);

        assertEquals(List.of(ACME), read.files());
        assertEquals(
                List.of(
                        "[2025-01-31," + ACME + ",1," + PRICES_HEADER + ",null]",
                        "[2025-01-31," + ACME + ",2," + priceLine("acme_mart", "SKU-000001", "12.30") + ",null]"),
                lines(read));
    }

    @Test
    void gzipFileReadsLikeThePlainFile() {
        LandingZone landing = landing().writeBytes(ACME + ".gz", gzip(CSV));
        LandingRead read = landing.read(CompetitorPriceFeed.SOURCE);

        assertEquals(List.of(ACME + ".gz"), read.files());
        assertEquals(3, read.lines().count());
        FeedResult result = landing.validatePrices();
        assertEquals(List.of(), quarantined(result));
        assertEquals(2, result.silver().count());
    }

    @Test
    void gzipCutBeforeItsTrailerIsTruncatedAfterTheLastCompleteLine() {
        byte[] whole = gzip(CSV);
        LandingZone landing = landing().writeBytes(ACME + ".gz", Arrays.copyOf(whole, whole.length - 8));

        LandingFileException e =
                assertThrows(LandingFileException.class, () -> landing.read(CompetitorPriceFeed.SOURCE));
        assertEquals(ACME + ".gz: truncated gzip after line 3", e.getMessage());
    }

    @Test
    void gzipCutMidStreamIsTruncatedNamingTheFile() {
        StringBuilder big = new StringBuilder(PRICES_HEADER).append('\n');
        for (int i = 0; i < 2000; i++) {
            big.append(priceLine("acme_mart", "SKU-" + i, i + ".99")).append('\n');
        }
        byte[] whole = gzip(big.toString());
        LandingZone landing = landing().writeBytes(ACME + ".gz", Arrays.copyOf(whole, whole.length / 2));

        LandingFileException e =
                assertThrows(LandingFileException.class, () -> landing.read(CompetitorPriceFeed.SOURCE));
        assertTrue(
                e.getMessage().matches(ACME.replace(".", "\\.") + "\\.gz: truncated gzip after line \\d+"),
                e.getMessage());
    }

    @Test
    void fileNamedGzThatIsNotGzipIsACorruptGzip() {
        LandingZone landing = landing().write(ACME + ".gz", CSV);

        LandingFileException e =
                assertThrows(LandingFileException.class, () -> landing.read(CompetitorPriceFeed.SOURCE));
        assertEquals(ACME + ".gz: corrupt gzip after line 0 (Not in GZIP format)", e.getMessage());
    }

    @Test
    void byteOrderMarkAndCrlfLineEndingsAreStripped() {
        byte[] text = CSV.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[text.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(text, 0, withBom, 3, text.length);
        LandingZone landing = landing().writeBytes(ACME, withBom);

        assertEquals(
                CSV,
                String.join(
                                "\n",
                                landing.read(CompetitorPriceFeed.SOURCE).lines().select("line").collectAsList().stream()
                                        .map(r -> r.getString(0))
                                        .toList())
                        + "\n");
        FeedResult result = landing.validatePrices();
        assertEquals(List.of(), quarantined(result));
        assertEquals(
                List.of("[1,acme_mart,2025-01-31,12.30]", "[2,acme_mart,2025-01-31,8.00]"),
                LandingZone.rows(result.silver()));
    }

    @Test
    void bytesThatAreNotUtf8AreMarkedAndDecodedWithReplacement() {
        byte[] latin1 =
                (PRICES_HEADER + "\nacme_mart,SKU-000001,12.30,USD,caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1);
        LandingRead read = landing().writeBytes(ACME, latin1).read(CompetitorPriceFeed.SOURCE);

        assertEquals(
                List.of(
                        "[2025-01-31," + ACME + ",1," + PRICES_HEADER + ",null]",
                        "[2025-01-31," + ACME + ",2,acme_mart,SKU-000001,12.30,USD,caf\uFFFD,not_utf8]"),
                lines(read));
    }

    @Test
    void dayWithoutAFileIsReportedAndDaysAreReadInOrder() {
        LandingZone landing = landing()
                .prices("bargain_hub", priceLine("bargain_hub", "SKU-000001", "11.00"))
                .prices("acme_mart", priceLine("acme_mart", "SKU-000001", "12.30"))
                .write("competitor_prices/day=2025-01-30/README.txt", "not a feed");
        LandingRead read = LandingFiles.readDays(
                landing.spark(),
                landing.uri(),
                CompetitorPriceFeed.SOURCE,
                List.of(DAY, DAY.minusDays(1), DAY.minusDays(2)));

        assertEquals(List.of(DAY.minusDays(2), DAY.minusDays(1)), read.daysWithoutFiles());
        assertEquals(List.of(ACME, LandingZone.pricesFile("bargain_hub")), read.files());
        assertEquals(ACME, read.lines().head().getAs("source_file"));
    }

    @Test
    void landingRootMayBeAPlainPathOrAFileUri() {
        LandingZone landing = landing().prices("acme_mart", priceLine("acme_mart", "SKU-000001", "12.30"));
        LandingRead plain =
                LandingFiles.readDays(landing.spark(), root.toString(), CompetitorPriceFeed.SOURCE, List.of(DAY));

        assertEquals(List.of(ACME), plain.files());
        assertEquals(lines(landing.read(CompetitorPriceFeed.SOURCE)), lines(plain));
    }

    @Test
    void missingSingleFileGivesNoLinesAndNoFiles() {
        LandingRead read =
                LandingFiles.readFile(landing().spark(), landing().uri(), "external/economic_indicators.csv");

        assertEquals(List.of(), read.files());
        assertEquals(List.of(), read.daysWithoutFiles());
        assertEquals(0, read.lines().count());
    }

    @Test
    void filesTooLargeForTheDriverAreReadByTheExecutorsIntoTheSameLines() {
        byte[] latin1 =
                (PRICES_HEADER + "\nacme_mart,SKU-000001,12.30,USD,caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1);
        LandingZone landing = landing()
                .writeBytes(
                        LandingZone.pricesFile("bargain_hub") + ".gz", gzip(CSV.replace("acme_mart", "bargain_hub")))
                .writeBytes(ACME, latin1)
                .write(LandingZone.pricesFile("valueway"), "")
                .write(
                        "competitor_prices/day=" + DAY.minusDays(1) + "/shopzilla.csv",
                        CSV.replace("acme_mart", "shopzilla"));
        List<LocalDate> days = List.of(DAY, DAY.minusDays(1));

        LandingRead onDriver = LandingFiles.readDays(landing.spark(), landing.uri(), CompetitorPriceFeed.SOURCE, days);
        LandingRead onExecutors =
                LandingFiles.readDays(landing.spark(), landing.uri(), CompetitorPriceFeed.SOURCE, days, 0);

        assertEquals(onDriver.files(), onExecutors.files());
        assertEquals(9, onDriver.lines().count());
        assertEquals(
                lines(onDriver).stream().sorted().toList(),
                lines(onExecutors).stream().sorted().toList());
    }

    @Test
    void aDamagedGzipReadByTheExecutorsIsTheSameOneLineErrorNamingTheFile() {
        byte[] whole = gzip(CSV);
        LandingZone landing = landing()
                .prices("bargain_hub", priceLine("bargain_hub", "SKU-000001", "11.00"))
                .writeBytes(ACME + ".gz", Arrays.copyOf(whole, whole.length - 8));

        LandingFileException e = assertThrows(
                LandingFileException.class,
                () -> LandingFiles.readDays(
                        landing.spark(), landing.uri(), CompetitorPriceFeed.SOURCE, List.of(DAY), 0));
        assertEquals(ACME + ".gz: truncated gzip after line 3", e.getMessage());
    }
}
