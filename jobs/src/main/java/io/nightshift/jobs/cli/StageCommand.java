package io.nightshift.jobs.cli;

import io.nightshift.common.time.RunDates;
import io.nightshift.jobs.stage.Stage;
import io.nightshift.jobs.stage.StageContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.List;

/** One stage as a subcommand: {@code bin/pipeline <stage> [--date D | --from D --to D] [--dry-run]}. */
@Command(mixinStandardHelpOptions = true)
final class StageCommand extends BaseCommand {
    @Mixin
    DateOptions dates;

    private final Stage stage;

    StageCommand(Launch launch, Stage stage) {
        super(launch);
        this.stage = stage;
    }

    @Override
    protected Integer run() throws Exception {
        RunDates runDates = dates.resolve(launch.clock(), config);
        try (StageContext context = newContext(dates.dryRun)) {
            runner(stage.name()).run(context, List.of(stage), runDates);
        }
        return 0;
    }
}
