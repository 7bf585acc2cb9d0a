package io.nightshift.jobs.forecast.model;

import io.nightshift.common.config.ForecastSettings;
import io.nightshift.common.config.GlobalModelSettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * One gradient-boosted-trees model (XGBoost) trained on every series at once, on the rows of {@link GlobalFeatures}
 * (direct multi-horizon: the horizon step is a feature, so one model forecasts every step from the same origin,
 * with no recursion on its own forecasts and with the future's known prices and flags). Two trainings per run:
 * <ul>
 *   <li>the <b>backtest</b> model, on each series' observations before its first backtest origin only (as ETS's
 *       parameters are estimated at the first origin and kept at the later ones), which forecasts every backtest
 *       origin of the series without having seen any step at or after it;
 *   <li>the <b>final</b> model, on all observations, which forecasts the steps after the series' end.
 * </ul>
 * Series with a negative value or without observations are left out (log1p scale); the others are screened for
 * one-off orders first, as the {@link Forecaster} does. Rows are (series, origin, step) with an observed target,
 * sampled uniformly down to the settings' {@code maxTrainingRows}; the sampling is seeded, so runs repeat.
 */
public final class GlobalModel {
    private GlobalModel() {}

    /** The two trained models with their encodings; {@link #close} frees XGBoost's native memory. */
    public static final class Trained implements AutoCloseable {
        private final GlobalFeatures features;
        private final Booster backtest;
        private final Encodings backtestEncodings;
        private final Booster last;
        private final Encodings lastEncodings;
        private final int backtestRows;
        private final int lastRows;

        Trained(
                GlobalFeatures features,
                Booster backtest,
                Encodings backtestEncodings,
                int backtestRows,
                Booster last,
                Encodings lastEncodings,
                int lastRows) {
            this.features = features;
            this.backtest = backtest;
            this.backtestEncodings = backtestEncodings;
            this.backtestRows = backtestRows;
            this.last = last;
            this.lastEncodings = lastEncodings;
            this.lastRows = lastRows;
        }

        /** Rows the backtest model and the final model were trained on. */
        public int backtestRows() {
            return backtestRows;
        }

        public int lastRows() {
            return lastRows;
        }

        /** The feature layout's signature: a stored model is reused only for the same one. */
        public String signature() {
            return features.signature();
        }

        /** Both models, their encodings and the layout as bytes, for {@link #fromBytes}. */
        public byte[] toBytes() {
            try {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                    out.writeObject(features);
                    out.writeObject(backtestEncodings);
                    out.writeObject(lastEncodings);
                    out.writeInt(backtestRows);
                    out.writeInt(lastRows);
                    out.writeObject(backtest == null ? null : backtest.toByteArray("ubj"));
                    out.writeObject(last.toByteArray("ubj"));
                }
                return bytes.toByteArray();
            } catch (IOException | XGBoostError e) {
                throw new IllegalStateException("could not serialise the global model", e);
            }
        }

