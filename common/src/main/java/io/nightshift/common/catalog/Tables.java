package io.nightshift.common.catalog;

import static io.nightshift.common.catalog.Layer.BRONZE;
import static io.nightshift.common.catalog.Layer.GOLD;
import static io.nightshift.common.catalog.Layer.QUARANTINE;
import static io.nightshift.common.catalog.Layer.SILVER;
import static io.nightshift.common.catalog.WriteMode.INSERT_NEW;
import static io.nightshift.common.catalog.WriteMode.MERGE;
import static io.nightshift.common.catalog.WriteMode.REPLACE_DATES;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The table catalog: every Delta table Nightshift writes, in the order data flows through them.
 * Each lives at {@code <warehouse>/<layer>/<name>} and is {@code layer.name} in Spark SQL.
 * <pre>
 * commerce db, landing files, holidays -> bronze.* -> silver.* (rejects: quarantine.*)
 * silver.*                      -> gold.demand_forecast, gold.forecast_backtest, gold.price_elasticity
 * forecast, elasticity, stock   -> gold.prices -> storefront.product_prices (PostgreSQL)
 * subscriptions, history, stock -> gold.next_box_items -> subscription_box_items (PostgreSQL)
 * marketplaces                  -> silver.marketplace_orders;  stock -> gold.marketplace_push_ledger
 * </pre>
 */
public final class Tables {
    private Tables() {}

    private static final DataType MONEY = DataTypes.createDecimalType(12, 2);
    private static final DataType REVENUE = DataTypes.createDecimalType(16, 2);

    // ---- silver: typed, deduplicated, validated ----

    public static final TableSpec PRODUCTS = new TableSpec(
            SILVER,
            "products",
            "current product dimension, one row per product",
            schema(
                    field("product_id", DataTypes.IntegerType, false),
                    field("sku", DataTypes.StringType, false),
                    field("name", DataTypes.StringType, true),
                    field("category", DataTypes.StringType, true),
                    field("brand", DataTypes.StringType, true),
                    field("base_price", MONEY, false),
                    field("unit_cost", MONEY, true),
                    field("currency", DataTypes.StringType, false),
                    field("active", DataTypes.BooleanType, false),
                    field("launched_on", DataTypes.DateType, true),
                    field("updated_at", DataTypes.TimestampType, false)),
            List.of("product_id"),
            List.of(),
            MERGE,
            Optional.empty());

    public static final TableSpec SALES_DAILY = new TableSpec(
            SILVER,
            "sales_daily",
            "units (net of the day's returns) and revenue per product and day, dense (no-sale days are 0 units);"
                    + " returned_units the day's returned units; stockout marks censored demand; avg_unit_price the"
                    + " day's price, from the price list or else the price most sale lines paid (price_source)",
            schema(
                    field("product_id", DataTypes.IntegerType, false),
                    field("day", DataTypes.DateType, false),
                    field("units", DataTypes.LongType, false),
                    field("revenue", REVENUE, false),
                    field("avg_unit_price", MONEY, true),
                    field("orders", DataTypes.LongType, false),
                    field("stockout", DataTypes.BooleanType, false),
                    // Last and nullable: a warehouse written before returns were read gains it by ALTER TABLE.
                    field("returned_units", DataTypes.LongType, true),
                    // price_list or order_lines (null: no price that day); last and nullable, as returned_units.
                    field("price_source", DataTypes.StringType, true)),
            List.of("product_id", "day"),
            TableSpec.byMonthOf("day"),
            REPLACE_DATES,
            Optional.of("day"));

    public static final TableSpec TRAFFIC_DAILY = new TableSpec(
            SILVER,
            "traffic_daily",
            "web traffic per product and day",
            schema(
                    field("product_id", DataTypes.IntegerType, false),
                    field("day", DataTypes.DateType, false),
                    field("views", DataTypes.LongType, false),
                    field("sessions", DataTypes.LongType, false),
                    field("add_to_cart", DataTypes.LongType, false)),
            List.of("product_id", "day"),
            TableSpec.byMonthOf("day"),
            REPLACE_DATES,
            Optional.of("day"));

