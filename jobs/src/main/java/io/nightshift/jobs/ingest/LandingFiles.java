package io.nightshift.jobs.ingest;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Reads landing files into numbered lines. The landing root is a URI ({@code file:/abs/path} locally,
 * {@code s3a://bucket/prefix} in production), so files are listed and read only through Hadoop's FileSystem.
 * <p>
 * Files are read on the driver, whole: the files of one day are small (kilobytes to a few megabytes), and
 * reading them here keeps exact line numbers, decodes strictly, and turns a damaged gzip into one clear
 * {@link LandingFileException} before any Spark job runs, instead of an executor failure wrapped three times.
 * <p>
 * A file with no line at all (zero bytes) yields one marker row with line_number, line null and
 * problem {@code empty_file}, so that the (pure) feed validation can quarantine it.
 */
public final class LandingFiles {
    private static final Logger LOG = LoggerFactory.getLogger(LandingFiles.class);

    /** Problem of the marker row of a file without any line. */
    public static final String EMPTY_FILE = "empty_file";

    /** The schema of {@link LandingRead#lines()}. */
    public static final StructType LINES_SCHEMA = new StructType()
            .add("day", DataTypes.DateType, true)
            .add("source_file", DataTypes.StringType, false)
            .add("line_number", DataTypes.LongType, true)
            .add("line", DataTypes.StringType, true)
            .add("problem", DataTypes.StringType, true);

    /** The file name endings each dated source delivers (plain or gzipped). */
    private static final Map<String, List<String>> EXTENSIONS = Map.of(
            TrafficFeed.SOURCE, List.of(".jsonl", ".jsonl.gz"),
            CompetitorPriceFeed.SOURCE, List.of(".csv", ".csv.gz"));

    private LandingFiles() {
    }

    /** Lists and reads the files of {@code source} ("traffic", "competitor_prices") for the given days. */
    public static LandingRead readDays(SparkSession spark, String landingRoot, String source, List<LocalDate> days) {
        List<String> extensions = EXTENSIONS.get(source);
        if (extensions == null) {
            throw new IllegalArgumentException("unknown dated landing source " + source + "; known: " + EXTENSIONS.keySet());
        }
        Path root = new Path(landingRoot);
        FileSystem fs = fileSystem(spark, root);
        List<Row> rows = new ArrayList<>();
        List<String> files = new ArrayList<>();
        List<LocalDate> daysWithoutFiles = new ArrayList<>();
        for (LocalDate day : days.stream().distinct().sorted().toList()) {
            String folder = source + "/day=" + day;
            List<String> names = list(fs, new Path(root, folder), folder, extensions);
            if (names.isEmpty()) {
                daysWithoutFiles.add(day);
                continue;
            }
            for (String name : names) {
                String relative = folder + "/" + name;
                files.add(relative);
                addLines(rows, Date.valueOf(day), relative, read(fs, new Path(root, relative), relative));
            }
        }
        if (!daysWithoutFiles.isEmpty()) LOG.warn("no {} file for day(s) {}", source, daysWithoutFiles);
        return new LandingRead(spark.createDataFrame(rows, LINES_SCHEMA), List.copyOf(files), List.copyOf(daysWithoutFiles));
    }

    /**
     * Reads one file relative to the landing root (economic indicators), with day null. A missing file gives no
     * lines and no files (daysWithoutFiles is always empty: the file is not per day).
     */
    public static LandingRead readFile(SparkSession spark, String landingRoot, String relativePath) {
        Path root = new Path(landingRoot);
        Path path = new Path(root, relativePath);
        FileSystem fs = fileSystem(spark, root);
        List<Row> rows = new ArrayList<>();
        List<String> files = new ArrayList<>();
        try {
            if (fs.isFile(path)) {
                files.add(relativePath);
                addLines(rows, null, relativePath, read(fs, path, relativePath));
            } else {
                LOG.warn("landing file {} does not exist", relativePath);
            }
        } catch (IOException e) {
            throw new LandingFileException(relativePath, "cannot be read (" + e.getMessage() + ")", e);
        }
        return new LandingRead(spark.createDataFrame(rows, LINES_SCHEMA), List.copyOf(files), List.of());
    }

    private static FileSystem fileSystem(SparkSession spark, Path root) {
        Configuration conf = spark.sessionState().newHadoopConf();
        try {
            return root.getFileSystem(conf);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the landing zone " + root, e);
        }
    }

    /** The names of the files of a day's folder that the source delivers, sorted; others are logged and skipped. */
    private static List<String> list(FileSystem fs, Path folder, String relativeFolder, List<String> extensions) {
        FileStatus[] statuses;
        try {
            statuses = fs.listStatus(folder);
        } catch (FileNotFoundException e) {
            return List.of();
        } catch (IOException e) {
            throw new LandingFileException(relativeFolder, "cannot be listed (" + e.getMessage() + ")", e);
        }
        List<String> names = new ArrayList<>();
        for (FileStatus status : Arrays.stream(statuses).sorted(Comparator.comparing(s -> s.getPath().getName())).toList()) {
            String name = status.getPath().getName();
            if (!status.isFile() || name.startsWith(".") || name.startsWith("_")) continue;
            if (extensions.stream().anyMatch(name::endsWith)) {
                names.add(name);
            } else {
                LOG.warn("{}/{}: not a {} file, skipped", relativeFolder, name, extensions);
            }
        }
        return names;
    }

    private static List<LineDecoder.Line> read(FileSystem fs, Path path, String relative) {
        try (FSDataInputStream in = fs.open(path)) {
            return LineDecoder.lines(LineDecoder.content(relative, in));
        } catch (IOException e) {
            throw new LandingFileException(relative, "cannot be read (" + e.getMessage() + ")", e);
        }
    }

    private static void addLines(List<Row> rows, Date day, String file, List<LineDecoder.Line> lines) {
        if (lines.isEmpty()) {
            rows.add(RowFactory.create(day, file, null, null, EMPTY_FILE));
            return;
        }
        for (LineDecoder.Line line : lines) rows.add(RowFactory.create(day, file, line.number(), line.text(), line.problem()));
    }
}
