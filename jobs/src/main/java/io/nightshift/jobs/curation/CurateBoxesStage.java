package io.nightshift.jobs.curation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import io.nightshift.common.catalog.TableWriter;
import io.nightshift.common.catalog.Tables;
import io.nightshift.common.config.CurationSettings;
import io.nightshift.common.db.CommerceReader;
import io.nightshift.common.db.SubscriptionRepository;
import io.nightshift.common.time.RunDates;
import io.nightshift.jobs.stage.Stage;
import io.nightshift.jobs.stage.StageContext;
import io.nightshift.jobs.stage.StageReport;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code curate-boxes}: every due subscriber's next box, from their preferences, purchase and box history and
 * the stock. For run date D it curates the earliest next box date after D; it writes gold.next_box_items for
 * that box date and, in one PostgreSQL transaction, the box date's subscription_box_items rows and the units
 * they reserve. A rerun replaces that box date's rows and reservations.
 */
public final class CurateBoxesStage implements Stage {
    private static final Logger LOG = LoggerFactory.getLogger(CurateBoxesStage.class);

    @Override
    public String name() {
        return "curate-boxes";
    }

    @Override
    public String description() {
        return "every subscriber's next box (content + ALS scores, 90-day no-repeat, tier limits, stock-aware fair allocation)";
    }

    /** The frames one curation reads, whatever their source. */
    public record Inputs(
            Dataset<Row> customers,
            Dataset<Row> tiers,
            Dataset<Row> preferences,
            Dataset<Row> products,
            Dataset<Row> attributes,
            Dataset<Row> productTiers,
            Dataset<Row> boxHistory,
            Dataset<Row> purchases,
            Dataset<Row> inventory) {}

    /** What a curation produced: the gold rows, the box summary, the data problems reported, the scored candidates. */
    public record Curation(
            LocalDate boxDate,
            Dataset<Row> nextBoxItems,
            Dataset<Row> summary,
            List<String> problems,
            Allocation.Result allocation,
            Dataset<Row> candidates) {}

    @Override
    public StageReport run(StageContext context, LocalDate date) throws Exception {
        CurationSettings settings = context.config().curation();
        SparkSession spark = context.spark();
        CommerceReader source = new CommerceReader(
                spark, context.commerce(), context.config().shop().timeZone(), settings.jdbcPartitions());
        Dataset<Row> customers = source.customers().cache();
        Optional<LocalDate> next = Subscriptions.nextBoxDate(customers, date);
        if (next.isEmpty()) {
            LOG.warn(
                    "curate-boxes {}: no active subscriber has a next box date after {}: nothing to curate",
                    date,
                    date);
            return StageReport.empty(name());
        }
        LocalDate boxDate = next.get();
        LocalDate historyFrom = boxDate.minusDays(
                Math.max(settings.noRepeatDays(), settings.als().historyDays()));
        Inputs inputs = new Inputs(
                customers,
                source.tiers(),
                source.preferences().cache(),
                source.curationProducts().cache(),
                source.attributes().cache(),
                source.productTiers().cache(),
                source.boxHistory(historyFrom, boxDate).cache(),
                source.purchases(boxDate.minusDays(settings.als().historyDays()), boxDate),
                source.stockForBoxDate(boxDate));
        List<Dataset<Row>> cached = new ArrayList<>(List.of(
                customers,
                inputs.preferences(),
                inputs.products(),
                inputs.attributes(),
                inputs.productTiers(),
                inputs.boxHistory()));
        try {
            Curation curation = curate(inputs, boxDate, settings, cached);
            Dataset<Row> items = curation.nextBoxItems().cache();
            cached.add(items);
            TableWriter writer = context.writer();
            StageReport report = StageReport.empty(name());
            TableWriter.WriteResult written = writer.replaceDates(Tables.NEXT_BOX_ITEMS, items, RunDates.of(boxDate));
            report = report.wrote(Tables.NEXT_BOX_ITEMS.qualifiedName(), written.rowsWritten());
            logSummary(curation, date);
            if (context.dryRun()) {
                LOG.info("curate-boxes {}: dry run, subscription_box_items and inventory left unchanged", date);
            } else {
                SubscriptionRepository.Written db = new SubscriptionRepository(
                                context.commerce().dataSource())
                        .replaceBoxes(boxDate, boxItems(items));
                LOG.info(
                        "curate-boxes {}: box date {}: {} subscription_box_items rows, {} units reserved over {} products",
                        date,
                        boxDate,
                        db.items(),
                        db.units(),
                        db.products());
                report = report.wrote("commerce.subscription_box_items", db.items());
            }
            return report;
        } finally {
            cached.forEach(Dataset::unpersist);
        }
    }