    public static final TableSpec COMPETITOR_PRICES = new TableSpec(
            SILVER,
            "competitor_prices",
            "competitor price per product, competitor and day",
            schema(
                    field("product_id", DataTypes.IntegerType, false),
                    field("competitor", DataTypes.StringType, false),
                    field("day", DataTypes.DateType, false),
                    field("price", MONEY, false)),
            List.of("product_id", "competitor", "day"),
            TableSpec.byMonthOf("day"),
            REPLACE_DATES,
            Optional.of("day"));

    public static final TableSpec INVENTORY_DAILY = new TableSpec(
            SILVER,
            "inventory_daily",
            "end-of-day stock per product and day",
            schema(
                    field("product_id", DataTypes.IntegerType, false),
                    field("day", DataTypes.DateType, false),
                    field("on_hand", DataTypes.IntegerType, false),
                    field("reserved", DataTypes.IntegerType, false),
                    field("available", DataTypes.IntegerType, false)),
            List.of("product_id", "day"),
            TableSpec.byMonthOf("day"),
            REPLACE_DATES,
            Optional.of("day"));

    public static final TableSpec CALENDAR = new TableSpec(
            SILVER,
            "calendar",
            "one row per day: weekday, the shop's holidays and the external factors when present",
            schema(
                    field("day", DataTypes.DateType, false),
                    field("day_of_week", DataTypes.IntegerType, false),
                    field("is_holiday", DataTypes.BooleanType, false),
                    field("holiday_name", DataTypes.StringType, true),
                    field("consumer_confidence", DataTypes.DoubleType, true),
                    field("cpi", DataTypes.DoubleType, true)),
            List.of("day"),
            List.of(),
            REPLACE_DATES,
            Optional.of("day"));

    public static final TableSpec MARKETPLACE_ORDERS = new TableSpec(
            SILVER,
            "marketplace_orders",
            "order lines pulled from the marketplaces, one row per marketplace, order and line",
            schema(
                    field("marketplace", DataTypes.StringType, false),
                    field("order_id", DataTypes.StringType, false),
                    field("line_id", DataTypes.StringType, false),
                    field("sku", DataTypes.StringType, false),
                    field("product_id", DataTypes.IntegerType, true),
                    field("quantity", DataTypes.IntegerType, false),
                    field("unit_price", MONEY, true),
                    field("currency", DataTypes.StringType, true),
                    field("status", DataTypes.StringType, false),
                    field("ordered_at", DataTypes.TimestampType, false),
                    field("updated_at", DataTypes.TimestampType, false),
                    field("ingested_at", DataTypes.TimestampType, false)),
            List.of("marketplace", "order_id", "line_id"),
            List.of(),
            MERGE,
            Optional.empty());

    public static final TableSpec MARKETPLACE_ORDER_WATERMARKS = new TableSpec(
            SILVER,
            "marketplace_order_watermarks",
            "per marketplace, the newest order update time ingest-orders has applied; the next run reads from it minus an overlap",
            schema(
                    field("marketplace", DataTypes.StringType, false),
                    field("watermark", DataTypes.TimestampType, false),
                    field("run_date", DataTypes.DateType, false),
                    field("updated_at", DataTypes.TimestampType, false)),
            List.of("marketplace"),
            List.of(),
            MERGE,
            Optional.empty());

    // ---- gold: what the pipeline decides ----

    public static final TableSpec DEMAND_FORECAST = new TableSpec(
            GOLD,
            "demand_forecast",
            "forecast demand per run, product and future day, with its interval and model",
            schema(
                    field("run_date", DataTypes.DateType, false),
                    field("product_id", DataTypes.IntegerType, false),
                    field("day", DataTypes.DateType, false),
                    field("yhat", DataTypes.DoubleType, false),
                    field("yhat_lower", DataTypes.DoubleType, false),
                    field("yhat_upper", DataTypes.DoubleType, false),
                    field("model", DataTypes.StringType, false),
                    // why the forecast is not the plain model's: one-off orders capped, the sanity bound (null:
                    // neither)
                    field("adjustment", DataTypes.StringType, true)),
            List.of("run_date", "product_id", "day"),
            List.of(),
            REPLACE_DATES,
            Optional.of("run_date"));

