package io.nightshift.jobs.forecast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.jobs.forecast.model.Frequency;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeriesFileTest {
    @TempDir
    Path folder;

    private Path file(String text) throws Exception {
        Path f = folder.resolve("in.csv");
        Files.writeString(f, text);
        return f;
    }

    private String error(String text, Frequency frequency, List<String> regressors, int horizon) throws Exception {
        Path f = file(text);
        return assertThrows(
                        SeriesFile.MalformedSeriesFile.class, () -> SeriesFile.read(f, frequency, regressors, horizon))
                .getMessage();
    }

    @Test
    void readsHistoryGapsAndFutureRegressorsInAnyRowOrder() throws Exception {
        List<SeriesFile.Series> series =
                SeriesFile.read(file("""
                ds,y,series_id,price,note
                2026-01-04,,a,2.0,x
                2026-01-01,5,a,1.0,x
                2026-01-02,,a,1.5,x
                2026-01-03,7,a,1.5,x
                2026-01-05,,a,2.5,x
                b-not,,,,
                """.replace("b-not,,,,\n", "")), Frequency.DAILY, List.of("price"), 2);
        SeriesFile.Series a = series.get(0);
        assertEquals("a", a.id());
        assertEquals(LocalDate.of(2026, 1, 1), a.start());
        assertArrayEquals(new double[] {5, Double.NaN, 7}, a.y(), 0);
        assertEquals(5, a.regressors().length);
        assertEquals(2.5, a.regressors()[4][0], 0);
    }

    @Test
    void aSkippedPastStepIsMissingAndWeeklyDataMayStartOnAnyWeekday() throws Exception {
        List<SeriesFile.Series> series = SeriesFile.read(file("""
                series_id,ds,y
                w,2026-01-07,1
                w,2026-01-21,3
                """), Frequency.WEEKLY, List.of(), 4);
        assertArrayEquals(new double[] {1, Double.NaN, 3}, series.get(0).y(), 0);
    }

    @Test
    void groupColumnGivesEachSeriesItsGroupAndMustNotChangeWithinASeries() throws Exception {
        Path f = file("""
                series_id,ds,y,category
                a,2026-01-01,3,dairy
                b,2026-01-01,4,bakery
                a,2026-01-02,5,dairy
                """);
        List<SeriesFile.Series> series = SeriesFile.read(f, Frequency.DAILY, List.of(), 2, "category");
        assertEquals("dairy", series.get(0).group());
        assertEquals("bakery", series.get(1).group());
        assertEquals(
                "", SeriesFile.read(f, Frequency.DAILY, List.of(), 2).get(0).group());
        Path mixed = file("series_id,ds,y,category\na,2026-01-01,3,dairy\na,2026-01-02,5,bakery\n");
        String message = assertThrows(
                        SeriesFile.MalformedSeriesFile.class,
                        () -> SeriesFile.read(mixed, Frequency.DAILY, List.of(), 2, "category"))
                .getMessage();
        assertTrue(message.contains("line 3: series a has group 'bakery'"), message);
        String missing = assertThrows(
                        SeriesFile.MalformedSeriesFile.class,
                        () -> SeriesFile.read(mixed, Frequency.DAILY, List.of(), 2, "family"))
                .getMessage();
        assertTrue(missing.contains("missing column family"), missing);
    }

    @Test
    void missingColumnNamesTheColumn() throws Exception {
        String message = error("series_id,ds,units\na,2026-01-01,3\n", Frequency.DAILY, List.of(), 3);
        assertTrue(message.contains("missing column y"), message);
        message = error("series_id,ds,y\na,2026-01-01,3\n", Frequency.DAILY, List.of("price"), 3);
        assertTrue(message.contains("missing column price"), message);
    }

    @Test
    void unparsableNumbersAndDatesNameTheLine() throws Exception {
        String message = error("series_id,ds,y\na,2026-01-01,3\na,2026-01-02,three\n", Frequency.DAILY, List.of(), 3);
        assertTrue(message.endsWith("in.csv line 3: y 'three' is not a number"), message);
        message = error(
                "series_id,ds,y,price\na,2026-01-01,3,1,5\na,2026-01-02,4,1.x\n", Frequency.DAILY, List.of("price"), 1);
        assertTrue(message.contains("line 3: price '1.x' is not a number"), message);
        message = error("series_id,ds,y\na,01/02/2026,3\n", Frequency.DAILY, List.of(), 3);
        assertTrue(message.contains("line 2: ds '01/02/2026' is not a date"), message);
    }

    @Test
    void duplicateDsNamesBothLines() throws Exception {
        String message = error(
                "series_id,ds,y\na,2026-01-01,3\nb,2026-01-01,3\na,2026-01-01,4\n", Frequency.DAILY, List.of(), 3);
        assertTrue(message.contains("line 4: duplicate ds 2026-01-01 for series a (also on line 2)"), message);
    }

    @Test
    void aFutureRowWithoutRegressorValueIsAnError() throws Exception {
        String message = error(
                "series_id,ds,y,price\na,2026-01-01,3,1\na,2026-01-02,4,1\na,2026-01-03,,\n",
                Frequency.DAILY,
                List.of("price"),
                1);
        assertTrue(message.contains("line 4: empty value of regressor price in a future row"), message);
        message = error(
                "series_id,ds,y,price\na,2026-01-01,3,1\na,2026-01-02,4,1\na,2026-01-03,,1\n",
                Frequency.DAILY,
                List.of("price"),
                2);
        assertTrue(message.contains("series a has no future row for 2026-01-04"), message);
    }

    @Test
    void offGridDatesAndSeriesWithoutObservationsAreErrors() throws Exception {
        String message = error("series_id,ds,y\na,2026-01-01,3\na,2026-01-05,3\n", Frequency.WEEKLY, List.of(), 3);
        assertTrue(message.contains("line 3: ds 2026-01-05 is not on the weekly grid"), message);
        message = error("series_id,ds,y\na,2026-01-01,\n", Frequency.DAILY, List.of(), 3);
        assertTrue(message.contains("series a has no observed y"), message);
    }
}
