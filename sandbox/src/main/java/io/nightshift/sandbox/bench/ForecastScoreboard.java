package io.nightshift.sandbox.bench;

import io.nightshift.common.config.ForecastSettings;
import io.nightshift.jobs.forecast.SeriesFile;
import io.nightshift.jobs.forecast.model.Accuracy;
import io.nightshift.jobs.forecast.model.Forecaster;
import io.nightshift.jobs.forecast.model.Frequency;
import io.nightshift.jobs.forecast.model.SeriesData;
import java.io.BufferedReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * bench/forecast.sh (b, c): scores every forecast of one data set's hold-out, Nightshift's
 * ({@code nightshift.csv}) and the peers' ({@code peer_<method>.csv}), on the same series: mean MASE (scaled
 * by the in-sample seasonal naive of the history in input.csv), mean sMAPE, interval coverage, and seconds
 * per series from the {@code *_seconds.txt} files (total seconds, series count). Only the series every method
 * forecast on every hold-out day are scored (a peer may have run on the first N series); the series each method
 * left out are counted as missing.
 * Usage: ForecastScoreboard DIR (holding input.csv, actuals.csv, meta.properties and the forecasts)
 */
public final class ForecastScoreboard {
    private ForecastScoreboard() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        BenchMeta meta = BenchMeta.read(dir);
        Frequency frequency = meta.frequency();
        int horizon = meta.horizon();
        List<String> regressors = meta.regressors();
        Map<String, SeriesFile.Series> history = new LinkedHashMap<>();
        for (SeriesFile.Series s : SeriesFile.read(dir.resolve("input.csv"), frequency, regressors, horizon)) {
            history.put(s.id(), s);
        }
        Map<String, Map<LocalDate, Double>> actuals =
                readValues(dir.resolve("actuals.csv"), "y").get("y");
        double modelSeconds = modelCpuSecondsPerSeries(history.values(), frequency, horizon);

        Map<String, Path> methods = new LinkedHashMap<>();
        if (Files.exists(dir.resolve("nightshift.csv"))) {
            methods.put("nightshift", dir.resolve("nightshift.csv"));
        }
        try (DirectoryStream<Path> peers = Files.newDirectoryStream(dir, "peer_*.csv")) {
            List<Path> sorted = new ArrayList<>();
            peers.forEach(sorted::add);
            sorted.sort(null);
            for (Path p : sorted) {
                methods.put(
                        p.getFileName().toString().replaceFirst("^peer_", "").replaceFirst("\\.csv$", ""), p);
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%s: %d series, %s, horizon %d, regressors %s%n",
                dir.getFileName(),
                history.size(),
                frequency.name().toLowerCase(Locale.ROOT),
                horizon,
                regressors.isEmpty() ? "none" : String.join(",", regressors));
        // Every method is scored on the same series: those with actuals that every method forecast on every
        // hold-out day (a peer run on the first N series only must not be compared on other series).
        Map<String, Map<String, Map<String, Map<LocalDate, Double>>>> forecasts = new LinkedHashMap<>();
        Set<String> common = new TreeSet<>(actuals.keySet());
        common.retainAll(history.keySet());
        Map<String, Integer> missingByMethod = new LinkedHashMap<>();
        for (Map.Entry<String, Path> method : methods.entrySet()) {
            Map<String, Map<String, Map<LocalDate, Double>>> values =
                    readValues(method.getValue(), "yhat", "yhat_lower", "yhat_upper");
            forecasts.put(method.getKey(), values);
            int missing = 0;
            for (String id : actuals.keySet()) {
                Map<LocalDate, Double> f = values.get("yhat").getOrDefault(id, Map.of());
                if (!f.keySet().containsAll(actuals.get(id).keySet())) {
                    missing++;
                    common.remove(id);
                }
            }
            missingByMethod.put(method.getKey(), missing);
        }
        System.out.printf(
                Locale.ROOT,
                "scored on the %d series every method forecast (\"missing\": series with actuals a method did not forecast)%n",
                common.size());
        System.out.printf(
                Locale.ROOT,
                "%-16s %8s %8s %9s %11s %14s %9s%n",
                "method",
                "MASE",
                "sMAPE",
                "coverage",
                "s/series",
                "vs nightshift",
                "missing");
        Double ourSeconds = null;
        for (Map.Entry<String, Path> method : methods.entrySet()) {
            Map<String, Map<String, Map<LocalDate, Double>>> values = forecasts.get(method.getKey());
            double maseSum = 0;
            double smapeSum = 0;
            int inside = 0;
            int intervalCount = 0;
            int scored = 0;
            int missing = missingByMethod.get(method.getKey());
            for (SeriesFile.Series s : history.values()) {
                Map<LocalDate, Double> actual = actuals.get(s.id());
                if (actual == null || !common.contains(s.id())) {
                    continue;
                }
                Map<LocalDate, Double> f = values.get("yhat").getOrDefault(s.id(), Map.of());
                Map<LocalDate, Double> lo =
                        values.getOrDefault("yhat_lower", Map.of()).getOrDefault(s.id(), Map.of());
                Map<LocalDate, Double> hi =
                        values.getOrDefault("yhat_upper", Map.of()).getOrDefault(s.id(), Map.of());
                List<LocalDate> days = new ArrayList<>(actual.keySet());
                days.sort(null);
                double[] a = new double[days.size()];
                double[] p = new double[days.size()];
                for (int i = 0; i < days.size(); i++) {
                    a[i] = actual.get(days.get(i));
                    p[i] = f.get(days.get(i));
                    Double l = lo.get(days.get(i));
                    Double u = hi.get(days.get(i));
                    if (l != null && u != null && !Double.isNaN(a[i])) {
                        intervalCount++;
                        if (a[i] >= l && a[i] <= u) {
                            inside++;
                        }
                    }
                }
                double scale = Accuracy.scale(s.y(), s.y().length, frequency.periodFor(s.y().length));
                double mase = Accuracy.mase(a, 0, p, scale);
                if (!Double.isNaN(mase)) {
                    maseSum += mase;
                    smapeSum += Accuracy.smape(a, 0, p);
                    scored++;
                }
            }
            double seconds = secondsPerSeries(dir, method.getKey());
            if (method.getKey().equals("nightshift")) {
                ourSeconds = modelSeconds;
                System.out.printf(
                        Locale.ROOT, "%-16s %8s %8s %9s %11.4f %14s%n", "(model CPU)", "", "", "", modelSeconds, "");
            }
            String ratio = ourSeconds == null || Double.isNaN(seconds) || Double.isNaN(ourSeconds)
                    ? "-"
                    : String.format(Locale.ROOT, "%.0fx", seconds / ourSeconds);
            System.out.printf(
                    Locale.ROOT,
                    "%-16s %8.3f %8.2f %8.1f%% %11.4f %14s %9d%n",
                    method.getKey(),
                    maseSum / scored,
                    smapeSum / scored,
                    intervalCount == 0 ? Double.NaN : 100.0 * inside / intervalCount,
                    seconds,
                    method.getKey().equals("nightshift") ? "1x" : ratio,
                    missing);
        }
    }