    public static final TableSpec FORECAST_BACKTEST = new TableSpec(
            GOLD,
            "forecast_backtest",
            "rolling-origin backtest accuracy per run, product, model and origin",
            schema(
                    field("run_date", DataTypes.DateType, false),
                    field("product_id", DataTypes.IntegerType, false),
                    field("model", DataTypes.StringType, false),
                    field("origin", DataTypes.DateType, false),
                    field("horizon", DataTypes.IntegerType, false),
                    field("mase", DataTypes.DoubleType, true),
                    field("smape", DataTypes.DoubleType, true),
                    field("bias", DataTypes.DoubleType, true),
                    field("interval_coverage", DataTypes.DoubleType, true),
                    field("chosen", DataTypes.BooleanType, false)),
            List.of("run_date", "product_id", "model", "origin"),
            List.of(),
            REPLACE_DATES,
            Optional.of("run_date"));

    public static final TableSpec PRICE_ELASTICITY = new TableSpec(
            GOLD,
            "price_elasticity",
            "own-price elasticity per run and product: the estimate pricing uses, its interval, the level it was "
                    + "pooled to (product, category or global), the product's own regression, and why it was flagged",
            schema(
                    field("run_date", DataTypes.DateType, false),
                    field("product_id", DataTypes.IntegerType, false),
                    field("category", DataTypes.StringType, true),
                    field("elasticity", DataTypes.DoubleType, false),
                    field("ci_low", DataTypes.DoubleType, false),
                    field("ci_high", DataTypes.DoubleType, false),
                    field("pooling_level", DataTypes.StringType, false),
                    field("n_obs", DataTypes.LongType, false),
                    field("distinct_prices", DataTypes.IntegerType, false),
                    field("raw_elasticity", DataTypes.DoubleType, true),
                    field("raw_std_error", DataTypes.DoubleType, true),
                    field("product_weight", DataTypes.DoubleType, false),
                    field("flagged", DataTypes.BooleanType, false),
                    field("reason", DataTypes.StringType, true)),
            List.of("run_date", "product_id"),
            List.of(),
            REPLACE_DATES,
            Optional.of("run_date"));

    /**
     * Every run's prices (time travel and rollback read earlier runs). Expected units and profit are over the
     * pricing horizon under the demand model (null without a forecast); floor and cap are the bounds the
     * strategy applied; unit_cost and base_price are as of the run, so a publish or rollback checks the
     * prices against their own run's cost and cap. expected_profit_at_optimum is set on price experiments only
     * (reason PRICE_EXPERIMENT): the expected profit at the optimiser's price before the test moved it, so the
     * test's expected cost is it minus expected_profit (added after the table's first release: last, nullable).
     */
    public static final TableSpec PRICES = new TableSpec(
            GOLD,
            "prices",
            "the price chosen per run and product, with the previous price, why, and its expected effect",
            schema(
                    field("run_date", DataTypes.DateType, false),
                    field("product_id", DataTypes.IntegerType, false),
                    field("sku", DataTypes.StringType, false),
                    field("price", MONEY, false),
                    field("previous_price", MONEY, false),
                    field("currency", DataTypes.StringType, false),
                    field("strategy", DataTypes.StringType, false),
                    field("reason_codes", DataTypes.createArrayType(DataTypes.StringType, false), false),
                    field("expected_units", DataTypes.DoubleType, true),
                    field("expected_profit", DataTypes.DoubleType, true),
                    field("expected_units_at_previous", DataTypes.DoubleType, true),
                    field("expected_profit_at_previous", DataTypes.DoubleType, true),
                    field("floor", MONEY, false),
                    field("cap", MONEY, false),
                    field("unit_cost", MONEY, true),
                    field("base_price", MONEY, false),
                    field("expected_profit_at_optimum", DataTypes.DoubleType, true)),
            List.of("run_date", "product_id"),
            List.of(),
            REPLACE_DATES,
            Optional.of("run_date"));

