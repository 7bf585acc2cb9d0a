package io.nightshift.jobs.ingest;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.udf;

import com.univocity.parsers.common.TextParsingException;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CSV landing lines with a header (line 1): the header checked per file, and each data line split into values and
 * mapped by the header's column names. A quoted value may hold the delimiter; a value may not span lines (landing
 * CSVs are line-based: a line is the unit of quarantine).
 */
final class CsvLines {
    private static final Logger LOG = LoggerFactory.getLogger(CsvLines.class);
    private static final StructType HEADERS_SCHEMA = new StructType()
            .add("day", DataTypes.DateType, true)
            .add("source_file", DataTypes.StringType, false)
            .add("header", DataTypes.createArrayType(DataTypes.StringType, false), false);
    private static final ThreadLocal<CsvParser> PARSER = ThreadLocal.withInitial(CsvLines::newParser);
    private static final UserDefinedFunction SPLIT =
            udf((UDF1<String, String[]>) CsvLines::split, DataTypes.createArrayType(DataTypes.StringType, true));

    private CsvLines() {}

    /**
     * The header of every file (line 1), its names trimmed and lower-cased: (day, source_file, header). Checked
     * here, on the driver, because a file whose header lacks a required column cannot be ingested at all: that
     * is a {@link LandingFileException}, not a quarantine. Columns beyond {@code known} are kept (bronze) and
     * logged once per file.
     */
    static Dataset<Row> headers(Dataset<Row> lines, List<String> required, List<String> known) {
        List<Row> headers = new ArrayList<>();
        for (Row row : lines.filter(col("line_number").equalTo(1L))
                .select("day", "source_file", "line")
                .orderBy("source_file")
                .collectAsList()) {
            String file = row.getString(1);
            List<String> header = new ArrayList<>();
            for (String name : split(row.getString(2))) {
                header.add(name == null ? "" : name.trim().toLowerCase(Locale.ROOT));
            }
            check(file, row.getString(2), header, required);
            List<String> extra = header.stream().filter(h -> !known.contains(h)).toList();
            if (!extra.isEmpty()) {
                LOG.warn("{}: extra column(s) {} kept in bronze, ignored by silver", file, extra);
            }
            headers.add(RowFactory.create(row.get(0), file, header.toArray(new String[0])));
        }
        return lines.sparkSession().createDataFrame(headers, HEADERS_SCHEMA);
    }

    private static void check(String file, String line, List<String> header, List<String> required) {
        List<String> missing =
                required.stream().filter(c -> !header.contains(c)).toList();
        if (!missing.isEmpty()) {
            String delimiter = line == null
                    ? null
                    : line.contains(";") ? ";" : line.contains("\t") ? "\\t" : line.contains("|") ? "|" : null;
            throw new LandingFileException(
                    file,
                    "header lacks required column" + (missing.size() > 1 ? "s " : " ")
                            + String.join(", ", missing)
                            + (delimiter == null ? "" : " (delimiter looks like '" + delimiter + "', expected ',')"));
        }
        Set<String> seen = new LinkedHashSet<>();
        for (String name : header) {
            if (!seen.add(name)) {
                throw new LandingFileException(file, "header repeats column " + name);
            }
        }
    }

    /**
     * The data lines (line 2 on) with their file's header: adds header, values (the line split), value_count,
     * column_count and fields (header name -> value as text; values beyond the header named _c6, _c7, ...).
     */
    static Dataset<Row> dataLines(Dataset<Row> lines, Dataset<Row> headers) {
        return lines.filter(col("line_number").gt(1L))
                .join(broadcast(headers.select("source_file", "header")), "source_file")
                .withColumn("values", SPLIT.apply(col("line")))
                .withColumn("value_count", size(col("values")))
                .withColumn("column_count", size(col("header")))
                .withColumn(
                        "fields",
                        expr(
                                "map_from_arrays("
                                        + "transform(values, (v, i) -> coalesce(try_element_at(header, i + 1), concat('_c', i + 1))), values)"));
    }

    /** (day, source_file) of every file without a data line: only a header, or no line at all. */
    static Dataset<Row> emptyFiles(Dataset<Row> lines, Dataset<Row> headers) {
        Dataset<Row> withData =
                lines.filter(col("line_number").gt(1L)).select("source_file").distinct();
        Dataset<Row> headerOnly = headers.select("day", "source_file")
                .join(withData, "source_file", "left_anti")
                .select("day", "source_file");
        Dataset<Row> noLine = lines.filter(
                        col("line_number").isNull().and(col("problem").equalTo(LandingFiles.EMPTY_FILE)))
                .select("day", "source_file");
        return headerOnly.unionByName(noLine);
    }

    /** A line's values; an empty line has none. */
    static String[] split(String line) {
        if (line == null || line.isEmpty()) {
            return new String[0];
        }
        try {
            String[] values = PARSER.get().parseLine(line);
            return values == null ? new String[0] : values;
        } catch (TextParsingException e) {
            // Beyond the parser's limits (columns, characters): one value, so the row is quarantined, not lost.
            return new String[] {line};
        }
    }

    private static CsvParser newParser() {
        CsvParserSettings settings = new CsvParserSettings();
        settings.getFormat().setDelimiter(',');
        settings.getFormat().setQuote('"');
        settings.getFormat().setQuoteEscape('"');
        settings.setMaxColumns(4096);
        settings.setMaxCharsPerColumn(-1);
        settings.setNullValue(null);
        settings.setEmptyValue("");
        return new CsvParser(settings);
    }
}
