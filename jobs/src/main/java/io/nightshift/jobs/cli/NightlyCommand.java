package io.nightshift.jobs.cli;

import io.nightshift.common.time.RunDates;
import io.nightshift.jobs.stage.Stage;
import io.nightshift.jobs.stage.StageContext;
import io.nightshift.jobs.stage.Stages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.List;

/** Every implemented stage in flow order, for each date; stops at the first failure. */
@Command(name = "nightly", mixinStandardHelpOptions = true,
        description = "run every stage in order for one date (or each date of a range)")
final class NightlyCommand extends BaseCommand {
    @Mixin
    DateOptions dates;

    NightlyCommand(Launch launch) {
        super(launch);
    }

    @Override
    protected Integer run() throws Exception {
        RunDates runDates = dates.resolve(launch.clock(), config.shop().timeZone());
        try (StageContext context = newContext(dates.dryRun)) {
            runNightly(context, runDates, launch);
        }
        return 0;
    }

    static void runNightly(StageContext context, RunDates runDates, Launch launch) throws Exception {
        List<Stage> stages = Stages.nightlyOrder();
        if (stages.isEmpty()) {
            launch.err().println("nightly " + runDates + ": no stages are implemented yet");
            return;
        }
        StageRunner.run(context, stages, runDates, launch.err());
    }
}
