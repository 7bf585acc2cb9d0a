package io.nightshift.jobs.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command takes. */
public final class CommonOptions {
    @Option(
            names = "--conf",
            paramLabel = "FILE",
            description = "configuration file (default: NIGHTSHIFT_CONF, else conf/local.conf)")
    Path conf;

    @Option(names = "--verbose", description = "print stack traces of failures on stderr too")
    boolean verbose;
}
