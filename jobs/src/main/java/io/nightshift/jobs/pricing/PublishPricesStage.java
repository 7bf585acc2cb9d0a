package io.nightshift.jobs.pricing;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.nightshift.common.catalog.Tables;
import io.nightshift.common.config.PricingSettings;
import io.nightshift.jobs.stage.Stage;
import io.nightshift.jobs.stage.StageContext;
import io.nightshift.jobs.stage.StageOption;
import io.nightshift.jobs.stage.StageReport;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code publish-prices}: the run date's gold.prices into {@code storefront.product_prices}, atomically and
 * behind the circuit breaker ({@link PricePublisher}), as the commerce database's user. With
 * {@code --rollback-to DATE} it republishes that earlier run's prices instead.
 */
public final class PublishPricesStage implements Stage {
    private static final String FORCE = "--force";
    private static final String REASON = "--reason";
    private static final String ROLLBACK_TO = "--rollback-to";

    private final boolean force;
    private final String reason;
    private final Optional<LocalDate> rollbackTo;

    /** The nightly stage: no override, no rollback. */
    public PublishPricesStage() {
        this(false, null, Optional.empty());
    }

    public PublishPricesStage(boolean force, String reason, Optional<LocalDate> rollbackTo) {
        if (force && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException("--force needs --reason \"why\"");
        }
        this.force = force;
        this.reason = reason;
        this.rollbackTo = rollbackTo;
    }

    @Override
    public String name() {
        return "publish-prices";
    }

    @Override
    public String description() {
        return "publish the run's gold.prices to storefront.product_prices atomically, behind a circuit breaker";
    }

    /** The operator's options: override the circuit breaker, or republish an earlier run. */
    @Override
    public List<StageOption> options() {
        return List.of(
                StageOption.flag(FORCE, "publish although the circuit breaker refuses (needs --reason; logged)"),
                StageOption.text(REASON, "TEXT", "why --force or --rollback-to is used (logged)"),
                StageOption.runDate(ROLLBACK_TO, "republish the prices of this earlier run from gold.prices"));
    }

    @Override
    public Stage withOptions(StageOption.Values values) {
        return new PublishPricesStage(values.flag(FORCE), values.text(REASON).orElse(null), values.date(ROLLBACK_TO));
    }

    @Override
    public StageReport run(StageContext context, LocalDate date) throws Exception {
        PricingSettings settings = context.config().pricing();
        LocalDate runDate = rollbackTo.orElse(date);
        PricePublisher.Kind kind = rollbackTo.isPresent() ? PricePublisher.Kind.ROLLBACK : PricePublisher.Kind.PUBLISH;
        SparkSession spark = context.spark();
        if (!context.catalog().exists(spark, Tables.PRICES)) {
            throw new IllegalStateException("gold.prices does not exist yet: run price before publish-prices");
        }
        var rows = context.catalog()
                .read(spark, Tables.PRICES)
                .filter(col("run_date").equalTo(lit(Date.valueOf(runDate))))
                .select("product_id", "sku", "price", "currency", "run_date", "unit_cost", "cap", "base_price")
                .orderBy("product_id");
        if (rows.isEmpty()) {
            throw new IllegalStateException("gold.prices has no prices for " + runDate
                    + (kind == PricePublisher.Kind.ROLLBACK ? " to roll back to" : ": run price for that date first"));
        }
        Iterator<Row> local = rows.toLocalIterator();
        Iterator<PricePublisher.PriceRow> prices = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return local.hasNext();
            }

            @Override
            public PricePublisher.PriceRow next() {
                Row r = local.next();
                return new PricePublisher.PriceRow(
                        r.getInt(0),
                        r.getString(1),
                        r.<BigDecimal>getAs(2),
                        r.getString(3),
                        r.getDate(4).toLocalDate(),
                        r.<BigDecimal>getAs(5),
                        r.<BigDecimal>getAs(6),
                        r.<BigDecimal>getAs(7));
            }
        };
        PricePublisher.Request request = new PricePublisher.Request(runDate, kind, force, reason, context.dryRun());
        try (Connection connection = context.commerce().connect()) {
            PricePublisher.Outcome outcome = new PricePublisher(settings).publish(connection, prices, request);
            long written = outcome.status() == PricePublisher.Status.PUBLISHED ? outcome.rows() : 0;
            return StageReport.empty(name()).wrote(PricePublisher.LIVE, written);
        }
    }
}
