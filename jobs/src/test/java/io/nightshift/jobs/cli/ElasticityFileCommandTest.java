package io.nightshift.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ElasticityFileCommandTest {
    @TempDir
    Path home;

    private Map<String, String> env() {
        return Map.of(
                "NIGHTSHIFT_HOME",
                home.toString(),
                "NIGHTSHIFT_WAREHOUSE",
                home.resolve("warehouse").toString());
    }

    /** 16 weekly series of 80 weeks in two groups, true elasticity -2 (group a) and -1 (group b), a display control. */
    private Path input() throws Exception {
        StringBuilder csv = new StringBuilder("series_id,ds,y,price,display,chain\n");
        Random random = new Random(5);
        LocalDate start = LocalDate.of(2024, 1, 1);
        for (int s = 0; s < 16; s++) {
            String group = s < 8 ? "a" : "b";
            double elasticity = s < 8 ? -2 : -1;
            double level = 200 + 40 * s;
            for (int t = 0; t < 80; t++) {
                double price = 3 * (random.nextDouble() < 0.25 ? 0.8 : 1.0) * (1 + 0.05 * random.nextGaussian());
                double display = random.nextDouble() < 0.2 ? 1 : 0;
                double mean = level * Math.pow(price / 3, elasticity) * Math.exp(0.4 * display);
                long y = Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
                csv.append(String.format(
                        Locale.ROOT, "acct%02d,%s,%d,%.3f,%.0f,%s%n", s, start.plusWeeks(t), y, price, display, group));
            }
        }
        Path file = home.resolve("weekly.csv");
        Files.writeString(file, csv);
        return file;
    }

    @Test
    void estimatesEverySeriesAndPoolsThemByGroup() throws Exception {
        Path output = home.resolve("out/elasticity.csv");
        CliRun run = CliRun.run(
                env(),
                "elasticity-file",
                "--input",
                input().toString(),
                "--controls",
                "display",
                "--group",
                "chain",
                "--output",
                output.toString());
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = Files.readAllLines(output);
        assertEquals(ElasticityFileCommand.HEADER, lines.get(0));
        assertEquals(17, lines.size());
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            assertEquals("fitted", f[4], line);
            double truth = f[1].equals("a") ? -2 : -1;
            double published = Double.parseDouble(f[7]);
            double low = Double.parseDouble(f[8]);
            double high = Double.parseDouble(f[9]);
            assertTrue(low <= published && published <= high, line);
            assertTrue(Math.abs(published - truth) < 0.4, line);
        }
        assertTrue(run.err().contains("pooled elasticity of group a: -"), run.err());
        assertTrue(run.err().contains("pooled elasticity of group b: -"), run.err());
    }

    @Test
    void malformedInputIsOneLineNamingTheRow() throws Exception {
        Path file = home.resolve("bad.csv");
        Files.writeString(file, "series_id,ds,y,price\na,2026-01-01,3,2.0\na,2026-01-08,4,free\n");
        CliRun run = CliRun.run(
                env(),
                "elasticity-file",
                "--input",
                file.toString(),
                "--output",
                home.resolve("bad-out.csv").toString());
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("bad.csv line 3: price 'free' is not a number"), run.err());
        assertFalse(Files.exists(home.resolve("bad-out.csv")));
        Files.writeString(file, "series_id,ds,units,price\na,2026-01-01,3,2.0\n");
        run = CliRun.run(
                env(),
                "elasticity-file",
                "--input",
                file.toString(),
                "--output",
                home.resolve("bad-out.csv").toString());
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("no column 'y'"), run.err());
    }
}
