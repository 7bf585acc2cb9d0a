package io.nightshift.jobs.forecast.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.common.config.ForecastSettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

class YearlyProfileTest {
    private static final double YEAR = 365.25;

    /** Mean demand: level with a slow trend, the weekly pattern, a yearly wave, and every year days 335-362 at 0.7x. */
    private static double expected(int t) {
        double dayOfYear = t % YEAR;
        double dip = dayOfYear >= 335 && dayOfYear < 363 ? 0.7 : 1.0;
        return 50 * (1 + 0.0002 * t) * Synthetic.WEEK[t % 7] * (1 + 0.2 * Math.sin(2 * Math.PI * t / YEAR)) * dip;
    }

    private static double[] series(int n, long seed) {
        Random random = new Random(seed);
        double[] y = new double[n];
        for (int t = 0; t < n; t++) {
            y[t] = Synthetic.poisson(expected(t), random);
        }
        return y;
    }

    private static SeriesData daily(double[] y) {
        return new SeriesData(y, 7, YEAR, null, null);
    }

    @Test
    void aDeserialisedProfileGivesTheSameFactorsAsTheOneThatSharesItsSeriesTable() throws Exception {
        // the pricing stage's what-if forecasts ship fitted designs, profile included, to the executors
        int end = (int) (2.5 * YEAR);
        SeriesData s = daily(series(end, 11));
        YearlyProfile profile = YearlyProfile.of(s, end);
        assertNotNull(profile);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(profile);
        }
        YearlyProfile copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (YearlyProfile) in.readObject();
        }
        Assertions.assertArrayEquals(profile.logFactors(end + 30), copy.logFactors(end + 30), 0.0);
    }

    @Test
    void aThreeYearSeriesIsForecastThroughItsYearlyDip() {
        // three years and 335 days: the 28 days forecast are the dip (0.7x the four weeks before it)
        int end = (int) (3 * YEAR) + 335;
        double[] y = series(end, 7);
        ForecastResult result = new Forecaster(ForecastSettings.defaults()).forecast(daily(y), 28);
        double forecast = 0;
        double truth = 0;
        for (int h = 0; h < 28; h++) {
            forecast += result.mean()[h];
            truth += expected(end + h);
        }
        assertEquals(1.0, forecast / truth, 0.06, "forecast total / expected total");

        assertNull(YearlyProfile.of(daily(y), 700));
        YearlyProfile profile = YearlyProfile.of(daily(y), end);
        assertNotNull(profile);
        double before = 0;
        double inside = 0;
        double truthBefore = 0;
        double truthInside = 0;
        for (int h = 0; h < 28; h++) {
            before += profile.factor(end - 28 + h);
            inside += profile.factor(end + h);
            truthBefore += expected(end - 28 + h);
            truthInside += expected(end + h);
        }
        // about 0.77 (the dip on the rising wave); ten harmonics round the dip's square edges a little
        assertEquals(
                truthInside / truthBefore,
                inside / before,
                0.08,
                "the profile's dip relative to the four weeks before");
    }

    @Test
    void aOneYearBumpIsShrunkAwayWhileTheRepeatedCycleIsKept() {
        int end = 4 * 365 + 100;
        double[] y = new double[end];
        Random random = new Random(3);
        for (int t = 0; t < end; t++) {
            double mean = 40 * Synthetic.WEEK[t % 7] * (1 + 0.25 * Math.cos(2 * Math.PI * t / YEAR));
            if (t >= 2 * 365 + 150 && t < 2 * 365 + 190) {
                mean *= 2; // one summer's promotion, never repeated
            }
            y[t] = Synthetic.poisson(mean, random);
        }
        YearlyProfile profile = YearlyProfile.of(daily(y), end);
        assertNotNull(profile);
        // the repeated wave: about 1.25 at the turn of the year, 0.75 half a year later
        assertEquals(1.25, profile.factor(4 * 365 + 365), 0.08);
        assertEquals(0.75, profile.factor(4 * 365 + 182), 0.08);
        // the promotion's days in a later year get nowhere near its 2x
        double bump = 0;
        for (int t = 3 * 365 + 150; t < 3 * 365 + 190; t++) {
            bump += profile.factor(t) / (1 + 0.25 * Math.cos(2 * Math.PI * t / YEAR));
        }
        assertTrue(bump / 40 < 1.15, "one year's promotion is not a yearly cycle: " + bump / 40);
    }

    @Test
    void shortOrNegativeSeriesHaveNoProfileAndAreForecastAsBefore() {
        double[] y = series(700, 1);
        assertNull(YearlyProfile.of(daily(y), y.length));
        double[] withYear = new Ets().fit(daily(y), y.length, 28, null, false).mean();
        double[] without =
                new Ets().fit(SeriesData.of(y, 7), y.length, 28, null, false).mean();
        for (int h = 0; h < 28; h++) {
            assertEquals(without[h], withYear[h], 1e-12);
        }
        double[] negative = series(1000, 2);
        negative[500] = -1;
        assertNull(YearlyProfile.of(daily(negative), negative.length));
        // monthly data (M3) has no year length beside its period
        assertNull(YearlyProfile.of(SeriesData.of(series(1000, 4), 12), 1000));
    }

    @Test
    void theProfileIsDeterministic() {
        double[] y = series(1200, 5);
        YearlyProfile a = YearlyProfile.of(daily(y), 1200);
        YearlyProfile b = YearlyProfile.of(daily(y.clone()), 1200);
        for (int t = 1100; t < 1300; t++) {
            assertEquals(a.factor(t), b.factor(t), 0.0);
        }
    }
}
