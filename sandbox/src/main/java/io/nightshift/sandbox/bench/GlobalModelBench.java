package io.nightshift.sandbox.bench;

import io.nightshift.common.config.ForecastSettings;
import io.nightshift.common.config.GlobalModelSettings;
import io.nightshift.jobs.forecast.SeriesFile;
import io.nightshift.jobs.forecast.model.Accuracy;
import io.nightshift.jobs.forecast.model.BacktestScore;
import io.nightshift.jobs.forecast.model.ForecastResult;
import io.nightshift.jobs.forecast.model.Forecaster;
import io.nightshift.jobs.forecast.model.Frequency;
import io.nightshift.jobs.forecast.model.GlobalBoosted;
import io.nightshift.jobs.forecast.model.GlobalForecast;
import io.nightshift.jobs.forecast.model.GlobalModel;
import io.nightshift.jobs.forecast.model.GlobalSeries;
import io.nightshift.jobs.forecast.model.SeriesData;
import java.io.BufferedReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * bench/forecast.sh (b, c), the global model's side: on one prepared data set (input.csv, actuals.csv,
 * meta.properties with its group column), in one JVM without Spark, the forecaster without and with the global
 * model: hold-out mean and median MASE, sMAPE and coverage of the chosen forecasts; the global model's own hold-out
 * score (its final forecast for every series); how often the backtest choice picks it (alone, or the combination
 * with it among the members is not told apart: see "chosen"); every candidate's backtest interval coverage; and
 * the global model's training and prediction wall time on this thread.
 * Usage: GlobalModelBench DIR [N] (N: score the first N series by sorted id only, as the R peers' runs on the first N;
 * the model is trained on every series of the file either way, as forecast-file does)
 */
public final class GlobalModelBench {
    private GlobalModelBench() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        BenchMeta meta = BenchMeta.read(dir);
        Frequency frequency = meta.frequency();
        int horizon = meta.horizon();
        List<String> regressors = meta.regressors();
        String group = meta.group();
        List<SeriesFile.Series> series = SeriesFile.read(
                dir.resolve("input.csv"), frequency, regressors, horizon, group.isEmpty() ? null : group);
        Map<String, double[]> actuals = actuals(dir.resolve("actuals.csv"));
        if (args.length > 1) {
            List<String> ids = new ArrayList<>(actuals.keySet());
            ids.sort(null);
            actuals.keySet().retainAll(ids.subList(0, Math.min(ids.size(), Integer.parseInt(args[1]))));
        }
        ForecastSettings settings = ForecastSettings.defaults();
        GlobalModelSettings global = GlobalModelSettings.defaults();

