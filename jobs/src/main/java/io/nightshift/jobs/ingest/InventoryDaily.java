package io.nightshift.jobs.ingest;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** silver.inventory_daily: end-of-day stock per product and day; available = on hand - reserved. */
public final class InventoryDaily {
    private InventoryDaily() {}

    public static Dataset<Row> fromSnapshots(Dataset<Row> acceptedSnapshots) {
        return acceptedSnapshots.select(
                col("product_id"),
                col("day"),
                col("on_hand"),
                col("reserved"),
                col("on_hand").minus(col("reserved")).as("available"));
    }
}
