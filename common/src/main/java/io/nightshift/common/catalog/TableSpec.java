package io.nightshift.common.catalog;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.spark.sql.types.StructType;

/**
 * What one table is: where it lives, its columns, its grain (key columns) and how it is written.
 * {@code schema} is empty only for bronze tables, which keep each source's columns as received.
 */
public record TableSpec(
        Layer layer,
        String name,
        String description,
        Optional<StructType> schema,
        List<String> keyColumns,
        List<String> partitionColumns,
        WriteMode writeMode,
        Optional<String> dateColumn) {

    public TableSpec {
        Objects.requireNonNull(layer);
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("table names are lower_snake_case: " + name);
        }
        if (writeMode == WriteMode.REPLACE_DATES && dateColumn.isEmpty()) {
            throw new IllegalArgumentException(name + ": REPLACE_DATES needs a date column");
        }
        if ((writeMode == WriteMode.MERGE || writeMode == WriteMode.INSERT_NEW) && keyColumns.isEmpty()) {
            throw new IllegalArgumentException(name + ": " + writeMode + " needs key columns");
        }
        keyColumns = List.copyOf(keyColumns);
        partitionColumns = List.copyOf(partitionColumns);
        for (String partition : partitionColumns) {
            boolean generated = dateColumn.isPresent() && partition.equals(dateColumn.get() + MONTH_SUFFIX);
            boolean declared =
                    schema.map(s -> List.of(s.fieldNames()).contains(partition)).orElse(false);
            if (!generated && !declared) {
                throw new IllegalArgumentException(name + ": partition column " + partition
                        + " is neither a column nor the month of the date column");
            }
        }
    }

    /**
     * The suffix of a generated month partition column: {@code day_month} holds the first day of {@code day}'s month.
     */
    public static final String MONTH_SUFFIX = "_month";

    /**
     * Partitioning by the month of the date column: a replace of a few days rewrites one or two months' files, not the
     * history.
     */
    public static List<String> byMonthOf(String dateColumn) {
        return List.of(dateColumn + MONTH_SUFFIX);
    }

    /**
     * The generated month partition column, when the table has one: a Delta generated column
     * {@code trunc(<date column>, 'MM')} that writers never supply.
     */
    public Optional<String> monthPartitionColumn() {
        return dateColumn.map(c -> c + MONTH_SUFFIX).filter(partitionColumns::contains);
    }

    /** A table with a fixed schema. */
    public TableSpec(
            Layer layer,
            String name,
            String description,
            StructType schema,
            List<String> keyColumns,
            List<String> partitionColumns,
            WriteMode writeMode,
            Optional<String> dateColumn) {
        this(layer, name, description, Optional.of(schema), keyColumns, partitionColumns, writeMode, dateColumn);
    }

    /** The name Spark SQL knows it by: {@code silver.sales_daily}. */
    public String qualifiedName() {
        return layer.folder() + "." + name;
    }

    /** The folder under the warehouse: {@code silver/sales_daily}. */
    public String relativePath() {
        return layer.folder() + "/" + name;
    }

    @Override
    public String toString() {
        return qualifiedName();
    }
}