        List<GlobalSeries> input = new ArrayList<>();
        for (SeriesFile.Series s : series) {
            input.add(new GlobalSeries(s.id(), s.group(), s.start(), frequency, data(s, frequency)));
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long start = System.nanoTime();
        long cpuStart = threads.getCurrentThreadCpuTime();
        Map<String, GlobalForecast> forecasts;
        double trainCpu;
        int backtestRows;
        int lastRows;
        double trainSeconds;
        try (GlobalModel.Trained trained = GlobalModel.train(input, horizon, settings, global)) {
            trainSeconds = (System.nanoTime() - start) / 1e9;
            trainCpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            backtestRows = trained.backtestRows();
            lastRows = trained.lastRows();
            start = System.nanoTime();
            cpuStart = threads.getCurrentThreadCpuTime();
            forecasts = GlobalModel.predict(trained, input, horizon, settings);
        }
        double predictSeconds = (System.nanoTime() - start) / 1e9;
        double predictCpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;

        Forecaster forecaster = new Forecaster(settings);
        Score local = new Score();
        Score with = new Score();
        Score alone = new Score();
        Map<String, Integer> chosen = new TreeMap<>();
        Map<String, double[]> coverage = new TreeMap<>();
        for (SeriesFile.Series s : series) {
            double[] actual = actuals.get(s.id());
            if (actual == null) {
                continue;
            }
            double scale = Accuracy.scale(s.y(), s.y().length, frequency.periodFor(s.y().length));
            SeriesData data = data(s, frequency);
            local.add(actual, forecaster.forecast(data, horizon), scale);
            GlobalForecast g = forecasts.get(s.id());
            ForecastResult r = forecaster.forecast(data.withGlobalForecast(g), horizon);
            with.add(actual, r, scale);
            chosen.merge(r.model(), 1, Integer::sum);
            for (BacktestScore b : r.backtest()) {
                if (!Double.isNaN(b.intervalCoverage())) {
                    double[] c = coverage.computeIfAbsent(b.model(), k -> new double[2]);
                    c[0] += b.intervalCoverage();
                    c[1]++;
                }
            }
            if (g != null && g.at(s.y().length) != null) {
                alone.add(actual, g.at(s.y().length), null, null, scale);
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%s: %d series, %s, horizon %d, regressors %s, group %s%n",
                dir.getFileName(),
                series.size(),
                frequency.name().toLowerCase(Locale.ROOT),
                horizon,
                regressors.isEmpty() ? "none" : String.join(",", regressors),
                group.isEmpty() ? "none" : group);
        System.out.printf(
                Locale.ROOT,
                "global model: %d + %d training rows, trained in %.1f s (%.1f s CPU), predicted in %.1f s (%.1f s CPU);"
                        + " one thread%n",
                backtestRows,
                lastRows,
                trainSeconds,
                trainCpu,
                predictSeconds,
                predictCpu);
        System.out.printf(
                Locale.ROOT, "%-28s %8s %8s %8s %9s %7s%n", "forecaster", "MASE", "median", "sMAPE", "coverage", "n");
        local.print("local candidates only");
        with.print("with the global model");
        alone.print("global model alone");
        System.out.println("chosen (with the global model): " + chosen);
        StringBuilder c = new StringBuilder("backtest interval coverage per candidate:");
        for (Map.Entry<String, double[]> e : coverage.entrySet()) {
            c.append(String.format(Locale.ROOT, " %s %.1f%%", e.getKey(), 100 * e.getValue()[0] / e.getValue()[1]));
        }
        System.out.println(c);
        System.out.println("(" + GlobalBoosted.NAME + " is the global model; the combination may include it)");
    }

    private static SeriesData data(SeriesFile.Series s, Frequency frequency) {
        return new SeriesData(s.y(), frequency.periodFor(s.observed()), frequency.yearLength(), null, s.regressors());
    }

    /** Accumulated hold-out scores of one forecaster. */
    private static final class Score {
        private final List<Double> mases = new ArrayList<>();
        private double smape;
        private int inside;
        private int points;

        void add(double[] actual, ForecastResult r, double scale) {
            add(actual, r.mean(), r.lower(), r.upper(), scale);
        }

        void add(double[] actual, double[] mean, double[] lower, double[] upper, double scale) {
            double mase = Accuracy.mase(actual, 0, mean, scale);
            if (Double.isNaN(mase)) {
                return;
            }
            mases.add(mase);
            smape += Accuracy.smape(actual, 0, mean);
            for (int h = 0; h < actual.length && lower != null; h++) {
                points++;
                if (actual[h] >= lower[h] && actual[h] <= upper[h]) {
                    inside++;
                }
            }
        }

        void print(String name) {
            double[] sorted =
                    mases.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            int k = sorted.length;
            double median = k == 0 ? Double.NaN : k % 2 == 1 ? sorted[k / 2] : (sorted[k / 2 - 1] + sorted[k / 2]) / 2;
            System.out.printf(
                    Locale.ROOT,
                    "%-28s %8.3f %8.3f %8.2f %9s %7d%n",
                    name,
                    Arrays.stream(sorted).average().orElse(Double.NaN),
                    median,
                    smape / k,
                    points == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * inside / points),
                    k);
        }
    }

    /** actuals.csv: series_id, ds, y, in date order per series. */
    private static Map<String, double[]> actuals(Path file) throws IOException {
        Map<String, TreeMap<String, Double>> rows = new LinkedHashMap<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            r.readLine();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] f = line.replace("\"", "").split(",");
                if (f.length >= 3 && !f[2].isEmpty() && !f[2].equals("NA")) {
                    rows.computeIfAbsent(f[0], k -> new TreeMap<>()).put(f[1], Double.parseDouble(f[2]));
                }
            }
        }
        Map<String, double[]> out = new LinkedHashMap<>();
        rows.forEach((id, byDay) -> out.put(
                id, byDay.values().stream().mapToDouble(Double::doubleValue).toArray()));
        return out;
    }
}
