package io.nightshift.jobs.marketplace;

import io.nightshift.common.config.MarketplaceSettings;

import io.nightshift.common.catalog.Tables;
import io.nightshift.jobs.stage.Stage;
import io.nightshift.jobs.stage.StageContext;
import io.nightshift.jobs.stage.StageReport;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code sync-inventory}: works out what every marketplace should show of every listed product (available
 * to sell, split by the allocation rules), diffs it against the last quantity each marketplace acknowledged
 * (the ledger), pushes only the differences in batches of each API's maximum within its rate limits, and
 * records every attempt and outcome in {@code gold.marketplace_push_ledger}: each attempt is journaled in the
 * commerce database before it is sent ({@link PushJournal}), and the journal is folded into the ledger at the
 * end of the run and at the start of the next ({@link PushLedgerFold}), so the attempts of a run killed
 * mid-push reach the ledger too. What is not acknowledged stays
 * different from the ledger's state, so the next run sends it again with the quantity of that day.
 * {@code --dry-run} prints the diff and sends nothing.
 */
public final class SyncInventoryStage implements Stage {
    private static final Logger LOG = LoggerFactory.getLogger(SyncInventoryStage.class);
    /** Calls in flight per marketplace; the token buckets set the pace. */
    static final int PARALLEL_CALLS = 4;

    /** One marketplace's totals of a run, for the log. */
    private record Totals(long changes, long acknowledged, long retriedAttempts, long rejected, long failed) {
    }

    @Override
    public String name() {
        return "sync-inventory";
    }

    @Override
    public String description() {
        return "push stock changes to the marketplaces; every attempt to gold.marketplace_push_ledger";
    }