    /** The box items in the order they are written: by customer, then product. */
    private static Iterator<SubscriptionRepository.BoxItem> boxItems(Dataset<Row> items) {
        Iterator<Row> rows = items.select("customer_id", "product_id", "tier_id", "curation_score")
                .orderBy("customer_id", "product_id")
                .toLocalIterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public SubscriptionRepository.BoxItem next() {
                Row r = rows.next();
                return new SubscriptionRepository.BoxItem(
                        r.getAs("customer_id"),
                        r.<Integer>getAs("product_id"),
                        r.<Integer>getAs("tier_id"),
                        r.<Double>getAs("curation_score"));
            }
        };
    }

    /** Everything between reading and writing, on frames: scores, allocation, summary. */
    public static Curation curate(Inputs in, LocalDate boxDate, CurationSettings settings, List<Dataset<Row>> cached) {
        Dataset<Row> due = keep(cached, Subscriptions.due(in.customers(), in.tiers(), boxDate));
        List<String> problems = DataChecks.run(
                due,
                in.preferences(),
                in.products(),
                in.attributes(),
                in.productTiers(),
                settings.dislikeKeys().keySet());

        long started = System.nanoTime();
        Dataset<Row> interactions =
                keep(cached, Interactions.build(in.boxHistory(), in.purchases(), boxDate, settings.als()));
        Collaborative.Factors factors = interactions.isEmpty()
                ? emptyFactors(in.customers().sparkSession())
                : Collaborative.fit(interactions, settings.als());
        LOG.info("curate-boxes: box date {}: interactions and ALS fit in {} s", boxDate, secondsSince(started));
        started = System.nanoTime();
        Dataset<Row> popularity = Interactions.popularity(interactions);
        Dataset<Row> catalogue = keep(
                cached,
                Candidates.catalogue(in.products(), in.attributes(), in.productTiers(), factors.items(), popularity));
        Dataset<Row> profiles = Candidates.profiles(
                        due,
                        in.preferences(),
                        in.boxHistory(),
                        interactions,
                        factors.users(),
                        boxDate,
                        settings.noRepeatDays())
                .localCheckpoint();
        LOG.info(
                "curate-boxes: box date {}: catalogue and {} customer profiles in {} s",
                boxDate,
                profiles.count(),
                secondsSince(started));
        started = System.nanoTime();
        Dataset<Row> candidates =
                Candidates.score(profiles, catalogue, settings, boxDate).localCheckpoint();
        LOG.info(
                "curate-boxes: box date {}: {} candidates scored in {} s",
                boxDate,
                candidates.count(),
                secondsSince(started));
        started = System.nanoTime();

        Dataset<Row> limits = keep(cached, Boxes.limits(due, settings));
        Dataset<Row> units = keep(
                cached,
                BoxStock.available(
                        in.inventory(), settings.channelAllocationShare(), settings.channelAllocationUnits()));
        Allocation.Result allocation = Allocation.allocate(
                candidates, limits, units, settings.maxPerCategory(), settings.maxAllocationPasses());
        Dataset<Row> items = allocation.items().localCheckpoint();
        LOG.info(
                "curate-boxes: box date {}: allocation in {} passes, {} s",
                boxDate,
                allocation.passes(),
                secondsSince(started));
        Dataset<Row> summary = keep(cached, Boxes.summary(limits, candidates, items));
        return new Curation(
                boxDate, Boxes.nextBoxItems(items, summary, boxDate), summary, problems, allocation, candidates);
    }

    private static Collaborative.Factors emptyFactors(SparkSession spark) {
        var floats = DataTypes.createArrayType(DataTypes.FloatType);
        return new Collaborative.Factors(
                spark.createDataFrame(
                        List.of(),
                        new StructType()
                                .add("customer_id", DataTypes.StringType)
                                .add("factors", floats)),
                spark.createDataFrame(
                        List.of(),
                        new StructType()
                                .add("product_id", DataTypes.IntegerType)
                                .add("factors", floats)));
    }

    private static void logSummary(Curation curation, LocalDate date) {
        Row totals = curation.summary()
                .agg(count(lit(1)), org.apache.spark.sql.functions.sum("items"))
                .head();
        LOG.info(
                "curate-boxes {}: box date {}: {} boxes, {} items, {} allocation passes{}",
                date,
                curation.boxDate(),
                totals.getLong(0),
                totals.isNullAt(1) ? 0 : totals.getLong(1),
                curation.allocation().passes(),
                curation.allocation().finished() ? "" : " (stopped at max-allocation-passes: some boxes may be short)");
        for (Row r : curation.summary()
                .filter(col("note").isNotNull())
                .withColumn("kind", org.apache.spark.sql.functions.regexp_replace(col("note"), "[0-9][0-9.,]*", "N"))
                .groupBy("kind")
                .agg(count(lit(1)).as("boxes"))
                .orderBy(col("boxes").desc(), col("kind"))
                .collectAsList()) {
            LOG.warn("curate-boxes {}: {} box(es): {}", date, r.getLong(1), r.getString(0));
        }
    }

    private static String secondsSince(long nanoTime) {
        return String.format(Locale.ROOT, "%.1f", (System.nanoTime() - nanoTime) / 1e9);
    }

    private static Dataset<Row> keep(List<Dataset<Row>> cached, Dataset<Row> frame) {
        Dataset<Row> persisted = frame.cache();
        cached.add(persisted);
        return persisted;
    }
}
