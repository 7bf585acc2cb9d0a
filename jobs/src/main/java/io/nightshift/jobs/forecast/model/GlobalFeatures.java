package io.nightshift.jobs.forecast.model;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The global model's feature rows. A row is one series at one forecast origin (the first {@code o} observations
 * known) and one horizon step h (target step t = o + h - 1): direct multi-horizon, h is a feature. The target is
 * log1p(y[t]) minus the series' recent level (mean log1p over the last {@code window} steps before o), so series of
 * any size share one scale. Every feature uses observations before o only; regressors (price, promotion flags),
 * holidays and the calendar are known for the target step, as the local models assume.
 * <p>
 * Columns: h; the level; log of the history length; the long-run mean before o and the previous window's mean,
 * both relative to the level (series-level level encodings); the window's spread and share of zeros; the last
 * steps' mean; lags 1..k; the same season's last value and, for daily data, the same weekday a year back and the
 * week around it; calendar (day of week, day of year as two Fourier pairs; week of year; month; quarter);
 * holiday; per price-like regressor the price relative to the series' median before the training cut-off and to
 * the price at the origin; per other regressor (a promotion flag) its value and its mean over the level window
 * (a promotion in the window lifts the level); the series', the group's and the group's calendar-slot target
 * encodings ({@link Encodings}), the last three columns.
 */
final class GlobalFeatures implements Serializable {
    private static final long serialVersionUID = 1L;
    static final int ENCODINGS = 3;

    private final Frequency frequency;
    private final int horizon;
    private final int window;
    private final int shortWindow;
    private final int lags;
    private final int season;
    private final int yearLag;
    private final boolean holidays;
    private final boolean[] priceLike;
    private final boolean regressorsInLogs;
    private final List<String> names;

    GlobalFeatures(Frequency frequency, int horizon, boolean holidays, boolean[] priceLike, boolean regressorsInLogs) {
        this.frequency = frequency;
        this.horizon = horizon;
        this.holidays = holidays;
        this.priceLike = priceLike.clone();
        this.regressorsInLogs = regressorsInLogs;
        switch (frequency) {
            case DAILY -> {
                window = 28;
                shortWindow = 7;
                lags = 14;
                season = 7;
                yearLag = 364;
            }
            case WEEKLY -> {
                window = 8;
                shortWindow = 4;
                lags = 8;
                season = 52;
                yearLag = 0;
            }
            case MONTHLY -> {
                window = 12;
                shortWindow = 3;
                lags = 12;
                season = 12;
                yearLag = 0;
            }
            case QUARTERLY -> {
                window = 4;
                shortWindow = 2;
                lags = 8;
                season = 4;
                yearLag = 0;
            }
            default -> {
                window = 3;
                shortWindow = 1;
                lags = 6;
                season = 1;
                yearLag = 0;
            }
        }
        List<String> columns = new ArrayList<>(
                List.of("h", "level", "log_length", "long_run", "trend", "spread", "zero_share", "short_mean"));
        for (int k = 1; k <= lags; k++) {
            columns.add("lag_" + k);
        }
        if (season > 1) {
            columns.add("season_lag");
        }
        if (yearLag > 0) {
            columns.add("year_lag");
            columns.add("year_window");
        }
        switch (frequency) {
            case DAILY -> columns.addAll(List.of("day_of_week", "year_sin1", "year_cos1", "year_sin2", "year_cos2"));
            case WEEKLY -> columns.addAll(List.of("year_sin1", "year_cos1", "year_sin2", "year_cos2"));
            case MONTHLY -> columns.add("month");
            case QUARTERLY -> columns.add("quarter");
            default -> {}
        }
        if (holidays) {
            columns.add("holiday");
        }
        for (int j = 0; j < priceLike.length; j++) {
            if (priceLike[j]) {
                columns.add("price_vs_median_" + j);
                columns.add("price_vs_origin_" + j);
            } else {
                columns.add("regressor_" + j);
                columns.add("regressor_window_" + j);
            }
        }
        columns.addAll(List.of("series_encoding", "group_encoding", "group_slot_encoding"));
        names = List.copyOf(columns);
    }

