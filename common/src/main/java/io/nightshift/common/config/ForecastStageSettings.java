package io.nightshift.common.config;

import com.typesafe.config.Config;
import java.io.Serializable;

/** The {@code nightshift.forecast} section, validated (the global model's block included). */
public record ForecastStageSettings(
        int horizonDays,
        int historyDays,
        int minHistoryDays,
        int levelWindowDays,
        ForecastSettings model,
        GlobalModelSettings globalModel)
        implements Serializable {
    private static final String PREFIX = "nightshift.forecast.";

    public static ForecastStageSettings from(Config root) {
        Config c = root.getConfig("nightshift.forecast");
        ForecastSettings model = new ForecastSettings(
                fraction(c, "level"),
                atLeast(c, "backtest-origins", 0),
                atLeast(c, "min-training-days", 2),
                fraction(c, "intermittent-zero-share"),
                fraction(c, "selection-margin"),
                ConfigValues.nonNegative(c, PREFIX, "screen-multiple"),
                fraction(c, "screen-quantile"),
                ConfigValues.nonNegative(c, PREFIX, "bound-multiple"),
                ConfigValues.atLeast(c, PREFIX, "combination-models", 0),
                c.getBoolean("regression-arma"));
        return new ForecastStageSettings(
                atLeast(c, "horizon-days", 1),
                atLeast(c, "history-days", 14),
                atLeast(c, "min-history-days", 7),
                atLeast(c, "level-window-days", 1),
                model,
                GlobalModelSettings.from(c));
    }

    private static int atLeast(Config c, String key, int minimum) {
        return ConfigValues.atLeast(c, PREFIX, key, minimum);
    }

    private static double fraction(Config c, String key) {
        return ConfigValues.openFraction(c, PREFIX, key);
    }
}
