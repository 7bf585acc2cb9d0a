package io.nightshift.jobs.cli;

import io.nightshift.common.time.RunDates;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

/** --date, or --from/--to (inclusive), and --dry-run: the options of every stage. */
public final class DateOptions {
    @Option(names = "--date", paramLabel = "YYYY-MM-DD", converter = DateConverter.class,
            description = "business date to run (default: yesterday in the shop's time zone)")
    LocalDate date;

    @Option(names = "--from", paramLabel = "YYYY-MM-DD", converter = DateConverter.class,
            description = "first date of a range (inclusive); same result as running each date in turn")
    LocalDate from;

    @Option(names = "--to", paramLabel = "YYYY-MM-DD", converter = DateConverter.class,
            description = "last date of a range (inclusive)")
    LocalDate to;

    @Option(names = "--dry-run", description = "compute and report, write nothing outside a scratch location")
    boolean dryRun;

    RunDates resolve(Clock clock, ZoneId shopZone) {
        try {
            return RunDates.resolve(Optional.ofNullable(date), Optional.ofNullable(from), Optional.ofNullable(to), clock, shopZone);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
