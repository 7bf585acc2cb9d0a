package io.nightshift.jobs.forecast.model;

import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One series to forecast: {@code y} observed at steps 0..n-1 (NaN = missing, e.g. a stock-out day whose
 * demand is censored), and, for steps 0..n+h-1 (past and future), optional holiday flags and regressor
 * columns ({@code regressors[t][j]}, e.g. log price, log competitor price ratio, promotion).
 * Models fit on a prefix y[0, end) and forecast steps end..end+h-1, so a backtest origin is just a smaller end.
 */
public final class SeriesData implements Serializable {
    private final double[] y;
    private final int period;
    private final double yearLength;
    private final boolean[] holidays;
    private final double[][] regressors;
    /**
     * Whether the regressors are already on the log scale (e.g. the stage's log price), so no model logs them again.
     */
    private boolean regressorsInLogs;
    /** The global model's forecasts of this series at its backtest origins and its end, null when it has none. */
    private GlobalForecast globalForecast;
    /** Yearly profiles by fitted length (origin), estimated once for all the models that use them. */
    private transient Map<Integer, Optional<YearlyProfile>> yearlyProfiles;
    /** Seasonal decompositions by fitted length, likewise shared by ETS and Theta. */
    private transient Map<Integer, Optional<Decomposition>> decompositions;

    private transient double[] log1p;
    private transient double[] yearHarmonics;

    public SeriesData(double[] y, int period, double yearLength, boolean[] holidays, double[][] regressors) {
        if (period < 1) {
            throw new IllegalArgumentException("period must be >= 1, got " + period);
        }
        this.y = y;
        this.period = period;
        this.yearLength = yearLength;
        this.holidays = holidays;
        this.regressors = regressors;
    }

    public static SeriesData of(double[] y, int period) {
        return new SeriesData(y, period, 0, null, null);
    }

    public double[] y() {
        return y;
    }

    public int length() {
        return y.length;
    }

    public int period() {
        return period;
    }

    public double yearLength() {
        return yearLength;
    }

    /** Whether step t (past or future) is a holiday; false without holiday data. */
    public boolean holiday(int t) {
        return holidays != null && t < holidays.length && holidays[t];
    }

    public boolean hasHolidays() {
        if (holidays == null) {
            return false;
        }
        for (int t = 0; t < Math.min(holidays.length, y.length); t++) {
            if (holidays[t]) {
                return true;
            }
        }
        return false;
    }

    public int regressorCount() {
        return regressors == null || regressors.length == 0 ? 0 : regressors[0].length;
    }

    public double regressor(int t, int j) {
        return regressors[t][j];
    }

    /** Steps of regressor (and holiday) values known: n + the future rows given. */
    public int knownSteps() {
        return regressors == null ? Integer.MAX_VALUE : regressors.length;
    }

    /** The same series, its regressors marked as already on the log scale (log price, log price ratio). */
    public SeriesData withRegressorsInLogs() {
        return new SeriesData(y, period, yearLength, holidays, regressors)
                .inLogs(true)
                .carrying(this);
    }

    public boolean regressorsInLogs() {
        return regressorsInLogs;
    }

    /** The global model's forecasts ({@link GlobalModel}), null when it was not run for this series. */
    public GlobalForecast globalForecast() {
        return globalForecast;
    }

    /** The same series with the global model's forecasts at its origins (null: none). */
    public SeriesData withGlobalForecast(GlobalForecast forecast) {
        SeriesData out = new SeriesData(y, period, yearLength, holidays, regressors).inLogs(regressorsInLogs);
        out.globalForecast = forecast;
        return out;
    }

    private SeriesData inLogs(boolean value) {
        regressorsInLogs = value;
        return this;
    }

    private SeriesData carrying(SeriesData from) {
        globalForecast = from.globalForecast;
        return this;
    }

    /** The same series with other future regressor values (a what-if, e.g. another price). */
    public SeriesData withRegressors(double[][] newRegressors) {
        // not the global model's forecasts: they were made with the original regressor values
        return new SeriesData(y, period, yearLength, holidays, newRegressors).inLogs(regressorsInLogs);
    }

    /** The same series with other observations (e.g. screened), regressors and holidays kept. */
    public SeriesData withY(double[] newY) {
        return new SeriesData(newY, period, yearLength, holidays, regressors)
                .inLogs(regressorsInLogs)
                .carrying(this);
    }

    /** The same series with the first {@code end} observations only (regressors and holidays kept). */
    public SeriesData truncate(int end) {
        return new SeriesData(Arrays.copyOf(y, end), period, yearLength, holidays, regressors).inLogs(regressorsInLogs);
    }

    /** The yearly profile of y[0, end) ({@link YearlyProfile#estimate}), null when there is none. */
    synchronized YearlyProfile yearlyProfile(int end) {
        if (yearlyProfiles == null) {
            yearlyProfiles = new HashMap<>();
        }
        return yearlyProfiles
                .computeIfAbsent(end, e -> Optional.ofNullable(YearlyProfile.estimate(this, e)))
                .orElse(null);
    }

    /** The seasonal decomposition of y[0, end) ({@link Decomposition#of}), null when it is not seasonal. */
    synchronized Decomposition decomposition(int end) {
        if (decompositions == null) {
            decompositions = new HashMap<>();
        }
        return decompositions
                .computeIfAbsent(end, e -> Optional.ofNullable(Decomposition.of(y, e, period)))
                .orElse(null);
    }

    /**
     * cos and sin of the yearly harmonics of every step ({@link YearlyProfile#harmonicTable}) for at least
     * {@code steps} steps, computed once for the yearly profiles at every origin.
     */
    synchronized double[] yearHarmonics(int steps) {
        if (yearHarmonics == null || yearHarmonics.length < steps * 2 * YearlyProfile.HARMONICS) {
            yearHarmonics = YearlyProfile.harmonicTable(2 * Math.PI / yearLength, Math.max(steps, y.length + 92));
        }
        return yearHarmonics;
    }

    /** log(1 + y) of every step (NaN where y is missing), computed once for the regression's fits at every origin. */
    synchronized double[] log1p() {
        if (log1p == null) {
            log1p = new double[y.length];
            for (int t = 0; t < y.length; t++) {
                log1p[t] = Math.log1p(y[t]);
            }
        }
        return log1p;
    }

    public int observedCount() {
        int count = 0;
        for (double v : y) {
            if (!Double.isNaN(v)) {
                count++;
            }
        }
        return count;
    }
}
