package io.nightshift.jobs.elasticity;

import io.nightshift.common.config.ElasticitySettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * elasticity-file's work, without Spark: every series of a CSV ({@code series_id, ds, y, price}, optional control
 * columns and a group column) gets the elasticity stage's own estimate: a Poisson regression of y on log price
 * (centred, so its coefficient is the elasticity), with the controls as given, and, unless switched off, the stage's
 * calendar terms the data can carry (a trend in years, weekday dummies for daily data, two yearly Fourier pairs
 * from a year of data on); Newey-West standard errors with the stage's {@code hac-lag-days}; the stage's thresholds
 * decide which series are fitted ({@link ProductEstimate}). Then the stage's empirical-Bayes {@link Shrinkage}, with
 * the group column as the category (one group when there is none): each series' published estimate, its interval,
 * and each group's pooled mean.
 */
public final class FileElasticity {
    private FileElasticity() {}

    /** A malformed input file: the message names the file and line. */
    public static final class MalformedFile extends Exception {
        public MalformedFile(String message) {
            super(message);
        }
    }

    /** One series' rows, in date order. */
    public record Series(String id, String group, LocalDate[] ds, double[] y, double[] price, double[][] controls) {}

    /** One series' result: the stage's own estimate and its published (shrunk) value. */
    public record Estimate(Series series, ProductEstimate own, Shrinkage.Result published) {}

    /** The estimates of every series (in series order) and each group's prior, as the stage's shrinkage found them. */
    public record Result(List<Estimate> estimates, Map<String, Shrinkage.Prior> groups, double withinGroupSd) {}

