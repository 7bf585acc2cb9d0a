package io.nightshift.jobs.forecast.model;

import java.util.HashMap;
import java.util.Map;

/**
 * Split-conformal prediction intervals from backtest residuals (actual − forecast): for horizon step j the
 * residuals of the steps nearest j, over every origin, are pooled until there are at least
 * {@link #MIN_POOL} (errors of neighbouring steps are alike, and one series has few origins), and the
 * interval is the forecast plus their (α/2, 1−α/2) order statistics with the finite-sample rank
 * correction ⌈(N+1)(1−α/2)⌉ ({@link #offsets}). Signed residuals keep count data's skew (a lower bound near zero, a
 * longer upper tail). Those plain offsets cover too little when the residuals come from a few origins: the steps of
 * one origin move together (a level the model missed shifts them all), so a pool of two or three origins holds few
 * independent errors, and the next origin falls outside its extremes more often than the level allows (the cgpz
 * backtest: 75-83% for seasonal naive, Theta and ETS). {@link Calibration} scales them to the level, per candidate
 * and series, from the same residuals.
 */
public final class Conformal {
    static final int MIN_POOL = 30;

    private Conformal() {}

    /**
     * The offsets of one candidate's backtest residuals (rows: origins), their width calibrated by leaving origins out.
     * For a set of rows: the shape is, per step over the same pools as {@link #offsets}, the mean positive and the mean
     * negative residual (each side at least half their sum, so that it holds the forecast and can be scaled), and the
     * factor is found by leaving each row out in turn: every residual of the row left out divided by the side of the
     * other rows' shape it falls on, the factor by which that shape would have had to be scaled to cover it; the
     * factor is the conformal quantile of those ratios, rank ⌈(N+1)·level⌉ of N. The offsets are the shape times the
     * factor, one factor for all steps of the candidate (the shape keeps the horizon's widening and the skew). Fewer
     * than two rows cannot leave one out, and a factor is infinite when residuals fall on a side of width zero: then
     * the plain {@link #offsets}. The point forecasts are not touched.
     *
     * <p>The backtest's coverage at origin o is scored with {@code offsets(all rows but o)}, whose factor leaves out a
     * second row, so no residual of o is used; the forecast after the last origin takes the mean of those intervals
     * ({@link #forecastOffsets}), the procedure the backtest scored. Each row subset's shape and offsets are computed
     * once (a bit mask of rows, at most 62).
     */
    public static final class Calibration {
        private final double[][] residuals;
        private final int horizon;
        private final double level;
        private final double[] fallbackPool;
        private final Map<Long, double[][]> shapes = new HashMap<>();
        private final Map<Long, double[][]> offsets = new HashMap<>();

        public Calibration(double[][] residuals, int horizon, double level, double[] fallbackPool) {
            if (residuals.length > 62) {
                throw new IllegalArgumentException("at most 62 backtest origins: " + residuals.length);
            }
            this.residuals = residuals;
            this.horizon = horizon;
            this.level = level;
            this.fallbackPool = fallbackPool;
        }

        /** Every row. */
        public long all() {
            return (1L << residuals.length) - 1;
        }

        /**
         * The offsets of the forecast after the last origin: with three rows or more, the mean of the offsets the
         * backtest scored, {@code offsets(all without o)} for every o, so the forecast's interval is made as the
         * intervals whose coverage the backtest measured (each from one row fewer than there are, and its factor
         * from bases of two fewer); with fewer, {@code offsets(all)}.
         */
        public double[][] forecastOffsets() {
            int k = residuals.length;
            if (k < 3) {
                return offsets(all());
            }
            double[][] out = new double[2][horizon];
            for (int r = 0; r < k; r++) {
                double[][] one = offsets(all() & ~(1L << r));
                for (int j = 0; j < horizon; j++) {
                    out[0][j] += one[0][j] / k;
                    out[1][j] += one[1][j] / k;
                }
            }
            return out;
        }

