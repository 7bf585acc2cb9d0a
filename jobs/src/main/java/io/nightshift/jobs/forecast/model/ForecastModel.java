package io.nightshift.jobs.forecast.model;

import java.io.Serializable;

/**
 * A forecasting model: fits on y[0, end) of a series and forecasts the h steps after it. Parameters found
 * by one fit can seed the next ({@code start}): the backtest optimises once at the earliest origin, reuses
 * the parameters at later origins ({@code refine = false}) and refines them briefly for the final fit, which
 * keeps the optimiser's cost to about one and a half full fits per series.
 */
public interface ForecastModel extends Serializable {
    String name();

    /**
     * @param start parameters of an earlier fit of this model on the same series, or null to optimise from scratch
     * @param refine with {@code start}: true optimises from it with a small budget, false reuses it as is
     */
    Fit fit(SeriesData series, int end, int horizon, double[] start, boolean refine);

    /** Point forecasts for steps end..end+h-1 and the parameters found (empty when there are none). */
    record Fit(double[] mean, double[] parameters) {}
}
