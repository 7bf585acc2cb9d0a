package io.nightshift.jobs.forecast.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.common.config.ForecastSettings;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RegressionArmaTest {

    @Test
    void recoversAnAutoregressiveError() {
        Random random = new Random(7);
        double[] e = new double[600];
        for (int t = 1; t < e.length; t++) {
            e[t] = 0.7 * e[t - 1] + 0.2 * random.nextGaussian();
        }
        RegressionArma.Arma arma = RegressionArma.choose(e);
        assertTrue(arma.p() >= 1, "an AR order is chosen: " + arma);
        assertEquals(0.7, arma.phi()[0] + (arma.q() > 0 ? arma.theta()[0] : 0) * 0, 0.15);
        assertEquals(0.04, arma.sigma2(), 0.01);
        double[] white = new double[600];
        for (int t = 0; t < white.length; t++) {
            white[t] = random.nextGaussian();
        }
        RegressionArma.Arma none = RegressionArma.choose(white);
        assertEquals(0, none.p() + none.q(), "white noise keeps no ARMA terms: " + none);
    }

    @Test
    void psiWeightsAndResidualForecastsFollowTheRecursion() {
        RegressionArma.Arma ar1 = new RegressionArma.Arma(1, 0, new double[] {0.5}, new double[0], 1, 0);
        double[] psi = RegressionArma.psiWeights(ar1, 4);
        assertEquals(1, psi[0], 1e-12);
        assertEquals(0.5, psi[1], 1e-12);
        assertEquals(0.125, psi[3], 1e-12);
        double[] e = {0, 0, 2};
        double[] f = RegressionArma.forecastResidual(e, RegressionArma.innovations(e, ar1), ar1, 3);
        assertEquals(1, f[0], 1e-12);
        assertEquals(0.25, f[2], 1e-12);
    }

    /** Price enters in logs: the forecast at another price moves by about price ratio ^ elasticity (the what-if). */
    @Test
    void theWhatIfAtAnotherPriceFollowsTheMultiplicativePriceEffect() {
        int n = 728;
        int h = 28;
        double[] price = Synthetic.steppedPrice(n + h, 3);
        for (int t = 0; t < price.length; t++) {
            price[t] *= 10; // a price in money, entered in logs by the model
        }
        double[] unit = new double[n + h];
        for (int t = 0; t < unit.length; t++) {
            unit[t] = price[t] / 10;
        }
        double[] y = Synthetic.dailyDemand(n, 20, -1.5, unit, 5);
        double[][] regressors = new double[n + h][1];
        double[][] higher = new double[n + h][1];
        for (int t = 0; t < n + h; t++) {
            regressors[t][0] = price[t];
            higher[t][0] = t < n ? price[t] : 12;
            if (t >= n) {
                regressors[t][0] = 10;
            }
        }
        SeriesData series = new SeriesData(y, 7, 365.25, null, regressors);
        double[] atBase = new RegressionArma().fit(series, n, h, null, false).mean();
        double[] atHigher = new RegressionArma()
                .fit(series.withRegressors(higher), n, h, null, false)
                .mean();
        double base = 0;
        double high = 0;
        for (int k = 0; k < h; k++) {
            base += atBase[k];
            high += atHigher[k];
        }
        assertEquals(Math.pow(1.2, -1.5), high / base, 0.08);
        double expected = 0;
        for (int k = 0; k < h; k++) {
            expected += Synthetic.expected(n + k, 20, -1.5, 1.0);
        }
        assertEquals(1, base / expected, 0.1, "the back-transformed forecast is a mean, not a median");
    }

    @Test
    void regressorsAlreadyInLogsAreNotLoggedAgain() {
        double[][] logPrice = new double[40][1];
        for (int t = 0; t < 40; t++) {
            logPrice[t][0] = Math.log(new double[] {2.0, 2.5, 3.0}[t % 3]); // positive, three levels
        }
        SeriesData raw = new SeriesData(new double[30], 7, 365.25, null, logPrice);
        RegressionArma model = new RegressionArma();
        assertEquals(
                Math.log(logPrice[1][0]),
                model.logged(raw).regressor(1, 0),
                1e-12,
                "a positive price-like column is logged");
        SeriesData stage = raw.withRegressorsInLogs();
        assertEquals(
                logPrice[1][0],
                new RegressionArma().logged(stage).regressor(1, 0),
                1e-12,
                "the stage's log price is kept");
        assertTrue(stage.truncate(20).regressorsInLogs()
                && stage.withY(new double[30]).regressorsInLogs());
    }

    @Test
    void isACandidateForDemandWithRegressorsWhenSwitchedOn() {
        double[] y = Synthetic.dailyDemand(400, 10, 0, null, 2);
        double[][] regressors = new double[430][1];
        for (double[] r : regressors) {
            r[0] = 1;
        }
        SeriesData series = new SeriesData(y, 7, 365.25, null, regressors);
        Forecaster on = new Forecaster(ForecastSettings.defaults().withRegressionArma(true));
        assertTrue(on.candidates(series).stream().anyMatch(m -> m.name().equals(RegressionArma.NAME)));
        Forecaster off = new Forecaster(ForecastSettings.defaults().withRegressionArma(false));
        assertTrue(off.candidates(series).stream().noneMatch(m -> m.name().equals(RegressionArma.NAME)));
        ForecastResult r = on.forecast(series, 30);
        assertTrue(r.backtest().stream().anyMatch(b -> b.model().equals(RegressionArma.NAME)));
    }
}
