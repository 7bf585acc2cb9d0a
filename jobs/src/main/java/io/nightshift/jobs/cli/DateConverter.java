package io.nightshift.jobs.cli;

import io.nightshift.common.time.RunDates;
import java.time.LocalDate;
import picocli.CommandLine;

/** Strict YYYY-MM-DD for --date, --from and --to; picocli turns the exception into a usage error. */
public final class DateConverter implements CommandLine.ITypeConverter<LocalDate> {
    @Override
    public LocalDate convert(String value) {
        try {
            return RunDates.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
