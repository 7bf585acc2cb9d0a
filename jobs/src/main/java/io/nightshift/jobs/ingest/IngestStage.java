package io.nightshift.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.nightshift.common.catalog.TableSpec;
import io.nightshift.common.catalog.TableWriter;
import io.nightshift.common.catalog.Tables;
import io.nightshift.common.config.IngestSettings;
import io.nightshift.common.config.NightshiftConfig;
import io.nightshift.common.db.CommerceReader;
import io.nightshift.common.time.RunDates;
import io.nightshift.jobs.stage.ParallelSteps;
import io.nightshift.jobs.stage.Stage;
import io.nightshift.jobs.stage.StageContext;
import io.nightshift.jobs.stage.StageReport;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ingest}: the commerce database, the landing zone (traffic, competitor prices, economic indicators)
 * and the holiday calendar into bronze, then silver; rows that break a rule go to quarantine. A run for
 * date D replaces the rows of D and the late-arrival window before it in every table, so reruns and
 * backfills give the same tables as day-by-day runs. Every source is reconciled: rows in = rows accepted
 * + rows quarantined, or the stage fails.
 */
public final class IngestStage implements Stage {
    private static final Logger LOG = LoggerFactory.getLogger(IngestStage.class);
    public static final String INDICATORS_FILE = "external/economic_indicators.csv";
    /** About 4.5 landing lines per product and day are held on the driver during a pass. */
    static final long MAX_PRODUCT_DAYS_PER_PASS = 1_000_000;
    /** The order sources are checked in, and their failures reported in. */
    private static final List<String> SOURCE_ORDER = List.of(
            CommerceFeeds.PRODUCTS_SOURCE,
            CommerceFeeds.SNAPSHOTS_SOURCE,
            CommerceFeeds.ORDER_LINES_SOURCE,
            TrafficFeed.SOURCE,
            CompetitorPriceFeed.SOURCE,
            EconomicIndicatorFeed.SOURCE);

    @Override
    public String name() {
        return "ingest";
    }

    @Override
    public String description() {
        return "commerce database, landing files and holidays into bronze and silver; rejects to quarantine";
    }

    @Override
    public StageReport run(StageContext context, LocalDate date) throws Exception {
        return run(context, RunDates.of(date));
    }

    /**
     * One pass over the whole range (a backfill reads each source once and writes each table once); the
     * tables equal those of running each date in turn, because every day's rows depend only on that day's
     * source rows.
     */
    @Override
    public StageReport run(StageContext context, RunDates dates) throws Exception {
        IngestSettings settings = context.config().ingest();
        // A long backfill goes in chunks: each pass has a fixed cost (a few dozen Delta commits), and its
        // landing lines are read on the driver, so a pass covers at most MAX_PRODUCT_DAYS_PER_PASS.
        long products = Math.max(
                1,
                new CommerceReader(
                                context.spark(),
                                context.commerce(),
                                context.config().shop().timeZone(),
                                1)
                        .productCount());
        int chunkDays = (int) Math.max(1, Math.min(settings.backfillChunkDays(), MAX_PRODUCT_DAYS_PER_PASS / products));
        StageReport total = StageReport.empty(name());
        for (LocalDate start = dates.from(); !start.isAfter(dates.to()); start = start.plusDays(chunkDays)) {
            LocalDate end = start.plusDays(chunkDays - 1L);
            total = total.plus(
                    runPass(context, settings, new RunDates(start, end.isAfter(dates.to()) ? dates.to() : end)));
        }
        return total;
    }

