package io.nightshift.jobs.importing;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_block_start;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Reads the files of one import feed: a file, or every {@code .csv}, {@code .csv.gz} and {@code .parquet} file under
 * a folder (any depth, so a one-off history folder and a landing zone's {@code orders/day=D/} folders alike; names
 * starting with {@code _} or {@code .} are skipped). Every value is read as text, so the contract's rules see what
 * the file says. The frame has the files' columns (named by {@code rename}), and {@code _source_file}, {@code _row}
 * (for CSV the row as a spreadsheet numbers it, the header being row 1; for Parquet the 1-based row),
 * {@code _raw} (the row's columns as JSON) and {@code _corrupt_record} (a CSV row whose values do not match the
 * header, else null).
 */
public final class ImportFiles {
    public static final String SOURCE_FILE = "_source_file";
    public static final String ROW = "_row";
    public static final String RAW = "_raw";
    public static final String CORRUPT = "_corrupt_record";

    /** How a feed's files are read. */
    public record Options(List<String> requiredColumns, UnaryOperator<String> rename, boolean multiLine) {}

    private ImportFiles() {}

    /** The feed's files in name order; a usage problem (no such path, no files) is an IllegalArgumentException. */
    public static List<String> list(SparkSession spark, String location) {
        Path root = new Path(location);
        try {
            FileSystem fs = root.getFileSystem(hadoop(spark));
            if (!fs.exists(root)) {
                throw new IllegalArgumentException("no such file or folder: " + location);
            }
            root = fs.makeQualified(root);
            List<String> files = new ArrayList<>();
            FileStatus status = fs.getFileStatus(root);
            if (status.isFile()) {
                if (format(root.getName()) == null) {
                    throw new IllegalArgumentException(location + " is not a .csv, .csv.gz or .parquet file");
                }
                files.add(fs.makeQualified(root).toString());
                return files;
            }
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
            while (it.hasNext()) {
                Path p = it.next().getPath();
                if (format(p.getName()) != null && !hidden(root, p)) {
                    files.add(p.toString());
                }
            }
            if (files.isEmpty()) {
                throw new IllegalArgumentException("no .csv, .csv.gz or .parquet files under " + location);
            }
            files.sort(null);
            return files;
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + location + ": " + e.getMessage(), e);
        }
    }

    /** Reads the files: one frame of text columns with the metadata columns; a file that cannot be used throws. */
    public static Dataset<Row> read(SparkSession spark, List<String> files, Options options) {
        Map<List<String>, List<String>> csvByHeader = new LinkedHashMap<>();
        // Parquet files are read together only when their schemas agree in names and types.
        Map<String, List<String>> parquetBySchema = new LinkedHashMap<>();
        Map<String, List<String>> parquetNames = new LinkedHashMap<>();
        Map<String, StructType> parquetSchemas = new LinkedHashMap<>();
        for (String file : files) {
            if ("parquet".equals(format(file))) {
                StructType schema;
                try {
                    schema = spark.read().parquet(file).schema();
                } catch (RuntimeException e) {
                    throw new ImportFileException(file, "not a readable Parquet file (" + firstLine(e) + ")", e);
                }
                List<String> names = checkColumns(file, List.of(schema.fieldNames()), options);
                String key = schema.simpleString();
                parquetBySchema.computeIfAbsent(key, k -> new ArrayList<>()).add(file);
                parquetNames.put(key, names);
                parquetSchemas.put(key, schema);
            } else {
                List<String> header = checkColumns(file, header(spark, file), options);
                csvByHeader.computeIfAbsent(header, k -> new ArrayList<>()).add(file);
            }
        }
        List<Dataset<Row>> parts = new ArrayList<>();
        for (Map.Entry<List<String>, List<String>> group : csvByHeader.entrySet()) {
            parts.add(readCsv(spark, group.getKey(), group.getValue(), options.multiLine()));
        }
        for (Map.Entry<String, List<String>> group : parquetBySchema.entrySet()) {
            parts.add(readParquet(
                    spark, parquetSchemas.get(group.getKey()), parquetNames.get(group.getKey()), group.getValue()));
        }
        Dataset<Row> all = parts.get(0);
        for (int i = 1; i < parts.size(); i++) {
            all = all.unionByName(parts.get(i), true);
        }
        return all;
    }

    private static Dataset<Row> readCsv(
            SparkSession spark, List<String> header, List<String> files, boolean multiLine) {
        StructType schema = new StructType();
        for (String name : header) {
            schema = schema.add(name, DataTypes.StringType, true);
        }
        schema = schema.add(CORRUPT, DataTypes.StringType, true);
        Dataset<Row> rows = spark.read()
                .schema(schema)
                .option("header", "true")
                .option("enforceSchema", "true")
                .option("multiLine", String.valueOf(multiLine))
                .option("escape", "\"")
                .option("mode", "PERMISSIVE")
                .option("columnNameOfCorruptRecord", CORRUPT)
                .option("encoding", "UTF-8")
                .csv(files.toArray(new String[0]));
        return numbered(rows, header, 1);
    }

    private static Dataset<Row> readParquet(
            SparkSession spark, StructType schema, List<String> names, List<String> files) {
        Dataset<Row> rows = spark.read().parquet(files.toArray(new String[0]));
        List<Column> text = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            StructField field = schema.fields()[i];
            text.add(asText(col("`" + field.name() + "`"), field.dataType()).as(names.get(i)));
        }
        text.add(lit(null).cast(DataTypes.StringType).as(CORRUPT));
        return numbered(rows.select(text.toArray(new Column[0])), names, 0);
    }

    /** A Parquet value as the text a CSV would hold; an instant keeps its offset (UTC), a local time has none. */
    static Column asText(Column c, DataType type) {
        if (type instanceof TimestampType) {
            return org.apache.spark.sql.functions.date_format(c, "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX");
        }
        if (type instanceof DoubleType || type instanceof FloatType) {
            return org.apache
                    .spark
                    .sql
                    .functions
                    .when(
                            c.equalTo(org.apache.spark.sql.functions.floor(c)),
                            c.cast(DataTypes.LongType).cast(DataTypes.StringType))
                    .otherwise(org.apache
                            .spark
                            .sql
                            .functions
                            .round(c, 4)
                            .cast(DataTypes.createDecimalType(24, 4))
                            .cast(DataTypes.StringType));
        }
        return c.cast(DataTypes.StringType);
    }

    /** Adds file, row number and the row as JSON; the scan's own order numbers the rows. */
    private static Dataset<Row> numbered(Dataset<Row> rows, List<String> names, int headerRows) {
        Column[] columns = names.stream().map(n -> col("`" + n + "`")).toArray(Column[]::new);
        Dataset<Row> tagged = rows.withColumn(SOURCE_FILE, input_file_name())
                .withColumn("_block", input_file_block_start())
                .withColumn("_mono", monotonically_increasing_id());
        return tagged.withColumn(
                        ROW,
                        row_number()
                                .over(Window.partitionBy(col(SOURCE_FILE)).orderBy(col("_block"), col("_mono")))
                                .cast(DataTypes.LongType)
                                .plus(lit((long) headerRows)))
                .withColumn(RAW, to_json(struct(columns)))
                .drop("_block", "_mono");
    }

    static List<String> checkColumns(String file, List<String> header, Options options) {
        List<String> names = header.stream().map(options.rename()).toList();
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (name.isEmpty()) {
                throw new ImportFileException(file, "the header has an empty column name");
            }
            if (!seen.add(name)) {
                throw new ImportFileException(file, "the header has column '" + name + "' twice");
            }
        }
        for (String required : options.requiredColumns()) {
            if (!seen.contains(required)) {
                throw new ImportFileException(
                        file,
                        "missing required column '" + required + "' (the header has " + String.join(", ", names) + ")");
            }
        }
        return names;
    }

    /** The CSV header's column names; a file that cannot be read or decoded, or is empty, throws. */
    static List<String> header(SparkSession spark, String file) {
        Path path = new Path(file);
        try (InputStream raw = path.getFileSystem(hadoop(spark)).open(path);
                InputStream in = file.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
                BufferedReader reader = new BufferedReader(new InputStreamReader(
                        in,
                        StandardCharsets.UTF_8
                                .newDecoder()
                                .onMalformedInput(CodingErrorAction.REPORT)
                                .onUnmappableCharacter(CodingErrorAction.REPORT)))) {
            String line = reader.readLine();
            if (line == null || line.isBlank()) {
                throw new ImportFileException(file, "the file is empty: it needs a header row");
            }
            if (line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            return splitCsvLine(line);
        } catch (IOException e) {
            throw new ImportFileException(
                    file,
                    "cannot be read (" + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")",
                    e);
        }
    }

    static List<String> splitCsvLine(String line) {
        List<String> values = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    current.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    current.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                values.add(current.toString().strip());
                current.setLength(0);
            } else {
                current.append(ch);
            }
        }
        values.add(current.toString().strip());
        return values;
    }

    static String format(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".csv") || lower.endsWith(".csv.gz")) {
            return "csv";
        }
        if (lower.endsWith(".parquet")) {
            return "parquet";
        }
        return null;
    }

    private static boolean hidden(Path root, Path file) {
        String rootText = root.toUri().getPath();
        String relative = file.toUri()
                .getPath()
                .substring(Math.min(rootText.length(), file.toUri().getPath().length()));
        for (String part : relative.split("/")) {
            if (part.startsWith("_") || part.startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static Configuration hadoop(SparkSession spark) {
        return spark.sessionState().newHadoopConf();
    }

    static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage());
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
