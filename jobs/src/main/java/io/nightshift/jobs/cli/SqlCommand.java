package io.nightshift.jobs.cli;

import io.nightshift.jobs.stage.StageContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Spark SQL over the warehouse: every table is {@code layer.name}. Results go to stdout and nothing else
 * does, so {@code --format csv} output can be piped.
 */
@Command(
        name = "sql",
        mixinStandardHelpOptions = true,
        description = "run Spark SQL (a .sql file or a query) over the warehouse tables")
final class SqlCommand extends BaseCommand {
    @Parameters(
            index = "0",
            paramLabel = "FILE|QUERY",
            description = "a .sql file (statements separated by ;) or one query")
    String fileOrQuery;

    @Option(names = "--format", defaultValue = "table", description = "table, csv or json (default: ${DEFAULT-VALUE})")
    ResultPrinter.Format format;

    @Option(
            names = "--limit",
            defaultValue = "1000",
            description = "most rows printed in table format (default: ${DEFAULT-VALUE})")
    int limit;

    SqlCommand(Launch launch) {
        super(launch);
    }

    @Override
    protected Integer run() throws Exception {
        List<String> statements = statements();
        try (StageContext context = newContext(false)) {
            SparkSession spark = context.spark();
            for (int i = 0; i < statements.size(); i++) {
                Dataset<Row> result = spark.sql(statements.get(i));
                boolean last = i == statements.size() - 1;
                if (result.columns().length > 0 && (last || looksLikeQuery(statements.get(i)))) {
                    ResultPrinter.print(result, format, limit, launch.out());
                }
            }
        }
        return 0;
    }

    private List<String> statements() throws Exception {
        Path path = Path.of(fileOrQuery.strip());
        boolean named = fileOrQuery.strip().toLowerCase().endsWith(".sql") && !fileOrQuery.contains("\n");
        if (named || (fileOrQuery.length() < 4096 && !fileOrQuery.contains("\n") && Files.isRegularFile(path))) {
            if (!Files.isRegularFile(path)) {
                throw new UsageException("no such SQL file: " + fileOrQuery.strip());
            }
            List<String> statements = SqlScript.statements(Files.readString(path, StandardCharsets.UTF_8));
            if (statements.isEmpty()) {
                throw new UsageException("no SQL statement in " + path);
            }
            return statements;
        }
        List<String> statements = SqlScript.statements(fileOrQuery);
        if (statements.isEmpty()) {
            throw new UsageException("empty query");
        }
        return statements;
    }

    private static boolean looksLikeQuery(String statement) {
        String head = statement.stripLeading().toLowerCase();
        return head.startsWith("select")
                || head.startsWith("with")
                || head.startsWith("show")
                || head.startsWith("describe")
                || head.startsWith("desc ")
                || head.startsWith("values")
                || head.startsWith("table ")
                || head.startsWith("from");
    }
}
