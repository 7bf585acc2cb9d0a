package io.nightshift.jobs.cli;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.map_entries;

import io.nightshift.common.catalog.TableChecksum;
import io.nightshift.common.db.CommerceReader;
import io.nightshift.jobs.stage.StageContext;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code checksums}: one line per table, {@code name rows hash-sum [ignored columns]}, sorted, on stdout and
 * nothing else there, so two warehouses (a cluster run and a local run of the same date and sample) compare
 * with {@code diff}. Order- and layout-independent ({@link TableChecksum}). Columns that record wall-clock time
 * rather than data (when a row was ingested, sent, created) are left out and named on the line.
 */
@Command(
        name = "checksums",
        mixinStandardHelpOptions = true,
        description =
                "print row count and content hash of every warehouse table (and storefront/box tables in PostgreSQL)")
final class ChecksumsCommand extends BaseCommand {
    @Option(
            names = "--layers",
            split = ",",
            defaultValue = "silver,gold",
            description = "warehouse layers to cover (default: ${DEFAULT-VALUE})")
    List<String> layers;

    @Option(
            names = "--commerce-tables",
            split = ",",
            defaultValue = "storefront.product_prices,subscription_box_items",
            description = "PostgreSQL tables to cover, read over JDBC; 'none' for none (default: ${DEFAULT-VALUE})")
    List<String> commerceTables;

    @Option(
            names = "--ignore-columns",
            split = ",",
            defaultValue = "ingested_at,sent_at,acknowledged_at,silver.marketplace_order_watermarks.updated_at",
            description = "wall-clock columns left out of warehouse tables, in every table or as TABLE.COLUMN in one"
                    + " (default: ${DEFAULT-VALUE})")
    Set<String> ignoreColumns;

    @Option(
            names = "--ignore-commerce-columns",
            split = ",",
            defaultValue = "created_at,updated_at,box_item_id",
            description =
                    "columns left out of PostgreSQL tables: wall-clock times and serial ids (default: ${DEFAULT-VALUE})")
    Set<String> ignoreCommerceColumns;

    ChecksumsCommand(Launch launch) {
        super(launch);
    }

    @Override
    protected Integer run() throws Exception {
        PrintStream out = launch.out();
        Set<String> wanted = new TreeSet<>();
        for (String layer : layers) {
            wanted.add(layer.strip().toLowerCase(Locale.ROOT));
        }
        try (StageContext context = newContext(false)) {
            SparkSession spark = context.spark();
            List<String> tables = new ArrayList<>(context.catalog().registerExisting(spark));
            tables.removeIf(name -> !wanted.contains(name.substring(0, name.indexOf('.'))));
            tables.sort(null);
            if (tables.isEmpty()) {
                launch.err()
                        .println("no tables in layers " + wanted + " of "
                                + config.storage().warehouse());
            }
            for (String table : tables) {
                print(out, table, spark.table(table), ignoreColumns);
            }
            List<String> commerce = commerceTables.stream()
                    .map(String::strip)
                    .filter(t -> !t.isEmpty() && !t.equalsIgnoreCase("none"))
                    .sorted()
                    .toList();
            CommerceReader commerceReader =
                    new CommerceReader(spark, context.commerce(), config.shop().timeZone(), 1);
            for (String table : commerce) {
                if (!table.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?")) {
                    throw new UsageException("not a table name: " + table);
                }
                Dataset<Row> rows = commerceReader.table(table);
                print(out, "postgres." + table, rows, ignoreCommerceColumns);
            }
        }
        out.flush();
        return 0;
    }

    private static void print(PrintStream out, String name, Dataset<Row> table, Set<String> ignoreColumns) {
        Set<String> ignore = columnsIgnoredIn(name, ignoreColumns);
        List<String> ignored =
                Arrays.stream(table.columns()).filter(ignore::contains).sorted().toList();
        TableChecksum checksum = checksum(table, ignore);
        out.printf(
                Locale.ROOT,
                "%-44s %10d %24s%s%n",
                name,
                checksum.rows(),
                checksum.hashSum(),
                ignored.isEmpty() ? "" : "  (without " + String.join(", ", ignored) + ")");
    }

    /**
     * The columns left out of {@code table}: plain names in every table, {@code layer.table.column} in that table
     * only (a watermark's {@code updated_at} is when it was written; a product's is data from the shop).
     */
    static Set<String> columnsIgnoredIn(String table, Set<String> ignoreColumns) {
        String prefix = table.toLowerCase(Locale.ROOT) + ".";
        Set<String> ignore = new TreeSet<>();
        for (String entry : ignoreColumns) {
            String name = entry.strip().toLowerCase(Locale.ROOT);
            if (name.startsWith(prefix)) {
                ignore.add(name.substring(prefix.length()));
            } else if (!name.contains(".")) {
                ignore.add(name);
            }
        }
        return ignore;
    }

    /** The table's checksum without the ignored columns; a map column counts as its entries sorted by key. */
    static TableChecksum checksum(Dataset<Row> table, Set<String> ignore) {
        // Spark refuses to hash maps (equal maps may hash differently): a map column is hashed as its entries
        // sorted by key, which is the same for equal maps (bronze keeps landing files' columns as a map).
        for (StructField field : table.schema().fields()) {
            if (field.dataType() instanceof MapType) {
                table = table.withColumn(field.name(), array_sort(map_entries(col(field.name()))));
            }
        }
        String[] ignored =
                Arrays.stream(table.columns()).filter(ignore::contains).toArray(String[]::new);
        return TableChecksum.of(table, ignored);
    }
}
