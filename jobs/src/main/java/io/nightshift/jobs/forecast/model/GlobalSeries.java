package io.nightshift.jobs.forecast.model;

import java.io.Serializable;
import java.time.LocalDate;

/**
 * One series as the global model sees it: its id, its group (a product's category, forecast-file's
 * {@code --group} column; "" when there is none) for the group-level target encodings, the date of step 0 for
 * the calendar features (null when unknown: no calendar features), and the series itself.
 */
public record GlobalSeries(String id, String group, LocalDate start, Frequency frequency, SeriesData data)
        implements Serializable {
    public GlobalSeries {
        group = group == null ? "" : group;
    }
}
