package io.nightshift.jobs.marketplace;

import static org.apache.spark.sql.functions.col;

import io.nightshift.common.catalog.Tables;
import io.nightshift.common.config.MarketplaceSettings;
import io.nightshift.common.db.CommerceReader;
import io.nightshift.jobs.stage.Stage;
import io.nightshift.jobs.stage.StageContext;
import io.nightshift.jobs.stage.StageReport;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <p>
 * The run reads (listings with stock through {@link CommerceReader}, the ledger), plans ({@link #plan}: the
 * updates per marketplace, no side effect), pushes ({@link #push}) and writes (folds the journal into the ledger).
 */
public final class SyncInventoryStage implements Stage {
    private static final Logger LOG = LoggerFactory.getLogger(SyncInventoryStage.class);
    /** Calls in flight per marketplace; the token buckets set the pace. */
    static final int PARALLEL_CALLS = 4;

    /** One marketplace's totals of a run, for the log. */
    private record Totals(long changes, long acknowledged, long retriedAttempts, long rejected, long failed) {}

    @Override
    public String name() {
        return "sync-inventory";
    }

    @Override
    public String description() {
        return "push stock changes to the marketplaces; every attempt to gold.marketplace_push_ledger";
    }

    /**
     * What one run sends: per connected marketplace (in settings order) the updates in SKU order, and per
     * SKU the attempts it already had on the run date (a rerun continues their numbering).
     */
    record Plan(Map<String, List<StockUpdate>> updates, Map<String, Map<String, Integer>> attemptsSoFar) {}

    /** What the push did: totals per marketplace that finished, one line per marketplace that failed. */
    record Pushed(Map<String, Totals> totals, List<String> failures) {}

    @Override
    public StageReport run(StageContext context, LocalDate date) throws Exception {
        MarketplaceSettings settings = context.config().marketplaces();
        StageReport report = StageReport.empty(name());
        if (settings.channels().isEmpty()) {
            LOG.info("sync-inventory: no marketplace has a base-url; nothing to push");
            return report;
        }
        SparkSession spark = context.spark();
        DataSource db = context.commerce().dataSource();
        long folded = 0;
        if (!context.dryRun()) {
            // A killed run's journaled attempts (acknowledgements included) reach the ledger before the diff reads it.
            folded += PushLedgerFold.fold(spark, context.writer(), db);
        }
        Plan plan = plan(listings(context, settings, date), ledger(context), settings, date);
        if (context.dryRun()) {
            printDiff(plan.updates());
            return report;
        }
        Pushed pushed = push(plan, settings, db, date);
        // Every outcome is settled in the journal by now (a failed marketplace's too): fold, then drop old rows.
        folded += PushLedgerFold.fold(spark, context.writer(), db);
        PushLedgerFold.prune(db, date);
        pushed.totals()
                .forEach((m, t) -> LOG.info(String.format(
                        Locale.ROOT,
                        "sync-inventory %s: %d changes, %d acknowledged, %d rejected, %d failed (pending), %d retried attempts",
                        m,
                        t.changes(),
                        t.acknowledged(),
                        t.rejected(),
                        t.failed(),
                        t.retriedAttempts())));
        if (!pushed.failures().isEmpty()) {
            throw new MarketplaceException("sync-inventory: " + String.join("; ", pushed.failures()));
        }
        return report.wrote(Tables.MARKETPLACE_PUSH_LEDGER.qualifiedName(), folded);
    }

    /** The connected marketplaces' active listings with their stock (see {@link CommerceReader#listingStock}). */
    private static Dataset<Row> listings(StageContext context, MarketplaceSettings settings, LocalDate date) {
        List<String> connected = connected(settings);
        return new CommerceReader(
                        context.spark(),
                        context.commerce(),
                        context.config().shop().timeZone(),
                        1)
                .listingStock(date)
                .filter(col("marketplace").isin(connected.toArray()));
    }

    /** Every attempt so far, or none before the first run. */
    private static Dataset<Row> ledger(StageContext context) {
        SparkSession spark = context.spark();
        return context.catalog().exists(spark, Tables.MARKETPLACE_PUSH_LEDGER)
                ? context.catalog().read(spark, Tables.MARKETPLACE_PUSH_LEDGER)
                : spark.createDataFrame(
                        List.of(), Tables.MARKETPLACE_PUSH_LEDGER.schema().get());
    }

    /** listings and ledger -> the plan: every listing whose quantity differs from the last acknowledged one. */
    static Plan plan(Dataset<Row> listings, Dataset<Row> ledger, MarketplaceSettings settings, LocalDate date) {
        List<Row> changes = SyncPlan.changes(
                        SyncPlan.desired(listings, settings),
                        SyncPlan.lastAcknowledged(ledger),
                        SyncPlan.attemptsSoFar(ledger, date))
                .collectAsList();
        Map<String, List<StockUpdate>> updates = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> attemptsSoFar = new HashMap<>();
        for (String m : connected(settings)) {
            updates.put(m, new ArrayList<>());
            attemptsSoFar.put(m, new HashMap<>());
        }
        for (Row r : changes) {
            String m = r.getAs("marketplace");
            Integer acked = r.isNullAt(r.fieldIndex("acknowledged_quantity")) ? null : r.getAs("acknowledged_quantity");
            updates.get(m)
                    .add(new StockUpdate(
                            r.getAs("sku"),
                            r.<Integer>getAs("product_id"),
                            r.getAs("listing_id"),
                            r.<Integer>getAs("quantity"),
                            acked));
            attemptsSoFar.get(m).put(r.getAs("sku"), r.<Integer>getAs("attempts_so_far"));
        }
        return new Plan(updates, attemptsSoFar);
    }

    /**
     * Sends the plan: one thread per marketplace, {@link #PARALLEL_CALLS} calls in flight each, every attempt
     * journaled before it leaves. A marketplace that fails does not stop the others.
     */
    private static Pushed push(Plan plan, MarketplaceSettings settings, DataSource db, LocalDate date)
            throws InterruptedException {
        Map<String, MarketplaceConnector> connectors = new LinkedHashMap<>();
        for (MarketplaceConnector c : Connectors.of(settings)) {
            connectors.put(c.name(), c);
        }
        ExecutorService pool = Executors.newFixedThreadPool(connectors.size());
        Map<String, Future<List<PushOutcome>>> running = new LinkedHashMap<>();
        for (var e : plan.updates().entrySet()) {
            MarketplaceConnector connector = connectors.get(e.getKey());
            PushJournal journal =
                    PushJournal.open(db, date, e.getKey(), plan.attemptsSoFar().get(e.getKey()));
            running.put(
                    e.getKey(),
                    pool.submit(() -> InventoryPusher.push(connector, e.getValue(), PARALLEL_CALLS, journal)));
        }
        Map<String, Totals> totals = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        try {
            for (var e : running.entrySet()) {
                String m = e.getKey();
                List<PushOutcome> outcomes;
                try {
                    outcomes = e.getValue().get();
                } catch (ExecutionException failure) {
                    String message = String.valueOf(failure.getCause().getMessage());
                    failures.add(message.startsWith(m + ":") ? message : m + ": " + message);
                    continue;
                }
                totals.put(m, totals(outcomes, plan.updates().get(m).size()));
            }
        } finally {
            pool.shutdownNow();
        }
        return new Pushed(totals, failures);
    }

    private static List<String> connected(MarketplaceSettings settings) {
        return settings.channels().stream()
                .map(MarketplaceSettings.Channel::name)
                .toList();
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
                out.append(String.format(
                        Locale.ROOT,
                        "%-10s %-32s %12s %10d%n",
                        m,
                        u.sku(),
                        u.lastAcknowledged() == null
                                ? "-"
                                : u.lastAcknowledged().toString(),
                        u.quantity()));
            }
            out.append(String.format(Locale.ROOT, "%-10s %d changes%n", m, updates.size()));
        });
        System.out.print(out);
        LOG.info(
                "sync-inventory dry run: {}",
                byMarketplace.entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue().size())
                        .toList());
    }
}