    private StageReport runPass(StageContext context, IngestSettings settings, RunDates dates) throws Exception {
        NightshiftConfig config = context.config();
        SparkSession spark = context.spark();
        TableWriter writer = context.writer();
        LocalDate date = dates.to();
        LocalDate from = dates.from().minusDays(settings.lateArrivalDays());
        RunDates window = new RunDates(from, date);
        RunDates runDay = RunDates.of(date);
        Timestamp ingestedAt = Timestamp.from(context.clock().instant().truncatedTo(ChronoUnit.SECONDS));
        String landing = config.storage().landingZone();
        List<Dataset<Row>> cached = Collections.synchronizedList(new ArrayList<>());
        Run run = new Run(writer, settings, dates);
        int threads = settings.parallelSteps();

        try {
            CommerceReader commerce =
                    new CommerceReader(spark, context.commerce(), config.shop().timeZone(), settings.jdbcPartitions());

            // Products first: every other source checks its product references against them.
            CommerceFeeds.Checked products =
                    CommerceFeeds.products(keep(cached, commerce.products()), date, ingestedAt);
            Dataset<Row> catalogue = keep(cached, products.accepted());
            run.commerce(CommerceFeeds.PRODUCTS_SOURCE, Tables.BRONZE_PRODUCTS, "commerce_products", products, runDay);

            // Then the other sources, independent of each other: read, checked, bronze, quarantine, reconciled.
            Callable<Dataset<Row>> snapshotSteps = () -> {
                CommerceFeeds.Checked snapshots = CommerceFeeds.inventorySnapshots(
                        keep(cached, commerce.inventorySnapshots(from, date)), catalogue, date, ingestedAt);
                run.commerce(
                        CommerceFeeds.SNAPSHOTS_SOURCE,
                        Tables.BRONZE_INVENTORY_SNAPSHOTS,
                        "commerce_inventory_snapshots",
                        snapshots,
                        window);
                return snapshots.accepted();
            };
            Callable<Dataset<Row>> orderLineSteps = () -> {
                CommerceFeeds.Checked lines = CommerceFeeds.orderLines(
                        keep(cached, commerce.orderLines(from, date)),
                        catalogue,
                        date,
                        ingestedAt,
                        settings.maxPrice());
                run.commerce(
                        CommerceFeeds.ORDER_LINES_SOURCE,
                        Tables.BRONZE_ORDER_LINES,
                        "commerce_order_lines",
                        lines,
                        window);
                return lines.accepted();
            };
            // The two daily landing feeds alike: the window's files, checked against the catalogue, bronze, quarantine.
            Function<DailyFeed, Callable<Dataset<Row>>> dailyFeedSteps = daily -> () -> {
                String source = daily.source();
                if (settings.declaredAbsent(source)) {
                    return run.absent(source, spark, daily.silver().schema().orElseThrow());
                }
                LandingRead read = LandingFiles.readDays(spark, landing, source, window.dates());
                run.requireFeed(source, read, landing);
                FeedResult feed = daily.validator()
                        .validate(keep(cached, read.lines()), catalogue, date, ingestedAt, LandingLimits.of(settings));
                run.landing(source, feed, window);
                return feed.silver();
            };
            Callable<Dataset<Row>> trafficSteps = dailyFeedSteps.apply(
                    new DailyFeed(TrafficFeed.SOURCE, Tables.TRAFFIC_DAILY, TrafficFeed::validate));
            Callable<Dataset<Row>> competitorSteps = dailyFeedSteps.apply(
                    new DailyFeed(CompetitorPriceFeed.SOURCE, Tables.COMPETITOR_PRICES, CompetitorPriceFeed::validate));
            Callable<Dataset<Row>> indicatorSteps = () -> {
                // Indicators are read from before the window too, so each day gets the latest value as of that day.
                RunDates indicatorDays = new RunDates(from.minusDays(settings.indicatorLookbackDays()), date);
                if (settings.declaredAbsent(EconomicIndicatorFeed.SOURCE)) {
                    return run.absent(EconomicIndicatorFeed.SOURCE, spark, INDICATOR_ROWS);
                }
                LandingRead indicatorRead = LandingFiles.readFile(spark, landing, INDICATORS_FILE);
                if (indicatorRead.files().isEmpty()) {
                    run.missing(EconomicIndicatorFeed.SOURCE, date, landing + "/" + INDICATORS_FILE);
                    return spark.createDataFrame(List.of(), INDICATOR_ROWS);
                }
                FeedResult indicators = EconomicIndicatorFeed.validate(
                        keep(cached, indicatorRead.lines()),
                        indicatorDays.from(),
                        indicatorDays.to(),
                        date,
                        ingestedAt);
                run.landing(EconomicIndicatorFeed.SOURCE, indicators, indicatorDays);
                return indicators.silver();
            };
            Accepted accepted =
                    Accepted.run(threads, snapshotSteps, orderLineSteps, trafficSteps, competitorSteps, indicatorSteps);

            run.failOnTooManyRejected();

            // Silver, after every source passed its checks; each table is its own commit.
            Dataset<Row> inventory = keep(cached, InventoryDaily.fromSnapshots(accepted.snapshots()));
            Dataset<Row> stock = accepted.snapshots().select("product_id", "day", "stockout");
            // The shop's price list, when it keeps one, gives each listed day's price in silver.sales_daily.
            Dataset<Row> priceList = PriceList.daily(commerce.priceList(from, date), from, date);
            Dataset<Row> holidays = CalendarDays.holidays(
                    spark,
                    window.from(),
                    window.to(),
                    config.shop().country(),
                    config.shop().region());
            ParallelSteps.run(
                    "ingest",
                    threads,
                    List.<Callable<Void>>of(
                            () -> run.merge(Tables.PRODUCTS, catalogue.drop("day")),
                            () -> run.replace(Tables.INVENTORY_DAILY, inventory, window),
                            () -> run.replace(
                                    Tables.SALES_DAILY,
                                    SalesDaily.build(
                                            CommerceFeeds.demandLines(accepted.orderLines()),
                                            priceList,
                                            catalogue,
                                            stock,
                                            days(spark, window)),
                                    window),
                            () -> run.replace(Tables.TRAFFIC_DAILY, accepted.traffic(), window),
                            () -> run.replace(Tables.COMPETITOR_PRICES, accepted.competitorPrices(), window),
                            () -> run.replace(
                                    Tables.CALENDAR,
                                    CalendarDays.withIndicators(holidays, accepted.indicators()),
                                    window)));
            return run.report();
        } finally {
            cached.forEach(Dataset::unpersist);
        }
    }