        /**
         * [lower offsets, upper offsets] per step from the rows in {@code rows}: their shape scaled by their factor;
         * the plain conformal {@link Conformal#offsets} for fewer than two rows, or when no finite factor covers
         * the level (a side of width zero that residuals fall on).
         */
        public double[][] offsets(long rows) {
            return offsets.computeIfAbsent(rows, this::calibrated);
        }

        private double[][] calibrated(long rows) {
            double factor = factor(rows);
            if (Long.bitCount(rows) < 2 || !Double.isFinite(factor)) {
                return Conformal.offsets(subset(rows), horizon, level, fallbackPool, false);
            }
            double[][] base = shape(rows);
            double[][] out = new double[2][horizon];
            for (int j = 0; j < horizon; j++) {
                out[0][j] = base[0][j] * factor;
                out[1][j] = base[1][j] * factor;
            }
            return out;
        }

        /**
         * The width factor of the rows in {@code rows} (see the class comment): 1 for fewer than two rows, infinite
         * when no finite factor covers the level.
         */
        public double factor(long rows) {
            if (Long.bitCount(rows) < 2) {
                return 1;
            }
            double[] ratios = new double[Long.bitCount(rows) * horizon];
            int n = 0;
            for (int r = 0; r < residuals.length; r++) {
                if ((rows & (1L << r)) == 0) {
                    continue;
                }
                double[][] base = shape(rows & ~(1L << r));
                for (int j = 0; j < horizon && j < residuals[r].length; j++) {
                    double e = residuals[r][j];
                    if (Double.isNaN(e)) {
                        continue;
                    }
                    ratios[n++] = ratio(e, base[0][j], base[1][j]);
                }
            }
            if (n == 0) {
                return 1;
            }
            int rank = Math.min(n, (int) Math.ceil((n + 1) * level));
            return select(ratios, 0, n - 1, Math.max(0, rank - 1));
        }

        private double[][] shape(long rows) {
            return shapes.computeIfAbsent(
                    rows, bits -> Conformal.offsets(subset(bits), horizon, level, fallbackPool, true));
        }

        private double[][] subset(long rows) {
            double[][] chosen = new double[Long.bitCount(rows)][];
            for (int r = 0, k = 0; r < residuals.length; r++) {
                if ((rows & (1L << r)) != 0) {
                    chosen[k++] = residuals[r];
                }
            }
            return chosen;
        }
    }

    /**
     * How many times the interval [lower, upper] offset around the forecast (each side taken as at least 0, as the
     * interval always holds the forecast) must be scaled to hold the residual e: 0 for e = 0, infinite when e falls
     * on a side of width 0.
     */
    static double ratio(double e, double lower, double upper) {
        if (e > 0) {
            double side = Math.max(upper, 0);
            return side > 0 ? e / side : Double.POSITIVE_INFINITY;
        }
        if (e < 0) {
            double side = Math.min(lower, 0);
            return side < 0 ? e / side : Double.POSITIVE_INFINITY;
        }
        return 0;
    }

    /** [lower offsets, upper offsets] per step for residuals[origin][step] (NaN = not observed). */
    public static double[][] offsets(double[][] residuals, int horizon, double level, double[] fallbackPool) {
        return offsets(residuals, horizon, level, fallbackPool, false);
    }

