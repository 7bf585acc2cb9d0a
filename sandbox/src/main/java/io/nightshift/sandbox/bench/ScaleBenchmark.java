package io.nightshift.sandbox.bench;

import io.nightshift.common.catalog.Layer;
import io.nightshift.common.catalog.TableSpec;
import io.nightshift.common.catalog.Tables;
import io.nightshift.common.config.NightshiftConfig;
import io.nightshift.jobs.stage.Stage;
import io.nightshift.jobs.stage.StageContext;
import io.nightshift.jobs.stage.StageReport;
import io.nightshift.jobs.stage.Stages;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * bench/scale.sh: the whole nightly for one date (every stage of {@link Stages#nightlyOrder()}, each timed) on a
 * warehouse whose history is already ingested, next to a bare Spark scan-and-write of the same data volume in the
 * same JVM: every silver table read whole and written as Delta with no logic (what the nightly reads, since
 * forecasting reads the history). Prints markdown rows for bench/README.md and the peak heap of the driver JVM
 * (sum of the heap pools' peaks, reset before the nightly). Local mode: the driver is the whole of Spark here.
 * Usage: ScaleBenchmark LAST_DAY PRODUCTS DAYS [baseline] (warehouse from NIGHTSHIFT_WAREHOUSE as usual)
 */
public final class ScaleBenchmark {
    private ScaleBenchmark() {}

    private record Timed(String stage, double seconds, long rows, long quarantined) {}

    public static void main(String[] args) throws Exception {
        LocalDate day = LocalDate.parse(args[0]);
        int products = Integer.parseInt(args[1]);
        int days = Integer.parseInt(args[2]);
        // "baseline": only the bare scan-and-write (to redo it alone after a run whose baseline did not finish).
        boolean baselineOnly = args.length > 3 && args[3].equals("baseline");
        NightshiftConfig config = NightshiftConfig.load(Optional.empty());
        try (StageContext context = new StageContext(config, false, Clock.systemUTC())) {
            SparkSession spark = context.spark();
            long inputRows = silverRows(spark, context);

            resetPeaks();
            List<Timed> stages = new ArrayList<>();
            long nightlyStart = System.nanoTime();
            for (Stage stage : baselineOnly ? List.<Stage>of() : Stages.nightlyOrder()) {
                long start = System.nanoTime();
                StageReport report = stage.run(context, day);
                stages.add(new Timed(stage.name(), seconds(start), report.totalRows(), report.quarantined()));
                System.err.printf(
                        Locale.ROOT,
                        "%s %s: %.1f s, %,d rows written%n",
                        stage.name(),
                        day,
                        stages.get(stages.size() - 1).seconds(),
                        report.totalRows());
            }
            double nightly = seconds(nightlyStart);
            long peakHeap = peakHeapBytes();

            long baselineStart = System.nanoTime();
            long baselineRows = bareScanAndWrite(spark, context);
            double baseline = seconds(baselineStart);

            System.out.printf(
                    Locale.ROOT,
                    "silver rows in scope: %,d; baseline (every silver table read whole and written as Delta): "
                            + "%,d rows in %.1f s%n%n",
                    inputRows,
                    baselineRows,
                    baseline);
            System.out.println(
                    "| products x days | stage | wall s | rows written | rows written/s | silver rows in scope/s | stage / bare scan+write |");
            System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
            String size = String.format(Locale.ROOT, "%,d x %d", products, days);
            for (Timed t : stages) {
                System.out.printf(
                        Locale.ROOT,
                        "| %s | %s | %.1f | %,d | %,.0f | %,.0f | %.2fx |%n",
                        size,
                        t.stage(),
                        t.seconds(),
                        t.rows(),
                        t.rows() / t.seconds(),
                        inputRows / t.seconds(),
                        t.seconds() / baseline);
            }
            long written = stages.stream().mapToLong(Timed::rows).sum();
            System.out.printf(
                    Locale.ROOT,
                    "| %s | **nightly** | %.1f | %,d | %,.0f | %,.0f | %.2fx |%n",
                    size,
                    nightly,
                    written,
                    written / nightly,
                    inputRows / nightly,
                    nightly / baseline);
            System.out.printf(
                    Locale.ROOT,
                    "%nbare scan+write: %.1f s for %,d rows (%,.0f rows/s); peak driver heap during the nightly: %,d MB%n",
                    baseline,
                    baselineRows,
                    baselineRows / baseline,
                    peakHeap / (1024 * 1024));
            System.out.printf(
                    Locale.ROOT,
                    "SCALE products=%d nightly_s=%.1f baseline_s=%.1f silver_rows=%d peak_heap_mb=%d%n",
                    products,
                    nightly,
                    baseline,
                    inputRows,
                    peakHeap / (1024 * 1024));
        }
    }

    /** Rows of every silver table there is: the data the nightly's stages read. */
    private static long silverRows(SparkSession spark, StageContext context) {
        long rows = 0;
        for (TableSpec table : silverTables(spark, context)) {
            rows += context.catalog().read(spark, table).count();
        }
        return rows;
    }

    private static List<TableSpec> silverTables(SparkSession spark, StageContext context) {
        return Tables.ALL.stream()
                .filter(t -> t.layer() == Layer.SILVER)
                .filter(t -> context.catalog().exists(spark, t))
                .toList();
    }

    /** The floor: the same silver tables read whole and written as Delta, no transformation. */
    private static long bareScanAndWrite(SparkSession spark, StageContext context) {
        String out = context.config().storage().warehouse() + "/_bench/scale";
        long rows = 0;
        for (TableSpec table : silverTables(spark, context)) {
            Dataset<Row> all = context.catalog().read(spark, table);
            all.write().format("delta").mode("overwrite").save(out + "/" + table.name());
            rows += spark.read().format("delta").load(out + "/" + table.name()).count();
        }
        return rows;
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    private static long peakHeapBytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
