package io.nightshift.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.common.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForecastFileCommandTest {
    @TempDir
    static Path home;

    static Map<String, String> env;

    @BeforeAll
    static void sharedSession() {
        TestSpark.session();
        env = Map.of(
                "NIGHTSHIFT_HOME",
                home.toString(),
                "NIGHTSHIFT_WAREHOUSE",
                home.resolve("warehouse").toString());
    }

    /** Three daily series of 200 days with a price regressor, 14 future rows each. */
    private static Path input() throws Exception {
        StringBuilder csv = new StringBuilder("series_id,ds,y,price\n");
        Random random = new Random(3);
        LocalDate start = LocalDate.of(2025, 1, 1);
        for (String id : List.of("s1", "s2", "s3")) {
            for (int t = 0; t < 214; t++) {
                double price = t % 30 < 10 ? 0.9 : 1.0;
                double mean = 10 * Math.pow(price, -2) * (t % 7 == 5 ? 1.5 : 1);
                String y = t < 200 ? String.valueOf(Math.round(mean + Math.sqrt(mean) * random.nextGaussian())) : "";
                csv.append(String.format(Locale.ROOT, "%s,%s,%s,%.2f%n", id, start.plusDays(t), y, price));
            }
        }
        Path file = home.resolve("series.csv");
        Files.writeString(file, csv);
        return file;
    }

    @Test
    void forecastsEverySeriesForTheHorizonWithOrderedIntervals() throws Exception {
        Path output = home.resolve("out/forecast.csv");
        CliRun run = CliRun.run(
                env,
                "forecast-file",
                "--input",
                input().toString(),
                "--horizon",
                "14",
                "--frequency",
                "daily",
                "--regressors",
                "price",
                "--output",
                output.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("global model: trained and predicted for 3 of 3 series"), run.err());
        List<String> lines = Files.readAllLines(output);
        assertEquals("series_id,ds,yhat,yhat_lower,yhat_upper,model", lines.get(0));
        assertEquals(1 + 3 * 14, lines.size());
        assertTrue(lines.get(1).startsWith("s1,2025-07-20,"), lines.get(1));
        assertTrue(lines.get(14).startsWith("s1,2025-08-02,"), lines.get(14));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            double yhat = Double.parseDouble(f[2]);
            double lower = Double.parseDouble(f[3]);
            double upper = Double.parseDouble(f[4]);
            assertTrue(0 <= lower && lower <= yhat && yhat <= upper, line);
            assertTrue(yhat > 4 && yhat < 30, line);
            assertFalse(f[5].isBlank());
        }
    }

    @Test
    void malformedInputIsOneLineNamingTheRow() throws Exception {
        Path file = home.resolve("bad.csv");
        Files.writeString(file, "series_id,ds,y\na,2026-01-01,3\na,2026-01-02,x\n");
        CliRun run = CliRun.run(
                env,
                "forecast-file",
                "--input",
                file.toString(),
                "--horizon",
                "3",
                "--frequency",
                "daily",
                "--output",
                home.resolve("bad-out.csv").toString());
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("bad.csv line 3: y 'x' is not a number"), run.err());
        assertTrue(run.errLines().size() <= 2, run.err());
        assertFalse(Files.exists(home.resolve("bad-out.csv")));
        run = CliRun.run(
                env,
                "forecast-file",
                "--input",
                file.toString(),
                "--horizon",
                "3",
                "--frequency",
                "hourly",
                "--output",
                home.resolve("bad-out.csv").toString());
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("hourly"), run.err());
        run = CliRun.run(
                env,
                "forecast-file",
                "--input",
                input().toString(),
                "--horizon",
                "3",
                "--frequency",
                "daily",
                "--group",
                "category",
                "--output",
                home.resolve("bad-out.csv").toString());
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("missing column category"), run.err());
    }
}
