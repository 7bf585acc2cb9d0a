package io.nightshift.jobs.stage;

import io.nightshift.common.time.RunDates;
import java.time.LocalDate;
import java.util.List;

/**
 * One stage of the nightly flow: reads its inputs, applies pure transformations, writes through the
 * catalog's writer. Running it twice for a date leaves the tables as one run leaves them.
 */
public interface Stage {
    /** The command-line name, e.g. {@code ingest}. */
    String name();

    /** One line for {@code bin/pipeline list}. */
    String description();

    /** The options this stage takes on its command line beyond the dates; none by default. */
    default List<StageOption> options() {
        return List.of();
    }

    /**
     * This stage as the given values of its {@link #options()} configure it; the command line calls it for every
     * run of the stage's command. An {@link IllegalArgumentException} is a usage error, its message the one line
     * shown.
     */
    default Stage withOptions(StageOption.Values values) {
        return this;
    }

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
