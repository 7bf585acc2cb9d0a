package io.nightshift.jobs.curation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log1p;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;

import io.nightshift.common.config.CurationSettings;
import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Implicit feedback for collaborative filtering, one row per (customer, product): purchased units and past
 * box items weighted by their rating. Inputs: box history (customer_id, product_id, box_date, rating) and
 * purchases (customer_id, product_id, day, quantity), both strictly before the box date.
 */
public final class Interactions {
    private Interactions() {}

    /**
     * customer_id, product_id, weight (non-zero): positive is a liked or bought product, negative a disliked box item.
     */
    public static Dataset<Row> build(
            Dataset<Row> boxHistory, Dataset<Row> purchases, LocalDate boxDate, CurationSettings.Als als) {
        Date end = Date.valueOf(boxDate);
        Date start = Date.valueOf(boxDate.minusDays(als.historyDays()));
        Dataset<Row> boxes = boxHistory
                .filter(col("box_date")
                        .lt(lit(end))
                        .and(col("box_date").geq(lit(start)))
                        .and(col("rating").isNotNull()))
                .select(
                        col("customer_id"),
                        col("product_id"),
                        col("rating")
                                .cast("double")
                                .minus(lit(als.ratingNeutral()))
                                .as("weight"));
        Dataset<Row> bought = purchases
                .filter(col("day").lt(lit(end)).and(col("day").geq(lit(start))))
                .select(
                        col("customer_id"),
                        col("product_id"),
                        least(col("quantity"), lit(als.maxUnitsPerLine()))
                                .cast("double")
                                .multiply(lit(als.purchaseWeight()))
                                .as("weight"));
        return boxes.unionByName(bought)
                .groupBy("customer_id", "product_id")
                .agg(sum("weight").as("weight"))
                .filter(col("weight").notEqual(0));
    }

    /**
     * How many different customers liked or bought each product, as log(1 + n) / log(1 + the most any product
     * has): product_id, popularity in [0, 1].
     */
    public static Dataset<Row> popularity(Dataset<Row> interactions) {
        Dataset<Row> counts = interactions
                .filter(col("weight").gt(0))
                .groupBy("product_id")
                .agg(countDistinct("customer_id").as("fans"));
        Row top = counts.agg(max("fans")).head();
        long most = top.isNullAt(0) ? 0 : top.getLong(0);
        return counts.select(
                col("product_id"),
                (most == 0 ? lit(0.0) : log1p(col("fans")).divide(Math.log1p(most))).as("popularity"));
    }
}
