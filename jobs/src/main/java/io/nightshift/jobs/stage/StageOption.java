package io.nightshift.jobs.stage;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/**
 * An option a stage takes on the command line beyond --date, --from, --to and --dry-run (publish-prices'
 * --force, --reason, --rollback-to). Declared as data, so a stage needs no command-line library and the
 * command line no stage-specific code; {@link Stage#withOptions} receives the values given.
 */
public record StageOption(String name, Kind kind, String paramLabel, String description) {
    public enum Kind {
        /** present or absent, e.g. {@code --force} */
        FLAG,
        /** free text after the option, e.g. {@code --reason TEXT} */
        TEXT,
        /** a YYYY-MM-DD date the stage runs for instead of --date/--from/--to, e.g. {@code --rollback-to} */
        RUN_DATE
    }

    public static StageOption flag(String name, String description) {
        return new StageOption(name, Kind.FLAG, null, description);
    }

    public static StageOption text(String name, String paramLabel, String description) {
        return new StageOption(name, Kind.TEXT, paramLabel, description);
    }

    public static StageOption runDate(String name, String description) {
        return new StageOption(name, Kind.RUN_DATE, "YYYY-MM-DD", description);
    }

    /**
     * The options given on one command line, by name: {@link Boolean#TRUE} for a flag, the {@link String} of
     * a text option, the {@link LocalDate} of a date option. Options not given are absent.
     */
    public record Values(Map<String, Object> given) {
        public Values {
            given = Map.copyOf(given);
        }

        public boolean flag(String name) {
            return Boolean.TRUE.equals(given.get(name));
        }

        public Optional<String> text(String name) {
            return Optional.ofNullable((String) given.get(name));
        }

        public Optional<LocalDate> date(String name) {
            return Optional.ofNullable((LocalDate) given.get(name));
        }
    }
}
