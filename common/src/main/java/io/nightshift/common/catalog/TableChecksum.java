package io.nightshift.common.catalog;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A table's content in two numbers: the row count and the sum of every row's hash. Order-independent, so
 * two tables with the same rows in any order or file layout have the same checksum.
 */
public record TableChecksum(long rows, String hashSum) {

    public static TableChecksum of(Dataset<Row> table, String... ignoredColumns) {
        Column[] columns = Arrays.stream(table.columns())
                .filter(c -> !Arrays.asList(ignoredColumns).contains(c))
                .sorted()
                .map(c -> col(c))
                .toArray(Column[]::new);
        Row row = table.select(xxhash64(columns).cast("decimal(38,0)").as("h"))
                .agg(count(lit(1)), sum(col("h")))
                .head();
        return new TableChecksum(
                row.getLong(0), row.isNullAt(1) ? "0" : row.getDecimal(1).toPlainString());
    }
}
