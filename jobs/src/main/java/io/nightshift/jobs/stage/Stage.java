package io.nightshift.jobs.stage;

import io.nightshift.common.time.RunDates;

import java.time.LocalDate;

/**
 * One stage of the nightly flow: reads its inputs, applies pure transformations, writes through the
 * catalog's writer. Running it twice for a date leaves the tables as one run leaves them.
 */
public interface Stage {
    /** The command-line name, e.g. {@code ingest}. */
    String name();

    /** One line for {@code bin/pipeline list}. */
    String description();

    /** Runs the stage for one business date. */
    StageReport run(StageContext context, LocalDate date) throws Exception;

    /**
     * Runs the stage for a range; the result must equal running each date in turn, which is what this
     * default does. A stage may override it with a faster path that keeps that guarantee.
     */
    default StageReport run(StageContext context, RunDates dates) throws Exception {
        StageReport total = StageReport.empty(name());
        for (LocalDate date : dates) {
            total = total.plus(run(context, date));
        }
        return total;
    }
}
