package io.nightshift.common.catalog;

import static org.apache.spark.sql.functions.col;

import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import io.nightshift.common.time.RunDates;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.CommitInfo;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;
import scala.Tuple2;
import scala.collection.Iterator;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * The one way tables are written. Each write mode has its idempotent form, and each write is one Delta
 * commit, so a reader sees the old or the new version and a crash mid-write leaves the old one.
 */
public final class TableWriter {
    private static final Logger LOG = LoggerFactory.getLogger(TableWriter.class);

    private final SparkSession spark;
    private final TableCatalog catalog;
    private final boolean registerInSession;

    /**
     * @param catalog where tables are written; for --dry-run a catalog over a scratch folder
     * @param registerInSession whether written tables become {@code layer.name} in SQL (not for scratch writes)
     */
    public TableWriter(SparkSession spark, TableCatalog catalog, boolean registerInSession) {
        this.spark = spark;
        this.catalog = catalog;
        this.registerInSession = registerInSession;
    }

    public TableCatalog catalog() {
        return catalog;
    }

    /** What one write did. {@code rowsWritten} is Delta's count of rows inserted or updated. */
    public record WriteResult(TableSpec table, long version, long rowsWritten) {}

    /** Replaces the rows of {@code dates} (REPLACE_DATES tables); every row must fall within them. */
    public WriteResult replaceDates(TableSpec table, Dataset<Row> rows, RunDates dates) {
        requireMode(table, WriteMode.REPLACE_DATES);
        String dateColumn = table.dateColumn().orElseThrow();
        String predicate = "`" + dateColumn + "` >= DATE'" + dates.from() + "' AND `" + dateColumn + "` <= DATE'"
                + dates.to() + "'";
        Dataset<Row> conformed = conform(table, rows);
        String location = ensureExists(table);
        // Naming the month partitions too makes Delta touch only the files of those months (a table
        // created before it was partitioned has no such column and is rewritten as before).
        Optional<String> month = table.monthPartitionColumn().filter(m -> hasColumn(location, m));
        if (month.isPresent()) {
            predicate += " AND `" + month.get() + "` >= DATE'" + dates.from().withDayOfMonth(1) + "' AND `"
                    + month.get() + "` <= DATE'" + dates.to().withDayOfMonth(1) + "'";
        }
        long before = currentVersion(location);
        conformed
                .write()
                .format("delta")
                .mode("overwrite")
                .option("replaceWhere", predicate)
                .save(location);
        return finish(table, location, before);
    }

    /** Writes a MERGE, INSERT_NEW or OVERWRITE table. */
    public WriteResult write(TableSpec table, Dataset<Row> rows) {
        Dataset<Row> conformed = conform(table, rows);
        String location = ensureExists(table);
        long before = currentVersion(location);
        // A MERGE of no rows changes nothing but still scans the table in several Spark jobs; asking whether
        // there are rows is one small job (an import's quarantine is usually empty).
        boolean merges = table.writeMode() == WriteMode.MERGE || table.writeMode() == WriteMode.INSERT_NEW;
        if (merges && conformed.isEmpty()) {
            return finish(table, location, before);
        }
        switch (table.writeMode()) {
            case MERGE ->
                DeltaTable.forPath(spark, location)
                        .as("t")
                        .merge(conformed.as("s"), keyMatch(table))
                        .whenMatched()
                        .updateAll()
                        .whenNotMatched()
                        .insertAll()
                        .execute();
            case INSERT_NEW ->
                DeltaTable.forPath(spark, location)
                        .as("t")
                        .merge(conformed.as("s"), keyMatch(table))
                        .whenNotMatched()
                        .insertAll()
                        .execute();
            case OVERWRITE ->
                conformed.write().format("delta").mode("overwrite").save(location);
            case REPLACE_DATES ->
                throw new IllegalArgumentException(table + " replaces by date: use replaceDates(table, rows, dates)");
        }
        return finish(table, location, before);
    }

    /**
     * Checks the frame against the catalog's schema and puts its columns in catalog order. Numeric columns
     * are cast to the catalog's type; any other difference is a programming error named precisely.
     */
    static Dataset<Row> conform(TableSpec table, Dataset<Row> rows) {
        if (table.schema().isEmpty()) {
            return rows;
        }
        StructType expected = table.schema().get();
        // Rows read from a table carry its generated month column; Delta computes it again on write.
        Optional<String> month = table.monthPartitionColumn();
        if (month.isPresent() && Arrays.asList(rows.columns()).contains(month.get())) {
            rows = rows.drop(month.get());
        }
        Map<String, DataType> actual = Arrays.stream(rows.schema().fields())
                .collect(Collectors.toMap(StructField::name, StructField::dataType));
        List<String> extra = new ArrayList<>(actual.keySet());
        extra.removeAll(Arrays.asList(expected.fieldNames()));
        if (!extra.isEmpty()) {
            throw new IllegalArgumentException(table + " has no column(s) " + extra + "; its columns are "
                    + Arrays.toString(expected.fieldNames()));
        }
        List<Column> columns = new ArrayList<>();
        for (StructField field : expected.fields()) {
            DataType type = actual.get(field.name());
            if (type == null) {
                throw new IllegalArgumentException("rows for " + table + " lack column " + field.name());
            }
            if (type.equals(field.dataType())) {
                columns.add(col(field.name()));
            } else if ((type instanceof NumericType && field.dataType() instanceof NumericType)
                    || type.sameType(field.dataType())) {
                columns.add(col(field.name()).cast(field.dataType()).as(field.name()));
            } else {
                throw new IllegalArgumentException(
                        "column " + field.name() + " of " + table + " is " + type.simpleString() + ", the catalog says "
                                + field.dataType().simpleString());
            }
        }
        return rows.select(columns.toArray(new Column[0]));
    }

