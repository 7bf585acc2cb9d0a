package io.nightshift.jobs.forecast.model;

import java.io.Serializable;
import java.util.List;

/** The chosen model's forecast for steps n..n+h-1 with its interval, and every model's backtest scores. */
public record ForecastResult(String model, double[] mean, double[] lower, double[] upper,
                             List<BacktestScore> backtest) implements Serializable {
}
