package io.nightshift.sandbox.bench;

import io.nightshift.common.config.ForecastSettings;
import io.nightshift.common.config.GlobalModelSettings;
import io.nightshift.jobs.forecast.model.Accuracy;
import io.nightshift.jobs.forecast.model.BacktestScore;
import io.nightshift.jobs.forecast.model.ForecastResult;
import io.nightshift.jobs.forecast.model.Forecaster;
import io.nightshift.jobs.forecast.model.Frequency;
import io.nightshift.jobs.forecast.model.GlobalForecast;
import io.nightshift.jobs.forecast.model.GlobalModel;
import io.nightshift.jobs.forecast.model.GlobalSeries;
import io.nightshift.jobs.forecast.model.SeriesData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * bench/forecast.sh (a): the forecaster on the 3,003 M3 series with the competition's horizons, sMAPE and
 * MASE (scaled by the in-sample seasonal naive) per period, next to the 24 original methods scored the same
 * way from their published forecasts, and the model code's time per series on one thread.
 * Usage: M3Benchmark M3_FOLDER [LEVEL]
 */
public final class M3Benchmark {
    private M3Benchmark() {}

    private record Series(String id, String period, int h, double[] train, double[] test, LocalDate start) {}

    public static void main(String[] args) throws IOException {
        Path folder = Path.of(args[0]);
        Map<String, Series> series = read(folder);
        Forecaster forecaster = new Forecaster(ForecastSettings.defaults());
        boolean withGlobal = !"false".equals(System.getProperty("m3.global", "true"));
        Map<String, GlobalForecast> global = new HashMap<>();
        Map<String, double[]> localOnly = new LinkedHashMap<>();
        Map<String, double[]> globalAlone = new LinkedHashMap<>();
        if (withGlobal) {
            long trainStart = System.nanoTime();
            for (String period : List.of("YEARLY", "QUARTERLY", "MONTHLY", "OTHER")) {
                List<GlobalSeries> input = new ArrayList<>();
                int h = 0;
                for (Series s : series.values()) {
                    if (s.period.equals(period)) {
                        input.add(new GlobalSeries(
                                s.id, "", s.start, frequencyOf(period), SeriesData.of(s.train, periodOf(s.period))));
                        h = s.h;
                    }
                }
                global.putAll(
                        GlobalModel.forecast(input, h, ForecastSettings.defaults(), GlobalModelSettings.defaults()));
            }
            System.out.printf(
                    Locale.ROOT,
                    "global model: trained per period and predicted in %.1f s (wall)%n",
                    (System.nanoTime() - trainStart) / 1e9);
            for (Series s : series.values()) {
                localOnly.put(
                        s.id,
                        forecaster
                                .forecast(SeriesData.of(s.train, periodOf(s.period)), s.h)
                                .mean());
                GlobalForecast g = global.get(s.id);
                if (g != null && g.at(s.train.length) != null) {
                    globalAlone.put(s.id, g.at(s.train.length));
                }
            }
        }
        Map<String, double[]> ours = new LinkedHashMap<>();
        Map<String, String> chosen = new HashMap<>();
        Map<String, Double> coverage = new HashMap<>();
        Map<String, double[]> backtestCoverage = new TreeMap<>();
        // warm up the JIT on a few series, so the timing is of compiled code
        series.values().stream().limit(300).forEach(s -> forecaster.forecast(data(s, global), s.h));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long start = threads.getCurrentThreadCpuTime();
        for (Series s : series.values()) {
            ForecastResult r = forecaster.forecast(data(s, global), s.h);
            ours.put(s.id, r.mean());
            chosen.put(s.id, r.model());
            for (BacktestScore b : r.backtest()) {
                if (!Double.isNaN(b.intervalCoverage())) {
                    double[] c = backtestCoverage.computeIfAbsent(b.model(), k -> new double[2]);
                    c[0] += b.intervalCoverage();
                    c[1]++;
                }
            }
            int inside = 0;
            for (int i = 0; i < s.h; i++) {
                if (s.test[i] >= r.lower()[i] && s.test[i] <= r.upper()[i]) {
                    inside++;
                }
            }
            coverage.put(s.id, (double) inside / s.h);
        }
        double millisPerSeries = (threads.getCurrentThreadCpuTime() - start) / 1e6 / series.size();

        Map<String, Map<String, double[]>> methods = readForecasts(folder, series);
        methods.put("NIGHTSHIFT", ours);
        if (withGlobal) {
            methods.put("NS-LOCAL-ONLY", localOnly);
            methods.put("NS-GLOBAL-GBDT", globalAlone);
        }
        String[] periods = {"YEARLY", "QUARTERLY", "MONTHLY", "OTHER", "ALL"};
        Map<String, Map<String, double[]>> table = new TreeMap<>();
        for (Map.Entry<String, Map<String, double[]>> method : methods.entrySet()) {
            Map<String, double[]> byPeriod = new LinkedHashMap<>();
            for (String p : periods) {
                byPeriod.put(p, new double[3]);
            }
            for (Map.Entry<String, double[]> f : method.getValue().entrySet()) {
                Series s = series.get(f.getKey());
                double smape = Accuracy.smape(s.test, 0, f.getValue());
                double mase = Accuracy.mase(
                        s.test, 0, f.getValue(), Accuracy.scale(s.train, s.train.length, periodOf(s.period)));
                for (String p : new String[] {s.period, "ALL"}) {
                    double[] acc = byPeriod.get(p);
                    acc[0] += smape;
                    acc[1] += mase;
                    acc[2]++;
                }
            }
            table.put(method.getKey(), byPeriod);
        }
        List<Map.Entry<String, Map<String, double[]>>> rows = new ArrayList<>(table.entrySet());
        rows.sort((a, b) -> Double.compare(
                mean(a.getValue().get("MONTHLY"), 0), mean(b.getValue().get("MONTHLY"), 0)));
        System.out.println(
                "M3: sMAPE (MASE) per period, mean over series; sorted by monthly sMAPE. Horizons: yearly 6, quarterly 8, monthly 18, other 8.");
        System.out.printf(
                Locale.ROOT,
                "%-14s %17s %17s %17s %17s %17s%n",
                "method",
                "yearly (645)",
                "quarterly (756)",
                "monthly (1428)",
                "other (174)",
                "all (3003)");
        for (Map.Entry<String, Map<String, double[]>> row : rows) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-14s", row.getKey()));
            for (String p : periods) {
                double[] acc = row.getValue().get(p);
                line.append(
                        acc[2] == 0
                                ? String.format(Locale.ROOT, " %17s", "-")
                                : String.format(Locale.ROOT, " %8.2f (%6.3f)", mean(acc, 0), mean(acc, 1)));
            }
            System.out.println(line);
        }
        Map<String, Integer> counts = new TreeMap<>();
        chosen.values().forEach(m -> counts.merge(m, 1, Integer::sum));
        double meanCoverage = coverage.values().stream()
                .mapToDouble(Double::doubleValue)
                .average()
                .orElse(Double.NaN);
        System.out.printf(Locale.ROOT, "NIGHTSHIFT chosen models: %s%n", counts);
        System.out.printf(
                Locale.ROOT, "NIGHTSHIFT 90%% interval coverage on the hold-out: %.1f%%%n", 100 * meanCoverage);
        StringBuilder perCandidate = new StringBuilder("NIGHTSHIFT backtest interval coverage per candidate:");
        backtestCoverage.forEach(
                (model, c) -> perCandidate.append(String.format(Locale.ROOT, " %s %.1f%%", model, 100 * c[0] / c[1])));
        System.out.println(perCandidate);
        System.out.printf(
                Locale.ROOT,
                "NIGHTSHIFT model CPU time: %.3f ms per series (one thread, backtest selection included, %d series)%n",
                millisPerSeries,
                series.size());
    }

    private static double mean(double[] acc, int i) {
        return acc[2] == 0 ? Double.POSITIVE_INFINITY : acc[i] / acc[2];
    }

    private static SeriesData data(Series s, Map<String, GlobalForecast> global) {
        return SeriesData.of(s.train, periodOf(s.period)).withGlobalForecast(global.get(s.id));
    }

    /** The global model's calendar: M3's "other" series have no known calendar (treated as yearly, no dates). */
    private static Frequency frequencyOf(String period) {
        return switch (period) {
            case "MONTHLY" -> Frequency.MONTHLY;
            case "QUARTERLY" -> Frequency.QUARTERLY;
            default -> Frequency.YEARLY;
        };
    }

    private static LocalDate startOf(String period, String year, String sub) {
        int y = Integer.parseInt(year.strip());
        int k = Integer.parseInt(sub.strip());
        return switch (period) {
            case "MONTHLY" -> LocalDate.of(y, k, 1);
            case "QUARTERLY" -> LocalDate.of(y, 3 * (k - 1) + 1, 1);
            case "YEARLY" -> LocalDate.of(y, 1, 1);
            default -> null;
        };
    }

    static int periodOf(String period) {
        return switch (period) {
            case "MONTHLY" -> 12;
            case "QUARTERLY" -> 4;
            default -> 1;
        };
    }

    private static Map<String, Series> read(Path folder) throws IOException {
        Map<String, String[]> info = new LinkedHashMap<>();
        try (BufferedReader r = Files.newBufferedReader(folder.resolve("m3_info.csv"), StandardCharsets.UTF_8)) {
            r.readLine();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] f = line.replace("\"", "").split(",");
                info.put(f[0], f);
            }
        }
        Map<String, List<Double>> train = new HashMap<>();
        Map<String, List<Double>> test = new HashMap<>();
        try (BufferedReader r = gz(folder.resolve("m3_series_long.csv.gz"))) {
            r.readLine();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] f = line.split(",");
                (f[1].equals("train") ? train : test)
                        .computeIfAbsent(f[0], k -> new ArrayList<>())
                        .add(Double.parseDouble(f[4]));
            }
        }
        Map<String, Series> out = new LinkedHashMap<>();
        for (String[] f : info.values()) {
            out.put(
                    f[0],
                    new Series(
                            f[0],
                            f[2],
                            Integer.parseInt(f[5]),
                            toArray(train.get(f[0])),
                            toArray(test.get(f[0])),
                            startOf(f[2], f[7], f[8])));
        }
        return out;
    }

    private static Map<String, Map<String, double[]>> readForecasts(Path folder, Map<String, Series> series)
            throws IOException {
        Map<String, Map<String, double[]>> out = new TreeMap<>();
        try (BufferedReader r = gz(folder.resolve("m3_forecasts_long.csv.gz"))) {
            String[] header = r.readLine().replace("\"", "").split(",");
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] f = line.replace("\"", "").split(",");
                Series s = series.get(f[1]);
                int h = Integer.parseInt(f[2]);
                if (s == null || h > s.h || f[3].isEmpty() || f[3].equals("NA")) {
                    continue;
                }
                out.computeIfAbsent(f[0], k -> new HashMap<>()).computeIfAbsent(f[1], k -> new double[s.h])[h - 1] =
                        Double.parseDouble(f[3]);
            }
            if (header.length < 4) {
                throw new IOException("unexpected header in m3_forecasts_long.csv.gz");
            }
        }
        return out;
    }

    private static BufferedReader gz(Path path) throws IOException {
        return new BufferedReader(
                new InputStreamReader(new GZIPInputStream(Files.newInputStream(path)), StandardCharsets.UTF_8));
    }

    private static double[] toArray(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
