package io.nightshift.common.config;

import com.typesafe.config.Config;
import java.io.Serializable;

/**
 * The {@code nightshift.forecast.global-model} block: one gradient-boosted-trees model trained on every series at
 * once, an extra candidate in each series' backtest choice. {@code retrainDays}: the stage reuses the models it
 * trained on an earlier run date up to this many days old (a model trained before a date forecasts any later
 * origin without seeing its hold-out). {@code maxTrainingRows}: (series, origin, horizon step) rows sampled per
 * training. {@code rounds}, {@code maxDepth}, {@code learningRate}: XGBoost's boosting rounds, tree depth and eta.
 * {@code threads}: XGBoost's OpenMP threads; 1 because on a shared 2-core machine two threads spin against the
 * other processes and were 15x slower than one (docs/forecasting.md).
 */
public record GlobalModelSettings(
        boolean enabled,
        int retrainDays,
        int maxTrainingRows,
        int rounds,
        int maxDepth,
        double learningRate,
        int threads)
        implements Serializable {
    private static final String PREFIX = "nightshift.forecast.global-model.";

    public GlobalModelSettings {
        if (retrainDays < 1) {
            throw new InvalidConfigException(PREFIX + "retrain-days", "must be at least 1, got " + retrainDays);
        }
        if (maxTrainingRows < 100) {
            throw new InvalidConfigException(
                    PREFIX + "max-training-rows", "must be at least 100, got " + maxTrainingRows);
        }
        if (rounds < 1) {
            throw new InvalidConfigException(PREFIX + "rounds", "must be at least 1, got " + rounds);
        }
        if (maxDepth < 1 || maxDepth > 16) {
            throw new InvalidConfigException(PREFIX + "max-depth", "must be between 1 and 16, got " + maxDepth);
        }
        if (!(learningRate > 0 && learningRate <= 1)) {
            throw new InvalidConfigException(PREFIX + "learning-rate", "must be in (0, 1], got " + learningRate);
        }
        if (threads < 1) {
            throw new InvalidConfigException(PREFIX + "threads", "must be at least 1, got " + threads);
        }
    }

    /** reference.conf's values. */
    public static GlobalModelSettings defaults() {
        return new GlobalModelSettings(true, 7, 400_000, 300, 6, 0.05, 1);
    }

    public GlobalModelSettings withEnabled(boolean newEnabled) {
        return new GlobalModelSettings(
                newEnabled, retrainDays, maxTrainingRows, rounds, maxDepth, learningRate, threads);
    }

    public GlobalModelSettings withMaxTrainingRows(int newMaxTrainingRows) {
        return new GlobalModelSettings(
                enabled, retrainDays, newMaxTrainingRows, rounds, maxDepth, learningRate, threads);
    }

    static GlobalModelSettings from(Config forecast) {
        Config c = forecast.getConfig("global-model");
        return new GlobalModelSettings(
                c.getBoolean("enabled"),
                ConfigValues.atLeast(c, PREFIX, "retrain-days", 1),
                ConfigValues.atLeast(c, PREFIX, "max-training-rows", 100),
                ConfigValues.atLeast(c, PREFIX, "rounds", 1),
                ConfigValues.atLeast(c, PREFIX, "max-depth", 1),
                ConfigValues.number(c, PREFIX, "learning-rate"),
                ConfigValues.atLeast(c, PREFIX, "threads", 1));
    }
}
