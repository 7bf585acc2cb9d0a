package io.nightshift.jobs.cli;

import io.nightshift.common.config.NightshiftConfig;
import io.nightshift.jobs.ops.RunLog;
import io.nightshift.jobs.stage.StageContext;
import picocli.CommandLine.Mixin;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/** Loads and validates the configuration once, points the log file at its folder, then runs the command. */
abstract class BaseCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    protected final Launch launch;
    protected NightshiftConfig config;
    protected Path logFile;

    BaseCommand(Launch launch) {
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
        return new StageRunner(RunLog.runId(launch.environment(), launch.clock()), command,
                new RunLog(config.storage().logDir()), launch.err(), launch.clock());
    }

    boolean verbose() {
        return common != null && common.verbose;
    }
}
