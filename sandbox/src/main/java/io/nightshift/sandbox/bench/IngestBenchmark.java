package io.nightshift.sandbox.bench;

import io.nightshift.common.catalog.Tables;
import io.nightshift.common.config.NightshiftConfig;
import io.nightshift.common.time.RunDates;
import io.nightshift.jobs.ingest.IngestStage;
import io.nightshift.jobs.stage.StageContext;
import io.nightshift.jobs.stage.StageReport;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * bench/ingest.sh: the ingest stage on a generated shop, as a full backfill and as one nightly day, next to
 * the baseline of a bare Spark read-and-write of the same sources (the landing files read by Spark's own
 * JSON and CSV readers, the order lines and snapshots read over JDBC, all written as Delta with no checks).
 * Usage: IngestBenchmark FIRST_DAY LAST_DAY [all|backfill|nightly] (the warehouse comes from NIGHTSHIFT_WAREHOUSE
 * as usual). {@code nightly} alone runs on the warehouse a {@code backfill} left, so the two can be measured apart
 * (the nightly on a quiet machine, the long backfill whenever).
 */
public final class IngestBenchmark {
    private IngestBenchmark() {}

    public static void main(String[] args) throws Exception {
        LocalDate first = LocalDate.parse(args[0]);
        LocalDate last = LocalDate.parse(args[1]);
        NightshiftConfig config = NightshiftConfig.load(Optional.empty());
        try (StageContext context = new StageContext(config, false, Clock.systemUTC())) {
            SparkSession spark = context.spark();
            IngestStage ingest = new IngestStage();
            RunDates history = new RunDates(first, last.minusDays(1));

            String part = args.length > 2 ? args[2] : "all";
            if (!List.of("all", "backfill", "nightly").contains(part)) {
                throw new IllegalArgumentException("part must be all, backfill or nightly, not " + part);
            }
            if (part.equals("nightly") && !context.catalog().exists(spark, Tables.SALES_DAILY)) {
                throw new IllegalStateException("nightly alone needs the warehouse of a backfill run first: "
                        + config.storage().warehouse());
            }
            String jdbc = context.commerce().jdbcUrl();
            System.out.println(
                    "| run | bronze rows written (incl. rewritten) | ingest s | rows/s | bare read+write s | ratio |");
            System.out.println("| --- | --- | --- | --- | --- | --- |");
            if (!part.equals("nightly")) {
                long start = System.nanoTime();
                StageReport backfill = ingest.run(context, history);
                double backfillSeconds = seconds(start);
                start = System.nanoTime();
                long baselineRows = bareReadAndWrite(spark, config, jdbc, context, history, "all");
                double baselineBackfill = seconds(start);
                long backfillRows = bronzeRows(backfill);
                System.out.printf(
                        Locale.ROOT,
                        "| backfill %s (%d days) | %,d | %.1f | %,.0f | %.1f (%,d rows) | %.2fx |%n",
                        history,
                        history.days(),
                        backfillRows,
                        backfillSeconds,
                        backfillRows / backfillSeconds,
                        baselineBackfill,
                        baselineRows,
                        backfillSeconds / baselineBackfill);
            }
            if (!part.equals("backfill")) {
                long start = System.nanoTime();
                StageReport nightly = ingest.run(context, last);
                double nightlySeconds = seconds(start);
                start = System.nanoTime();
                long baselineDayRows = bareReadAndWrite(spark, config, jdbc, context, RunDates.of(last), "day");
                double baselineDay = seconds(start);
                long nightlyRows = bronzeRows(nightly);
                System.out.printf(
                        Locale.ROOT,
                        "| nightly %s (+%d late days) | %,d | %.1f | %,.0f | %.1f (%,d rows) | %.2fx |%n",
                        last,
                        2,
                        nightlyRows,
                        nightlySeconds,
                        nightlyRows / nightlySeconds,
                        baselineDay,
                        baselineDayRows,
                        nightlySeconds / baselineDay);
            }
        }
    }

    private static long bronzeRows(StageReport report) {
        return report.rowsWritten().getOrDefault("bronze.commerce_order_lines", 0L)
                + report.rowsWritten().getOrDefault("bronze.traffic", 0L)
                + report.rowsWritten().getOrDefault("bronze.competitor_prices", 0L)
                + report.rowsWritten().getOrDefault("bronze.commerce_inventory_snapshots", 0L);
    }

    /** The same sources with no validation: Spark's readers, written straight to Delta. */
    private static long bareReadAndWrite(
            SparkSession spark,
            NightshiftConfig config,
            String jdbc,
            StageContext context,
            RunDates dates,
            String tag) {
        String landing = config.storage().landingZone();
        String out = config.storage().warehouse() + "/_bench/" + tag;
        String days = dates.isSingleDay() ? dates.from().toString() : "*";
        Dataset<Row> traffic = spark.read().json(landing + "/traffic/day=" + days + "/*.jsonl");
        Dataset<Row> competitors =
                spark.read().option("header", "true").csv(landing + "/competitor_prices/day=" + days + "/*.csv");
        String lines = "(select * from order_lines where ordered_at >= '" + dates.from() + "' and ordered_at < '"
                + dates.to().plusDays(1) + "') l";
        long products = spark.read()
                .jdbc(
                        jdbc,
                        "(select cast(coalesce(max(product_id), 0) as bigint) as n from products) p",
                        context.commerce().sparkJdbcProperties())
                .head()
                .getLong(0);
        // The same split as the stage's own reads: four ranges of product ids, streamed (fetchsize).
        Dataset<Row> orderLines = spark.read()
                .jdbc(
                        jdbc,
                        lines,
                        "product_id",
                        0,
                        products + 1,
                        4,
                        context.commerce().sparkJdbcProperties());
        String snaps = "(select * from inventory_snapshots where snapshot_date between '" + dates.from() + "' and '"
                + dates.to() + "') s";
        Dataset<Row> snapshots = spark.read()
                .jdbc(
                        jdbc,
                        snaps,
                        "product_id",
                        0,
                        products + 1,
                        4,
                        context.commerce().sparkJdbcProperties());
        long rows = 0;
        for (var entry : Map.of(
                        "traffic",
                        traffic,
                        "competitors",
                        competitors,
                        "order_lines",
                        orderLines,
                        "snapshots",
                        snapshots)
                .entrySet()) {
            entry.getValue().write().format("delta").mode("overwrite").save(out + "/" + entry.getKey());
            rows += spark.read()
                    .format("delta")
                    .load(out + "/" + entry.getKey())
                    .count();
        }
        return rows;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
