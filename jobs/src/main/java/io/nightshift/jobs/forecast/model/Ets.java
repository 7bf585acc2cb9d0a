package io.nightshift.jobs.forecast.model;

import java.util.Arrays;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

/**
 * Exponential smoothing with additive errors (the ETS family of Hyndman et al.): level and optionally a damped
 * additive trend, on the series with its season (classical {@link Decomposition}) and yearly profile divided
 * out, so the recursions carry no seasonal state. Smoothing parameters maximise the Gaussian likelihood
 * (minimise n·log(SSE/n)) with Commons Math's Nelder-Mead; the variant (trend or not) is chosen by AICc.
 * Missing observations update the states with the one-step forecast (the state-space treatment of gaps)
 * and add nothing to the likelihood.
 *
 * <p>Parameter vector: [variant, a, b, p] in unconstrained form; alpha = logistic(a),
 * beta = alpha·logistic(b), phi = 0.8 + 0.18·logistic(p).
 */
public final class Ets implements ForecastModel {
    public static final String NAME = "ets";
    private static final int FULL_EVALUATIONS = 80;
    private static final int REFINE_EVALUATIONS = 25;
    static final int ESTIMATION_WINDOW = 730;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Fit fit(SeriesData series, int end, int horizon, double[] start, boolean refine) {
        Fit withoutYear = YearlyProfile.fitWithout(this, series, end, horizon, start, refine);
        if (withoutYear != null) {
            return withoutYear;
        }
        Decomposition d = series.period() > 1 ? series.decomposition(end) : null;
        if (d != null) {
            Fit inner = fitOn(d.adjusted(), end, horizon, start, refine);
            return new Fit(d.reseasonalise(inner.mean(), end), inner.parameters());
        }
        return fitOn(series.y(), end, horizon, start, refine);
    }

    private Fit fitOn(double[] y, int end, int horizon, double[] start, boolean refine) {
        if (start != null && !refine) {
            boolean trend = start[0] > 0.5;
            return new Fit(run(y, end, trend, start, horizon).forecast, start);
        }
        // Parameters are estimated on the last ESTIMATION_WINDOW steps; the forecast still runs the recursions over
        // the whole series. Older history barely moves the estimates and costs every evaluation.
        int from = Math.max(0, end - ESTIMATION_WINDOW);
        double[] recent = from == 0 ? y : Arrays.copyOfRange(y, from, end);
        int recentEnd = end - from;
        double bestCriterion = Double.POSITIVE_INFINITY;
        double[] best = null;
        for (boolean trend : new boolean[] {false, true}) {
            if (trend && end < 6) {
                continue;
            }
            double[] guess = start != null && (start[0] > 0.5) == trend
                    ? start.clone()
                    : new double[] {trend ? 1 : 0, -1.5, -2.0, 1.0};
            guess[0] = trend ? 1 : 0;
            double[] params =
                    optimise(recent, recentEnd, trend, guess, start != null ? REFINE_EVALUATIONS : FULL_EVALUATIONS);
            State state = run(recent, recentEnd, trend, params, 0);
            int k = 1 + (trend ? 2 : 0) + 1 + (trend ? 1 : 0);
            int n = Math.max(state.observed, 1);
            double criterion = n * Math.log(Math.max(state.sse, 1e-12) / n)
                    + 2.0 * k
                    + (n - k - 1 > 0 ? 2.0 * k * (k + 1) / (n - k - 1) : 1e9);
            if (criterion < bestCriterion - 1e-9) {
                bestCriterion = criterion;
                best = params;
            }
        }
        if (best == null) {
            best = new double[] {0, -1.5, -2.0, 1.0};
        }
        return new Fit(run(y, end, best[0] > 0.5, best, horizon).forecast, best);
    }

    private static double[] optimise(double[] y, int end, boolean trend, double[] guess, int evaluations) {
        double[] bestPoint = guess.clone();
        double[] bestValue = {Double.POSITIVE_INFINITY};
        int[] slots = trend ? new int[] {1, 2, 3} : new int[] {1};
        int dimension = slots.length;
        double[] x0 = new double[dimension];
        for (int i = 0; i < dimension; i++) {
            x0[i] = guess[slots[i]];
        }
        ObjectiveFunction objective = new ObjectiveFunction(x -> {
            double[] p = guess.clone();
            for (int i = 0; i < dimension; i++) {
                p[slots[i]] = Math.max(-12, Math.min(12, x[i]));
            }
            State state = run(y, end, trend, p, 0);
            double value =
                    state.observed == 0 ? 0 : state.observed * Math.log(Math.max(state.sse, 1e-12) / state.observed);
            if (value < bestValue[0]) {
                bestValue[0] = value;
                System.arraycopy(p, 0, bestPoint, 0, p.length);
            }
            return value;
        });
        try {
            new SimplexOptimizer(1e-5, 1e-7)
                    .optimize(
                            new MaxEval(evaluations),
                            objective,
                            GoalType.MINIMIZE,
                            new InitialGuess(x0),
                            new NelderMeadSimplex(dimension, 1.0));
        } catch (TooManyEvaluationsException budgetSpent) {
            // the best point seen so far is kept in bestPoint: a bounded budget is the point
        }
        return bestPoint;
    }

    private static double logistic(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    private static final class State {
        double sse;
        int observed;
        double[] forecast;
    }

    /** Runs the recursions over y[0, end), returns the SSE and, for horizon > 0, the forecasts. */
    private static State run(double[] y, int end, boolean trend, double[] p, int horizon) {
        double alpha = 0.0001 + 0.9998 * logistic(p[1]);
        double beta = trend ? alpha * logistic(p[2]) : 0;
        double phi = trend ? 0.8 + 0.18 * logistic(p[3]) : 0;
        double[] filled = Gaps.filled(y, Math.min(end, 4));
        double level = 0;
        double slope = 0;
        for (double v : filled) {
            level += v;
        }
        level /= Math.max(filled.length, 1);
        if (trend && filled.length >= 2) {
            slope = (filled[filled.length - 1] - filled[0]) / (filled.length - 1);
            level = filled[0];
        }
        // The optimiser runs this loop a few hundred times per fit, so it is kept lean: sums stay in locals.
        double sse = 0;
        int observed = 0;
        for (int t = 0; t < end; t++) {
            double fitted = level + phi * slope;
            double e = 0;
            if (!Double.isNaN(y[t])) {
                e = y[t] - fitted;
                sse += e * e;
                observed++;
            }
            level = fitted + alpha * e;
            slope = phi * slope + beta * e;
        }
        State state = new State();
        state.sse = sse;
        state.observed = observed;
        if (horizon > 0) {
            double[] f = new double[horizon];
            double damped = 0;
            double power = 1;
            for (int h = 0; h < horizon; h++) {
                power *= phi;
                damped += power;
                f[h] = level + damped * slope;
            }
            state.forecast = f;
        }
        return state;
    }
}