    /**
     * The model code's CPU time per series on one thread once the JIT has compiled it (as in the nightly stage,
     * which forecasts thousands of series per executor JVM), without the command's JVM and Spark start, which
     * dominate a small file: passes over the file until 3 s of CPU (or 500 passes) warm it up, then the median
     * of 5 timed passes.
     */
    private static double modelCpuSecondsPerSeries(
            Collection<SeriesFile.Series> series, Frequency frequency, int horizon) {
        Forecaster forecaster = new Forecaster(ForecastSettings.defaults());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long warmUp = 0;
        for (int pass = 0; pass < 500 && warmUp < 3_000_000_000L; pass++) {
            warmUp += cpuNanos(threads, forecaster, series, frequency, horizon);
        }
        long[] timed = new long[5];
        for (int pass = 0; pass < timed.length; pass++) {
            timed[pass] = cpuNanos(threads, forecaster, series, frequency, horizon);
        }
        Arrays.sort(timed);
        return timed[timed.length / 2] / 1e9 / series.size();
    }

    private static long cpuNanos(
            ThreadMXBean threads,
            Forecaster forecaster,
            Collection<SeriesFile.Series> series,
            Frequency frequency,
            int horizon) {
        long start = threads.getCurrentThreadCpuTime();
        for (SeriesFile.Series s : series) {
            int n = s.y().length;
            forecaster.forecast(
                    new SeriesData(s.y(), frequency.periodFor(n), frequency.yearLength(), null, s.regressors()),
                    horizon);
        }
        return threads.getCurrentThreadCpuTime() - start;
    }

    /**
     * Seconds per series from {@code <name>_seconds.txt} or {@code peer_<name>_seconds.txt}: "total_seconds
     * series_count".
     */
    private static double secondsPerSeries(Path dir, String method) throws IOException {
        Path file = method.equals("nightshift")
                ? dir.resolve("nightshift_seconds.txt")
                : dir.resolve("peer_" + method + "_seconds.txt");
        if (!Files.exists(file)) {
            return Double.NaN;
        }
        String[] f = Files.readString(file).strip().split("[\\s,]+");
        return Double.parseDouble(f[0]) / Double.parseDouble(f[1]);
    }

    /** Columns of a series_id, ds, ... CSV: column -> series -> day -> value (header-named, unquoted numbers). */
    private static Map<String, Map<String, Map<LocalDate, Double>>> readValues(Path file, String... columns)
            throws IOException {
        Map<String, Map<String, Map<LocalDate, Double>>> out = new HashMap<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String[] header = r.readLine().replace("\"", "").split(",");
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < header.length; i++) {
                index.put(header[i].strip(), i);
            }
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.replace("\"", "").split(",", -1);
                String id = f[index.get("series_id")];
                LocalDate ds = LocalDate.parse(f[index.get("ds")].substring(0, 10));
                for (String column : columns) {
                    Integer i = index.get(column);
                    if (i == null || i >= f.length || f[i].isEmpty() || f[i].equals("NA")) {
                        continue;
                    }
                    out.computeIfAbsent(column, k -> new HashMap<>())
                            .computeIfAbsent(id, k -> new HashMap<>())
                            .put(ds, Double.parseDouble(f[i]));
                }
            }
        }
        out.putIfAbsent(columns[0], new HashMap<>());
        return out;
    }
}
