package io.nightshift.jobs.cli;

import io.nightshift.common.config.NightshiftConfig;
import io.nightshift.common.time.RunDates;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import picocli.CommandLine.Option;

/** --date, or --from/--to (inclusive), and --dry-run: the options of every stage. */
public final class DateOptions {
    @Option(
            names = "--date",
            paramLabel = "YYYY-MM-DD",
            converter = DateConverter.class,
            description = "business date to run (default: yesterday in the shop's time zone)")
    LocalDate date;

    @Option(
            names = "--from",
            paramLabel = "YYYY-MM-DD",
            converter = DateConverter.class,
            description = "first date of a range (inclusive); same result as running each date in turn")
    LocalDate from;

    @Option(
            names = "--to",
            paramLabel = "YYYY-MM-DD",
            converter = DateConverter.class,
            description = "last date of a range (inclusive)")
    LocalDate to;

    @Option(names = "--dry-run", description = "compute and report, write nothing outside a scratch location")
    boolean dryRun;

    /** The dates to run, checked against the configured bounds (a usage error outside them). */
    RunDates resolve(Clock clock, NightshiftConfig config) {
        ZoneId shopZone = config.shop().timeZone();
        RunDates dates;
        try {
            dates = RunDates.resolve(
                    Optional.ofNullable(date), Optional.ofNullable(from), Optional.ofNullable(to), clock, shopZone);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        LocalDate today = LocalDate.now(clock.withZone(shopZone));
        for (LocalDate end : new LocalDate[] {dates.from(), dates.to()}) {
            Optional<String> violation = config.dates().violation(end, today);
            if (violation.isPresent()) {
                throw new UsageException(violation.get());
            }
        }
        return dates;
    }
}