    /**
     * The layout for a run's series: their (single) frequency, holidays when any series has them, and which
     * regressors are prices: all values positive with more than two levels across the series (or, when the
     * regressors are logs already, any with more than two levels); the others are flags or other controls.
     */
    static GlobalFeatures of(List<GlobalSeries> series, int horizon) {
        if (series.isEmpty()) {
            throw new IllegalArgumentException("no series for the global model");
        }
        Frequency frequency = series.get(0).frequency();
        int regressors = series.get(0).data().regressorCount();
        boolean inLogs = series.get(0).data().regressorsInLogs();
        boolean anyHoliday = false;
        boolean[] positive = new boolean[regressors];
        Arrays.fill(positive, true);
        double[][] levels = new double[regressors][3];
        int[] distinct = new int[regressors];
        for (GlobalSeries s : series) {
            if (s.frequency() != frequency) {
                throw new IllegalArgumentException("the global model needs one frequency, got " + frequency + " and "
                        + s.frequency() + " (series " + s.id() + ")");
            }
            SeriesData data = s.data();
            if (data.regressorCount() != regressors) {
                throw new IllegalArgumentException(
                        "series " + s.id() + " has " + data.regressorCount() + " regressors, the others " + regressors);
            }
            anyHoliday |= data.hasHolidays();
            int steps = regressors == 0 ? 0 : Math.min(data.knownSteps(), data.length() + horizon);
            for (int j = 0; j < regressors; j++) {
                for (int t = 0; t < steps; t++) {
                    double v = data.regressor(t, j);
                    if (!(v > 0)) {
                        positive[j] = false;
                    }
                    if (distinct[j] < 3) {
                        boolean seen = false;
                        for (int d = 0; d < distinct[j]; d++) {
                            seen |= levels[j][d] == v;
                        }
                        if (!seen) {
                            levels[j][distinct[j]++] = v;
                        }
                    }
                }
            }
        }
        boolean[] priceLike = new boolean[regressors];
        for (int j = 0; j < regressors; j++) {
            priceLike[j] = distinct[j] > 2 && (inLogs || positive[j]);
        }
        return new GlobalFeatures(frequency, horizon, anyHoliday, priceLike, inLogs);
    }

    int columns() {
        return names.size();
    }

    List<String> names() {
        return names;
    }

    int horizon() {
        return horizon;
    }

    int window() {
        return window;
    }

    /** What a stored model must match to be reused: the same columns for the same horizon. */
    String signature() {
        return frequency + "/" + horizon + "/" + String.join(",", names);
    }

    /** One series prepared for a training cut-off: log1p of its (screened) values and running sums. */
    final class Prepared {
        final GlobalSeries series;
        final double[] log;
        final int n;
        final int cutoff;
        private final double[] sum;
        private final double[] squares;
        private final int[] count;
        private final int[] zeros;
        private final double[] medians;

        /** @param cutoff observations from this step on are unknown to this training (the fold's origin) */
        Prepared(GlobalSeries series, double[] y, int cutoff) {
            this.series = series;
            this.n = y.length;
            this.cutoff = Math.min(cutoff, n);
            log = new double[n];
            sum = new double[n + 1];
            squares = new double[n + 1];
            count = new int[n + 1];
            zeros = new int[n + 1];
            for (int t = 0; t < n; t++) {
                double v = t < this.cutoff ? y[t] : Double.NaN;
                log[t] = Double.isNaN(v) ? Double.NaN : Math.log1p(Math.max(0, v));
                boolean known = !Double.isNaN(log[t]);
                sum[t + 1] = sum[t] + (known ? log[t] : 0);
                squares[t + 1] = squares[t] + (known ? log[t] * log[t] : 0);
                count[t + 1] = count[t] + (known ? 1 : 0);
                zeros[t + 1] = zeros[t] + (known && v == 0 ? 1 : 0);
            }
            medians = new double[priceLike.length];
            SeriesData data = series.data();
            for (int j = 0; j < priceLike.length; j++) {
                if (!priceLike[j]) {
                    continue;
                }
                int steps = Math.min(this.cutoff, data.knownSteps());
                double[] values = new double[steps];
                for (int t = 0; t < steps; t++) {
                    values[t] = price(t, j);
                }
                Arrays.sort(values);
                medians[j] = steps == 0 ? Double.NaN : values[steps / 2];
            }
        }

        private double price(int t, int j) {
            double v = series.data().regressor(t, j);
            return regressorsInLogs ? v : Math.log(v);
        }

        /** log1p(y[t]), NaN when missing or at or after the cut-off. */
        double target(int t) {
            return t < cutoff ? log[t] : Double.NaN;
        }

        /** Mean log1p over [from, to), NaN without an observed step. */
        double mean(int from, int to) {
            from = Math.max(0, from);
            to = Math.min(to, cutoff);
            if (to <= from || count[to] - count[from] == 0) {
                return Double.NaN;
            }
            return (sum[to] - sum[from]) / (count[to] - count[from]);
        }

