package io.nightshift.jobs.cli;

import io.nightshift.common.time.RunDates;
import io.nightshift.jobs.stage.Stage;
import io.nightshift.jobs.stage.StageContext;
import io.nightshift.jobs.stage.StageOption;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;

/**
 * One stage as a subcommand: {@code bin/pipeline <stage> [--date D | --from D --to D] [--dry-run]}, plus the
 * options the stage declares ({@link Stage#options()}, e.g. publish-prices' {@code --force --reason "..."} and
 * {@code --rollback-to DATE}). A stage option that names the run date takes no --date, --from or --to.
 */
@Command(mixinStandardHelpOptions = true)
final class StageCommand extends BaseCommand {
    @Mixin
    DateOptions dates;

    @Spec
    CommandSpec spec;

    private final Stage stage;

    private StageCommand(Launch launch, Stage stage) {
        super(launch);
        this.stage = stage;
    }

    /** The stage's subcommand: its description, the date options and the stage's own options. */
    static CommandLine commandLine(Launch launch, Stage stage) {
        CommandLine command = new CommandLine(new StageCommand(launch, stage));
        CommandSpec commandSpec = command.getCommandSpec();
        commandSpec.usageMessage().description(stage.description());
        stage.options().forEach(option -> commandSpec.addOption(optionSpec(option)));
        return command;
    }

    private static OptionSpec optionSpec(StageOption option) {
        OptionSpec.Builder builder = OptionSpec.builder(option.name()).description(option.description());
        return switch (option.kind()) {
            case FLAG -> builder.type(boolean.class).build();
            case TEXT ->
                builder.type(String.class).paramLabel(option.paramLabel()).build();
            case RUN_DATE ->
                builder.type(LocalDate.class)
                        .paramLabel(option.paramLabel())
                        .converters(new DateConverter())
                        .build();
        };
    }

    @Override
    protected Integer run() throws Exception {
        StageOption.Values given = givenOptions();
        Stage configured;
        try {
            configured = stage.withOptions(given);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Optional<StageOption> runDate = stage.options().stream()
                .filter(o -> o.kind() == StageOption.Kind.RUN_DATE
                        && given.date(o.name()).isPresent())
                .findFirst();
        RunDates runDates;
        if (runDate.isPresent()) {
            if (dates.from != null || dates.to != null || dates.date != null) {
                throw new UsageException(runDate.get().name() + " takes no --date, --from or --to");
            }
            runDates = RunDates.of(given.date(runDate.get().name()).orElseThrow());
        } else {
            runDates = dates.resolve(launch.clock(), config);
        }
        try (StageContext context = newContext(dates.dryRun)) {
            runner(configured.name()).run(context, List.of(configured), runDates);
        }
        return 0;
    }

    /** The values of the stage's options that this command line gives. */
    private StageOption.Values givenOptions() {
        Map<String, Object> given = new HashMap<>();
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        for (StageOption option : stage.options()) {
            OptionSpec matched = parsed.matchedOption(option.name());
            if (matched != null) {
                given.put(option.name(), matched.getValue());
            }
        }
        return new StageOption.Values(given);
    }
}