    public static final TableSpec NEXT_BOX_ITEMS = new TableSpec(
            GOLD,
            "next_box_items",
            "the items of every subscriber's next box, per box date: rank 1 is the best-scored item; scores in [0, 1]"
                    + " (cf_score null without collaborative factors); reason is the scoring basis (hybrid or cold_start)"
                    + " and, for a box that is short or below its value window, why",
            schema(
                    field("box_date", DataTypes.DateType, false),
                    field("customer_id", DataTypes.StringType, false),
                    field("tier_id", DataTypes.IntegerType, false),
                    field("product_id", DataTypes.IntegerType, false),
                    field("rank", DataTypes.IntegerType, false),
                    field("curation_score", DataTypes.DoubleType, false),
                    field("content_score", DataTypes.DoubleType, true),
                    field("cf_score", DataTypes.DoubleType, true),
                    field("popularity_score", DataTypes.DoubleType, true),
                    field("reason", DataTypes.StringType, true)),
            List.of("box_date", "customer_id", "product_id"),
            List.of(),
            REPLACE_DATES,
            Optional.of("box_date"));

    /**
     * One row per attempt to set one SKU's quantity on one marketplace. status: ACKNOWLEDGED (the marketplace
     * confirmed the quantity; acknowledged_at set), RETRYING (the whole call failed with 429, 5xx, a timeout or
     * a reset and was retried), REJECTED (the marketplace's per-item error), FAILED (no success after every
     * retry), SENT (journaled before it was sent; the run was killed before the answer, so the outcome is unknown
     * and the SKU stays pending). Rows come from the commerce database's push journal, folded in at the end of a
     * run and at the start of the next (INSERT_NEW: a fold twice adds nothing).
     * The latest ACKNOWLEDGED row per marketplace and SKU is the state the next run diffs against;
     * anything newer and unacknowledged is pending and is sent again, with the newest quantity.
     * attempt numbers continue across reruns of one run_date.
     */
    public static final TableSpec MARKETPLACE_PUSH_LEDGER = new TableSpec(
            GOLD,
            "marketplace_push_ledger",
            "every inventory update attempt sent to a marketplace, and its outcome",
            schema(
                    field("run_date", DataTypes.DateType, false),
                    field("marketplace", DataTypes.StringType, false),
                    field("sku", DataTypes.StringType, false),
                    field("quantity", DataTypes.IntegerType, false),
                    field("attempt", DataTypes.IntegerType, false),
                    field("status", DataTypes.StringType, false),
                    field("http_status", DataTypes.IntegerType, true),
                    field("error", DataTypes.StringType, true),
                    field("sent_at", DataTypes.TimestampType, true),
                    field("acknowledged_at", DataTypes.TimestampType, true)),
            List.of("run_date", "marketplace", "sku", "attempt"),
            List.of(),
            INSERT_NEW,
            Optional.empty());

    /**
     * Monitoring (the ops {@code monitor} stage): how past runs' forecasts did once the actuals arrived, per run
     * date, product, model and horizon (days ahead). Each run scores the forecasts whose target day fell in the
     * window before it; stock-out days are left out (censored demand).
     */
    public static final TableSpec FORECAST_ACCURACY = new TableSpec(
            GOLD,
            "forecast_accuracy",
            "accuracy of past forecasts against actual sales, per run, product, model and horizon",
            schema(
                    field("run_date", DataTypes.DateType, false),
                    field("product_id", DataTypes.IntegerType, false),
                    field("model", DataTypes.StringType, false),
                    field("horizon", DataTypes.IntegerType, false),
                    field("n", DataTypes.LongType, false),
                    field("actual_units", DataTypes.DoubleType, false),
                    field("forecast_units", DataTypes.DoubleType, false),
                    field("mae", DataTypes.DoubleType, false),
                    field("bias", DataTypes.DoubleType, false),
                    field("wape", DataTypes.DoubleType, true),
                    field("interval_coverage", DataTypes.DoubleType, false)),
            List.of("run_date", "product_id", "model", "horizon"),
            List.of(),
            REPLACE_DATES,
            Optional.of("run_date"));

