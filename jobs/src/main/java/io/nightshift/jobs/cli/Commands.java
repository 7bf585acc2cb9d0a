package io.nightshift.jobs.cli;

import io.nightshift.jobs.stage.Stage;
import io.nightshift.jobs.stage.Stages;
import java.util.List;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Builds the command tree: one subcommand per implemented stage, then the tools, with the {@link ExtraCommand}s found
 * on the classpath (the sandbox's demo, generate-sample and simulate-pricing under bin/pipeline; none in the cluster
 * jar).
 */
public final class Commands {
    private Commands() {}

    @Command(
            name = "pipeline",
            mixinStandardHelpOptions = true,
            version = "nightshift 0.1.0",
            description = "Nightshift: the shop's nightly batch pipeline on Apache Spark.",
            footer = {
                "",
                "Run 'bin/pipeline list' for the stages and tools, 'bin/pipeline <command> --help' for options."
            })
    static final class Root implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
        }
    }

    public static CommandLine commandLine(Launch launch) {
        CommandLine root = new CommandLine(new Root());
        for (Stage stage : Stages.nightlyOrder()) {
            root.addSubcommand(stage.name(), StageCommand.commandLine(launch, stage));
        }
        root.addSubcommand("nightly", new NightlyCommand(launch));
        for (ExtraCommand extra : extraCommands()) {
            root.addSubcommand(extra.name(), extra.create(launch));
        }
        root.addSubcommand("list", new ListCommand(launch));
        root.addSubcommand("sql", new SqlCommand(launch));
        root.addSubcommand("forecast-file", new ForecastFileCommand(launch));
        root.addSubcommand("import", new ImportCommand(launch));
        root.addSubcommand("elasticity-file", new ElasticityFileCommand(launch));
        root.addSubcommand("checksums", new ChecksumsCommand(launch));
        root.addSubcommand("check-data", new CheckDataCommand(launch));
        root.addSubcommand("report", new ReportCommand(launch));
        root.addSubcommand("maintain", new MaintainCommand(launch));
        root.addSubcommand("evaluate-curation", new EvaluateCurationCommand(launch));
        return root;
    }

    /** The extra commands on the classpath, in the order of their jars' service files. */
    static List<ExtraCommand> extraCommands() {
        return ServiceLoader.load(ExtraCommand.class, Commands.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get)
                .toList();
    }
}
