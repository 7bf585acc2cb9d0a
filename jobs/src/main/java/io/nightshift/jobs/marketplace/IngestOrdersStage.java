package io.nightshift.jobs.marketplace;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.row_number;

import io.nightshift.common.catalog.Tables;
import io.nightshift.common.config.MarketplaceSettings;
import io.nightshift.common.db.InventoryRepository;
import io.nightshift.jobs.stage.Stage;
import io.nightshift.jobs.stage.StageContext;
import io.nightshift.jobs.stage.StageReport;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ingest-orders}: per marketplace, reads every order updated since the watermark (kept in
 * {@code silver.marketplace_order_watermarks}) minus an overlap window, following every page; validates
 * each order (unknown SKU, malformed, currency mismatch go to {@code quarantine.marketplace_orders} and the
 * run goes on); applies each page to the commerce database in one transaction, moving stock exactly once
 * per line ({@link OrderApplier}); then writes {@code silver.marketplace_orders} (one row per marketplace,
 * order and line, newest update wins) and only then advances the watermark. A crash anywhere leaves the
 * watermark where it was, so the rerun reads the same orders again and changes nothing twice.
 */
public final class IngestOrdersStage implements Stage {
    private static final Logger LOG = LoggerFactory.getLogger(IngestOrdersStage.class);

    @Override
    public String name() {
        return "ingest-orders";
    }

    @Override
    public String description() {
        return "pull marketplace orders since the watermark; decrement central stock exactly once per line";
    }

    @Override
    public StageReport run(StageContext context, LocalDate date) throws Exception {
        MarketplaceSettings settings = context.config().marketplaces();
        StageReport report = StageReport.empty(name());
        if (settings.channels().isEmpty()) {
            LOG.info("ingest-orders: no marketplace has a base-url; nothing to read");
            return report;
        }
        SparkSession spark = context.spark();
        Map<String, Instant> watermarks = watermarks(context);
        Instant runEnd = date.plusDays(1)
                .atStartOfDay(context.config().shop().timeZone())
                .toInstant();
        Instant now = context.clock().instant();
        Instant ingestedAt = now;
        List<Row> silver = new ArrayList<>();
        List<Row> quarantine = new ArrayList<>();
        List<Row> newWatermarks = new ArrayList<>();
        for (MarketplaceConnector connector : Connectors.of(settings)) {
            String m = connector.name();
            Map<String, Integer> productBySku = listings(context, m);
            Instant since = watermarks.containsKey(m)
                    ? watermarks.get(m).minus(settings.orderOverlap())
                    : (runEnd.isBefore(now) ? runEnd : now).minus(settings.initialLookback());
            OrderIngestion.Result pulled = OrderIngestion.run(
                    connector,
                    since,
                    productBySku,
                    settings.shopCurrency(),
                    context.commerce().dataSource(),
                    !context.dryRun());
            long[] counts = {pulled.ordersRead(), 0, pulled.rejected().size()};
            Instant[] newest = {watermarks.get(m)};
            if (pulled.newest() != null && (newest[0] == null || pulled.newest().isAfter(newest[0]))) {
                newest[0] = pulled.newest();
            }
            for (OrderValidation.Accepted a : pulled.accepted()) {
                MarketplaceOrder o = a.order();
                for (int i = 0; i < o.lines().size(); i++) {
                    MarketplaceOrder.Line l = o.lines().get(i);
                    silver.add(RowFactory.create(
                            m,
                            o.orderId(),
                            l.lineId(),
                            l.sku(),
                            a.productIds().get(i),
                            l.quantity(),
                            l.unitPrice(),
                            o.currency() == null ? l.currency() : o.currency(),
                            o.status(),
                            Timestamp.from(o.orderedAt()),
                            Timestamp.from(o.updatedAt()),
                            Timestamp.from(ingestedAt)));
                    counts[1]++;
                }
            }
            for (OrderValidation.Rejected r : pulled.rejected()) {
                quarantine.add(RowFactory.create(
                        Date.valueOf(date),
                        Date.valueOf(date),
                        m + ":"
                                + (r.order().orderId() == null
                                        ? "(no id)"
                                        : r.order().orderId()),
                        0L,
                        HttpCalls.abbreviate(r.order().raw()),
                        r.rule(),
                        r.reason(),
                        Timestamp.from(ingestedAt)));
            }
            OrderApplier.Applied[] applied = {pulled.applied()};
            OrderApplier.Applied a = applied[0];
            if (newest[0] != null) {
                newWatermarks.add(
                        RowFactory.create(m, Timestamp.from(newest[0]), Date.valueOf(date), Timestamp.from(now)));
            }
            LOG.info(String.format(
                    Locale.ROOT,
                    "ingest-orders %s: %d orders read, %d lines accepted, %d orders quarantined, "
                            + "%d lines decremented (%d units), %d restored (%d units)",
                    m,
                    counts[0],
                    counts[1],
                    counts[2],
                    a.linesDecremented(),
                    a.unitsTaken(),
                    a.linesRestored(),
                    a.unitsReturned()));
        }
        Dataset<Row> lines = latestPerLine(
                spark.createDataFrame(silver, Tables.MARKETPLACE_ORDERS.schema().get()));
        report = report.wrote(
                Tables.MARKETPLACE_ORDERS.qualifiedName(),
                context.writer().write(Tables.MARKETPLACE_ORDERS, lines).rowsWritten());
        if (!quarantine.isEmpty()) {
            Dataset<Row> q = spark.createDataFrame(quarantine, Tables.QUARANTINE_SCHEMA)
                    .dropDuplicates("source_file", "line_number", "rule");
            report = report.wrote(
                    Tables.MARKETPLACE_ORDERS_QUARANTINE.qualifiedName(),
                    context.writer()
                            .write(Tables.MARKETPLACE_ORDERS_QUARANTINE, q)
                            .rowsWritten());
        }
        if (!newWatermarks.isEmpty() && !context.dryRun()) {
            context.writer()
                    .write(
                            Tables.MARKETPLACE_ORDER_WATERMARKS,
                            spark.createDataFrame(
                                    newWatermarks,
                                    Tables.MARKETPLACE_ORDER_WATERMARKS.schema().get()));
        }
        return new StageReport(name(), report.rowsWritten(), quarantine.size());
    }

    /** One row per marketplace, order and line: the newest update wins (a page seen twice, the overlap window). */
    public static Dataset<Row> latestPerLine(Dataset<Row> lines) {
        return lines.withColumn(
                        "rn",
                        row_number()
                                .over(Window.partitionBy("marketplace", "order_id", "line_id")
                                        .orderBy(desc("updated_at"), desc("status"))))
                .filter(col("rn").equalTo(1))
                .drop("rn");
    }

    private static Map<String, Instant> watermarks(StageContext context) {
        Map<String, Instant> result = new HashMap<>();
        SparkSession spark = context.spark();
        if (context.catalog().exists(spark, Tables.MARKETPLACE_ORDER_WATERMARKS)) {
            for (Row r : context.catalog()
                    .read(spark, Tables.MARKETPLACE_ORDER_WATERMARKS)
                    .collectAsList()) {
                result.put(
                        r.getAs("marketplace"), r.<Timestamp>getAs("watermark").toInstant());
            }
        }
        return result;
    }

    private static Map<String, Integer> listings(StageContext context, String marketplace) throws Exception {
        return new InventoryRepository(context.commerce().dataSource()).listedProducts(marketplace);
    }
}
