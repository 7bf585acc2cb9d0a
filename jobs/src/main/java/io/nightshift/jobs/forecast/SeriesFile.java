package io.nightshift.jobs.forecast;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import io.nightshift.jobs.forecast.model.Frequency;
import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The input of {@code forecast-file}: a CSV with columns {@code series_id, ds, y} and the named regressor
 * columns (any order, extra columns ignored). Per series, rows after the last observed y with an empty y
 * are the future and carry the regressors' known values; an empty y before it is a missing observation.
 * Rows need not be sorted; ds must lie on the frequency's grid from the series' first ds (a skipped step
 * is a missing observation whose regressors repeat the previous step's). Everything that does not fit is
 * a {@link MalformedSeriesFile} naming the file and line.
 */
public final class SeriesFile {
    private SeriesFile() {}

    /**
     * One series as read: values by step from {@code start}, NaN = missing; regressors for history and future; its
     * group ({@code --group} column, "" without one) for the global model's group-level encodings.
     */
    public record Series(String id, LocalDate start, double[] y, double[][] regressors, int[] lines, String group)
            implements Serializable {
        /** Observations: steps up to and including the last observed y. */
        public int observed() {
            return y.length;
        }
    }

    public static final class MalformedSeriesFile extends RuntimeException {
        public MalformedSeriesFile(String message) {
            super(message);
        }
    }

    private record Line(int number, LocalDate ds, double y, double[] regressors, String group) {}

    public static List<Series> read(Path file, Frequency frequency, List<String> regressorNames, int horizon)
            throws IOException {
        return read(file, frequency, regressorNames, horizon, null);
    }

    /**
     * @param groupColumn a column naming each series' group (one value per series), or null for none
     */
    public static List<Series> read(
            Path file, Frequency frequency, List<String> regressorNames, int horizon, String groupColumn)
            throws IOException {
        String name = file.toString();
        CsvParserSettings settings = new CsvParserSettings();
        settings.setHeaderExtractionEnabled(false);
        settings.setLineSeparatorDetectionEnabled(true);
        settings.setNullValue("");
        settings.setEmptyValue("");
        settings.setMaxColumns(4096);
        CsvParser parser = new CsvParser(settings);
        Map<String, List<Line>> bySeries = new LinkedHashMap<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            parser.beginParsing(reader);
            String[] header = parser.parseNext();
            if (header == null) {
                throw new MalformedSeriesFile(name + ": empty file (expected a header with series_id, ds, y)");
            }
            Map<String, Integer> columns = new HashMap<>();
            for (int i = 0; i < header.length; i++) {
                columns.putIfAbsent(header[i] == null ? "" : header[i].strip(), i);
            }
            int idColumn = column(columns, "series_id", name);
            int dsColumn = column(columns, "ds", name);
            int yColumn = column(columns, "y", name);
            int groupIndex = groupColumn == null ? -1 : column(columns, groupColumn, name);
            int[] regressorColumns = new int[regressorNames.size()];
            for (int j = 0; j < regressorColumns.length; j++) {
                regressorColumns[j] = column(columns, regressorNames.get(j), name);
            }
            int lineNumber = 1;
            for (String[] fields = parser.parseNext(); fields != null; fields = parser.parseNext()) {
                lineNumber++;
                if (fields.length == 1 && (fields[0] == null || fields[0].isBlank())) {
                    continue;
                }
                String where = name + " line " + lineNumber;
                String id = field(fields, idColumn);
                if (id.isEmpty()) {
                    throw new MalformedSeriesFile(where + ": empty series_id");
                }
                LocalDate ds;
                try {
                    ds = LocalDate.parse(field(fields, dsColumn));
                } catch (DateTimeParseException e) {
                    throw new MalformedSeriesFile(
                            where + ": ds '" + field(fields, dsColumn) + "' is not a date (YYYY-MM-DD)");
                }
                double y = number(field(fields, yColumn), "y", where, true);
                double[] regressors = new double[regressorColumns.length];
                for (int j = 0; j < regressors.length; j++) {
                    regressors[j] = number(field(fields, regressorColumns[j]), regressorNames.get(j), where, true);
                }
                String group = groupIndex < 0 ? "" : field(fields, groupIndex);
                bySeries.computeIfAbsent(id, k -> new ArrayList<>())
                        .add(new Line(lineNumber, ds, y, regressors, group));
            }
        }
        if (bySeries.isEmpty()) {
            throw new MalformedSeriesFile(name + ": no data rows");
        }
        List<Series> out = new ArrayList<>();
        for (Map.Entry<String, List<Line>> entry : bySeries.entrySet()) {
            out.add(assemble(name, entry.getKey(), entry.getValue(), frequency, regressorNames, horizon));
        }
        return out;
    }

    private static Series assemble(
            String name, String id, List<Line> lines, Frequency frequency, List<String> regressorNames, int horizon) {
        lines.sort((a, b) -> a.ds.compareTo(b.ds));
        LocalDate start = lines.get(0).ds;
        int k = regressorNames.size();
        Map<Integer, Line> byStep = new HashMap<>();
        int lastObserved = -1;
        int lastStep = 0;
        String group = lines.get(0).group;
        for (Line line : lines) {
            if (!line.group.equals(group)) {
                throw new MalformedSeriesFile(name + " line " + line.number + ": series " + id + " has group '"
                        + line.group + "' here and '" + group + "' on line " + lines.get(0).number
                        + " (one group per series)");
            }
            int step = step(start, line.ds, frequency, name + " line " + line.number);
            Line previous = byStep.put(step, line);
            if (previous != null) {
                throw new MalformedSeriesFile(name + " line " + line.number + ": duplicate ds " + line.ds
                        + " for series " + id + " (also on line " + previous.number + ")");
            }
            if (!Double.isNaN(line.y)) {
                lastObserved = Math.max(lastObserved, step);
            }
            lastStep = Math.max(lastStep, step);
        }
        if (lastObserved < 0) {
            throw new MalformedSeriesFile(
                    name + " line " + lines.get(0).number + ": series " + id + " has no observed y");
        }
        int n = lastObserved + 1;
        int steps = k > 0 ? n + horizon : n;
        double[] y = new double[n];
        double[][] regressors = k > 0 ? new double[steps][] : null;
        int[] lineOf = new int[Math.max(steps, lastStep + 1)];
        double[] carried = null;
        for (int t = 0; t < steps; t++) {
            Line line = byStep.get(t);
            if (t < n) {
                y[t] = line == null ? Double.NaN : line.y;
            }
            if (k == 0) {
                continue;
            }
            if (line == null) {
                if (t >= n) {
                    throw new MalformedSeriesFile(name + ": series " + id + " has no future row for "
                            + frequency.step(start, t) + " (step " + (t - n + 1) + " of --horizon " + horizon
                            + "); regressors need known future values");
                }
                regressors[t] = carried; // a skipped past step repeats the previous regressor values
                continue;
            }
            lineOf[t] = line.number;
            for (int j = 0; j < k; j++) {
                if (Double.isNaN(line.regressors[j])) {
                    throw new MalformedSeriesFile(name + " line " + line.number + ": empty value of regressor "
                            + regressorNames.get(j) + (t >= n ? " in a future row" : ""));
                }
            }
            regressors[t] = line.regressors;
            carried = line.regressors;
        }
        return new Series(id, start, y, regressors, lineOf, group);
    }

    private static int step(LocalDate start, LocalDate ds, Frequency frequency, String where) {
        long step = switch (frequency) {
            case DAILY -> ChronoUnit.DAYS.between(start, ds);
            case WEEKLY -> ChronoUnit.DAYS.between(start, ds) % 7 == 0 ? ChronoUnit.DAYS.between(start, ds) / 7 : -1;
            case MONTHLY -> months(start, ds);
            case QUARTERLY -> months(start, ds) % 3 == 0 ? months(start, ds) / 3 : -1;
            case YEARLY -> ds.getYear() - start.getYear();
        };
        if (step < 0 || step > 1_000_000 || !frequency.step(start, step).equals(alignedDay(start, ds, frequency))) {
            throw new MalformedSeriesFile(where + ": ds " + ds + " is not on the "
                    + frequency.name().toLowerCase(Locale.ROOT) + " grid starting " + start);
        }
        return (int) step;
    }

    /** Monthly and coarser data match on the period, not the day (month ends differ in length). */
    private static LocalDate alignedDay(LocalDate start, LocalDate ds, Frequency frequency) {
        return switch (frequency) {
            case DAILY, WEEKLY -> ds;
            case MONTHLY, QUARTERLY, YEARLY ->
                frequency.step(
                        start,
                        frequency == Frequency.YEARLY
                                ? ds.getYear() - start.getYear()
                                : months(start, ds) / (frequency == Frequency.QUARTERLY ? 3 : 1));
        };
    }

    private static long months(LocalDate start, LocalDate ds) {
        return (ds.getYear() - start.getYear()) * 12L + ds.getMonthValue() - start.getMonthValue();
    }

    private static int column(Map<String, Integer> columns, String column, String name) {
        Integer index = columns.get(column);
        if (index == null) {
            throw new MalformedSeriesFile(name + " line 1: missing column " + column + " (header has "
                    + columns.keySet().stream().sorted().toList() + ")");
        }
        return index;
    }

    private static String field(String[] fields, int index) {
        return index < fields.length && fields[index] != null ? fields[index].strip() : "";
    }

    private static double number(String text, String column, String where, boolean emptyAllowed) {
        if (text.isEmpty() || text.equalsIgnoreCase("NA")) {
            if (emptyAllowed) {
                return Double.NaN;
            }
            throw new MalformedSeriesFile(where + ": empty " + column);
        }
        try {
            double value = Double.parseDouble(text);
            if (!Double.isFinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new MalformedSeriesFile(where + ": " + column + " '" + text + "' is not a number");
        }
    }
}
