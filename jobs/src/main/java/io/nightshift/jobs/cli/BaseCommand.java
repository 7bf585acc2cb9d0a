package io.nightshift.jobs.cli;

import io.nightshift.common.config.NightshiftConfig;
import io.nightshift.common.time.RunDates;
import io.nightshift.jobs.ops.RunLog;
import io.nightshift.jobs.stage.Stage;
import io.nightshift.jobs.stage.StageContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * Loads and validates the configuration once, points the log file at its folder, then runs the command.
 * Public for the commands of other modules ({@link ExtraCommand}).
 */
public abstract class BaseCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    protected final Launch launch;
    protected NightshiftConfig config;
    protected Path logFile;

    protected BaseCommand(Launch launch) {
        this.launch = launch;
    }

    @Override
    public final Integer call() throws Exception {
        Optional<Path> confFile = Optional.ofNullable(common.conf);
        if (confFile.isPresent() && !confFile.get().toFile().isFile()) {
            throw new UsageException("no such configuration file: " + confFile.get());
        }
        config = NightshiftConfig.load(confFile, launch.environment());
        logFile = Logging.useLogFolder(config.storage().logDir());
        return run();
    }

    protected abstract Integer run() throws Exception;

    protected StageContext newContext(boolean dryRun) {
        return new StageContext(config, dryRun, launch.clock());
    }

    /** A runner that logs under this invocation's run id ({@code NIGHTSHIFT_RUN_ID}, else a new one). */
    protected StageRunner runner(String command) {
        return new StageRunner(
                RunLog.runId(launch.environment(), launch.clock()),
                command,
                new RunLog(config.storage().logDir()),
                launch.err(),
                launch.clock());
    }

    /** Runs the stages over the dates under this invocation's run id, logged as {@code command} in the run log. */
    protected void runStages(StageContext context, String command, List<Stage> stages, RunDates dates)
            throws Exception {
        runner(command).run(context, stages, dates);
    }

    /**
     * Runs {@code nightly} over the dates and writes the run report; returns its location (empty in --dry-run mode).
     */
    protected Optional<String> runNightly(StageContext context, RunDates dates) throws Exception {
        return NightlyCommand.runNightly(context, dates, runner("nightly"), Optional.empty(), launch);
    }

    boolean verbose() {
        return common != null && common.verbose;
    }
}
