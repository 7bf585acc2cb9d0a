package io.nightshift.jobs.curation;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.format_number;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.nightshift.common.config.CurationSettings;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The boxes' limits going in, and what each box got coming out. */
public final class Boxes {
    private Boxes() {}

    /**
     * One row per due subscriber who can get a box: customer_id, tier_id, product_limit, value_min, value_max
     * (the tier's value window times its price, per tier name from config).
     */
    public static Dataset<Row> limits(Dataset<Row> due, CurationSettings settings) {
        Column min = lit(settings.defaultValueWindow().min());
        Column max = lit(settings.defaultValueWindow().max());
        for (Map.Entry<String, CurationSettings.ValueWindow> e :
                settings.valueWindowByTier().entrySet()) {
            min = when(col("tier_name").equalTo(e.getKey()), lit(e.getValue().min()))
                    .otherwise(min);
            max = when(col("tier_name").equalTo(e.getKey()), lit(e.getValue().max()))
                    .otherwise(max);
        }
        return due.filter(col("skip_reason").isNull())
                .select(
                        col("customer_id"),
                        col("tier_id"),
                        col("product_limit"),
                        col("tier_price").multiply(min).as("value_min"),
                        col("tier_price").multiply(max).as("value_max"));
    }

    /**
     * One row per box: customer_id, product_limit, items, box_value, eligible_products, and note: null for a
     * full box within its value window, else why not.
     */
    public static Dataset<Row> summary(Dataset<Row> limits, Dataset<Row> candidates, Dataset<Row> items) {
        Dataset<Row> got = items.groupBy("customer_id")
                .agg(count(lit(1)).as("items"), sum("price").as("box_value"));
        Dataset<Row> eligible =
                candidates.groupBy("customer_id").agg(max("eligible_products").as("eligible_products"));
        Column n = coalesce(col("items"), lit(0L));
        Column e = coalesce(col("eligible_products"), lit(0));
        Column note = when(e.equalTo(0), lit("no eligible products"))
                .when(
                        n.lt(col("product_limit")).and(e.lt(col("product_limit"))),
                        concat(
                                lit("only "),
                                e.cast("string"),
                                lit(" eligible products for "),
                                col("product_limit").cast("string"),
                                lit(" slots")))
                .when(
                        n.lt(col("product_limit")),
                        concat(
                                lit("stock, diversity or value window left "),
                                n.cast("string"),
                                lit(" of "),
                                col("product_limit").cast("string"),
                                lit(" slots filled")))
                .when(
                        coalesce(col("box_value"), lit(0.0)).lt(col("value_min")),
                        concat(
                                lit("box value "),
                                format_number(col("box_value"), 2),
                                lit(" is below the tier's window")));
        return limits.join(got, "customer_id", "left")
                .join(eligible, "customer_id", "left")
                .select(
                        col("customer_id"),
                        col("product_limit"),
                        n.as("items"),
                        coalesce(col("box_value"), lit(0.0)).as("box_value"),
                        e.as("eligible_products"),
                        note.as("note"));
    }

    /** The rows of gold.next_box_items: the allocated items with their scores and why (basis; the box's note). */
    public static Dataset<Row> nextBoxItems(Dataset<Row> items, Dataset<Row> summary, LocalDate boxDate) {
        return items.join(summary.select("customer_id", "note"), "customer_id", "left")
                .select(
                        lit(Date.valueOf(boxDate)).as("box_date"),
                        col("customer_id"),
                        col("tier_id"),
                        col("product_id"),
                        col("box_rank").cast("int").as("rank"),
                        col("curation_score"),
                        col("content_score"),
                        col("cf_score"),
                        col("popularity_score"),
                        when(col("note").isNull(), col("basis"))
                                .otherwise(concat(col("basis"), lit("; "), col("note")))
                                .as("reason"));
    }
}