    /**
     * With {@code scales}, the shape {@link Calibration} scales instead of order statistics: per step, the pool's mean
     * positive part and mean negative part of the residuals, one-sided mean absolute errors. A mean estimates the
     * same thing from one origin's residuals as from three, where an extreme order statistic of fewer residuals is
     * narrower, so a factor found on shapes of one row fewer holds for the shape of all.
     */
    static double[][] offsets(double[][] residuals, int horizon, double level, double[] fallbackPool, boolean scales) {
        double[][] out = new double[2][horizon];
        int available = 0;
        for (double[] r : residuals) {
            for (double v : r) {
                if (!Double.isNaN(v)) {
                    available++;
                }
            }
        }
        double[] scratch = new double[Math.max(residuals.length * horizon, fallbackPool.length)];
        int[] counts = new int[horizon];
        for (double[] r : residuals) {
            for (int step = 0; step < horizon && step < r.length; step++) {
                if (!Double.isNaN(r[step])) {
                    counts[step]++;
                }
            }
        }
        int previousFrom = -1;
        int previousTo = -1;
        for (int j = 0; j < horizon; j++) {
            double[] pool = scratch;
            int n;
            if (available < 8) {
                if (j > 0) {
                    // the same pool at every step
                    out[0][j] = out[0][0];
                    out[1][j] = out[1][0];
                    continue;
                }
                n = fallbackPool.length;
                for (int i = 0; i < n; i++) {
                    pool[i] = fallbackPool[i] + 0.0; // -0.0 becomes 0.0 (see select)
                }
            } else {
                // the steps nearest j, at least MIN_POOL residuals when there are: a window of steps, often the
                // previous step's (near the ends, or when the pool takes every step), whose offsets are the same
                int from = j;
                int to = j;
                int count = counts[j];
                for (int radius = 1; radius < horizon && count < MIN_POOL; radius++) {
                    if (j - radius >= 0) {
                        from = j - radius;
                        count += counts[from];
                    }
                    if (j + radius < horizon) {
                        to = j + radius;
                        count += counts[to];
                    }
                }
                if (from == previousFrom && to == previousTo) {
                    out[0][j] = out[0][j - 1];
                    out[1][j] = out[1][j - 1];
                    continue;
                }
                previousFrom = from;
                previousTo = to;
                n = 0;
                for (int step = from; step <= to; step++) {
                    n = add(residuals, step, pool, n);
                }
            }
            if (n == 0) {
                continue;
            }
            if (scales) {
                // the mean positive and mean negative residual, each side at least half their sum: the interval
                // holds the forecast, and a side that the residuals of a biased model never fall on can still be
                // scaled
                double up = 0;
                double down = 0;
                for (int i = 0; i < n; i++) {
                    if (pool[i] > 0) {
                        up += pool[i];
                    } else {
                        down -= pool[i];
                    }
                }
                up /= n;
                down /= n;
                double half = (up + down) / 2;
                out[0][j] = -Math.max(down, half);
                out[1][j] = Math.max(up, half);
                continue;
            }
            double tail = (1 - level) / 2;
            int lowRank = (int) Math.floor((n + 1) * tail);
            int highRank = (int) Math.ceil((n + 1) * (1 - tail));
            int low = Math.max(0, Math.min(n - 1, lowRank - 1));
            int high = Math.max(0, Math.min(n - 1, highRank - 1));
            // Two order statistics of each of a series' hundreds of pools: selected, not sorted (the same values).
            out[0][j] = select(pool, 0, n - 1, low);
            out[1][j] = select(pool, low, n - 1, high);
            if (lowRank < 1 || highRank > n) {
                // too few residuals for the rank: widen beyond the extreme by the pool's spread
                double min = pool[0];
                double max = pool[0];
                for (int i = 1; i < n; i++) {
                    min = Math.min(pool[i], min);
                    max = Math.max(pool[i], max);
                }
                double spread = max - min;
                if (lowRank < 1) {
                    out[0][j] -= 0.5 * spread;
                }
                if (highRank > n) {
                    out[1][j] += 0.5 * spread;
                }
            }
        }
        return out;
    }

    /**
     * The k-th smallest of a[from..to] (which holds no NaN and no -0.0, so {@code <} is Arrays.sort's order), by
     * Hoare's selection, leaving a[from..k-1] no greater and a[k+1..to] no smaller, so a later call on either side
     * is still right.
     */
    static double select(double[] a, int from, int to, int k) {
        while (from < to) {
            double pivot = a[(from + to) >>> 1];
            int i = from;
            int j = to;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double swap = a[i];
                    a[i++] = a[j];
                    a[j--] = swap;
                }
            }
            if (k <= j) {
                to = j;
            } else if (k >= i) {
                from = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }

    private static int add(double[][] residuals, int step, double[] pool, int count) {
        for (double[] r : residuals) {
            if (step < r.length && !Double.isNaN(r[step])) {
                pool[count++] = r[step] + 0.0; // -0.0 becomes 0.0 (see select)
            }
        }
        return count;
    }
}
