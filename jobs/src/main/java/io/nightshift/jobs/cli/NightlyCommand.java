package io.nightshift.jobs.cli;

import io.nightshift.common.time.RunDates;
import io.nightshift.jobs.ops.report.RunReport;
import io.nightshift.jobs.stage.Stage;
import io.nightshift.jobs.stage.StageContext;
import io.nightshift.jobs.stage.Stages;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Every implemented stage in flow order, for each date; stops at the first failure. {@code --from-stage}
 * resumes a failed run at the named stage. Every stage run goes to the run log; the run's HTML report is
 * written at the end (also after a failure, showing where it stopped).
 */
@Command(
        name = "nightly",
        mixinStandardHelpOptions = true,
        description = "run every stage in order for one date (or each date of a range), then write the run report")
final class NightlyCommand extends BaseCommand {
    private static final Logger LOG = LoggerFactory.getLogger(NightlyCommand.class);

    @Mixin
    DateOptions dates;

    @Option(
            names = "--from-stage",
            paramLabel = "STAGE",
            description = "resume at this stage: on the first date the stages before it are skipped")
    String fromStage;

    NightlyCommand(Launch launch) {
        super(launch);
    }

    @Override
    protected Integer run() throws Exception {
        RunDates runDates = dates.resolve(launch.clock(), config);
        List<Stage> stages = Stages.nightlyOrder();
        Optional<String> resumeAt = Optional.ofNullable(fromStage).map(String::strip);
        if (resumeAt.isPresent() && stages.stream().noneMatch(s -> s.name().equals(resumeAt.get()))) {
            throw new UsageException(
                    "unknown stage '" + resumeAt.get() + "' for --from-stage; the stages of nightly are: "
                            + stages.stream().map(Stage::name).collect(Collectors.joining(", ")));
        }
        try (StageContext context = newContext(dates.dryRun)) {
            runNightly(context, runDates, runner("nightly"), resumeAt, launch);
        }
        return 0;
    }

    /** Runs the stages and writes the report; returns the report's location (empty in --dry-run mode). */
    static Optional<String> runNightly(
            StageContext context, RunDates runDates, StageRunner runner, Optional<String> fromStage, Launch launch)
            throws Exception {
        List<Stage> stages = Stages.nightlyOrder();
        if (stages.isEmpty()) {
            launch.err().println("nightly " + runDates + ": no stages are implemented yet");
            return Optional.empty();
        }
        try {
            runner.run(context, stages, runDates, fromStage);
        } catch (Exception failure) {
            writeReport(context, runDates, runner, launch);
            throw failure;
        }
        return writeReport(context, runDates, runner, launch);
    }

    private static Optional<String> writeReport(
            StageContext context, RunDates runDates, StageRunner runner, Launch launch) {
        if (context.dryRun()) {
            return Optional.empty();
        }
        try {
            String location = RunReport.write(context, runner.runLog(), runner.runId(), runDates);
            launch.err().println("run report: " + location);
            return Optional.of(location);
        } catch (RuntimeException e) {
            // The report describes the run; failing to draw it must not fail (or mask the failure of) the run.
            LOG.warn("could not write the run report for {}", runner.runId(), e);
            launch.err().println("run report not written: " + StageRunner.oneLine(e.getMessage()));
            return Optional.empty();
        }
    }
}
