package io.nightshift.jobs.forecast.model;

import io.nightshift.common.config.ForecastSettings;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fits every candidate model to a series, scores each by a rolling-origin backtest (MASE scaled by the
 * in-sample seasonal naive, sMAPE, bias, interval coverage), chooses the lowest mean MASE (ties: the
 * earlier candidate in {@link #candidates}'s order, simplest first), and puts split-conformal intervals
 * from the chosen model's backtest residuals around its final forecast, their width calibrated per candidate
 * by leaving origins out ({@link Conformal.Calibration}; each candidate's backtest coverage is scored on
 * intervals that saw no residual of that origin). Candidates: seasonal naive, ETS,
 * Theta, the Prophet-like regression when it knows something the others do not (regressors, holidays or a
 * yearly cycle), Croston/SBA/TSB when the series is intermittent, the global gradient-boosted-trees model when
 * its forecasts came with the series ({@link GlobalBoosted}), and {@value #COMBINATION}, the best-k combination. The combination is the default: a backtest on a few origins is noisy, and
 * choosing the single best model on it lost to the plain combination on M3 (monthly sMAPE 14.1 against
 * 13.8), so another model is chosen only when its mean MASE is lower by the settings' selection margin.
 * Forecasts of a non-negative series are clipped at zero.
 */
public final class Forecaster implements Serializable {
    public static final String COMBINATION = "combination";
    private static final List<String> COMBINED = List.of(Ets.NAME, Theta.NAME, Regression.NAME);

    static final double REFIT_BELOW = 0.85;

    private final ForecastSettings settings;

    public Forecaster(ForecastSettings settings) {
        this.settings = settings;
    }

    public ForecastSettings settings() {
        return settings;
    }

    /** The models fitted for a series of n observations, in tie-break order (the combination is added after). */
    List<ForecastModel> candidates(SeriesData series) {
        List<ForecastModel> models = new ArrayList<>();
        models.add(new SeasonalNaive());
        models.add(new Ets());
        models.add(new Theta());
        if (Regression.informative(series, series.length())) {
            models.add(new Regression());
            if (settings.regressionArma() && nonNegative(series.y())) {
                models.add(new RegressionArma());
            }
        }
        if (Intermittent.zeroShare(series.y(), series.length()) >= settings.intermittentZeroShare()) {
            models.add(new Intermittent(Intermittent.Method.CROSTON));
            models.add(new Intermittent(Intermittent.Method.SBA));
            models.add(new Intermittent(Intermittent.Method.TSB));
        }
        return models;
    }

    private static boolean nonNegative(double[] y) {
        for (double v : y) {
            if (v < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the final fit re-estimates the parameters found at the first backtest origin: only when that origin
     * saw less than {@link #REFIT_BELOW} of the series (short series, e.g. M3's); on long daily series the last few
     * horizons move the estimates little, and skipping the search halves the models' cost.
     */
    static boolean refit(int[] origins, int n) {
        return origins.length == 0 || origins[0] < REFIT_BELOW * n;
    }

    /** The backtest origins (training lengths), earliest first. */
    int[] origins(int n, int horizon, int period) {
        int minimum = Math.max(settings.minimumTraining(), period + 2);
        List<Integer> ends = new ArrayList<>();
        for (int k = settings.origins(); k >= 1; k--) {
            int end = n - k * horizon;
            if (end >= minimum) {
                ends.add(end);
            }
        }
        return ends.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The forecast of a series: screened for one-off orders first ({@link Screening#screen}, non-negative series),
     * the models fitted and chosen on the screened history, and the chosen forecast and its interval scaled down
     * when its sum breaks the sanity bound ({@link Screening#boundFactor}).
     */
    public ForecastResult forecast(SeriesData series, int horizon) {
        if (series.observedCount() == 0) {
            throw new IllegalArgumentException("a series without any observed value cannot be forecast");
        }
        Screening.Screened screened =
                Screening.screen(series.y(), settings.screenMultiple(), settings.screenQuantile());
        SeriesData clean = screened.any() ? series.withY(screened.y()) : series;
        ForecastResult result = forecastScreened(clean, horizon);
        boolean nonNegative = true;
        for (double v : series.y()) {
            if (v < 0) {
                nonNegative = false;
                break;
            }
        }
        double factor = nonNegative ? Screening.boundFactor(clean.y(), result.mean(), settings.boundMultiple()) : 1;
        double limit = Double.NaN;
        double[] mean = result.mean();
        double[] lower = result.lower();
        double[] upper = result.upper();
        if (factor < 1) {
            limit = settings.boundMultiple() * Screening.bestWindow(clean.y(), horizon);
            mean = scale(mean, factor);
            lower = scale(lower, factor);
            upper = scale(upper, factor);
        }
        return new ForecastResult(
                result.model(),
                mean,
                lower,
                upper,
                result.backtest(),
                screened.capped(),
                screened.original(),
                screened.cap(),
                factor,
                limit);
    }

    private static double[] scale(double[] values, double factor) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i] * factor;
        }
        return out;
    }

    private ForecastResult forecastScreened(SeriesData series, int horizon) {
        double[] y = series.y();
        int n = series.length();
        boolean nonNegative = true;
        for (double v : y) {
            if (v < 0) {
                nonNegative = false;
                break;
            }
        }
        int[] origins = origins(n, horizon, series.period());
        List<ForecastModel> models = candidates(series);
        if (GlobalBoosted.available(series, origins)) {
            models.add(new GlobalBoosted());
        }
        Map<String, double[][]> backtests = new LinkedHashMap<>();
        Map<String, double[]> finals = new LinkedHashMap<>();
        for (ForecastModel model : models) {
            double[][] forecasts = new double[origins.length][];
            double[] parameters = null;
            for (int o = 0; o < origins.length; o++) {
                ForecastModel.Fit fit = model.fit(series, origins[o], horizon, parameters, false);
                forecasts[o] = clip(fit.mean(), nonNegative);
                if (parameters == null) {
                    parameters = fit.parameters();
                }
            }
            ForecastModel.Fit fit = model.fit(series, n, horizon, parameters, refit(origins, n));
            backtests.put(model.name(), forecasts);
            finals.put(model.name(), clip(fit.mean(), nonNegative));
        }
        if (settings.combinationModels() >= 2 && origins.length > 0) {
            addBestK(backtests, finals, y, origins, series.period(), horizon);
        } else {
            backtests.put(COMBINATION, combine(backtests, origins.length, horizon));
            finals.put(COMBINATION, combine(finals, horizon));
        }

        // scores per model and origin
        double[] scales = new double[origins.length];
        for (int o = 0; o < origins.length; o++) {
            scales[o] = Accuracy.scale(y, origins[o], series.period());
        }
        double[] fallbackPool = inSampleDifferences(y, n, series.period());
        String chosen = origins.length == 0 ? COMBINATION : null;
        double bestMase = Double.POSITIVE_INFINITY;
        Map<String, double[]> maseByModel = new LinkedHashMap<>();
        for (Map.Entry<String, double[][]> entry : backtests.entrySet()) {
            double[] mases = new double[origins.length];
            for (int o = 0; o < origins.length; o++) {
                mases[o] = Accuracy.mase(y, origins[o], entry.getValue()[o], scales[o]);
            }
            maseByModel.put(entry.getKey(), mases);
            double mean = meanMase(mases);
            if (mean < bestMase - 1e-12) {
                bestMase = mean;
                chosen = entry.getKey();
            }
        }
        if (chosen == null) {
            chosen = COMBINATION;
        }
        // Backtests on a few origins are noisy; a single model replaces the combination only when clearly better.
        if (!chosen.equals(COMBINATION)
                && !(bestMase < meanMase(maseByModel.get(COMBINATION)) * (1 - settings.selectionMargin()))) {
            chosen = COMBINATION;
        }
        List<BacktestScore> scores = new ArrayList<>();
        Map<String, Conformal.Calibration> calibrations = new LinkedHashMap<>();
        for (Map.Entry<String, double[][]> entry : backtests.entrySet()) {
            double[][] forecasts = entry.getValue();
            Conformal.Calibration calibration = new Conformal.Calibration(
                    residuals(y, origins, forecasts, horizon), horizon, settings.level(), fallbackPool);
            calibrations.put(entry.getKey(), calibration);
            for (int o = 0; o < origins.length; o++) {
                double[][] offsets = calibration.offsets(calibration.all() & ~(1L << o));
                double[][] interval = interval(forecasts[o], offsets, nonNegative);
                scores.add(new BacktestScore(
                        entry.getKey(),
                        origins[o],
                        horizon,
                        maseByModel.get(entry.getKey())[o],
                        Accuracy.smape(y, origins[o], forecasts[o]),
                        Accuracy.bias(y, origins[o], forecasts[o]),
                        Accuracy.coverage(y, origins[o], interval[0], interval[1]),
                        entry.getKey().equals(chosen)));
            }
        }
        double[][] offsets = calibrations.get(chosen).forecastOffsets();
        double[] mean = finals.get(chosen);
        double[][] interval = interval(mean, offsets, nonNegative);
        return new ForecastResult(chosen, mean, interval[0], interval[1], scores);
    }

    /** Mean over the origins with an observed hold-out; +infinity when there is none. */
    private static double meanMase(double[] mases) {
        double sum = 0;
        int count = 0;
        for (double v : mases) {
            if (!Double.isNaN(v)) {
                sum += v;
                count++;
            }
        }
        return count == 0 ? Double.POSITIVE_INFINITY : sum / count;
    }

    private static double[][] residuals(double[] y, int[] origins, double[][] forecasts, int horizon) {
        double[][] residuals = new double[origins.length][horizon];
        for (int o = 0; o < origins.length; o++) {
            for (int h = 0; h < horizon; h++) {
                residuals[o][h] = y[origins[o] + h] - forecasts[o][h];
            }
        }
        return residuals;
    }

    private static double[][] interval(double[] mean, double[][] offsets, boolean nonNegative) {
        int h = mean.length;
        double[] lower = new double[h];
        double[] upper = new double[h];
        for (int j = 0; j < h; j++) {
            lower[j] = Math.min(mean[j], mean[j] + offsets[0][j]);
            upper[j] = Math.max(mean[j], mean[j] + offsets[1][j]);
            if (nonNegative) {
                lower[j] = Math.max(0, lower[j]);
            }
        }
        return new double[][] {lower, upper};
    }

    /** Lag-period differences of the series, the residual pool when the backtest has too few. */
    private static double[] inSampleDifferences(double[] y, int n, int period) {
        int lag = n > period ? period : 1;
        double[] pool = new double[Math.max(0, n - lag)];
        int count = 0;
        for (int t = lag; t < n; t++) {
            if (!Double.isNaN(y[t]) && !Double.isNaN(y[t - lag])) {
                pool[count++] = y[t] - y[t - lag];
            }
        }
        return Arrays.copyOf(pool, count);
    }

    private static double[] clip(double[] f, boolean nonNegative) {
        double[] out = f.clone();
        for (int i = 0; i < out.length; i++) {
            if (!Double.isFinite(out[i])) {
                out[i] = 0;
            }
            if (nonNegative && out[i] < 0) {
                out[i] = 0;
            }
        }
        return out;
    }

    /**
     * The combination as the mean or median of the k models with the lowest mean backtest MASE, k from 2 to the
     * settings' {@code combinationModels}, both chosen by the backtest. To keep that choice honest, the members
     * of the combination's forecast at each origin are ranked on the other origins only (one origin: on itself);
     * the final combination takes the members ranked on every origin. Ties keep the earlier candidate, smaller k
     * and the mean first.
     */
    private void addBestK(
            Map<String, double[][]> backtests,
            Map<String, double[]> finals,
            double[] y,
            int[] origins,
            int period,
            int horizon) {
        List<String> singles = new ArrayList<>(backtests.keySet());
        int count = origins.length;
        double[] scales = new double[count];
        for (int o = 0; o < count; o++) {
            scales[o] = Accuracy.scale(y, origins[o], period);
        }
        double[][] mase = new double[singles.size()][count];
        for (int m = 0; m < singles.size(); m++) {
            for (int o = 0; o < count; o++) {
                mase[m][o] = Accuracy.mase(y, origins[o], backtests.get(singles.get(m))[o], scales[o]);
            }
        }
        List<List<String>> rankings = new ArrayList<>();
        for (int o = 0; o < count; o++) {
            rankings.add(ranked(singles, mase, count > 1 ? o : -1));
        }
        List<String> overall = ranked(singles, mase, -1);
        int maxK = Math.min(settings.combinationModels(), singles.size());
        double best = Double.POSITIVE_INFINITY;
        double[][] bestBacktest = null;
        double[] bestFinal = null;
        for (int k = 2; k <= maxK; k++) {
            for (boolean median : k >= 3 ? new boolean[] {false, true} : new boolean[] {false}) {
                double[][] forecasts = new double[count][];
                double sum = 0;
                int scored = 0;
                for (int o = 0; o < count; o++) {
                    double[][] members = new double[k][];
                    for (int i = 0; i < k; i++) {
                        members[i] = backtests.get(rankings.get(o).get(i))[o];
                    }
                    forecasts[o] = statistic(members, horizon, median);
                    double score = Accuracy.mase(y, origins[o], forecasts[o], scales[o]);
                    if (!Double.isNaN(score)) {
                        sum += score;
                        scored++;
                    }
                }
                double score = scored == 0 ? Double.POSITIVE_INFINITY : sum / scored;
                if (bestBacktest == null || score < best - 1e-12) {
                    best = score;
                    bestBacktest = forecasts;
                    double[][] members = new double[k][];
                    for (int i = 0; i < k; i++) {
                        members[i] = finals.get(overall.get(i));
                    }
                    bestFinal = statistic(members, horizon, median);
                }
            }
        }
        if (bestBacktest == null) {
            backtests.put(COMBINATION, combine(backtests, origins.length, horizon));
            finals.put(COMBINATION, combine(finals, horizon));
            return;
        }
        backtests.put(COMBINATION, bestBacktest);
        finals.put(COMBINATION, bestFinal);
    }

    /**
     * The models ordered by mean MASE over the origins other than {@code exclude} (stable: ties keep candidate order).
     */
    static List<String> ranked(List<String> models, double[][] mase, int exclude) {
        double[] means = new double[models.size()];
        for (int m = 0; m < models.size(); m++) {
            double sum = 0;
            int scored = 0;
            for (int o = 0; o < mase[m].length; o++) {
                if (o != exclude && !Double.isNaN(mase[m][o])) {
                    sum += mase[m][o];
                    scored++;
                }
            }
            means[m] = scored == 0 ? Double.POSITIVE_INFINITY : sum / scored;
        }
        List<Integer> order = new ArrayList<>();
        for (int m = 0; m < models.size(); m++) {
            order.add(m);
        }
        order.sort((a, b) -> Double.compare(means[a], means[b]));
        List<String> out = new ArrayList<>();
        for (int m : order) {
            out.add(models.get(m));
        }
        return out;
    }

    /** Per step, the mean or median of the members' forecasts. */
    static double[] statistic(double[][] members, int horizon, boolean median) {
        double[] out = new double[horizon];
        double[] values = new double[members.length];
        for (int h = 0; h < horizon; h++) {
            double sum = 0;
            for (int i = 0; i < members.length; i++) {
                values[i] = members[i][h];
                sum += values[i];
            }
            if (median) {
                Arrays.sort(values);
                int k = values.length;
                out[h] = k % 2 == 1 ? values[k / 2] : (values[k / 2 - 1] + values[k / 2]) / 2;
            } else {
                out[h] = sum / members.length;
            }
        }
        return out;
    }

    private static double[][] combine(Map<String, double[][]> backtests, int origins, int horizon) {
        double[][] out = new double[origins][];
        for (int o = 0; o < origins; o++) {
            Map<String, double[]> at = new LinkedHashMap<>();
            for (String name : COMBINED) {
                if (backtests.containsKey(name)) {
                    at.put(name, backtests.get(name)[o]);
                }
            }
            out[o] = combine(at, horizon);
        }
        return out;
    }

    private static double[] combine(Map<String, double[]> forecasts, int horizon) {
        double[] out = new double[horizon];
        int members = 0;
        for (String name : COMBINED) {
            double[] f = forecasts.get(name);
            if (f == null) {
                continue;
            }
            members++;
            for (int h = 0; h < horizon; h++) {
                out[h] += f[h];
            }
        }
        for (int h = 0; h < horizon; h++) {
            out[h] /= members;
        }
        return out;
    }
}
