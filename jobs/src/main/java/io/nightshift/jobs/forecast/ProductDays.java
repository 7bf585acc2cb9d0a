package io.nightshift.jobs.forecast;

import java.io.Serializable;
import java.time.LocalDate;

/**
 * A product's days as arrays from its first history day: units (NaN on a stock-out day or a day without a row) up to
 * the run date (n days); price, competitor price (NaN when unknown) and holidays for n + h days. Public because Spark
 * gathers it to the driver for the global model (its encoders take public classes only).
 */
public record ProductDays(LocalDate first, double[] units, double[] price, double[] competitor, boolean[] holidays)
        implements Serializable {}