    private String ensureExists(TableSpec table) {
        String location = catalog.location(table);
        if (!TableCatalog.isDeltaTable(spark, location)) {
            StructType schema = table.schema()
                    .orElseThrow(() ->
                            new IllegalStateException(table + " has no schema in the catalog and does not exist yet"));
            DeltaTableBuilder builder =
                    DeltaTable.createIfNotExists(spark).location(location).addColumns(schema);
            table.monthPartitionColumn()
                    .ifPresent(month -> builder.addColumn(DeltaTable.columnBuilder(spark, month)
                            .dataType(DataTypes.DateType)
                            .generatedAlwaysAs("trunc(`" + table.dateColumn().orElseThrow() + "`, 'MM')")
                            .build()));
            builder.partitionedBy(table.partitionColumns().toArray(new String[0]))
                    .execute();
            LOG.info("created {} at {}", table, location);
        } else {
            addNewColumns(table, location);
        }
        if (registerInSession) {
            catalog.register(spark, table.layer(), table.name());
        }
        return location;
    }

    /**
     * A nullable column the catalog gained after the table was created is added to the table (one ALTER TABLE,
     * its rows read null), so a warehouse written by an earlier release takes the new column's writes. A missing
     * non-nullable column is left to fail the write, named.
     */
    private void addNewColumns(TableSpec table, String location) {
        if (table.schema().isEmpty()) {
            return;
        }
        List<String> existing =
                Arrays.asList(DeltaTable.forPath(spark, location).toDF().columns());
        List<String> added = new ArrayList<>();
        for (StructField field : table.schema().get().fields()) {
            if (field.nullable() && !existing.contains(field.name())) {
                added.add("`" + field.name() + "` " + field.dataType().sql());
            }
        }
        if (!added.isEmpty()) {
            spark.sql("ALTER TABLE delta.`" + location + "` ADD COLUMNS (" + String.join(", ", added) + ")");
            LOG.info("added column(s) {} to {}", added, table);
        }
    }

    private boolean hasColumn(String location, String column) {
        return Arrays.asList(DeltaTable.forPath(spark, location).toDF().columns())
                .contains(column);
    }

    /** The table's latest version, from its log on the driver (DeltaTable.history() would run Spark jobs). */
    private long currentVersion(String location) {
        return DeltaLog.forTable(spark, location)
                .update(false, Option.empty(), Option.empty())
                .version();
    }

    /**
     * Reads the metrics of the write's own commit. Delta records no commit for a write that changes
     * nothing (skipRecordingEmptyCommits), so an unchanged version means zero rows, not the last commit's.
     */
    private WriteResult finish(TableSpec table, String location, long versionBefore) {
        long version = currentVersion(location);
        if (version == versionBefore) {
            LOG.info("{} unchanged (version {})", table, versionBefore);
            return new WriteResult(table, versionBefore, 0);
        }
        Map<String, String> metrics = commitMetrics(location, version);
        long rows = metric(metrics, "numOutputRows")
                .or(() -> sum(metric(metrics, "numTargetRowsInserted"), metric(metrics, "numTargetRowsUpdated")))
                .orElse(0L);
        WriteResult result = new WriteResult(table, version, rows);
        LOG.info("wrote {} rows to {} (version {})", rows, table, result.version());
        return result;
    }

    /** The operation metrics Delta recorded in the commit of {@code version} (read from its log file). */
    private Map<String, String> commitMetrics(String location, long version) {
        Iterator<Tuple2<Object, Seq<Action>>> changes =
                DeltaLog.forTable(spark, location).getChanges(version, false);
        if (!changes.hasNext()) {
            return Map.of();
        }
        for (Action action : JavaConverters.seqAsJavaList(changes.next()._2())) {
            if (action instanceof CommitInfo info && info.operationMetrics().isDefined()) {
                return JavaConverters.mapAsJavaMap(info.operationMetrics().get());
            }
        }
        return Map.of();
    }

    private static Optional<Long> metric(Map<String, String> metrics, String name) {
        return Optional.ofNullable(metrics.get(name)).map(Long::parseLong);
    }

    private static Optional<Long> sum(Optional<Long> a, Optional<Long> b) {
        return a.isEmpty() && b.isEmpty() ? Optional.empty() : Optional.of(a.orElse(0L) + b.orElse(0L));
    }

    private static String keyMatch(TableSpec table) {
        return table.keyColumns().stream()
                .map(k -> "t.`" + k + "` <=> s.`" + k + "`")
                .collect(Collectors.joining(" AND "));
    }

    private static void requireMode(TableSpec table, WriteMode mode) {
        if (table.writeMode() != mode) {
            throw new IllegalArgumentException(table + " is written " + table.writeMode() + ", not " + mode);
        }
    }
}