    public static List<Series> read(Path file, List<String> controls, String groupColumn)
            throws IOException, MalformedFile {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null) {
                throw new MalformedFile(file + ": empty file");
            }
            List<String> names = Arrays.asList(split(header));
            int id = column(names, "series_id", file);
            int ds = column(names, "ds", file);
            int y = column(names, "y", file);
            int price = column(names, "price", file);
            int group = groupColumn == null ? -1 : column(names, groupColumn, file);
            int[] control = new int[controls.size()];
            for (int j = 0; j < control.length; j++) {
                control[j] = column(names, controls.get(j), file);
            }
            Map<String, List<Object[]>> rows = new LinkedHashMap<>();
            Map<String, String> groups = new LinkedHashMap<>();
            String line;
            int number = 1;
            while ((line = r.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = split(line);
                if (f.length < names.size()) {
                    throw new MalformedFile(
                            file + " line " + number + ": " + f.length + " fields, the header has " + names.size());
                }
                LocalDate day;
                try {
                    day = LocalDate.parse(f[ds].strip());
                } catch (DateTimeParseException e) {
                    throw new MalformedFile(
                            file + " line " + number + ": ds '" + f[ds] + "' is not a date (yyyy-mm-dd)");
                }
                double[] values = new double[2 + control.length];
                values[0] = number(f[y], "y", file, number);
                values[1] = number(f[price], "price", file, number);
                if (values[0] < 0) {
                    throw new MalformedFile(file + " line " + number + ": y " + f[y] + " is negative");
                }
                if (!(values[1] > 0)) {
                    throw new MalformedFile(file + " line " + number + ": price " + f[price] + " is not positive");
                }
                for (int j = 0; j < control.length; j++) {
                    values[2 + j] = number(f[control[j]], controls.get(j), file, number);
                }
                String key = f[id].strip();
                String g = group < 0 ? "" : f[group].strip();
                String before = groups.putIfAbsent(key, g);
                if (before != null && !before.equals(g)) {
                    throw new MalformedFile(file + " line " + number + ": series " + key + " is in group '" + before
                            + "' and '" + g + "'");
                }
                rows.computeIfAbsent(key, k -> new ArrayList<>()).add(new Object[] {day, values, number});
            }
            List<Series> out = new ArrayList<>();
            for (Map.Entry<String, List<Object[]>> e : rows.entrySet()) {
                List<Object[]> list = e.getValue();
                list.sort((a, b) -> ((LocalDate) a[0]).compareTo((LocalDate) b[0]));
                int n = list.size();
                LocalDate[] days = new LocalDate[n];
                double[] ys = new double[n];
                double[] prices = new double[n];
                double[][] cs = new double[n][control.length];
                for (int i = 0; i < n; i++) {
                    days[i] = (LocalDate) list.get(i)[0];
                    if (i > 0 && days[i].equals(days[i - 1])) {
                        throw new MalformedFile(file + " line " + list.get(i)[2] + ": series " + e.getKey()
                                + " has two rows for " + days[i]);
                    }
                    double[] v = (double[]) list.get(i)[1];
                    ys[i] = v[0];
                    prices[i] = v[1];
                    System.arraycopy(v, 2, cs[i], 0, control.length);
                }
                out.add(new Series(e.getKey(), groups.get(e.getKey()), days, ys, prices, cs));
            }
            return out;
        }
    }

    /** Every series' own estimate, then the shrinkage over all of them (series numbered in input order). */
    public static Result estimate(
            List<Series> series, List<String> controls, boolean calendar, ElasticitySettings settings) {
        List<ProductEstimate> own = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            own.add(own(i, series.get(i), controls, calendar, settings));
        }
        Shrinkage shrinkage = Shrinkage.fit(own, settings);
        List<Estimate> out = new ArrayList<>();
        Map<String, Shrinkage.Prior> groups = new TreeMap<>();
        for (int i = 0; i < series.size(); i++) {
            out.add(new Estimate(series.get(i), own.get(i), shrinkage.apply(own.get(i))));
            groups.put(series.get(i).group(), shrinkage.prior(series.get(i).group()));
        }
        return new Result(out, groups, Math.sqrt(shrinkage.withinCategoryVariance()));
    }

    static ProductEstimate own(
            int index, Series s, List<String> controls, boolean calendar, ElasticitySettings settings) {
        int n = s.y().length;
        List<String> names = new ArrayList<>(List.of("intercept", "log_price"));
        double meanLogPrice = 0;
        long[] cents = new long[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            meanLogPrice += Math.log(s.price()[i]) / n;
            cents[i] = Math.round(s.price()[i] * 100);
            total += s.y()[i];
        }
        int distinct = (int) Arrays.stream(cents).distinct().count();
        long first = s.ds()[0].toEpochDay();
        long last = s.ds()[n - 1].toEpochDay();
        boolean yearly = calendar && last - first >= 365;
        if (calendar) {
            names.add("trend_years");
            for (DayOfWeek d : DayOfWeek.values()) {
                if (d != DayOfWeek.MONDAY) {
                    names.add("weekday_" + d.name().toLowerCase(Locale.ROOT));
                }
            }
            if (yearly) {
                names.addAll(List.of("yearly_sin1", "yearly_cos1", "yearly_sin2", "yearly_cos2"));
            }
        }
        names.addAll(controls);
        double[][] full = new double[n][names.size()];
        double middle = (first + last) / 2.0;
        for (int i = 0; i < n; i++) {
            double[] row = full[i];
            int c = 0;
            row[c++] = 1;
            row[c++] = Math.log(s.price()[i]) - meanLogPrice;
            LocalDate day = s.ds()[i];
            if (calendar) {
                row[c++] = (day.toEpochDay() - middle) / DemandDesign.DAYS_PER_YEAR;
                for (DayOfWeek d : DayOfWeek.values()) {
                    if (d != DayOfWeek.MONDAY) {
                        row[c++] = day.getDayOfWeek() == d ? 1 : 0;
                    }
                }
                if (yearly) {
                    double angle = 2 * Math.PI * day.getDayOfYear() / DemandDesign.DAYS_PER_YEAR;
                    row[c++] = Math.sin(angle);
                    row[c++] = Math.cos(angle);
                    row[c++] = Math.sin(2 * angle);
                    row[c++] = Math.cos(2 * angle);
                }
            }
            for (int j = 0; j < controls.size(); j++) {
                row[c++] = s.controls()[i][j];
            }
        }
        // like the stage's design: a control that never varies cannot be fitted
        List<Integer> keep = new ArrayList<>(List.of(0, DemandDesign.PRICE_COLUMN));
        for (int c = 2; c < names.size(); c++) {
            boolean varies = false;
            for (int i = 1; i < n && !varies; i++) {
                varies = full[i][c] != full[0][c];
            }
            if (varies) {
                keep.add(c);
            }
        }
        double[][] x = new double[n][keep.size()];
        long[] days = new long[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < keep.size(); j++) {
                x[i][j] = full[i][keep.get(j)];
            }
            days[i] = s.ds()[i].toEpochDay();
        }
        long units = Math.round(total);
        ProductEstimate.Status status = ProductEstimate.dataCheck(
                total, n, distinct, settings.minObservations(), settings.minDistinctPrices(), settings.minUnits());
        if (status == ProductEstimate.Status.FITTED) {
            PoissonRegression.Fit fit = PoissonRegression.fit(x, s.y(), days, settings.hacLagDays());
            double beta = fit.coefficients()[DemandDesign.PRICE_COLUMN];
            double se = fit.covariance() == null ? Double.NaN : fit.standardError(DemandDesign.PRICE_COLUMN);
            if (fit.converged() && Double.isFinite(beta) && Double.isFinite(se) && se > 0) {
                return new ProductEstimate(
                        index, s.group(), ProductEstimate.Status.FITTED, beta, se, n, distinct, units);
            }
            status = ProductEstimate.Status.FIT_FAILED;
        }
        return new ProductEstimate(index, s.group(), status, Double.NaN, Double.NaN, n, distinct, units);
    }

    private static int column(List<String> names, String name, Path file) throws MalformedFile {
        int at = names.indexOf(name);
        if (at < 0) {
            throw new MalformedFile(
                    file + " line 1: no column '" + name + "' (columns: " + String.join(", ", names) + ")");
        }
        return at;
    }

    private static double number(String text, String column, Path file, int line) throws MalformedFile {
        try {
            double v = Double.parseDouble(text.strip());
            if (!Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new MalformedFile(file + " line " + line + ": " + column + " '" + text + "' is not a number");
        }
    }

    /** Splits a CSV line; a field in double quotes may hold commas and doubled quotes. */
    static String[] split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        out.add(field.toString());
        return out.toArray(new String[0]);
    }
}
