package io.nightshift.jobs.elasticity;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

import io.nightshift.common.catalog.TableCatalog;
import io.nightshift.common.catalog.Tables;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * gold.price_elasticity as it stood on a cut-off date: per product, the latest estimate at or before it (a
 * product not re-estimated on the last run keeps its earlier estimate; nothing after the cut-off is ever used).
 * For a replay or closed-loop simulation that starts on the cut-off and must not see estimates made from the
 * days it simulates.
 */
public final class ElasticityAsOf {
    private ElasticityAsOf() {}

    /**
     * One row per product: its row of gold.price_elasticity with the greatest run_date on or before
     * {@code cutoff}, every column kept (run_date says how old the estimate is).
     */
    public static Dataset<Row> asOf(Dataset<Row> elasticity, LocalDate cutoff) {
        return elasticity
                .filter(col("run_date").leq(lit(Date.valueOf(cutoff))))
                .withColumn(
                        "_rank",
                        row_number()
                                .over(Window.partitionBy("product_id")
                                        .orderBy(col("run_date").desc())))
                .filter(col("_rank").equalTo(1))
                .drop("_rank");
    }

    /** {@link #asOf} of the warehouse's table; empty (with the table's columns) when it does not exist yet. */
    public static Dataset<Row> read(SparkSession spark, TableCatalog catalog, LocalDate cutoff) {
        Dataset<Row> table = catalog.exists(spark, Tables.PRICE_ELASTICITY)
                ? catalog.read(spark, Tables.PRICE_ELASTICITY)
                : spark.createDataFrame(
                        List.of(), Tables.PRICE_ELASTICITY.schema().orElseThrow());
        return asOf(table, cutoff);
    }
}
