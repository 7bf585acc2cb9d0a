package io.nightshift.jobs.importing;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import io.nightshift.common.config.ImportSettings;
import io.nightshift.common.config.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * {@code import --source database}: the shop's own database, read through views that return the contract's columns,
 * as {@link ImportFiles} reads files: text columns (a value as a CSV would hold it) with the metadata columns, so the
 * same contract rules check them. The order lines are read in parallel ranges of {@code ordered_at} (Spark's JDBC
 * partitioning; rows without one are read too, by the first range). A {@code timestamp with time zone} (MySQL's
 * {@code timestamp}) keeps its instant; a local time ({@code timestamp without time zone}, MySQL's {@code datetime}),
 * which the database's {@code information_schema} tells apart, is read as its text, has no offset, and is refused as
 * in a file rather than given the JVM's zone.
 */
public final class ShopDatabase {
    /** The partitioning column: the one contract column that is a time in every shop's view. */
    private static final String ORDERED_AT = "ordered_at";
    /** information_schema's names of a date-time without zone: PostgreSQL's, and MySQL's datetime. */
    private static final Set<String> LOCAL_TIME_TYPES = Set.of("timestamp without time zone", "datetime");

    private final SparkSession spark;
    private final ImportSettings.Database settings;

    public ShopDatabase(SparkSession spark, ImportSettings.Database settings) {
        if (settings.url().isEmpty()) {
            throw new IllegalArgumentException("--source database needs the shop database's JDBC URL:"
                    + " set NIGHTSHIFT_SHOP_JDBC_URL or nightshift.import.database.url");
        }
        this.spark = spark;
        this.settings = settings;
    }

    /** Where the rows came from, as the quarantine's source_file names it. */
    public String label(String view) {
        return Secret.redactUrl(settings.url()) + " view " + view;
    }

    /** The view's rows; a view that cannot be read or lacks a required column throws, naming the view. */
    public Dataset<Row> read(String view, ImportFiles.Options options) {
        String label = label(view);
        StructType schema;
        DataFrameReader rows;
        try {
            List<String> localTimes = localTimeColumns(view);
            rows = reader().option("dbtable", view);
            if (!localTimes.isEmpty()) {
                rows = rows.option(
                        "customSchema",
                        localTimes.stream()
                                .map(c -> "`" + c.replace("`", "``") + "` STRING")
                                .collect(Collectors.joining(", ")));
            }
            schema = rows.load().schema();
        } catch (RuntimeException e) {
            throw new ImportFileException(label, "cannot be read (" + ImportFiles.firstLine(e) + ")", e);
        }
        List<String> names = ImportFiles.checkColumns(label, List.of(schema.fieldNames()), options);
        int ordered = names.indexOf(ORDERED_AT);
        if (settings.partitions() > 1 && ordered >= 0 && isTime(schema.fields()[ordered])) {
            Row bounds = reader().option(
                            "query",
                            "select min(" + quoted(schema.fields()[ordered].name()) + ") as lo, max("
                                    + quoted(schema.fields()[ordered].name()) + ") as hi from " + view)
                    .load()
                    .first();
            if (!bounds.isNullAt(0) && !bounds.get(0).equals(bounds.get(1))) {
                rows = rows.option("partitionColumn", schema.fields()[ordered].name())
                        .option("lowerBound", bounds.get(0).toString())
                        .option("upperBound", bounds.get(1).toString())
                        .option("numPartitions", settings.partitions());
            }
        }
        List<Column> text = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            StructField field = schema.fields()[i];
            text.add(ImportFiles.asText(col("`" + field.name() + "`"), field.dataType())
                    .as(names.get(i)));
        }
        text.add(lit(null).cast(DataTypes.StringType).as(ImportFiles.CORRUPT));
        Dataset<Row> read = rows.load().select(text.toArray(new Column[0]));
        Column[] columns = names.stream().map(n -> col("`" + n + "`")).toArray(Column[]::new);
        // A view has no row order: the rows are numbered in the order of their values, the same on every read.
        return read.withColumn(ImportFiles.RAW, to_json(struct(columns)))
                .withColumn(ImportFiles.SOURCE_FILE, lit(label))
                .withColumn(
                        ImportFiles.ROW,
                        row_number().over(Window.orderBy(col(ImportFiles.RAW))).cast(DataTypes.LongType));
    }

    private DataFrameReader reader() {
        DataFrameReader reader =
                spark.read().format("jdbc").option("url", settings.url()).option("fetchsize", settings.fetchSize());
        if (!settings.user().isEmpty()) {
            reader = reader.option("user", settings.user());
        }
        if (!settings.password().isEmpty()) {
            reader = reader.option("password", settings.password().reveal());
        }
        return reader;
    }

    /**
     * The view's columns holding a local date-time (no zone), from {@code information_schema.columns}, which
     * PostgreSQL and MySQL both have; the JDBC driver would otherwise give them the JVM's zone without a word.
     */
    private List<String> localTimeColumns(String view) {
        String[] parts = view.toLowerCase(Locale.ROOT).split("\\.");
        // The name passed ImportSettings' identifier check, so it can stand in the query as a literal.
        String query = "select column_name, data_type from information_schema.columns where lower(table_name) = '"
                + parts[parts.length - 1] + "'"
                + (parts.length == 2 ? " and lower(table_schema) = '" + parts[0] + "'" : "");
        return reader().option("query", query).load().collectAsList().stream()
                .filter(r -> LOCAL_TIME_TYPES.contains(String.valueOf(r.get(1)).toLowerCase(Locale.ROOT)))
                .map(r -> r.getString(0))
                .distinct()
                .toList();
    }

    private static boolean isTime(StructField field) {
        return field.dataType().equals(DataTypes.TimestampType)
                || field.dataType().equals(DataTypes.DateType);
    }

    /** A column name the view gave, quoted for SQL (both PostgreSQL and MySQL in ANSI mode accept double quotes). */
    private String quoted(String column) {
        return settings.url().toLowerCase(Locale.ROOT).startsWith("jdbc:mysql:")
                        || settings.url().toLowerCase(Locale.ROOT).startsWith("jdbc:mariadb:")
                ? "`" + column.replace("`", "``") + "`"
                : "\"" + column.replace("\"", "\"\"") + "\"";
    }
}
