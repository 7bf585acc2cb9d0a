package io.nightshift.jobs.curation;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Who gets a box on the box date. Input frames, as read from the commerce database:
 * customers (customer_id string, subscription_tier_id int, subscription_status string, next_box_date date) and
 * tiers (tier_id int, tier_name string, price double, product_limit int).
 */
public final class Subscriptions {
    private Subscriptions() {}

    /** The earliest next_box_date after the run date among active subscribers: the box this run curates. */
    public static Optional<LocalDate> nextBoxDate(Dataset<Row> customers, LocalDate runDate) {
        Row row = customers
                .filter(col("subscription_status")
                        .equalTo("active")
                        .and(col("next_box_date").gt(lit(Date.valueOf(runDate)))))
                .agg(min("next_box_date"))
                .head();
        return row.isNullAt(0) ? Optional.empty() : Optional.of(row.getDate(0).toLocalDate());
    }

    /**
     * Every active customer due a box on the box date (next_box_date that date, or unset) with their tier, and
     * {@code skip_reason} set when they cannot get one: no tier, an unknown tier, or a tier whose product_limit
     * is 0. Columns: customer_id, tier_id, tier_name, tier_price, product_limit, skip_reason.
     */
    public static Dataset<Row> due(Dataset<Row> customers, Dataset<Row> tiers, LocalDate boxDate) {
        Column dueOnDate =
                col("c.next_box_date").isNull().or(col("c.next_box_date").equalTo(lit(Date.valueOf(boxDate))));
        Column reason = when(col("c.subscription_tier_id").isNull(), lit("customer has no subscription tier"))
                .when(
                        col("t.tier_id").isNull(),
                        concat(
                                lit("unknown subscription tier "),
                                col("c.subscription_tier_id").cast("string")))
                .when(
                        coalesce(col("t.product_limit"), lit(0)).leq(0),
                        concat(
                                lit("tier "),
                                col("t.tier_name"),
                                lit(" has product_limit "),
                                col("t.product_limit").cast("string")));
        return customers
                .as("c")
                .filter(col("c.subscription_status").equalTo("active").and(dueOnDate))
                .join(tiers.as("t"), col("c.subscription_tier_id").equalTo(col("t.tier_id")), "left")
                .select(
                        col("c.customer_id"),
                        col("c.subscription_tier_id").as("tier_id"),
                        col("t.tier_name"),
                        col("t.price").cast("double").as("tier_price"),
                        col("t.product_limit"),
                        reason.as("skip_reason"));
    }
}