    /** The accepted rows of the sources checked in parallel, by name. */
    private record Accepted(
            Dataset<Row> snapshots,
            Dataset<Row> orderLines,
            Dataset<Row> traffic,
            Dataset<Row> competitorPrices,
            Dataset<Row> indicators) {
        /** Runs the five sources' steps, at most {@code threads} at a time. */
        static Accepted run(
                int threads,
                Callable<Dataset<Row>> snapshots,
                Callable<Dataset<Row>> orderLines,
                Callable<Dataset<Row>> traffic,
                Callable<Dataset<Row>> competitorPrices,
                Callable<Dataset<Row>> indicators)
                throws Exception {
            List<Dataset<Row>> rows = ParallelSteps.run(
                    "ingest", threads, List.of(snapshots, orderLines, traffic, competitorPrices, indicators));
            return new Accepted(rows.get(0), rows.get(1), rows.get(2), rows.get(3), rows.get(4));
        }
    }

    /** How a daily landing feed's lines are checked (TrafficFeed::validate, CompetitorPriceFeed::validate). */
    private interface FeedValidator {
        FeedResult validate(
                Dataset<Row> lines,
                Dataset<Row> products,
                LocalDate runDate,
                Timestamp ingestedAt,
                LandingLimits limits);
    }

    /** The accepted indicator rows' shape, for a run without them. */
    private static final StructType INDICATOR_ROWS = new StructType()
            .add("day", DataTypes.DateType)
            .add("indicator", DataTypes.StringType)
            .add("value", DataTypes.DoubleType);

    /** A daily landing feed: its source name, the silver table its accepted rows go to, how its lines are checked. */
    private record DailyFeed(String source, TableSpec silver, FeedValidator validator) {}

    private static Dataset<Row> keep(List<Dataset<Row>> cached, Dataset<Row> rows) {
        Dataset<Row> persisted = rows.persist();
        cached.add(persisted);
        return persisted;
    }

    private static Dataset<Row> days(SparkSession spark, RunDates window) {
        List<Row> rows = new ArrayList<>();
        for (LocalDate day : window) {
            rows.add(RowFactory.create(Date.valueOf(day)));
        }
        return spark.createDataFrame(rows, new StructType().add("day", DataTypes.DateType, false));
    }

