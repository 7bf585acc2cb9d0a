package io.nightshift.common.config;

import java.io.Serializable;

/**
 * How the forecaster backtests and calibrates: interval level, number of rolling origins (spaced one
 * horizon apart, the last hold-out ending at the last observation), and the fewest observations a model is
 * fitted on in a backtest, the share of zero periods from which Croston/SBA/TSB are candidates, and the
 * margin by which a single model's backtest MASE must beat the combination's to be chosen instead.
 */
public record ForecastSettings(double level, int origins, int minimumTraining, double intermittentZeroShare,
                               double selectionMargin) implements Serializable {
    public ForecastSettings {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("interval level must be in (0, 1), got " + level);
        }
        if (origins < 0) {
            throw new IllegalArgumentException("origins must be >= 0, got " + origins);
        }
    }

    public static ForecastSettings defaults() {
        return new ForecastSettings(0.9, 3, 8, 0.3, 0.1);
    }

    public ForecastSettings withLevel(double newLevel) {
        return new ForecastSettings(newLevel, origins, minimumTraining, intermittentZeroShare, selectionMargin);
    }
}
