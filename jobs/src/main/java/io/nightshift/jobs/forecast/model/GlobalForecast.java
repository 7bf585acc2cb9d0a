package io.nightshift.jobs.forecast.model;

import java.io.Serializable;

/**
 * The global model's forecasts of one series: {@code means[i]} the steps after the first {@code ends[i]}
 * observations, made by a model trained only on observations before the series' first backtest origin (backtest
 * ends) or on all of them (the series' end).
 */
public record GlobalForecast(int[] ends, double[][] means) implements Serializable {
    /** The forecast after {@code end} observations, null when there is none. */
    public double[] at(int end) {
        for (int i = 0; i < ends.length; i++) {
            if (ends[i] == end) {
                return means[i];
            }
        }
        return null;
    }

    /** Whether there is a forecast after every one of {@code ends}. */
    public boolean covers(int... required) {
        for (int end : required) {
            if (at(end) == null) {
                return false;
            }
        }
        return true;
    }
}
