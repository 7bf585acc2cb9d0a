package io.nightshift.jobs;

import io.nightshift.common.config.InvalidConfigException;
import io.nightshift.common.config.Secret;
import io.nightshift.jobs.cli.Commands;
import io.nightshift.jobs.cli.Launch;
import io.nightshift.jobs.cli.UsageException;
import java.io.PrintWriter;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * The command line: {@code bin/pipeline <stage|tool> [options]}, and the class spark-submit runs.
 * Exit codes: 0 success; 2 usage error (one line on stderr); 1 runtime failure ({@code error: ...} on stderr,
 * the stack trace in the log file, or on stderr too with --verbose).
 */
public final class Pipeline {
    private static final Logger FAILURES = LoggerFactory.getLogger("io.nightshift.failures");

    private Pipeline() {}

    public static void main(String[] args) {
        int code = execute(args, Launch.system());
        SparkSession.getActiveSession().foreach(session -> {
            session.stop();
            return null;
        });
        System.exit(code);
    }

    /** Runs one command line and returns its exit code; never exits the JVM (tests call this). */
    public static int execute(String[] args, Launch launch) {
        CommandLine commandLine = Commands.commandLine(launch);
        commandLine.setOut(new PrintWriter(launch.out(), true));
        commandLine.setErr(new PrintWriter(launch.err(), true));
        commandLine.setParameterExceptionHandler((ex, arguments) -> {
            launch.err().println("error: " + oneLine(ex.getMessage(), launch.environment()));
            launch.err().println("run 'bin/pipeline --help' or 'bin/pipeline list' for usage");
            return 2;
        });
        commandLine.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            boolean verbose =
                    parseResult.subcommand() != null && parseResult.subcommand().hasMatchedOption("--verbose");
            Throwable cause = ex;
            if (cause instanceof UsageException || cause instanceof InvalidConfigException) {
                launch.err().println("error: " + oneLine(cause.getMessage(), launch.environment()));
                return 2;
            }
            FAILURES.error("command failed: {}", String.join(" ", redactArgs(args)), ex);
            launch.err().println("error: " + oneLine(describe(cause), launch.environment()));
            if (verbose) {
                ex.printStackTrace(launch.err());
            }
            return 1;
        });
        return commandLine.execute(args);
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            Throwable cause = e.getCause();
            return cause != null ? describe(cause) : e.getClass().getSimpleName();
        }
        return message;
    }

    /** One line, with anything that could be a secret masked. */
    static String oneLine(String message, Map<String, String> environment) {
        String text = Secret.redactUrl(message == null ? "" : message)
                .replaceAll("\\s+", " ")
                .strip();
        String password = environment.get("NIGHTSHIFT_JDBC_PASSWORD");
        if (password != null && !password.isEmpty()) {
            text = text.replace(password, "****");
        }
        return text.length() > 600 ? text.substring(0, 600) + "..." : text;
    }

    private static String[] redactArgs(String[] args) {
        String[] copy = args.clone();
        for (int i = 0; i < copy.length; i++) {
            copy[i] = Secret.redactUrl(copy[i]);
        }
        return copy;
    }
}