    /**
     * A source's rows in, accepted and quarantined (the reconciled ones), and its quarantine rows that are not
     * reconciled (a landing feed's missing-file rows, which have no line), counted in one Spark job rather than
     * four, each frame computed once.
     */
    record SourceCounts(long in, long accepted, long quarantined, long unreconciled) {
        /** A commerce source: every quarantine row is a row read. */
        static SourceCounts of(Dataset<Row> in, Dataset<Row> accepted, Dataset<Row> quarantine) {
            return countKinds(in, accepted, quarantine.select(lit(2).as("kind")));
        }

        /** A landing feed: its quarantine rows without a line number were never read. */
        static SourceCounts ofLanding(Dataset<Row> in, Dataset<Row> accepted, Dataset<Row> quarantine) {
            return countKinds(
                    in,
                    accepted,
                    quarantine.select(
                            when(col("line_number").isNotNull(), 2).otherwise(3).as("kind")));
        }

        long quarantineRows() {
            return quarantined + unreconciled;
        }

        private static SourceCounts countKinds(Dataset<Row> in, Dataset<Row> accepted, Dataset<Row> quarantineKinds) {
            Row counts = in.select(lit(0).as("kind"))
                    .unionAll(accepted.select(lit(1).as("kind")))
                    .unionAll(quarantineKinds)
                    .agg(
                            count(when(col("kind").equalTo(0), true)),
                            count(when(col("kind").equalTo(1), true)),
                            count(when(col("kind").equalTo(2), true)),
                            count(when(col("kind").equalTo(3), true)))
                    .first();
            return new SourceCounts(counts.getLong(0), counts.getLong(1), counts.getLong(2), counts.getLong(3));
        }
    }

    /**
     * One run's writes, counts and checks, called from the pass's parallel steps. The report and the
     * rejected-share failures are kept per source and table and put in name order at the end, so neither
     * depends on which step finished first.
     */
    private static final class Run {
        private final TableWriter writer;
        private final IngestSettings settings;
        private final RunDates dates;
        private final Map<String, String> tooManyRejected =
                new ConcurrentSkipListMap<>(Comparator.comparingInt(SOURCE_ORDER::indexOf));
        private final Map<String, Long> rowsRead = new ConcurrentSkipListMap<>();
        private final Map<String, Long> rowsWritten = new ConcurrentSkipListMap<>();
        private final AtomicLong rowsQuarantined = new AtomicLong();

        Run(TableWriter writer, IngestSettings settings, RunDates dates) {
            this.writer = writer;
            this.settings = settings;
            this.dates = dates;
        }

        /** A commerce source: bronze, its quarantine, reconciled. */
        void commerce(
                String source, TableSpec bronze, String quarantineSource, CommerceFeeds.Checked rows, RunDates days) {
            SourceCounts counts = SourceCounts.of(rows.bronze(), rows.accepted(), rows.quarantine());
            bronzeAndQuarantine(bronze, rows.bronze(), quarantineSource, rows.quarantine(), counts, days);
            reconcile(source, counts, rows.quarantine());
        }

        /** A landing feed: bronze, its quarantine, reconciled against the lines read (a missing file has none). */
        void landing(String source, FeedResult feed, RunDates days) {
            SourceCounts counts = SourceCounts.ofLanding(feed.bronze(), feed.accepted(), feed.quarantine());
            TableSpec bronze = Tables.bronze(source, Tables.LANDING_BRONZE_SCHEMA);
            bronzeAndQuarantine(bronze, feed.bronze(), source, feed.quarantine(), counts, days);
            reconcile(
                    source, counts, feed.quarantine().filter(col("line_number").isNotNull()));
        }

        private void bronzeAndQuarantine(
                TableSpec bronze,
                Dataset<Row> bronzeRows,
                String quarantineSource,
                Dataset<Row> quarantine,
                SourceCounts counts,
                RunDates days) {
            replace(bronze, bronzeRows, days);
            TableSpec quarantineTable = Tables.quarantine(quarantineSource);
            // A source that never had a rejected row has no quarantine table: nothing to replace, so no
            // empty commit. Once the table exists it is always replaced, so a rerun clears fixed rows.
            if (counts.quarantineRows() > 0 || writer.catalog().exists(quarantine.sparkSession(), quarantineTable)) {
                replace(quarantineTable, quarantine, days);
            }
        }