        /** The level at origin o: the mean log1p of the window before it; NaN without an observed step. */
        double level(int origin) {
            return mean(origin - window, origin);
        }

        /** The calendar slot of step t for the group's slot encoding (weekday, month, quarter; 0 without one). */
        int slot(int t) {
            LocalDate start = series.start();
            if (start == null) {
                return 0;
            }
            LocalDate day = frequency.step(start, t);
            return switch (frequency) {
                case DAILY -> day.getDayOfWeek().getValue() - 1;
                case WEEKLY, MONTHLY -> day.getMonthValue() - 1;
                case QUARTERLY -> (day.getMonthValue() - 1) / 3;
                default -> 0;
            };
        }

        /**
         * Fills {@code out[offset ..]} with the row for origin o and step h, the encodings left NaN; false when the
         * series has no observation in the level window before o (no row).
         */
        boolean fill(int origin, int h, float[] out, int offset) {
            double level = level(origin);
            if (Double.isNaN(level) || origin > cutoff) {
                return false;
            }
            int t = origin + h - 1;
            int c = offset;
            out[c++] = h;
            out[c++] = (float) level;
            out[c++] = (float) Math.log(origin);
            out[c++] = (float) (mean(0, origin) - level);
            out[c++] = (float) (level - mean(origin - 2 * window, origin - window));
            int from = Math.max(0, origin - window);
            int known = count[origin] - count[from];
            double meanSquare = known == 0 ? Double.NaN : (squares[origin] - squares[from]) / known;
            out[c++] = known < 2 ? Float.NaN : (float) Math.sqrt(Math.max(0, meanSquare - level * level));
            out[c++] = known == 0 ? Float.NaN : (float) (zeros[origin] - zeros[from]) / known;
            out[c++] = (float) (mean(origin - shortWindow, origin) - level);
            for (int k = 1; k <= lags; k++) {
                out[c++] = relative(origin - k, origin, level);
            }
            if (season > 1) {
                out[c++] = relative(t - season * ceilDiv(h, season), origin, level);
            }
            if (yearLag > 0) {
                int back = t - yearLag;
                out[c++] = relative(back, origin, level);
                out[c++] = (float) (mean(back - 3, Math.min(back + 4, origin)) - level);
            }
            LocalDate start = series.start();
            LocalDate day = start == null ? null : frequency.step(start, t);
            switch (frequency) {
                case DAILY -> {
                    out[c++] = day == null ? Float.NaN : day.getDayOfWeek().getValue() - 1;
                    c = fourier(day == null ? Double.NaN : (day.getDayOfYear() - 1) / 365.25, out, c);
                }
                case WEEKLY -> c = fourier(day == null ? Double.NaN : (day.getDayOfYear() - 1) / 365.25, out, c);
                case MONTHLY -> out[c++] = day == null ? Float.NaN : day.getMonthValue();
                case QUARTERLY -> out[c++] = day == null ? Float.NaN : (day.getMonthValue() - 1) / 3 + 1;
                default -> {}
            }
            SeriesData data = series.data();
            if (holidays) {
                out[c++] = data.holiday(t) ? 1 : 0;
            }
            for (int j = 0; j < priceLike.length; j++) {
                boolean knownAt = t < data.knownSteps();
                if (priceLike[j]) {
                    double p = knownAt ? price(t, j) : Double.NaN;
                    out[c++] = (float) (p - medians[j]);
                    out[c++] = origin >= 1 ? (float) (p - price(origin - 1, j)) : Float.NaN;
                } else {
                    out[c++] = knownAt ? (float) data.regressor(t, j) : Float.NaN;
                    double s = 0;
                    int steps = 0;
                    for (int u = Math.max(0, origin - window); u < origin; u++) {
                        s += data.regressor(u, j);
                        steps++;
                    }
                    out[c++] = steps == 0 ? Float.NaN : (float) (s / steps);
                }
            }
            for (int e = 0; e < ENCODINGS; e++) {
                out[c++] = Float.NaN;
            }
            return true;
        }

        private float relative(int step, int origin, double level) {
            if (step < 0 || step >= origin || step >= cutoff || Double.isNaN(log[step])) {
                return Float.NaN;
            }
            return (float) (log[step] - level);
        }
    }

    private static int fourier(double phase, float[] out, int c) {
        for (int k = 1; k <= 2; k++) {
            out[c++] = Double.isNaN(phase) ? Float.NaN : (float) Math.sin(2 * Math.PI * k * phase);
            out[c++] = Double.isNaN(phase) ? Float.NaN : (float) Math.cos(2 * Math.PI * k * phase);
        }
        return c;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
