package io.nightshift.jobs.forecast.model;

import java.io.Serializable;

/**
 * One model's accuracy at one backtest origin: {@code origin} is the number of observations it was fitted
 * on (the hold-out starts there), {@code horizon} the steps forecast; coverage uses intervals calibrated
 * on the other origins only.
 */
public record BacktestScore(
        String model,
        int origin,
        int horizon,
        double mase,
        double smape,
        double bias,
        double intervalCoverage,
        boolean chosen)
        implements Serializable {}