        /** Rows in = accepted + quarantined, or the run fails: nothing may be lost silently. */
        private void reconcile(String source, SourceCounts counts, Dataset<Row> quarantined) {
            long rowsIn = counts.in();
            long rowsAccepted = counts.accepted();
            long rowsQuarantined = counts.quarantined();
            LOG.info(String.format(
                    Locale.ROOT,
                    "%s %s: %,d rows in = %,d accepted + %,d quarantined",
                    source,
                    dates,
                    rowsIn,
                    rowsAccepted,
                    rowsQuarantined));
            if (rowsIn != rowsAccepted + rowsQuarantined) {
                throw new IllegalStateException(String.format(
                        Locale.ROOT,
                        "%s lost rows: %,d in but %,d accepted + %,d quarantined",
                        source,
                        rowsIn,
                        rowsAccepted,
                        rowsQuarantined));
            }
            rowsRead.merge(source, rowsIn, Long::sum);
            this.rowsQuarantined.addAndGet(rowsQuarantined);
            if (rowsIn >= settings.minRowsForShare()
                    && rowsIn > 0
                    && (double) rowsQuarantined / rowsIn > settings.maxRejectedShare()) {
                String worst = quarantined
                        .groupBy("rule", "source_file")
                        .count()
                        .orderBy(col("count").desc(), col("rule"), col("source_file"))
                        .limit(1)
                        .collectAsList()
                        .stream()
                        .map(r -> r.getString(0) + " in " + r.getString(1))
                        .findFirst()
                        .orElse("");
                tooManyRejected.put(
                        source,
                        String.format(
                                Locale.ROOT,
                                "%s: %.1f%% of %,d rows quarantined (limit %.1f%%, nightshift.ingest.max-rejected-share), mostly %s",
                                source,
                                100.0 * rowsQuarantined / rowsIn,
                                rowsIn,
                                100 * settings.maxRejectedShare(),
                                worst));
            }
        }

        /** The run's own dates must have a file; a day of the late-arrival window before them may not. */
        void requireFeed(String source, LandingRead read, String landing) {
            for (LocalDate day : dates) {
                if (read.daysWithoutFiles().contains(day)) {
                    missing(source, day, landing + "/" + source + "/day=" + day);
                }
            }
        }

        /**
         * A feed the shop declares it does not have: not read, no warning per day; its silver rows for the
         * window are none, so the features built on it are off.
         */
        Dataset<Row> absent(String source, SparkSession spark, StructType silverRows) {
            LOG.info(
                    "{} {}: not read, the shop has no such feed (nightshift.ingest.on-missing-feed.{} = none)",
                    source,
                    dates,
                    source);
            return spark.createDataFrame(List.of(), silverRows);
        }

        void missing(String source, LocalDate day, String where) {
            String message = source + ": no file for " + day + " in " + where + " (rule feed_present)";
            if (settings.failsWhenMissing(source)) {
                throw new IllegalStateException(message + "; set nightshift.ingest.on-missing-feed." + source
                        + " = warn to go on without it" + " (none: the shop has no such feed)");
            }
            LOG.warn(message);
        }

        void failOnTooManyRejected() {
            if (tooManyRejected.isEmpty()) {
                return;
            }
            if (settings.failOnTooManyRejected()) {
                throw new IllegalStateException(
                        tooManyRejected.values().iterator().next());
            }
            tooManyRejected.values().forEach(LOG::warn);
        }

        Void replace(TableSpec table, Dataset<Row> rows, RunDates days) {
            TableWriter.WriteResult result = writer.replaceDates(table, rows, days);
            rowsWritten.merge(table.qualifiedName(), result.rowsWritten(), Long::sum);
            return null;
        }

        Void merge(TableSpec table, Dataset<Row> rows) {
            TableWriter.WriteResult result = writer.write(table, rows);
            rowsWritten.merge(table.qualifiedName(), result.rowsWritten(), Long::sum);
            return null;
        }

        StageReport report() {
            return new StageReport("ingest", rowsRead, rowsWritten, rowsQuarantined.get());
        }
    }
}
