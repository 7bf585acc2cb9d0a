package io.nightshift.jobs.curation;

import static org.apache.spark.sql.functions.ceil;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Units of each product that the boxes of one box date may use. */
public final class BoxStock {
    private BoxStock() {}

    /**
     * Input: inventory (product_id, on_hand, reserved, safety_stock) with own_reservation (what an earlier run
     * for this same box date reserved, null if none). Free stock = on_hand − (reserved − own_reservation) −
     * safety_stock; the channels keep ceil(share × free) + units of it; the rest, never negative, is
     * units_available.
     */
    public static Dataset<Row> available(Dataset<Row> inventory, double channelShare, int channelUnits) {
        Column reservedByOthers = col("reserved").minus(coalesce(col("own_reservation"), lit(0)));
        Column free = greatest(lit(0), col("on_hand").minus(reservedByOthers).minus(col("safety_stock")));
        Column channels = ceil(free.multiply(channelShare)).plus(channelUnits);
        return inventory.select(
                col("product_id"),
                greatest(lit(0L), free.minus(channels)).cast("int").as("units_available"));
    }
}
