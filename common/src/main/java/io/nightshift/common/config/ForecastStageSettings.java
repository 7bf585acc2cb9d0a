package io.nightshift.common.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;

import java.io.Serializable;

/** The {@code nightshift.forecast} section, validated. */
public record ForecastStageSettings(int horizonDays, int historyDays, int minHistoryDays, int levelWindowDays,
                                    ForecastSettings model) implements Serializable {
    private static final String PREFIX = "nightshift.forecast.";

    public static ForecastStageSettings from(Config root) {
        Config c = root.getConfig("nightshift.forecast");
        ForecastSettings model = new ForecastSettings(fraction(c, "level"), atLeast(c, "backtest-origins", 0),
                atLeast(c, "min-training-days", 2), fraction(c, "intermittent-zero-share"), fraction(c, "selection-margin"));
        return new ForecastStageSettings(atLeast(c, "horizon-days", 1), atLeast(c, "history-days", 14),
                atLeast(c, "min-history-days", 7), atLeast(c, "level-window-days", 1), model);
    }

    private static int atLeast(Config c, String key, int minimum) {
        return ConfigValues.atLeast(c, PREFIX, key, minimum);
    }

    private static double fraction(Config c, String key) {
        double value;
        try {
            value = c.getDouble(key);
        } catch (ConfigException e) {
            throw new InvalidConfigException(PREFIX + key, "expected a number between 0 and 1");
        }
        if (!(value > 0 && value < 1)) {
            throw new InvalidConfigException(PREFIX + key, "must be between 0 and 1 (exclusive), got " + value);
        }
        return value;
    }
}
