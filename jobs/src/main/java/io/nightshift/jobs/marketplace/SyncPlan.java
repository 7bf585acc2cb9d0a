package io.nightshift.jobs.marketplace;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import io.nightshift.common.config.ChannelAllocation;
import io.nightshift.common.config.MarketplaceSettings;
import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * sync-inventory's pure transformations: what each marketplace should show, what it last acknowledged
 * (from the ledger), and the difference to push.
 */
public final class SyncPlan {
    private SyncPlan() {}

    /**
     * listings (marketplace, sku, product_id, listing_id, on_hand, reserved, safety_stock) -> plus
     * {@code available} (on hand - reserved - safety stock, >= 0) and {@code quantity} (that marketplace's
     * share under its allocation rule, >= 0).
     */
    public static Dataset<Row> desired(Dataset<Row> listings, MarketplaceSettings settings) {
        Column available =
                greatest(lit(0), col("on_hand").minus(col("reserved")).minus(col("safety_stock")));
        Column quantity = null;
        for (String m : MarketplaceSettings.KNOWN) {
            Column q = forRule(col("available"), settings.allocationFor(m));
            quantity = quantity == null
                    ? when(col("marketplace").equalTo(m), q)
                    : quantity.when(col("marketplace").equalTo(m), q);
        }
        quantity = quantity.otherwise(forRule(col("available"), settings.allocationFor("default")));
        return listings.withColumn("available", available.cast("int"))
                .withColumn("quantity", greatest(lit(0), quantity).cast("int"));
    }

    private static Column forRule(Column available, ChannelAllocation a) {
        Column q = switch (a.rule()) {
            case SHARE -> floor(available.multiply(lit(a.share())));
            case CAP -> least(available, lit(a.cap()));
            case ALL -> available;
        };
        return greatest(lit(0), q.minus(lit(a.buffer())));
    }

    /**
     * ledger -> (marketplace, sku, acknowledged_quantity): the newest ACKNOWLEDGED quantity per marketplace and SKU.
     */
    public static Dataset<Row> lastAcknowledged(Dataset<Row> ledger) {
        return ledger.filter(col("status").equalTo(PushOutcome.Status.ACKNOWLEDGED.name()))
                .withColumn(
                        "rn",
                        row_number()
                                .over(Window.partitionBy("marketplace", "sku")
                                        .orderBy(desc("acknowledged_at"), desc("run_date"), desc("attempt"))))
                .filter(col("rn").equalTo(1))
                .select(col("marketplace"), col("sku"), col("quantity").as("acknowledged_quantity"));
    }

    /** ledger -> (marketplace, sku, attempts_so_far) for one run date, so a rerun's attempts continue the numbering. */
    public static Dataset<Row> attemptsSoFar(Dataset<Row> ledger, LocalDate runDate) {
        return ledger.filter(col("run_date").equalTo(lit(Date.valueOf(runDate))))
                .groupBy("marketplace", "sku")
                .agg(max("attempt").as("attempts_so_far"));
    }

    /**
     * The changes to push: every listing whose quantity differs from the last acknowledged one (or has none),
     * ordered by marketplace and SKU. A pending (unacknowledged) update shows up here again, with today's quantity.
     */
    public static Dataset<Row> changes(Dataset<Row> desired, Dataset<Row> acknowledged, Dataset<Row> attempts) {
        return desired.join(
                        acknowledged,
                        desired.col("marketplace")
                                .equalTo(acknowledged.col("marketplace"))
                                .and(desired.col("sku").equalTo(acknowledged.col("sku"))),
                        "left")
                .join(
                        attempts,
                        desired.col("marketplace")
                                .equalTo(attempts.col("marketplace"))
                                .and(desired.col("sku").equalTo(attempts.col("sku"))),
                        "left")
                .filter(col("acknowledged_quantity")
                        .isNull()
                        .or(col("acknowledged_quantity").notEqual(col("quantity"))))
                .select(
                        desired.col("marketplace"),
                        desired.col("sku"),
                        col("product_id"),
                        col("listing_id"),
                        col("quantity"),
                        col("acknowledged_quantity"),
                        coalesce(col("attempts_so_far"), lit(0)).as("attempts_so_far"))
                .orderBy("marketplace", "sku");
    }
}
