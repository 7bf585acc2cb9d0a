package io.nightshift.jobs.cli;

/**
 * A command that lives outside the cluster jar: the sandbox module's {@code demo}, {@code generate-sample} and
 * {@code simulate-pricing}. {@link Commands} finds every implementation on the classpath with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/io.nightshift.jobs.cli.ExtraCommand}), so bin/pipeline,
 * which puts the sandbox on the classpath, has them, and the jar spark-submit runs lacks them (and does not list them).
 */
public interface ExtraCommand {
    /** The subcommand's name, as typed after {@code bin/pipeline}. */
    String name();

    /** One line for {@code list}. */
    String description();

    /** A new picocli command object (usually a {@link BaseCommand}) for one invocation. */
    Object create(Launch launch);
}