    /**
     * Monitoring: realised sales under the prices, per monitoring run, day, strategy and control group. Each
     * product-day's sales count under the price in force that day (the latest price run before it); cost is
     * units x that run's unit_cost (70% of base price when unknown), margin = revenue - cost. The per-product
     * columns are per product-day, so the small control group compares with the rest.
     */
    public static final TableSpec PRICING_PERFORMANCE = new TableSpec(
            GOLD,
            "pricing_performance",
            "realised units, revenue, cost and margin per day, strategy and control group, under the price in force",
            schema(
                    field("run_date", DataTypes.DateType, false),
                    field("day", DataTypes.DateType, false),
                    field("strategy", DataTypes.StringType, false),
                    field("control_group", DataTypes.BooleanType, false),
                    field("products", DataTypes.LongType, false),
                    field("stockout_products", DataTypes.LongType, false),
                    field("units", DataTypes.LongType, false),
                    field("revenue", DataTypes.createDecimalType(18, 2), false),
                    field("cost", DataTypes.createDecimalType(18, 2), false),
                    field("margin", DataTypes.createDecimalType(18, 2), false),
                    field("avg_price", DataTypes.DoubleType, false),
                    field("units_per_product", DataTypes.DoubleType, false),
                    field("revenue_per_product", DataTypes.DoubleType, false),
                    field("margin_per_product", DataTypes.DoubleType, false)),
            List.of("run_date", "day", "strategy", "control_group"),
            List.of(),
            REPLACE_DATES,
            Optional.of("run_date"));

    // ---- bronze: each source as received, with ingestion metadata ----

    private static final StructField[] INGESTION_METADATA = {
        field("run_date", DataTypes.DateType, false),
        field("source", DataTypes.StringType, false),
        field("ingested_at", DataTypes.TimestampType, false)
    };

    public static final TableSpec BRONZE_PRODUCTS = bronze(
            "commerce_products",
            withMetadata(
                    field("day", DataTypes.DateType, false),
                    field("product_id", DataTypes.IntegerType, true),
                    field("sku", DataTypes.StringType, true),
                    field("name", DataTypes.StringType, true),
                    field("category", DataTypes.StringType, true),
                    field("brand", DataTypes.StringType, true),
                    field("base_price", MONEY, true),
                    field("unit_cost", MONEY, true),
                    field("currency", DataTypes.StringType, true),
                    field("active", DataTypes.BooleanType, true),
                    field("launched_on", DataTypes.DateType, true),
                    field("updated_at", DataTypes.TimestampType, true)));

    public static final TableSpec BRONZE_ORDER_LINES = bronze(
            "commerce_order_lines",
            withMetadata(
                    field("day", DataTypes.DateType, false),
                    field("order_id", DataTypes.StringType, true),
                    field("line_no", DataTypes.IntegerType, true),
                    field("product_id", DataTypes.IntegerType, true),
                    field("quantity", DataTypes.IntegerType, true),
                    field("unit_price", MONEY, true),
                    field("channel", DataTypes.StringType, true),
                    field("status", DataTypes.StringType, true),
                    field("ordered_at", DataTypes.TimestampType, true)));

    public static final TableSpec BRONZE_INVENTORY_SNAPSHOTS = bronze(
            "commerce_inventory_snapshots",
            withMetadata(
                    field("day", DataTypes.DateType, false),
                    field("product_id", DataTypes.IntegerType, true),
                    field("on_hand", DataTypes.IntegerType, true),
                    field("reserved", DataTypes.IntegerType, true),
                    field("stockout", DataTypes.BooleanType, true)));

    /** Every table with a fixed name, in data-flow order. */
    public static final List<TableSpec> ALL = List.of(
            BRONZE_PRODUCTS,
            BRONZE_ORDER_LINES,
            BRONZE_INVENTORY_SNAPSHOTS,
            PRODUCTS,
            SALES_DAILY,
            TRAFFIC_DAILY,
            COMPETITOR_PRICES,
            INVENTORY_DAILY,
            CALENDAR,
            DEMAND_FORECAST,
            FORECAST_BACKTEST,
            PRICE_ELASTICITY,
            PRICES,
            NEXT_BOX_ITEMS,
            MARKETPLACE_ORDERS,
            MARKETPLACE_ORDER_WATERMARKS,
            MARKETPLACE_PUSH_LEDGER,
            FORECAST_ACCURACY,
            PRICING_PERFORMANCE);

