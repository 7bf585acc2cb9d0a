package io.nightshift.jobs.ops.report;

import io.nightshift.common.catalog.TableCatalog;
import io.nightshift.common.catalog.TableSpec;
import io.nightshift.common.catalog.Tables;
import io.nightshift.common.time.RunDates;
import io.nightshift.jobs.ops.RunLog;
import io.nightshift.jobs.ops.RunLogEntry;
import io.nightshift.jobs.stage.StageContext;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;

/**
 * The HTML report of one run: {@code <warehouse>/reports/run-<date>-<run id>.html}, one self-contained file
 * (inline CSS and SVG, no script, nothing fetched). Stage timings and row counts come from the run log; every
 * other section draws from its table and says "not available: &lt;table&gt; missing" when the stage that writes
 * it has not run yet (a fresh warehouse, or a nightly stopped before it), so a failed run still gets its report.
 */
public final class RunReport {
    static final int TOP_PRODUCTS = 4;
    static final int HISTORY_DAYS = 42;

    private final SparkSession spark;
    private final TableCatalog catalog;
    private final List<RunLogEntry> entries;
    private final String runId;
    private final RunDates dates;
    private final LocalDate day;

    RunReport(SparkSession spark, TableCatalog catalog, List<RunLogEntry> entries, String runId, RunDates dates) {
        this.spark = spark;
        this.catalog = catalog;
        this.entries = entries;
        this.runId = runId;
        this.dates = dates;
        this.day = dates.to();
    }