        public static Trained fromBytes(byte[] bytes) {
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
                GlobalFeatures features = (GlobalFeatures) in.readObject();
                Encodings backtestEncodings = (Encodings) in.readObject();
                Encodings lastEncodings = (Encodings) in.readObject();
                int backtestRows = in.readInt();
                int lastRows = in.readInt();
                byte[] backtest = (byte[]) in.readObject();
                byte[] last = (byte[]) in.readObject();
                return new Trained(
                        features,
                        backtest == null ? null : XGBoost.loadModel(backtest),
                        backtestEncodings,
                        backtestRows,
                        XGBoost.loadModel(last),
                        lastEncodings,
                        lastRows);
            } catch (IOException | ClassNotFoundException | XGBoostError e) {
                throw new IllegalStateException("could not read the stored global model", e);
            }
        }

        @Override
        public void close() {
            if (backtest != null) {
                backtest.dispose();
            }
            last.dispose();
        }
    }

    /** The feature layout's signature for these series: a stored model is reused only when it matches. */
    public static String signature(List<GlobalSeries> series, int horizon) {
        return GlobalFeatures.of(series, horizon).signature();
    }

    /** A series ready for the model: screened values and the Forecaster's backtest origins. */
    private record Input(GlobalSeries series, double[] y, int[] origins) {}

    /** Trains both models and forecasts every eligible series at its backtest origins and its end. */
    public static Map<String, GlobalForecast> forecast(
            List<GlobalSeries> series, int horizon, ForecastSettings forecast, GlobalModelSettings settings) {
        try (Trained trained = train(series, horizon, forecast, settings)) {
            return predict(trained, series, horizon, forecast);
        }
    }

    public static Trained train(
            List<GlobalSeries> series, int horizon, ForecastSettings forecast, GlobalModelSettings settings) {
        GlobalFeatures features = GlobalFeatures.of(series, horizon);
        List<Input> inputs = inputs(series, horizon, forecast);
        int[] backtestCutoffs = new int[inputs.size()];
        int[] lastCutoffs = new int[inputs.size()];
        for (int i = 0; i < inputs.size(); i++) {
            Input in = inputs.get(i);
            backtestCutoffs[i] = in.origins.length == 0 ? 0 : in.origins[0];
            lastCutoffs[i] = in.y.length;
        }
        Fold backtest = fold(features, inputs, backtestCutoffs, settings, 1);
        Fold last = fold(features, inputs, lastCutoffs, settings, 2);
        return new Trained(
                features,
                backtest == null ? null : backtest.booster,
                backtest == null ? null : backtest.encodings,
                backtest == null ? 0 : backtest.rows,
                last.booster,
                last.encodings,
                last.rows);
    }

    /**
     * Forecasts of every eligible series: with the backtest model at each backtest origin, with the final model
     * after the end. Series the trained layout cannot take (another regressor count) get none.
     */
    public static Map<String, GlobalForecast> predict(
            Trained trained, List<GlobalSeries> series, int horizon, ForecastSettings forecast) {
        GlobalFeatures features = trained.features;
        if (features.horizon() != horizon) {
            throw new IllegalArgumentException(
                    "the global model was trained for horizon " + features.horizon() + ", not " + horizon);
        }
        List<Input> inputs = inputs(series, horizon, forecast);
        Map<String, GlobalForecast> out = new LinkedHashMap<>();
        int batch = Math.max(1, 100_000 / horizon);
        for (int from = 0; from < inputs.size(); from += batch) {
            List<Input> part = inputs.subList(from, Math.min(inputs.size(), from + batch));
            Map<String, Map<Integer, double[]>> backtests = trained.backtest == null
                    ? Map.of()
                    : predict(trained.backtest, trained.backtestEncodings, features, part, horizon, true);
            Map<String, Map<Integer, double[]>> lasts =
                    predict(trained.last, trained.lastEncodings, features, part, horizon, false);
            for (Input in : part) {
                Map<Integer, double[]> byEnd = new LinkedHashMap<>(backtests.getOrDefault(in.series.id(), Map.of()));
                byEnd.putAll(lasts.getOrDefault(in.series.id(), Map.of()));
                if (byEnd.isEmpty()) {
                    continue;
                }
                int[] ends = byEnd.keySet().stream().mapToInt(Integer::intValue).toArray();
                double[][] means = new double[ends.length][];
                for (int k = 0; k < ends.length; k++) {
                    means[k] = byEnd.get(ends[k]);
                }
                out.put(in.series.id(), new GlobalForecast(ends, means));
            }
        }
        return out;
    }

    private static List<Input> inputs(List<GlobalSeries> series, int horizon, ForecastSettings forecast) {
        Forecaster forecaster = new Forecaster(forecast);
        List<Input> inputs = new ArrayList<>();
        for (GlobalSeries s : series) {
            double[] y = s.data().y();
            boolean eligible = s.data().observedCount() > 0;
            for (double v : y) {
                eligible &= !(v < 0);
            }
            if (!eligible) {
                continue;
            }
            double[] screened = Screening.screen(y, forecast.screenMultiple(), forecast.screenQuantile())
                    .y();
            inputs.add(new Input(
                    s, screened, forecaster.origins(y.length, horizon, s.data().period())));
        }
        return inputs;
    }

    private record Fold(Booster booster, Encodings encodings, int rows) {}

    /** Samples the rows whose target lies before each series' cut-off, and trains on them; null without rows. */
    private static Fold fold(
            GlobalFeatures features, List<Input> inputs, int[] cutoffs, GlobalModelSettings settings, long seed) {
        int horizon = features.horizon();
        int first = Math.max(1, features.window());
        long[] pairs = new long[inputs.size()];
        long total = 0;
        for (int i = 0; i < inputs.size(); i++) {
            for (int o = first; o < cutoffs[i]; o++) {
                pairs[i] += Math.min(horizon, cutoffs[i] - o);
            }
            total += pairs[i];
        }
        if (total == 0) {
            return null;
        }
        double rate = Math.min(1.0, (double) settings.maxTrainingRows() / total);
        int columns = features.columns();
        FloatRows rows = new FloatRows(columns, (int) Math.min(total, settings.maxTrainingRows() + 1000L));
        List<float[]> labels = new ArrayList<>();
        float[] label = new float[4096];
        int labelCount = 0;
        List<Integer> owner = new ArrayList<>();
        List<Integer> slot = new ArrayList<>();
        float[] row = new float[columns];
        for (int i = 0; i < inputs.size(); i++) {
            if (pairs[i] == 0) {
                continue;
            }
            Input in = inputs.get(i);
            int cutoff = cutoffs[i];
            GlobalFeatures.Prepared prepared = features.new Prepared(in.series, in.y, cutoff);
            SplittableRandom random = new SplittableRandom(seed * 1_000_003L + i);
            List<int[]> chosen = new ArrayList<>();
            if (rate >= 1) {
                for (int o = first; o < cutoff; o++) {
                    for (int h = 1; h <= Math.min(horizon, cutoff - o); h++) {
                        chosen.add(new int[] {o, h});
                    }
                }
            } else {
                double expected = pairs[i] * rate;
                int draws = (int) expected + (random.nextDouble() < expected - (int) expected ? 1 : 0);
                for (int d = 0; d < draws; d++) {
                    int o;
                    int h;
                    do {
                        o = first + random.nextInt(cutoff - first);
                        h = 1 + random.nextInt(horizon);
                    } while (o + h - 1 >= cutoff);
                    chosen.add(new int[] {o, h});
                }
            }
            for (int[] pair : chosen) {
                int t = pair[0] + pair[1] - 1;
                double target = prepared.target(t);
                if (Double.isNaN(target) || !prepared.fill(pair[0], pair[1], row, 0)) {
                    continue;
                }
                rows.add(row);
                if (labelCount == label.length) {
                    labels.add(label);
                    label = new float[label.length];
                    labelCount = 0;
                }
                label[labelCount++] = (float) (target - row[1]);
                owner.add(i);
                slot.add(prepared.slot(t));
            }
        }
        int n = rows.size();
        if (n == 0) {
            return null;
        }
        float[] y = new float[n];
        int k = 0;
        for (float[] block : labels) {
            System.arraycopy(block, 0, y, k, block.length);
            k += block.length;
        }
        System.arraycopy(label, 0, y, k, labelCount);
        Encodings encodings = new Encodings();
        for (int r = 0; r < n; r++) {
            GlobalSeries s = inputs.get(owner.get(r)).series;
            encodings.add(s.id(), s.group(), slot.get(r), y[r]);
        }
        float[] data = rows.data();
        int encodingOffset = columns - GlobalFeatures.ENCODINGS;
        for (int r = 0; r < n; r++) {
            GlobalSeries s = inputs.get(owner.get(r)).series;
            encodings.fill(s.id(), s.group(), slot.get(r), data, r * columns + encodingOffset);
        }
        try {
            DMatrix matrix = new DMatrix(data, n, columns, Float.NaN);
            try {
                matrix.setLabel(y);
                Booster booster =
                        XGBoost.train(matrix, parameters(settings), settings.rounds(), new HashMap<>(), null, null);
                return new Fold(booster, encodings, n);
            } finally {
                matrix.dispose();
            }
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost training of the global model failed", e);
        }
    }

    static Map<String, Object> parameters(GlobalModelSettings settings) {
        Map<String, Object> p = new HashMap<>();
        p.put("objective", "reg:squarederror");
        p.put("tree_method", "hist");
        p.put("eta", settings.learningRate());
        p.put("max_depth", settings.maxDepth());
        p.put("min_child_weight", 5);
        p.put("subsample", 0.8);
        p.put("colsample_bytree", 0.8);
        p.put("lambda", 1.0);
        p.put("max_bin", 128);
        p.put("nthread", settings.threads());
        p.put("seed", 7);
        p.put("verbosity", 0);
        return p;
    }

    /** Per series id, per end (origin), the forecast of the steps after it. */
    private static Map<String, Map<Integer, double[]>> predict(
            Booster booster,
            Encodings encodings,
            GlobalFeatures features,
            List<Input> inputs,
            int horizon,
            boolean backtest) {
        int columns = features.columns();
        FloatRows rows = new FloatRows(columns, inputs.size() * horizon * (backtest ? 3 : 1));
        List<Object[]> keys = new ArrayList<>();
        List<Double> levels = new ArrayList<>();
        float[] row = new float[columns];
        int encodingOffset = columns - GlobalFeatures.ENCODINGS;
        for (Input in : inputs) {
            int[] ends = backtest ? in.origins : new int[] {in.y.length};
            for (int end : ends) {
                GlobalFeatures.Prepared prepared = features.new Prepared(in.series, in.y, end);
                boolean complete = true;
                List<float[]> block = new ArrayList<>();
                for (int h = 1; h <= horizon && complete; h++) {
                    complete = prepared.fill(end, h, row, 0);
                    encodings.fill(in.series.id(), in.series.group(), prepared.slot(end + h - 1), row, encodingOffset);
                    block.add(row.clone());
                }
                if (!complete) {
                    continue;
                }
                for (float[] r : block) {
                    rows.add(r);
                }
                keys.add(new Object[] {in.series.id(), end});
                levels.add(prepared.level(end));
            }
        }
        Map<String, Map<Integer, double[]>> out = new HashMap<>();
        if (rows.size() == 0) {
            return out;
        }
        float[][] predicted;
        try {
            DMatrix matrix = new DMatrix(rows.data(), rows.size(), columns, Float.NaN);
            try {
                predicted = booster.predict(matrix);
            } finally {
                matrix.dispose();
            }
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost prediction of the global model failed", e);
        }
        for (int k = 0; k < keys.size(); k++) {
            double[] mean = new double[horizon];
            for (int h = 0; h < horizon; h++) {
                double log = levels.get(k) + predicted[k * horizon + h][0];
                mean[h] = Math.max(0, Math.expm1(log));
            }
            out.computeIfAbsent((String) keys.get(k)[0], id -> new HashMap<>()).put((Integer) keys.get(k)[1], mean);
        }
        return out;
    }

    /** A growable row-major float matrix (XGBoost's dense input). */
    private static final class FloatRows {
        private final int columns;
        private float[] data;
        private int rows;

        FloatRows(int columns, int expectedRows) {
            this.columns = columns;
            this.data = new float[Math.max(1, expectedRows) * columns];
        }

        void add(float[] row) {
            if ((rows + 1) * (long) columns > data.length) {
                data = Arrays.copyOf(data, (int) Math.min(Integer.MAX_VALUE - 8, data.length * 3L / 2 + columns));
            }
            System.arraycopy(row, 0, data, rows * columns, columns);
            rows++;
        }

        int size() {
            return rows;
        }

        float[] data() {
            return rows * columns == data.length ? data : Arrays.copyOf(data, rows * columns);
        }
    }
}
