package io.nightshift.jobs.ingest;

import static org.apache.spark.sql.functions.col;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads landing files into numbered lines. The landing root is a URI ({@code file:/abs/path} locally,
 * {@code s3a://bucket/prefix} in production), so files are listed and read only through Hadoop's FileSystem.
 * <p>
 * A nightly's few files (up to {@link #DRIVER_READ_MAX_BYTES} together) are read on the driver into a local
 * frame, which Spark then plans without any job; a backfill's year of files, far more than a driver should
 * hold, is read by the executors, each file whole in one task. Reading a file whole keeps exact line numbers
 * and strict decoding. A file that cannot be read at all (a damaged gzip) fails the read with one clear
 * {@link LandingFileException} naming it; on an executor it first becomes a marker row, so the error is
 * still that one line, never an executor failure wrapped three times.
 * <p>
 * A file with no line at all (zero bytes) yields one marker row with line_number, line null and
 * problem {@code empty_file}, so that the (pure) feed validation can quarantine it.
 */
public final class LandingFiles {
    private static final Logger LOG = LoggerFactory.getLogger(LandingFiles.class);

    /** Problem of the marker row of a file without any line. */
    public static final String EMPTY_FILE = "empty_file";

    /** Problem of the marker row of a file that cannot be read; its line holds why. Never leaves this class. */
    private static final String UNREADABLE = "unreadable";

    /** The schema of {@link LandingRead#lines()}. */
    public static final StructType LINES_SCHEMA = new StructType()
            .add("day", DataTypes.DateType, true)
            .add("source_file", DataTypes.StringType, false)
            .add("line_number", DataTypes.LongType, true)
            .add("line", DataTypes.StringType, true)
            .add("problem", DataTypes.StringType, true);

    /** Landing files larger than this together are read by the executors instead of the driver. */
    static final long DRIVER_READ_MAX_BYTES = 32L << 20;

    /** The file name endings each dated source delivers (plain or gzipped). */
    private static final Map<String, List<String>> EXTENSIONS = Map.of(
            TrafficFeed.SOURCE, List.of(".jsonl", ".jsonl.gz"),
            CompetitorPriceFeed.SOURCE, List.of(".csv", ".csv.gz"));

    private LandingFiles() {}

    /** One file to read: its day (null for a file that is not per day) and its path relative to the landing root. */
    private record LandingFile(Date day, String relative, long bytes) implements Serializable {}

    /** Lists and reads the files of {@code source} ("traffic", "competitor_prices") for the given days. */
    public static LandingRead readDays(SparkSession spark, String landingRoot, String source, List<LocalDate> days) {
        return readDays(spark, landingRoot, source, days, DRIVER_READ_MAX_BYTES);
    }

    /** As above, reading on the driver only when the files hold at most {@code driverReadMaxBytes} together. */
    static LandingRead readDays(
            SparkSession spark, String landingRoot, String source, List<LocalDate> days, long driverReadMaxBytes) {
        List<String> extensions = EXTENSIONS.get(source);
        if (extensions == null) {
            throw new IllegalArgumentException(
                    "unknown dated landing source " + source + "; known: " + EXTENSIONS.keySet());
        }
        Path root = new Path(landingRoot);
        FileSystem fs = fileSystem(spark, root);
        List<LandingFile> files = new ArrayList<>();
        List<LocalDate> daysWithoutFiles = new ArrayList<>();
        for (LocalDate day : days.stream().distinct().sorted().toList()) {
            String folder = source + "/day=" + day;
            List<FileStatus> found = list(fs, new Path(root, folder), folder, extensions);
            if (found.isEmpty()) {
                daysWithoutFiles.add(day);
            }
            for (FileStatus file : found) {
                files.add(new LandingFile(
                        Date.valueOf(day), folder + "/" + file.getPath().getName(), file.getLen()));
            }
        }
        if (!daysWithoutFiles.isEmpty()) {
            LOG.warn("no {} file for day(s) {}", source, daysWithoutFiles);
        }
        return new LandingRead(
                readLines(spark, landingRoot, files, driverReadMaxBytes),
                files.stream().map(LandingFile::relative).toList(),
                List.copyOf(daysWithoutFiles));
    }

    /**
     * Reads one file relative to the landing root (economic indicators), with day null. A missing file gives no
     * lines and no files (daysWithoutFiles is always empty: the file is not per day).
     */
    public static LandingRead readFile(SparkSession spark, String landingRoot, String relativePath) {
        Path root = new Path(landingRoot);
        FileSystem fs = fileSystem(spark, root);
        List<LandingFile> files = new ArrayList<>();
        try {
            Path path = new Path(root, relativePath);
            if (fs.isFile(path)) {
                files.add(new LandingFile(
                        null, relativePath, fs.getFileStatus(path).getLen()));
            } else {
                LOG.warn("landing file {} does not exist", relativePath);
            }
        } catch (IOException e) {
            throw new LandingFileException(relativePath, "cannot be read (" + e.getMessage() + ")", e);
        }
        return new LandingRead(
                readLines(spark, landingRoot, files, DRIVER_READ_MAX_BYTES),
                List.of(relativePath).subList(0, files.size()),
                List.of());
    }

    /**
     * The lines of the files: on the driver when they are small together, else read by the executors and cached
     * (every later step of the stage reads them again) and failed with the first unreadable file once all were read.
     */
    private static Dataset<Row> readLines(
            SparkSession spark, String landingRoot, List<LandingFile> files, long driverReadMaxBytes) {
        if (files.stream().mapToLong(LandingFile::bytes).sum() <= driverReadMaxBytes) {
            Configuration conf = spark.sessionState().newHadoopConf();
            List<Row> rows = new ArrayList<>();
            for (LandingFile file : files) {
                rows.addAll(decode(landingRoot, conf, file));
                Row last = rows.isEmpty() ? null : rows.get(rows.size() - 1);
                if (last != null && UNREADABLE.equals(last.getString(4))) {
                    throw new LandingFileException(file.relative(), last.getString(3));
                }
            }
            return spark.createDataFrame(rows, LINES_SCHEMA);
        }
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<SerializableConfiguration> hadoopConf = context.broadcast(
                new SerializableConfiguration(spark.sessionState().newHadoopConf()));
        JavaRDD<Row> rows = context.parallelize(files, Math.min(files.size(), 4 * context.defaultParallelism()))
                .flatMap(file ->
                        decode(landingRoot, hadoopConf.value().value(), file).iterator());
        Dataset<Row> lines = spark.createDataFrame(rows, LINES_SCHEMA).persist();
        List<Row> unreadable = lines.filter(col("problem").equalTo(UNREADABLE))
                .select("source_file", "line")
                .orderBy("source_file")
                .limit(1)
                .collectAsList();
        if (!unreadable.isEmpty()) {
            lines.unpersist();
            throw new LandingFileException(
                    unreadable.get(0).getString(0), unreadable.get(0).getString(1));
        }
        return lines;
    }

    /** One file's rows, an empty-file marker, or an unreadable-file marker (runs on the driver or an executor). */
    private static List<Row> decode(String landingRoot, Configuration conf, LandingFile file) {
        List<Row> rows = new ArrayList<>();
        List<LineDecoder.Line> lines;
        try {
            Path root = new Path(landingRoot);
            lines = read(root.getFileSystem(conf), new Path(root, file.relative()), file.relative());
        } catch (LandingFileException e) {
            rows.add(RowFactory.create(file.day(), file.relative(), null, e.problem(), UNREADABLE));
            return rows;
        } catch (IOException e) {
            rows.add(RowFactory.create(
                    file.day(), file.relative(), null, "cannot be read (" + e.getMessage() + ")", UNREADABLE));
            return rows;
        }
        if (lines.isEmpty()) {
            rows.add(RowFactory.create(file.day(), file.relative(), null, null, EMPTY_FILE));
            return rows;
        }
        for (LineDecoder.Line line : lines) {
            rows.add(RowFactory.create(file.day(), file.relative(), line.number(), line.text(), line.problem()));
        }
        return rows;
    }

    private static FileSystem fileSystem(SparkSession spark, Path root) {
        Configuration conf = spark.sessionState().newHadoopConf();
        try {
            return root.getFileSystem(conf);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the landing zone " + root, e);
        }
    }

    /** The files of a day's folder that the source delivers, sorted by name; others are logged and skipped. */
    private static List<FileStatus> list(FileSystem fs, Path folder, String relativeFolder, List<String> extensions) {
        FileStatus[] statuses;
        try {
            statuses = fs.listStatus(folder);
        } catch (FileNotFoundException e) {
            return List.of();
        } catch (IOException e) {
            throw new LandingFileException(relativeFolder, "cannot be listed (" + e.getMessage() + ")", e);
        }
        List<FileStatus> files = new ArrayList<>();
        for (FileStatus status : Arrays.stream(statuses)
                .sorted(Comparator.comparing(s -> s.getPath().getName()))
                .toList()) {
            String name = status.getPath().getName();
            if (!status.isFile() || name.startsWith(".") || name.startsWith("_")) {
                continue;
            }
            if (extensions.stream().anyMatch(name::endsWith)) {
                files.add(status);
            } else {
                LOG.warn("{}/{}: not a {} file, skipped", relativeFolder, name, extensions);
            }
        }
        return files;
    }

    private static List<LineDecoder.Line> read(FileSystem fs, Path path, String relative) {
        try (FSDataInputStream in = fs.open(path)) {
            return LineDecoder.lines(LineDecoder.content(relative, in));
        } catch (IOException e) {
            throw new LandingFileException(relative, "cannot be read (" + e.getMessage() + ")", e);
        }
    }
}