    /**
     * The columns every quarantine table has: the rejected row as received and the rule it broke.
     * {@code day} is the business date the row belongs to (the landing folder's day, or the run date for
     * sources without one); a rerun replaces that day's rows, so overlapping runs never duplicate them.
     */
    public static final StructType QUARANTINE_SCHEMA = schema(
            field("day", DataTypes.DateType, false),
            field("run_date", DataTypes.DateType, false),
            field("source_file", DataTypes.StringType, false),
            field("line_number", DataTypes.LongType, true),
            field("raw", DataTypes.StringType, true),
            field("rule", DataTypes.StringType, false),
            field("reason", DataTypes.StringType, false),
            field("ingested_at", DataTypes.TimestampType, false));

    /** {@code quarantine.<source>}: rejected rows of one source, replaced per business day. */
    public static TableSpec quarantine(String source) {
        return new TableSpec(
                QUARANTINE,
                source,
                "rows of " + source + " rejected by a data-quality rule",
                Optional.of(QUARANTINE_SCHEMA),
                List.of("day", "source_file", "line_number", "rule"),
                TableSpec.byMonthOf("day"),
                REPLACE_DATES,
                Optional.of("day"));
    }

    /**
     * Marketplace orders ingest-orders refused (unknown SKU, malformed, currency mismatch): one row per order
     * and rule, {@code source_file} = marketplace:order_id, {@code line_number} 0. Merged on its keys, so an
     * order seen again in the overlap window is not quarantined twice.
     */
    public static final TableSpec MARKETPLACE_ORDERS_QUARANTINE = new TableSpec(
            QUARANTINE,
            "marketplace_orders",
            "marketplace orders refused by a rule, with the reason",
            Optional.of(QUARANTINE_SCHEMA),
            List.of("source_file", "line_number", "rule"),
            List.of(),
            MERGE,
            Optional.empty());

    /**
     * Rows {@code bin/pipeline import} refused, one table per contract feed: the rejected row as received (its
     * columns as JSON), its file and row number, the rule and the reason. {@code day} is the date of the import
     * that first refused the row; keyed on file, row and rule and written INSERT_NEW, so importing the same
     * files again adds nothing.
     */
    public static final TableSpec IMPORT_ORDER_LINES_QUARANTINE = importQuarantine("import_order_lines");

    public static final TableSpec IMPORT_PRODUCTS_QUARANTINE = importQuarantine("import_products");

    public static final TableSpec IMPORT_PRICE_LIST_QUARANTINE = importQuarantine("import_price_list");

    public static final TableSpec IMPORT_STOCK_QUARANTINE = importQuarantine("import_stock");

    private static TableSpec importQuarantine(String name) {
        return new TableSpec(
                QUARANTINE,
                name,
                "rows of the " + name.substring("import_".length())
                        + " import refused by a rule of the input contract, with the reason",
                Optional.of(QUARANTINE_SCHEMA),
                List.of("source_file", "line_number", "rule"),
                List.of(),
                INSERT_NEW,
                Optional.empty());
    }

    /**
     * Bronze for landing files: every line as received (with the header's columns as a map, extra columns
     * included) and where it came from, replaced per business day.
     */
    public static final StructType LANDING_BRONZE_SCHEMA = schema(
            field("day", DataTypes.DateType, false),
            field("run_date", DataTypes.DateType, false),
            field("source_file", DataTypes.StringType, false),
            field("line_number", DataTypes.LongType, true),
            field("raw", DataTypes.StringType, true),
            field("fields", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, true), true),
            field("ingested_at", DataTypes.TimestampType, false));

    /** {@code bronze.<source>}: one source as received plus ingestion metadata, replaced per business day. */
    public static TableSpec bronze(String source, StructType schema) {
        return new TableSpec(
                BRONZE,
                source,
                source + " as received, with ingestion metadata",
                Optional.of(schema),
                List.of(),
                TableSpec.byMonthOf("day"),
                REPLACE_DATES,
                Optional.of("day"));
    }

    private static StructField field(String name, DataType type, boolean nullable) {
        return new StructField(name, type, nullable, Metadata.empty());
    }

    private static StructType withMetadata(StructField... fields) {
        List<StructField> all = new ArrayList<>(List.of(fields));
        all.addAll(List.of(INGESTION_METADATA));
        return new StructType(all.toArray(new StructField[0]));
    }

    private static StructType schema(StructField... fields) {
        return new StructType(new ArrayList<>(List.of(fields)).toArray(new StructField[0]));
    }
}
