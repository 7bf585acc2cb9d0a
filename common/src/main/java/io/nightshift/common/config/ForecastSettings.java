package io.nightshift.common.config;

import java.io.Serializable;

/**
 * How the forecaster backtests and calibrates: interval level, number of rolling origins (spaced one
 * horizon apart, the last hold-out ending at the last observation), and the fewest observations a model is
 * fitted on in a backtest, the share of zero periods from which Croston/SBA/TSB are candidates, and the
 * margin by which a single model's backtest MASE must beat the combination's to be chosen instead.
 * <p>
 * Screening of one-off orders (non-negative series only): an observation above {@code screenMultiple} times
 * the {@code screenQuantile} quantile of the series' own history (a quantile never taken from its two largest
 * values, so one or two bulk orders cannot raise their own cap) is capped at that quantile before any model
 * sees it, and flagged; 0 turns screening off. The sanity bound: no forecast whose horizon sum is above
 * {@code boundMultiple} times the series' best same-length window of history (the forecast is scaled down to
 * it, the reason recorded); 0 turns it off.
 */
public record ForecastSettings(
        double level,
        int origins,
        int minimumTraining,
        double intermittentZeroShare,
        double selectionMargin,
        double screenMultiple,
        double screenQuantile,
        double boundMultiple,
        int combinationModels,
        boolean regressionArma)
        implements Serializable {
    public static final double SCREEN_MULTIPLE = 5.0;
    public static final double SCREEN_QUANTILE = 0.99;
    public static final double BOUND_MULTIPLE = 3.0;
    public static final int COMBINATION_MODELS = 4;
    public static final boolean REGRESSION_ARMA = true;

    public ForecastSettings {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("interval level must be in (0, 1), got " + level);
        }
        if (origins < 0 || origins > 62) {
            // the interval calibration keys sets of origins by the bits of a long
            throw new IllegalArgumentException("origins must be in [0, 62], got " + origins);
        }
        if (!(screenMultiple == 0 || screenMultiple >= 1)) {
            throw new IllegalArgumentException("screen multiple must be 0 (off) or >= 1, got " + screenMultiple);
        }
        if (!(screenQuantile > 0 && screenQuantile < 1)) {
            throw new IllegalArgumentException("screen quantile must be in (0, 1), got " + screenQuantile);
        }
        if (!(boundMultiple == 0 || boundMultiple >= 1)) {
            throw new IllegalArgumentException("bound multiple must be 0 (off) or >= 1, got " + boundMultiple);
        }
    }

    /** Without screening settings: the defaults for them. */
    public ForecastSettings(
            double level, int origins, int minimumTraining, double intermittentZeroShare, double selectionMargin) {
        this(
                level,
                origins,
                minimumTraining,
                intermittentZeroShare,
                selectionMargin,
                SCREEN_MULTIPLE,
                SCREEN_QUANTILE,
                BOUND_MULTIPLE,
                COMBINATION_MODELS,
                REGRESSION_ARMA);
    }

    public static ForecastSettings defaults() {
        return new ForecastSettings(0.9, 3, 8, 0.3, 0.1);
    }

    public ForecastSettings withLevel(double newLevel) {
        return new ForecastSettings(
                newLevel,
                origins,
                minimumTraining,
                intermittentZeroShare,
                selectionMargin,
                screenMultiple,
                screenQuantile,
                boundMultiple,
                combinationModels,
                regressionArma);
    }

    /** The same settings with other screening and bound settings (0 turns either off). */
    public ForecastSettings withScreening(double newScreenMultiple, double newScreenQuantile, double newBoundMultiple) {
        return new ForecastSettings(
                level,
                origins,
                minimumTraining,
                intermittentZeroShare,
                selectionMargin,
                newScreenMultiple,
                newScreenQuantile,
                newBoundMultiple,
                combinationModels,
                regressionArma);
    }

    /** The same settings with another combination: 0 is the fixed mean of ETS, Theta and the regression. */
    public ForecastSettings withCombinationModels(int newCombinationModels) {
        return new ForecastSettings(
                level,
                origins,
                minimumTraining,
                intermittentZeroShare,
                selectionMargin,
                screenMultiple,
                screenQuantile,
                boundMultiple,
                newCombinationModels,
                regressionArma);
    }

    /** The same settings with the regression with ARMA errors as a candidate or not. */
    public ForecastSettings withRegressionArma(boolean newRegressionArma) {
        return new ForecastSettings(
                level,
                origins,
                minimumTraining,
                intermittentZeroShare,
                selectionMargin,
                screenMultiple,
                screenQuantile,
                boundMultiple,
                combinationModels,
                newRegressionArma);
    }
}