    /** Writes the report of {@code runId} and returns where (a local path for a local warehouse). */
    public static String write(StageContext context, RunLog runLog, String runId, RunDates dates) {
        SparkSession spark = context.spark();
        String html = new RunReport(spark, context.catalog(), runLog.entries(runId), runId, dates).render(context.clock().instant());
        Path file = new Path(context.catalog().warehouse() + "/reports/" + fileName(runId, dates));
        try {
            FileSystem fs = file.getFileSystem(spark.sessionState().newHadoopConf());
            try (FSDataOutputStream out = fs.create(file, true)) {
                out.write(html.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run report " + file, e);
        }
        String location = file.toString();
        return location.startsWith("file:") ? java.nio.file.Path.of(URI.create(file.toUri().toString())).toString() : location;
    }

    static String fileName(String runId, RunDates dates) {
        return "run-" + dates.to() + "-" + runId.replaceAll("[^A-Za-z0-9._-]", "_") + ".html";
    }

    String render(Instant generatedAt) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>Nightshift run ").append(Svg.escape(runId)).append(" for ").append(dates).append("</title>")
                .append("<style>").append(CSS).append("</style></head><body>\n");
        html.append("<h1>Nightshift run report</h1><p class=\"meta\">run <code>").append(Svg.escape(runId))
                .append("</code> for ").append(dates).append(" · generated ").append(generatedAt).append("</p>\n");
        section(html, "stages", "Stages: timings and row counts", this::stages);
        section(html, "data-quality", "Data quality: quarantined rows by source and rule", this::dataQuality);
        section(html, "forecast", "Forecast vs actual: top products", this::forecastVsActual);
        section(html, "prices", "Price changes and reason codes", this::priceChanges);
        section(html, "optimize-vs-control", "Optimize vs control", this::optimizeVsControl);
        section(html, "boxes", "Boxes curated", this::boxes);
        section(html, "marketplaces", "Marketplace sync outcomes", this::marketplaceSync);
        section(html, "circuit-breaker", "Price publishing circuit breaker", this::circuitBreaker);
        section(html, "forecast-accuracy", "Forecast accuracy of past runs", this::forecastAccuracy);
        return html.append("</body></html>\n").toString();
    }

    /** A section; one whose table's columns changed under it says so instead of failing the whole report. */
    private static void section(StringBuilder html, String id, String title, Supplier<String> body) {
        String content;
        try {
            content = body.get();
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replaceAll("\\s+", " ");
            content = "<p class=\"na\">not available: " + Svg.escape(message.length() > 300 ? message.substring(0, 300) + "…" : message) + "</p>";
        }
        html.append("<section id=\"").append(id).append("\"><h2>").append(Svg.escape(title)).append("</h2>\n")
                .append(content).append("</section>\n");
    }

    private static String missing(String table) {
        return "<p class=\"na\">not available: " + Svg.escape(table) + " missing</p>";
    }

    private boolean exists(TableSpec table) {
        return catalog.exists(spark, table);
    }

    // ---- sections ----

    String stages() {
        if (entries.isEmpty()) {
            return "<p class=\"na\">not available: no run-log entries for this run</p>";
        }
        List<Svg.Bar> bars = new ArrayList<>();
        StringBuilder table = new StringBuilder("<table><tr><th>stage</th><th>dates</th><th>status</th><th>seconds</th>"
                + "<th>rows in</th><th>rows out</th><th>quarantined</th><th>tables written</th></tr>");
        double total = 0;
        for (RunLogEntry e : entries) {
            if (!e.status().equals(RunLogEntry.SKIPPED)) {
                bars.add(new Svg.Bar(e.stage() + " " + e.dates(), e.durationSeconds()));
            }
            total += e.durationSeconds();
            String written = e.rowsOut().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(w -> Svg.escape(w.getKey()) + " " + Svg.format(w.getValue())).reduce((a, b) -> a + "<br>" + b).orElse("");
            table.append("<tr class=\"").append(e.status()).append("\"><td>").append(Svg.escape(e.stage())).append("</td><td>")
                    .append(e.dates()).append("</td><td>").append(e.status())
                    .append(e.error().map(m -> "<div class=\"error\">" + Svg.escape(m) + "</div>").orElse(""))
                    .append("</td><td class=\"num\">").append(String.format(Locale.ROOT, "%.1f", e.durationSeconds()))
                    .append("</td><td class=\"num\">").append(Svg.format(e.totalIn()))
                    .append("</td><td class=\"num\">").append(Svg.format(e.totalOut()))
                    .append("</td><td class=\"num\">").append(Svg.format(e.quarantined()))
                    .append("</td><td class=\"small\">").append(written).append("</td></tr>");
        }
        table.append("</table>");
        String summary = String.format(Locale.ROOT, "<p>%d stage runs, %.1f s in total.</p>", entries.size(), total);
        return summary + Svg.horizontalBars("Stage duration (s)", bars, " s") + table;
    }

    String dataQuality() {
        List<String> quarantineTables = catalog.registerExisting(spark).stream().filter(t -> t.startsWith("quarantine.")).toList();
        if (quarantineTables.isEmpty()) {
            return missing("quarantine.*");
        }
        List<Svg.Bar> bars = new ArrayList<>();
        for (String table : quarantineTables) {
            List<Row> rows = spark.table(table)
                    .where(col("run_date").between(lit(java.sql.Date.valueOf(dates.from())), lit(java.sql.Date.valueOf(dates.to()))))
                    .groupBy("rule").agg(count(lit(1)).as("n")).orderBy(col("n").desc(), col("rule")).collectAsList();
            for (Row row : rows) {
                bars.add(new Svg.Bar(table.substring("quarantine.".length()) + " / " + row.getString(0), row.getLong(1)));
            }
        }
        StringBuilder out = new StringBuilder();
        if (bars.isEmpty()) {
            out.append("<p>No row was quarantined by this run (").append(quarantineTables.size()).append(" quarantine tables checked).</p>");
        } else {
            long total = bars.stream().mapToLong(b -> (long) b.value()).sum();
            out.append("<p>").append(Svg.format(total)).append(" rows quarantined by this run (").append(dates).append(").</p>")
                    .append(Svg.horizontalBars("Quarantined rows by source / rule", bars, ""));
        }
        // The trend: rows quarantined per business day over the two weeks up to the run, every source together.
        LocalDate first = day.minusDays(13);
        long[] perDay = new long[14];
        for (String table : quarantineTables) {
            for (Row row : spark.table(table).where(col("day").between(lit(java.sql.Date.valueOf(first)), lit(java.sql.Date.valueOf(day))))
                    .groupBy("day").agg(count(lit(1))).collectAsList()) {
                perDay[(int) (row.getDate(0).toLocalDate().toEpochDay() - first.toEpochDay())] += row.getLong(1);
            }
        }
        List<Svg.Bar> trend = new ArrayList<>();
        for (int i = 0; i < perDay.length; i++) {
            trend.add(new Svg.Bar(first.plusDays(i).toString().substring(5), perDay[i]));
        }
        return out.append(Svg.columns("Quarantined rows per business day, all sources", trend, "day")).toString();
    }

    String forecastVsActual() {
        if (!exists(Tables.DEMAND_FORECAST)) {
            return missing(Tables.DEMAND_FORECAST.qualifiedName());
        }
        if (!exists(Tables.SALES_DAILY)) {
            return missing(Tables.SALES_DAILY.qualifiedName());
        }
        Dataset<Row> forecasts = catalog.read(spark, Tables.DEMAND_FORECAST).where(col("run_date").leq(lit(java.sql.Date.valueOf(day))));
        Row latest = forecasts.agg(max("run_date")).head();
        if (latest.isNullAt(0)) {
            return "<p class=\"na\">not available: no forecast in " + Tables.DEMAND_FORECAST.qualifiedName() + " up to " + day + "</p>";
        }
        LocalDate runDate = latest.getDate(0).toLocalDate();
        Dataset<Row> sales = catalog.read(spark, Tables.SALES_DAILY);
        LocalDate historyStart = day.minusDays(HISTORY_DAYS - 1);
        List<Integer> top = sales.where(col("day").between(lit(java.sql.Date.valueOf(day.minusDays(27))), lit(java.sql.Date.valueOf(day))))
                .groupBy("product_id").agg(sum("units").as("units")).orderBy(col("units").desc(), col("product_id"))
                .limit(TOP_PRODUCTS).collectAsList().stream().map(r -> r.getInt(0)).toList();
        if (top.isEmpty()) {
            return "<p class=\"na\">not available: no sales in the 28 days to " + day + "</p>";
        }
        Object[] ids = top.toArray();
        List<Row> actual = sales.where(col("product_id").isin(ids).and(col("day").geq(lit(java.sql.Date.valueOf(historyStart)))))
                .select("product_id", "day", "units").collectAsList();
        List<Row> predicted = forecasts.where(col("run_date").equalTo(lit(java.sql.Date.valueOf(runDate))).and(col("product_id").isin(ids)))
                .select("product_id", "day", "yhat", "yhat_lower", "yhat_upper").collectAsList();
        LocalDate lastDay = predicted.stream().map(r -> r.getDate(1).toLocalDate()).max(LocalDate::compareTo).orElse(day);
        List<String> labels = new ArrayList<>();
        for (LocalDate d = historyStart; !d.isAfter(lastDay); d = d.plusDays(1)) {
            labels.add(d.toString().substring(5));
        }
        StringBuilder out = new StringBuilder("<p>Units sold (last " + HISTORY_DAYS + " days) and the forecast of run " + runDate
                + " with its interval, for the " + top.size() + " best-selling products of the last 28 days.</p><div class=\"grid\">");
        for (int productId : top) {
            double[] units = nan(labels.size());
            double[] yhat = nan(labels.size());
            double[] lower = nan(labels.size());
            double[] upper = nan(labels.size());
            for (Row r : actual) {
                if (r.getInt(0) == productId) {
                    units[(int) (r.getDate(1).toLocalDate().toEpochDay() - historyStart.toEpochDay())] = r.getLong(2);
                }
            }
            for (Row r : predicted) {
                int i = (int) (r.getDate(1).toLocalDate().toEpochDay() - historyStart.toEpochDay());
                if (r.getInt(0) == productId && i >= 0 && i < labels.size()) {
                    yhat[i] = r.getDouble(2);
                    lower[i] = r.getDouble(3);
                    upper[i] = r.getDouble(4);
                }
            }
            out.append(Svg.lines("Product " + productId, labels,
                    List.of(new Svg.Series("actual units", Svg.PALETTE[0], units, false),
                            new Svg.Series("forecast", Svg.PALETTE[1], yhat, true)),
                    List.of(new Svg.Band("forecast interval", lower, upper)), "units/day"));
        }
        return out.append("</div>").toString();
    }

    String priceChanges() {
        if (!exists(Tables.PRICES)) {
            return missing(Tables.PRICES.qualifiedName());
        }
        Dataset<Row> prices = catalog.read(spark, Tables.PRICES).where(col("run_date").equalTo(lit(java.sql.Date.valueOf(day))));
        List<Row> changes = prices.where(col("previous_price").isNotNull().and(col("previous_price").gt(0)))
                .select(col("price").cast("double").divide(col("previous_price").cast("double")).minus(1).multiply(100).as("pct"))
                .collectAsList();
        if (prices.isEmpty()) {
            return "<p class=\"na\">not available: no prices for " + day + " in " + Tables.PRICES.qualifiedName() + "</p>";
        }
        String[] binLabels = {"< -10%", "-10..-5", "-5..-2", "-2..-0.5", "±0.5", "0.5..2", "2..5", "5..10", "> 10%"};
        double[] edges = {-10, -5, -2, -0.5, 0.5, 2, 5, 10};
        long[] counts = new long[binLabels.length];
        for (Row r : changes) {
            double pct = r.getDouble(0);
            int bin = 0;
            while (bin < edges.length && pct >= edges[bin] + (bin == 4 ? 1e-12 : 0)) {
                bin++;
            }
            counts[bin]++;
        }
        List<Svg.Bar> histogram = new ArrayList<>();
        for (int i = 0; i < binLabels.length; i++) {
            histogram.add(new Svg.Bar(binLabels[i], counts[i]));
        }
        List<Svg.Bar> reasons = prices.select(explode(col("reason_codes")).as("reason")).groupBy("reason")
                .agg(count(lit(1)).as("n")).orderBy(col("n").desc(), col("reason")).collectAsList().stream()
                .map(r -> new Svg.Bar(r.getString(0), r.getLong(1))).toList();
        Row totals = prices.agg(count(lit(1)), sum("expected_profit")).head();
        return String.format(Locale.ROOT, "<p>%s prices for %s, %s with a previous price; expected profit %s.</p>",
                Svg.format(totals.getLong(0)), day, Svg.format(changes.size()), totals.isNullAt(1) ? "n/a" : Svg.format(totals.getDouble(1)))
                + Svg.columns("Price change vs previous price (number of products)", histogram, "change in %")
                + Svg.horizontalBars("Reason codes", reasons, "");
    }

    String optimizeVsControl() {
        if (!exists(Tables.PRICES)) {
            return missing(Tables.PRICES.qualifiedName());
        }
        List<Row> rows = catalog.read(spark, Tables.PRICES).where(col("run_date").equalTo(lit(java.sql.Date.valueOf(day))))
                .groupBy("strategy").agg(count(lit(1)).as("products"), sum("expected_profit").as("expected_profit"),
                        avg(col("price").cast("double").divide(col("previous_price").cast("double")).minus(1).multiply(100)).as("avg_change_pct"))
                .orderBy("strategy").collectAsList();
        if (rows.isEmpty()) {
            return "<p class=\"na\">not available: no prices for " + day + "</p>";
        }
        List<Svg.Bar> profit = new ArrayList<>();
        StringBuilder table = new StringBuilder("<table><tr><th>strategy</th><th>products</th><th>expected profit</th><th>avg change %</th></tr>");
        for (Row r : rows) {
            double expected = r.isNullAt(2) ? 0 : r.getDouble(2);
            profit.add(new Svg.Bar(r.getString(0) + " (per product)", r.getLong(1) == 0 ? 0 : expected / r.getLong(1)));
            table.append("<tr><td>").append(Svg.escape(r.getString(0))).append("</td><td class=\"num\">").append(Svg.format(r.getLong(1)))
                    .append("</td><td class=\"num\">").append(r.isNullAt(2) ? "" : Svg.format(expected))
                    .append("</td><td class=\"num\">").append(r.isNullAt(3) ? "" : String.format(Locale.ROOT, "%.2f", r.getDouble(3)))
                    .append("</td></tr>");
        }
        table.append("</table>");
        return Svg.horizontalBars("Expected profit per product by strategy", profit, "") + table
                + "<h3>Realised performance</h3>" + realisedPerformance();
    }

    /**
     * gold.pricing_performance of this run: what sold under the prices in force over the monitor's window, per
     * strategy and group, per product-day so that the small control group compares with the rest.
     */
    String realisedPerformance() {
        if (!exists(Tables.PRICING_PERFORMANCE)) {
            return missing(Tables.PRICING_PERFORMANCE.qualifiedName());
        }
        List<Row> rows = catalog.read(spark, Tables.PRICING_PERFORMANCE).where(col("run_date").equalTo(lit(java.sql.Date.valueOf(day))))
                .groupBy("strategy", "control_group")
                .agg(sum("products").as("product_days"), sum("units").as("units"),
                        sum(col("revenue").cast("double")).as("revenue"), sum(col("margin").cast("double")).as("margin"),
                        org.apache.spark.sql.functions.min("day").as("first"), max("day").as("last"))
                .orderBy("control_group", "strategy").collectAsList();
        if (rows.isEmpty()) {
            return "<p class=\"na\">not available: no realised sales under our prices up to " + day + " yet</p>";
        }
        Double controlMargin = null;
        for (Row r : rows) {
            if (r.getBoolean(1)) {
                controlMargin = r.getDouble(5) / r.getLong(2);
            }
        }
        List<Svg.Bar> margin = new ArrayList<>();
        StringBuilder table = new StringBuilder("<table><tr><th>strategy</th><th>group</th><th>product-days</th><th>units</th>"
                + "<th>revenue</th><th>margin</th><th>units / product-day</th><th>margin / product-day</th><th>margin vs control</th></tr>");
        for (Row r : rows) {
            String label = r.getString(0) + (r.getBoolean(1) ? " (control)" : "");
            long productDays = r.getLong(2);
            double marginPerDay = r.getDouble(5) / productDays;
            margin.add(new Svg.Bar(label, marginPerDay));
            String lift = controlMargin == null || r.getBoolean(1) || controlMargin == 0 ? ""
                    : String.format(Locale.ROOT, "%+.1f%%", (marginPerDay / controlMargin - 1) * 100);
            table.append("<tr><td>").append(Svg.escape(r.getString(0))).append("</td><td>").append(r.getBoolean(1) ? "control" : "treated")
                    .append("</td><td class=\"num\">").append(Svg.format(productDays))
                    .append("</td><td class=\"num\">").append(Svg.format(r.getLong(3)))
                    .append("</td><td class=\"num\">").append(Svg.format(r.getDouble(4)))
                    .append("</td><td class=\"num\">").append(Svg.format(r.getDouble(5)))
                    .append("</td><td class=\"num\">").append(String.format(Locale.ROOT, "%.2f", (double) r.getLong(3) / productDays))
                    .append("</td><td class=\"num\">").append(String.format(Locale.ROOT, "%.2f", marginPerDay))
                    .append("</td><td class=\"num\">").append(lift).append("</td></tr>");
        }
        table.append("</table>");
        java.sql.Date first = rows.stream().map(r -> r.getDate(6)).min(java.util.Comparator.naturalOrder()).orElseThrow();
        java.sql.Date last = rows.stream().map(r -> r.getDate(7)).max(java.util.Comparator.naturalOrder()).orElseThrow();
        return "<p>Sales from " + first + " to " + last + " under the price in force each day (gold.pricing_performance).</p>"
                + Svg.horizontalBars("Realised margin per product-day", margin, "") + table;
    }

    String boxes() {
        if (!exists(Tables.NEXT_BOX_ITEMS)) {
            return missing(Tables.NEXT_BOX_ITEMS.qualifiedName());
        }
        Dataset<Row> items = catalog.read(spark, Tables.NEXT_BOX_ITEMS);
        Row latest = items.agg(max("box_date")).head();
        if (latest.isNullAt(0)) {
            return "<p class=\"na\">not available: " + Tables.NEXT_BOX_ITEMS.qualifiedName() + " is empty</p>";
        }
        java.sql.Date boxDate = latest.getDate(0);
        List<Row> tiers = items.where(col("box_date").equalTo(lit(boxDate))).groupBy("tier_id")
                .agg(countDistinct("customer_id").as("boxes"), count(lit(1)).as("items"), avg("curation_score").as("score"))
                .orderBy("tier_id").collectAsList();
        List<Svg.Bar> boxes = new ArrayList<>();
        StringBuilder table = new StringBuilder("<table><tr><th>tier</th><th>boxes</th><th>items</th><th>items per box</th><th>mean curation score</th></tr>");
        for (Row r : tiers) {
            boxes.add(new Svg.Bar("tier " + r.getInt(0), r.getLong(1)));
            table.append("<tr><td>tier ").append(r.getInt(0)).append("</td><td class=\"num\">").append(Svg.format(r.getLong(1)))
                    .append("</td><td class=\"num\">").append(Svg.format(r.getLong(2)))
                    .append("</td><td class=\"num\">").append(String.format(Locale.ROOT, "%.2f", (double) r.getLong(2) / Math.max(1, r.getLong(1))))
                    .append("</td><td class=\"num\">").append(r.isNullAt(3) ? "" : String.format(Locale.ROOT, "%.3f", r.getDouble(3)))
                    .append("</td></tr>");
        }
        table.append("</table>");
        return "<p>Boxes for " + boxDate + ".</p>" + Svg.horizontalBars("Boxes curated by tier", boxes, "") + table;
    }

    String marketplaceSync() {
        if (!exists(Tables.MARKETPLACE_PUSH_LEDGER)) {
            return missing(Tables.MARKETPLACE_PUSH_LEDGER.qualifiedName());
        }
        List<Svg.Bar> bars = catalog.read(spark, Tables.MARKETPLACE_PUSH_LEDGER).where(col("run_date").equalTo(lit(java.sql.Date.valueOf(day))))
                .groupBy("marketplace", "status").agg(count(lit(1)).as("n")).orderBy("marketplace", "status").collectAsList().stream()
                .map(r -> new Svg.Bar(r.getString(0) + " / " + r.getString(1), r.getLong(2))).toList();
        if (bars.isEmpty()) {
            return "<p>No inventory update was sent for " + day + ".</p>";
        }
        return Svg.horizontalBars("Inventory updates by marketplace / outcome", bars, "");
    }

    String circuitBreaker() {
        List<RunLogEntry> publish = entries.stream().filter(e -> e.stage().equals("publish-prices")).toList();
        if (publish.isEmpty()) {
            return "<p class=\"na\">not available: publish-prices did not run in this run</p>";
        }
        RunLogEntry last = publish.get(publish.size() - 1);
        if (last.status().equals(RunLogEntry.OK)) {
            return "<p class=\"status ok\">closed: prices published (" + Svg.format(last.totalOut()) + " rows written)</p>";
        }
        if (last.status().equals(RunLogEntry.SKIPPED)) {
            return "<p class=\"na\">publish-prices was skipped in this run (--from-stage)</p>";
        }
        String error = last.error().orElse("");
        String state = error.toLowerCase(Locale.ROOT).contains("circuit") ? "OPEN: the change set was refused" : "publish failed";
        return "<p class=\"status failed\">" + state + "</p><p class=\"error\">" + Svg.escape(error) + "</p>";
    }

    String forecastAccuracy() {
        if (!exists(Tables.FORECAST_ACCURACY)) {
            return missing(Tables.FORECAST_ACCURACY.qualifiedName());
        }
        List<Row> rows = catalog.read(spark, Tables.FORECAST_ACCURACY).where(col("run_date").equalTo(lit(java.sql.Date.valueOf(day))))
                .groupBy("model", "horizon")
                .agg(sum("n").as("n"), sum(col("mae").multiply(col("n"))).as("abs_error"), sum("actual_units").as("actual"))
                .orderBy("model", "horizon").collectAsList();
        if (rows.isEmpty()) {
            return "<p>No past forecast could be scored for " + day + " yet.</p>";
        }
        List<Svg.Bar> bars = new ArrayList<>();
        for (Row r : rows) {
            double actual = r.getDouble(3);
            bars.add(new Svg.Bar(r.getString(0) + ", " + r.getInt(1) + " d ahead", actual > 0 ? r.getDouble(2) / actual : 0));
        }
        return "<p>WAPE (sum of absolute errors / units sold) of the forecasts whose day fell in the window up to " + day
                + ", by model and horizon.</p>" + Svg.horizontalBars("WAPE by model and horizon", bars, "");
    }

    private static double[] nan(int n) {
        double[] values = new double[n];
        java.util.Arrays.fill(values, Double.NaN);
        return values;
    }

    private static final String CSS = String.join("",
            "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px;color:#222;max-width:1500px}",
            "h1{margin-bottom:4px}h2{border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:32px}",
            ".meta{color:#666}.na{color:#888;font-style:italic}.error{color:#b00020;font-size:12px}",
            "table{border-collapse:collapse;margin:8px 0;font-size:13px}th,td{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}",
            "td.num{text-align:right}td.small{font-size:11px;color:#555}tr.failed td{background:#fdecea}tr.skipped td{color:#999}",
            ".status.ok{color:#2e7d32}.status.failed{color:#b00020;font-weight:bold}",
            ".grid{display:flex;flex-wrap:wrap;gap:12px}",
            "svg.chart{display:block;margin:8px 0;background:#fafafa;border:1px solid #eee}",
            "svg .title{font-size:13px;font-weight:bold}svg .label,svg .value{font-size:11px;fill:#444}svg .axis-title{font-size:11px;fill:#666}");
}