    @Override
    public StageReport run(StageContext context, LocalDate date) throws Exception {
        MarketplaceSettings settings = context.config().marketplaces();
        StageReport report = StageReport.empty(name());
        if (settings.channels().isEmpty()) {
            LOG.info("sync-inventory: no marketplace has a base-url; nothing to push");
            return report;
        }
        SparkSession spark = context.spark();
        javax.sql.DataSource db = context.commerce().dataSource();
        long folded = 0;
        if (!context.dryRun()) {
            // A killed run's journaled attempts (acknowledgements included) reach the ledger before the diff reads it.
            folded += PushLedgerFold.fold(spark, context.writer(), db);
        }
        List<String> connected = settings.channels().stream().map(MarketplaceSettings.Channel::name).toList();
        String inList = String.join(",", connected.stream().map(n -> "'" + n + "'").toList());
        // Reserved stock: the inventory's reservations plus the items of subscription boxes not yet shipped.
        String query = "(select l.marketplace, l.marketplace_sku as sku, l.product_id, l.listing_id, i.on_hand, "
                + "i.reserved + coalesce(b.boxed, 0) as reserved, i.safety_stock "
                + "from marketplace_listings l join inventory i on i.product_id = l.product_id "
                + "left join (select product_id, count(*)::int as boxed from subscription_box_items "
                + "where box_date > date '" + date + "' group by product_id) b on b.product_id = l.product_id "
                + "where l.active and l.marketplace in (" + inList + ")) listings";
        Dataset<Row> listings = spark.read().jdbc(context.commerce().jdbcUrl(), query, context.commerce().sparkJdbcProperties());
        Dataset<Row> ledger = context.catalog().exists(spark, Tables.MARKETPLACE_PUSH_LEDGER)
                ? context.catalog().read(spark, Tables.MARKETPLACE_PUSH_LEDGER)
                : spark.createDataFrame(List.of(), Tables.MARKETPLACE_PUSH_LEDGER.schema().get());
        List<Row> changes = SyncPlan.changes(SyncPlan.desired(listings, settings), SyncPlan.lastAcknowledged(ledger),
                SyncPlan.attemptsSoFar(ledger, date)).collectAsList();

        Map<String, List<StockUpdate>> byMarketplace = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> attemptsSoFar = new HashMap<>();
        for (String m : connected) {
            byMarketplace.put(m, new ArrayList<>());
            attemptsSoFar.put(m, new HashMap<>());
        }
        for (Row r : changes) {
            String m = r.getAs("marketplace");
            Integer acked = r.isNullAt(r.fieldIndex("acknowledged_quantity")) ? null : r.getAs("acknowledged_quantity");
            byMarketplace.get(m).add(new StockUpdate(r.getAs("sku"), r.<Integer>getAs("product_id"), r.getAs("listing_id"),
                    r.<Integer>getAs("quantity"), acked));
            attemptsSoFar.get(m).put(r.getAs("sku"), r.<Integer>getAs("attempts_so_far"));
        }
        if (context.dryRun()) {
            printDiff(byMarketplace);
            return report;
        }

        Map<String, MarketplaceConnector> connectors = new LinkedHashMap<>();
        for (MarketplaceConnector c : Connectors.of(settings)) connectors.put(c.name(), c);
        ExecutorService pool = Executors.newFixedThreadPool(connectors.size());
        Map<String, Future<List<PushOutcome>>> running = new LinkedHashMap<>();
        for (var e : byMarketplace.entrySet()) {
            MarketplaceConnector connector = connectors.get(e.getKey());
            PushJournal journal = PushJournal.open(db, date, e.getKey(), attemptsSoFar.get(e.getKey()));
            running.put(e.getKey(), pool.submit(() -> InventoryPusher.push(connector, e.getValue(), PARALLEL_CALLS, journal)));
        }
        Map<String, Totals> totals = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        try {
            for (var e : running.entrySet()) {
                String m = e.getKey();
                List<PushOutcome> outcomes;
                try {
                    outcomes = e.getValue().get();
                } catch (java.util.concurrent.ExecutionException failure) {
                    String message = String.valueOf(failure.getCause().getMessage());
                    failures.add(message.startsWith(m + ":") ? message : m + ": " + message);
                    continue;
                }
                totals.put(m, totals(outcomes, byMarketplace.get(m).size()));
            }
        } finally {
            pool.shutdownNow();
        }
        // Every outcome is settled in the journal by now (a failed marketplace's too): fold, then drop old rows.
        folded += PushLedgerFold.fold(spark, context.writer(), db);
        PushLedgerFold.prune(db, date);
        totals.forEach((m, t) -> LOG.info(String.format(Locale.ROOT,
                "sync-inventory %s: %d changes, %d acknowledged, %d rejected, %d failed (pending), %d retried attempts",
                m, t.changes(), t.acknowledged(), t.rejected(), t.failed(), t.retriedAttempts())));
        if (!failures.isEmpty()) {
            throw new MarketplaceException("sync-inventory: " + String.join("; ", failures));
        }
        return report.wrote(Tables.MARKETPLACE_PUSH_LEDGER.qualifiedName(), folded);
    }

    private static Totals totals(List<PushOutcome> outcomes, int changes) {
        long acked = 0, retried = 0, rejected = 0, failed = 0;
        for (PushOutcome o : outcomes) {
            switch (o.status()) {
                case ACKNOWLEDGED -> acked++;
                case RETRYING -> retried++;
                case REJECTED -> rejected++;
                case FAILED -> failed++;
            }
        }
        return new Totals(changes, acked, retried, rejected, failed);
    }

    private static void printDiff(Map<String, List<StockUpdate>> byMarketplace) {
        StringBuilder out = new StringBuilder("sync-inventory --dry-run: the changes that would be pushed\n");
        out.append(String.format(Locale.ROOT, "%-10s %-32s %12s %10s%n", "marketplace", "sku", "acknowledged", "new"));
        byMarketplace.forEach((m, updates) -> {
            for (StockUpdate u : updates) {
                out.append(String.format(Locale.ROOT, "%-10s %-32s %12s %10d%n", m, u.sku(),
                        u.lastAcknowledged() == null ? "-" : u.lastAcknowledged().toString(), u.quantity()));
            }
            out.append(String.format(Locale.ROOT, "%-10s %d changes%n", m, updates.size()));
        });
        System.out.print(out);
        LOG.info("sync-inventory dry run: {}", byMarketplace.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue().size()).toList());
    }
}
