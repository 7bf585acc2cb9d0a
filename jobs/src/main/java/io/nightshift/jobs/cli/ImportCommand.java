package io.nightshift.jobs.cli;

import io.nightshift.jobs.importing.ImportFiles;
import io.nightshift.jobs.importing.ImportRun;
import io.nightshift.jobs.stage.StageContext;
import java.io.PrintStream;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code import}: a shop's order history (and products) into the commerce database, from files in the input
 * contract's columns or from a platform's export. Idempotent (re-importing the same files changes nothing) and
 * resumable (one database transaction: a killed import leaves nothing half-written, and a rerun converges).
 */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description =
                "import a shop's orders (and products) from contract CSV/CSV.gz/Parquet files or a Shopify export into the commerce database")
final class ImportCommand extends BaseCommand {
    @Option(
            names = "--source",
            defaultValue = "contract",
            paramLabel = "contract|shopify",
            description =
                    "the files' format: the input contract's columns, or the Shopify admin's CSV exports (default: ${DEFAULT-VALUE})")
    String source;

    @Option(
            names = "--orders",
            required = true,
            paramLabel = "PATH",
            description = "an order lines file, or a folder of them (any depth: a history folder, <landing>/orders)")
    String orders;

    @Option(names = "--products", paramLabel = "PATH", description = "a products file, or a folder of them")
    String products;

    @Option(
            names = "--dry-run",
            description =
                    "check and count every row, write quarantine to the scratch catalog, write nothing to the database")
    boolean dryRun;

    ImportCommand(Launch launch) {
        super(launch);
    }

    @Override
    protected Integer run() {
        ImportRun.Source from;
        try {
            from = ImportRun.Source.parse(source);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        long start = System.nanoTime();
        try (StageContext context = newContext(dryRun)) {
            List<String> orderFiles;
            List<String> productFiles;
            try {
                orderFiles = ImportFiles.list(context.spark(), orders);
                productFiles = products == null ? List.of() : ImportFiles.list(context.spark(), products);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            LocalDate runDate =
                    LocalDate.now(launch.clock().withZone(config.shop().timeZone()));
            ImportRun.Result result = new ImportRun(context, from)
                    .run(
                            orderFiles,
                            productFiles,
                            runDate,
                            Timestamp.from(launch.clock().instant()));
            print(launch.out(), from, result, (System.nanoTime() - start) / 1e9);
        }
        return 0;
    }

    private void print(PrintStream out, ImportRun.Source from, ImportRun.Result r, double seconds) {
        out.printf(
                Locale.ROOT,
                "import (%s)%s: %d order file(s), %d product file(s) in %.1f s%n",
                from.name().toLowerCase(Locale.ROOT),
                dryRun ? ", dry run" : "",
                r.orderFiles(),
                r.productFiles(),
                seconds);
        out.println(line("order lines", r.lines(), "not products", "quarantine.import_order_lines"));
        r.products().ifPresent(p -> out.println(line("products", p, "image rows", "quarantine.import_products")));
        if (r.database().isPresent()) {
            var d = r.database().get();
            out.printf(
                    Locale.ROOT,
                    "commerce database: products %,d inserted, %,d updated, %,d created from order lines;"
                            + " orders %,d inserted, %,d updated; order lines %,d inserted, %,d updated%s%n",
                    d.productsInserted(),
                    d.productsUpdated(),
                    d.productsFromLines(),
                    d.ordersInserted(),
                    d.ordersUpdated(),
                    d.linesInserted(),
                    d.linesUpdated(),
                    d.changedNothing() ? " (nothing changed)" : "");
        } else {
            out.println("commerce database: not written (dry run)");
        }
    }

    private static String line(String feed, ImportRun.FeedCounts c, String skippedWord, String table) {
        StringBuilder s = new StringBuilder(String.format(
                Locale.ROOT,
                "%s: %,d rows in = %,d imported + %,d %s + %,d quarantined",
                feed,
                c.in(),
                c.imported(),
                feed.equals("products") ? c.skipped() : c.nonProduct(),
                skippedWord,
                c.quarantined()));
        if (!c.rules().isEmpty()) {
            s.append(" (")
                    .append(c.rules().entrySet().stream()
                            .map(e -> e.getKey() + " " + String.format(Locale.ROOT, "%,d", e.getValue()))
                            .collect(Collectors.joining(", ")))
                    .append("; see ")
                    .append(table)
                    .append(")");
        }
        return s.toString();
    }
}
