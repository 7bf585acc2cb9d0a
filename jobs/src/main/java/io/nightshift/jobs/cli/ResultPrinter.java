package io.nightshift.jobs.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/** Prints a query result as an aligned table, RFC 4180 CSV (header then rows) or JSON lines. */
final class ResultPrinter {
    enum Format {
        table,
        csv,
        json
    }

    private ResultPrinter() {}

    static void print(Dataset<Row> result, Format format, int tableRowLimit, PrintStream out) {
        switch (format) {
            case csv -> csv(result, out);
            case json -> {
                Iterator<String> lines = result.toJSON().toLocalIterator();
                while (lines.hasNext()) {
                    out.println(lines.next());
                }
            }
            case table -> table(result, tableRowLimit, out);
        }
        out.flush();
    }

    private static void csv(Dataset<Row> result, PrintStream out) {
        String[] columns = result.columns();
        List<String> header = new ArrayList<>();
        for (String column : columns) {
            header.add(csvField(column));
        }
        out.println(String.join(",", header));
        Iterator<Row> rows = result.toLocalIterator();
        while (rows.hasNext()) {
            Row row = rows.next();
            List<String> fields = new ArrayList<>(columns.length);
            for (int i = 0; i < columns.length; i++) {
                fields.add(row.isNullAt(i) ? "" : csvField(text(row.get(i))));
            }
            out.println(String.join(",", fields));
        }
    }

    private static void table(Dataset<Row> result, int limit, PrintStream out) {
        String[] columns = result.columns();
        List<String[]> cells = new ArrayList<>();
        Iterator<Row> rows = result.toLocalIterator();
        boolean truncated = false;
        while (rows.hasNext()) {
            Row row = rows.next();
            if (cells.size() == limit) {
                truncated = true;
                break;
            }
            String[] line = new String[columns.length];
            for (int i = 0; i < columns.length; i++) {
                line[i] = row.isNullAt(i) ? "NULL" : text(row.get(i));
            }
            cells.add(line);
        }
        int[] widths = new int[columns.length];
        for (int i = 0; i < columns.length; i++) {
            widths[i] = columns[i].length();
            for (String[] line : cells) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        out.println(line(columns, widths));
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < columns.length; i++) {
            rule.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
        }
        out.println(rule);
        for (String[] line : cells) {
            out.println(line(line, widths));
        }
        out.println("(" + cells.size()
                + (truncated ? "+ rows, truncated at --limit" : cells.size() == 1 ? " row" : " rows") + ")");
    }

    private static String line(String[] values, int[] widths) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            b.append(i == 0 ? "" : " | ").append(String.format("%-" + Math.max(1, widths[i]) + "s", values[i]));
        }
        return b.toString().stripTrailing();
    }

    private static String text(Object value) {
        if (value instanceof Seq<?> seq) {
            return JavaConverters.seqAsJavaList(seq).toString();
        }
        return String.valueOf(value);
    }

    static String csvField(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }
}
