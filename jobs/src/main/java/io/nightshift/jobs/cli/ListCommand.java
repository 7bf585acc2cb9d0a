package io.nightshift.jobs.cli;

import io.nightshift.jobs.stage.Stage;
import io.nightshift.jobs.stage.Stages;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

/** The implemented stages in nightly order, then the tools around them; one line each. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "list the implemented stages and tools")
final class ListCommand implements Runnable {
    private final Launch launch;

    ListCommand(Launch launch) {
        this.launch = launch;
    }

    /** The tools: commands that are not stages of the nightly flow (with the extra commands on the classpath). */
    static Map<String, String> tools() {
        Map<String, String> tools = new LinkedHashMap<>();
        tools.put(
                "maintain",
                "OPTIMIZE (Z-order by product_id) and VACUUM every Delta table; weekly, not part of nightly");
        tools.put("nightly", "run every stage in order for one date (or each date of a range)");
        for (ExtraCommand extra : Commands.extraCommands()) {
            tools.put(extra.name(), extra.description());
        }
        tools.put(
                "evaluate-curation",
                "offline box-quality metrics: precision@k and NDCG@k of popularity, content, ALS and hybrid");
        tools.put("sql", "run Spark SQL (a file or a query) over the warehouse tables");
        tools.put(
                "import",
                "import a shop's order history and products (input contract or Shopify export) into the commerce database");
        tools.put("forecast-file", "forecast every series of a CSV with backtest model choice and intervals");
        tools.put(
                "elasticity-file",
                "own-price elasticity of every series of a CSV with the elasticity stage's estimator and shrinkage");
        tools.put(
                "check-data",
                "data-readiness report: history, intermittency, prices and feeds against each stage's thresholds");
        tools.put("checksums", "row count and content hash of every silver and gold table, to compare two runs");
        tools.put("list", "list the implemented stages and tools");
        tools.put("report", "write the HTML report of a run (default: the last run in the run log)");
        return tools;
    }

    @Override
    public void run() {
        PrintStream out = launch.out();
        for (Stage stage : Stages.nightlyOrder()) {
            out.printf("%-16s %s%n", stage.name(), stage.description());
        }
        tools().forEach((name, description) -> out.printf("%-16s %s%n", name, description));
    }
}
