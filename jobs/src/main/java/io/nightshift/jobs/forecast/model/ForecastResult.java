package io.nightshift.jobs.forecast.model;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * The chosen model's forecast for steps n..n+h-1 with its interval, and every model's backtest scores; what the
 * screening did: the steps of history capped as one-off orders ({@code screened}, their values
 * {@code screenedValues}, capped at {@code screenedTo}), and the factor the sanity bound scaled the forecast by
 * ({@code boundFactor}, 1 when it did not fire; {@code boundLimit} is the horizon sum allowed).
 */
public record ForecastResult(
        String model,
        double[] mean,
        double[] lower,
        double[] upper,
        List<BacktestScore> backtest,
        int[] screened,
        double[] screenedValues,
        double screenedTo,
        double boundFactor,
        double boundLimit)
        implements Serializable {
    public ForecastResult(String model, double[] mean, double[] lower, double[] upper, List<BacktestScore> backtest) {
        this(model, mean, lower, upper, backtest, new int[0], new double[0], Double.NaN, 1, Double.NaN);
    }

    public boolean bounded() {
        return boundFactor < 1;
    }

    /**
     * Why the forecast is not the plain model's, for people: e.g. {@code "screened 2026-03-14 (80995 -> 140);
     * bound: horizon sum 5123 > 3 x best 30 days, scaled x0.31"}, each screened step named by {@code step}; null
     * when neither screening nor the bound fired.
     */
    public String adjustment(IntFunction<String> step) {
        StringBuilder out = new StringBuilder();
        if (screened.length > 0) {
            out.append("screened ");
            int shown = Math.min(screened.length, 5);
            for (int i = 0; i < shown; i++) {
                out.append(i == 0 ? "" : ", ")
                        .append(step.apply(screened[i]))
                        .append(String.format(Locale.ROOT, " (%.6g -> %.6g)", screenedValues[i], screenedTo));
            }
            if (screened.length > shown) {
                out.append(" and ").append(screened.length - shown).append(" more");
            }
        }
        if (bounded()) {
            if (out.length() > 0) {
                out.append("; ");
            }
            double sum = 0;
            for (double v : mean) {
                sum += v;
            }
            out.append(String.format(
                    Locale.ROOT,
                    "bound: horizon sum %.6g above the limit %.6g (bound-multiple x the best %d-step window of history), scaled x%.3g",
                    sum / boundFactor,
                    boundLimit,
                    mean.length,
                    boundFactor));
        }
        return out.length() == 0 ? null : out.toString();
    }
}
