package io.nightshift.jobs.forecast.model;

/**
 * Split-conformal prediction intervals from backtest residuals (actual − forecast): for horizon step j the
 * residuals of the steps nearest j, over every origin, are pooled until there are at least
 * {@link #MIN_POOL} (errors of neighbouring steps are alike, and one series has few origins), and the
 * interval is the forecast plus their (α/2, 1−α/2) order statistics with the finite-sample rank
 * correction ⌈(N+1)(1−α/2)⌉. Signed residuals keep count data's skew (a lower bound near zero, a longer
 * upper tail).
 */
public final class Conformal {
    static final int MIN_POOL = 30;

    private Conformal() {}

    /** [lower offsets, upper offsets] per step for residuals[origin][step] (NaN = not observed). */
    public static double[][] offsets(double[][] residuals, int horizon, double level, double[] fallbackPool) {
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
        for (int j = 0; j < horizon; j++) {
            double[] pool = scratch;
            int n;
            if (available < 8) {
                n = fallbackPool.length;
                for (int i = 0; i < n; i++) {
                    pool[i] = fallbackPool[i] + 0.0; // -0.0 becomes 0.0 (see select)
                }
            } else {
                n = poolAround(residuals, j, horizon, pool);
            }
            if (n == 0) {
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

    /**
     * Fills {@code pool} with the residuals of the steps nearest j (at least MIN_POOL when there are); returns how
     * many.
     */
    private static int poolAround(double[][] residuals, int j, int horizon, double[] pool) {
        int count = add(residuals, j, pool, 0);
        for (int radius = 1; radius < horizon && count < MIN_POOL; radius++) {
            if (j - radius >= 0) {
                count = add(residuals, j - radius, pool, count);
            }
            if (j + radius < horizon) {
                count = add(residuals, j + radius, pool, count);
            }
        }
        return count;
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
