package io.nightshift.jobs.ops.report;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;

import io.nightshift.common.catalog.TableCatalog;
import io.nightshift.common.catalog.TableSpec;
import io.nightshift.common.catalog.Tables;
import io.nightshift.common.config.IngestSettings;
import io.nightshift.common.time.RunDates;
import io.nightshift.jobs.ops.RunLog;
import io.nightshift.jobs.ops.RunLogEntry;
import io.nightshift.jobs.ops.report.Charts.Bar;
import io.nightshift.jobs.ops.report.ReportView.Section;
import io.nightshift.jobs.pricing.ReasonCode;
import io.nightshift.jobs.stage.StageContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The HTML report of one run: {@code <warehouse>/reports/run-<date>-<run id>.html}, one self-contained file
 * (inline CSS and SVG, no script, nothing fetched). Stage timings and row counts come from the run log; every
 * other section draws from its table and says "not available: &lt;table&gt; missing" when the stage that writes
 * it has not run yet (a fresh warehouse, or a nightly stopped before it), so a failed run still gets its report.
 * This class gathers the figures into a {@link ReportView.Page}; the Mustache template {@code report/run-report.html}
 * (a resource, with its partials) holds all the markup and CSS and escapes every value.
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

    /** What a feed the shop declares it does not have switches off (nightshift.ingest.on-missing-feed = none). */
    static final Map<String, String> FEATURES_OF_FEED = new TreeMap<>(Map.of(
            "traffic", "traffic: no web traffic, so elasticity's add-to-cart funnel is off",
            "competitor_prices",
                    "competitor_prices: no competitor prices, so the competitor index and position are off",
            "economic_indicators", "economic_indicators: no economic indicators in the calendar"));

    private final List<String> feedsNotProvided;

    RunReport(SparkSession spark, TableCatalog catalog, List<RunLogEntry> entries, String runId, RunDates dates) {
        this(spark, catalog, entries, runId, dates, List.of());
    }

    RunReport(
            SparkSession spark,
            TableCatalog catalog,
            List<RunLogEntry> entries,
            String runId,
            RunDates dates,
            List<String> feedsNotProvided) {
        this.spark = spark;
        this.catalog = catalog;
        this.entries = entries;
        this.runId = runId;
        this.dates = dates;
        this.day = dates.to();
        this.feedsNotProvided = List.copyOf(feedsNotProvided);
    }

    /** The feeds the configuration declares the shop does not have, each with what that switches off. */
    static List<String> feedsNotProvided(IngestSettings ingest) {
        return FEATURES_OF_FEED.keySet().stream()
                .filter(ingest::declaredAbsent)
                .map(FEATURES_OF_FEED::get)
                .toList();
    }

    /** Writes the report of {@code runId} and returns where (a local path for a local warehouse). */
    public static String write(StageContext context, RunLog runLog, String runId, RunDates dates) {
        SparkSession spark = context.spark();
        String html = new RunReport(
                        spark,
                        context.catalog(),
                        runLog.entries(runId),
                        runId,
                        dates,
                        feedsNotProvided(context.config().ingest()))
                .render(context.clock().instant());
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
        return location.startsWith("file:")
                ? java.nio.file.Path.of(URI.create(file.toUri().toString())).toString()
                : location;
    }

    static String fileName(String runId, RunDates dates) {
        return "run-" + dates.to() + "-" + runId.replaceAll("[^A-Za-z0-9._-]", "_") + ".html";
    }

    String render(Instant generatedAt) {
        return ReportTemplates.render("run-report.html", page(generatedAt));
    }

    ReportView.Page page(Instant generatedAt) {
        return new ReportView.Page(
                runId,
                dates.toString(),
                generatedAt.toString(),
                section(this::stages),
                section(this::dataQuality),
                section(this::forecastVsActual),
                section(this::priceChanges),
                section(this::optimizeVsControl),
                section(this::boxes),
                section(this::marketplaceSync),
                section(this::circuitBreaker),
                section(this::forecastAccuracy),
                feedsNotProvided);
    }

    /** A section; one whose table's columns changed under it says so instead of failing the whole report. */
    private static <T> Section<T> section(Supplier<Section<T>> body) {
        try {
            return body.get();
        } catch (RuntimeException e) {
            String message = e.getMessage() == null
                    ? e.getClass().getSimpleName()
                    : e.getMessage().replaceAll("\\s+", " ");
            return Section.notAvailable(message.length() > 300 ? message.substring(0, 300) + "…" : message);
        }
    }

    private boolean exists(TableSpec table) {
        return catalog.exists(spark, table);
    }

    // ---- sections ----

    Section<ReportView.Stages> stages() {
        if (entries.isEmpty()) {
            return Section.notAvailable("no run-log entries for this run");
        }
        List<Bar> bars = new ArrayList<>();
        List<ReportView.StageRow> rows = new ArrayList<>();
        double total = 0;
        for (RunLogEntry e : entries) {
            if (!e.status().equals(RunLogEntry.SKIPPED)) {
                bars.add(new Bar(e.stage() + " " + e.dates(), e.durationSeconds()));
            }
            total += e.durationSeconds();
            List<String> written = e.rowsOut().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .map(w -> w.getKey() + " " + Figures.format(w.getValue()))
                    .toList();
            rows.add(new ReportView.StageRow(
                    e.status(),
                    e.stage(),
                    e.dates(),
                    e.error().orElse(null),
                    Figures.decimals(e.durationSeconds(), 1),
                    Figures.format(e.totalIn()),
                    Figures.format(e.totalOut()),
                    Figures.format(e.quarantined()),
                    ReportView.Joined.of(written)));
        }
        return Section.of(new ReportView.Stages(
                entries.size(),
                Figures.decimals(total, 1),
                Charts.horizontalBars("Stage duration (s)", bars, " s"),
                rows));
    }

    Section<ReportView.DataQuality> dataQuality() {
        List<String> quarantineTables = catalog.registerExisting(spark).stream()
                .filter(t -> t.startsWith("quarantine."))
                .toList();
        if (quarantineTables.isEmpty()) {
            return Section.missing("quarantine.*");
        }
        List<Bar> bars = new ArrayList<>();
        for (String table : quarantineTables) {
            List<Row> rows = spark.table(table)
                    .where(col("run_date").between(lit(Date.valueOf(dates.from())), lit(Date.valueOf(dates.to()))))
                    .groupBy("rule")
                    .agg(count(lit(1)).as("n"))
                    .orderBy(col("n").desc(), col("rule"))
                    .collectAsList();
            for (Row row : rows) {
                bars.add(new Bar(table.substring("quarantine.".length()) + " / " + row.getString(0), row.getLong(1)));
            }
        }
        long total = bars.stream().mapToLong(b -> (long) b.value()).sum();
        // The trend: rows quarantined per business day over the two weeks up to the run, every source together.
        LocalDate first = day.minusDays(13);
        long[] perDay = new long[14];
        for (String table : quarantineTables) {
            for (Row row : spark.table(table)
                    .where(col("day").between(lit(Date.valueOf(first)), lit(Date.valueOf(day))))
                    .groupBy("day")
                    .agg(count(lit(1)))
                    .collectAsList()) {
                perDay[(int) (row.getDate(0).toLocalDate().toEpochDay() - first.toEpochDay())] += row.getLong(1);
            }
        }
        List<Bar> trend = new ArrayList<>();
        for (int i = 0; i < perDay.length; i++) {
            trend.add(new Bar(first.plusDays(i).toString().substring(5), perDay[i]));
        }
        return Section.of(new ReportView.DataQuality(
                quarantineTables.size(),
                Figures.format(total),
                dates.toString(),
                bars.isEmpty() ? null : Charts.horizontalBars("Quarantined rows by source / rule", bars, ""),
                Charts.columns("Quarantined rows per business day, all sources", trend, "day")));
    }

    Section<ReportView.ForecastVsActual> forecastVsActual() {
        if (!exists(Tables.DEMAND_FORECAST)) {
            return Section.missing(Tables.DEMAND_FORECAST.qualifiedName());
        }
        if (!exists(Tables.SALES_DAILY)) {
            return Section.missing(Tables.SALES_DAILY.qualifiedName());
        }
        Dataset<Row> forecasts = catalog.read(spark, Tables.DEMAND_FORECAST)
                .where(col("run_date").leq(lit(Date.valueOf(day))));
        Row latest = forecasts.agg(max("run_date")).head();
        if (latest.isNullAt(0)) {
            return Section.notAvailable("no forecast in " + Tables.DEMAND_FORECAST.qualifiedName() + " up to " + day);
        }
        LocalDate runDate = latest.getDate(0).toLocalDate();
        Dataset<Row> sales = catalog.read(spark, Tables.SALES_DAILY);
        LocalDate historyStart = day.minusDays(HISTORY_DAYS - 1);
        List<Integer> top = sales
                .where(col("day").between(lit(Date.valueOf(day.minusDays(27))), lit(Date.valueOf(day))))
                .groupBy("product_id")
                .agg(sum("units").as("units"))
                .orderBy(col("units").desc(), col("product_id"))
                .limit(TOP_PRODUCTS)
                .collectAsList()
                .stream()
                .map(r -> r.getInt(0))
                .toList();
        if (top.isEmpty()) {
            return Section.notAvailable("no sales in the 28 days to " + day);
        }
        Object[] ids = top.toArray();
        List<Row> actual = sales.where(
                        col("product_id").isin(ids).and(col("day").geq(lit(Date.valueOf(historyStart)))))
                .select("product_id", "day", "units")
                .collectAsList();
        List<Row> predicted = forecasts
                .where(col("run_date")
                        .equalTo(lit(Date.valueOf(runDate)))
                        .and(col("product_id").isin(ids)))
                .select("product_id", "day", "yhat", "yhat_lower", "yhat_upper")
                .collectAsList();
        LocalDate lastDay = predicted.stream()
                .map(r -> r.getDate(1).toLocalDate())
                .max(LocalDate::compareTo)
                .orElse(day);
        List<String> labels = new ArrayList<>();
        for (LocalDate d = historyStart; !d.isAfter(lastDay); d = d.plusDays(1)) {
            labels.add(d.toString().substring(5));
        }
        List<Charts.Lines> charts = new ArrayList<>();
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
            charts.add(Charts.lines(
                    "Product " + productId,
                    labels,
                    List.of(
                            new Charts.Series("actual units", Charts.PALETTE[0], units, false),
                            new Charts.Series("forecast", Charts.PALETTE[1], yhat, true)),
                    List.of(new Charts.Band("forecast interval", lower, upper)),
                    "units/day"));
        }
        return Section.of(new ReportView.ForecastVsActual(HISTORY_DAYS, runDate.toString(), top.size(), charts));
    }

    Section<ReportView.PriceChanges> priceChanges() {
        if (!exists(Tables.PRICES)) {
            return Section.missing(Tables.PRICES.qualifiedName());
        }
        Dataset<Row> prices =
                catalog.read(spark, Tables.PRICES).where(col("run_date").equalTo(lit(Date.valueOf(day))));
        List<Row> changes = prices.where(col("previous_price")
                        .isNotNull()
                        .and(col("previous_price").gt(0)))
                .select(col("price")
                        .cast("double")
                        .divide(col("previous_price").cast("double"))
                        .minus(1)
                        .multiply(100)
                        .as("pct"))
                .collectAsList();
        if (prices.isEmpty()) {
            return Section.notAvailable("no prices for " + day + " in " + Tables.PRICES.qualifiedName());
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
        List<Bar> histogram = new ArrayList<>();
        for (int i = 0; i < binLabels.length; i++) {
            histogram.add(new Bar(binLabels[i], counts[i]));
        }
        List<Bar> reasons = prices
                .select(explode(col("reason_codes")).as("reason"))
                .groupBy("reason")
                .agg(count(lit(1)).as("n"))
                .orderBy(col("n").desc(), col("reason"))
                .collectAsList()
                .stream()
                .map(r -> new Bar(r.getString(0), r.getLong(1)))
                .toList();
        Row totals = prices.agg(count(lit(1)), sum("expected_profit")).head();
        return Section.of(new ReportView.PriceChanges(
                Figures.format(totals.getLong(0)),
                day.toString(),
                Figures.format(changes.size()),
                totals.isNullAt(1) ? "n/a" : Figures.format(totals.getDouble(1)),
                Charts.columns("Price change vs previous price (number of products)", histogram, "change in %"),
                Charts.horizontalBars("Reason codes", reasons, ""),
                experiments(prices)));
    }

    /**
     * The night's PRICE_EXPERIMENT rows: how many products are under test and their expected cost (the expected
     * profit at the optimum minus at the tested price, over the pricing horizon). Null when none.
     */
    static ReportView.Experiments experiments(Dataset<Row> prices) {
        if (!Arrays.asList(prices.columns()).contains("expected_profit_at_optimum")) {
            return null;
        }
        Row r = prices.where(array_contains(col("reason_codes"), ReasonCode.PRICE_EXPERIMENT.name()))
                .agg(
                        count(lit(1)),
                        sum(col("expected_profit_at_optimum").minus(col("expected_profit"))),
                        sum("expected_profit_at_optimum"))
                .head();
        long products = r.getLong(0);
        if (products == 0) {
            return null;
        }
        double cost = r.isNullAt(1) ? 0 : r.getDouble(1);
        double atOptimum = r.isNullAt(2) ? 0 : r.getDouble(2);
        return new ReportView.Experiments(
                Figures.format(products),
                Figures.format(cost),
                atOptimum > 0 ? String.format(Locale.ROOT, "%.2f%%", cost / atOptimum * 100) : "n/a");
    }

    Section<ReportView.OptimizeVsControl> optimizeVsControl() {
        if (!exists(Tables.PRICES)) {
            return Section.missing(Tables.PRICES.qualifiedName());
        }
        List<Row> rows = catalog.read(spark, Tables.PRICES)
                .where(col("run_date").equalTo(lit(Date.valueOf(day))))
                .groupBy("strategy")
                .agg(
                        count(lit(1)).as("products"),
                        sum("expected_profit").as("expected_profit"),
                        avg(col("price")
                                        .cast("double")
                                        .divide(col("previous_price").cast("double"))
                                        .minus(1)
                                        .multiply(100))
                                .as("avg_change_pct"))
                .orderBy("strategy")
                .collectAsList();
        if (rows.isEmpty()) {
            return Section.notAvailable("no prices for " + day);
        }
        List<Bar> profit = new ArrayList<>();
        List<ReportView.StrategyRow> strategies = new ArrayList<>();
        for (Row r : rows) {
            double expected = r.isNullAt(2) ? 0 : r.getDouble(2);
            profit.add(new Bar(r.getString(0) + " (per product)", r.getLong(1) == 0 ? 0 : expected / r.getLong(1)));
            strategies.add(new ReportView.StrategyRow(
                    r.getString(0),
                    Figures.format(r.getLong(1)),
                    r.isNullAt(2) ? "" : Figures.format(expected),
                    r.isNullAt(3) ? "" : Figures.decimals(r.getDouble(3), 2)));
        }
        return Section.of(new ReportView.OptimizeVsControl(
                Charts.horizontalBars("Expected profit per product by strategy", profit, ""),
                strategies,
                realisedPerformance()));
    }

    /**
     * gold.pricing_performance of this run: what sold under the prices in force over the monitor's window, per
     * strategy and group, per product-day so that the small control group compares with the rest.
     */
    Section<ReportView.RealisedPerformance> realisedPerformance() {
        if (!exists(Tables.PRICING_PERFORMANCE)) {
            return Section.missing(Tables.PRICING_PERFORMANCE.qualifiedName());
        }
        List<Row> rows = catalog.read(spark, Tables.PRICING_PERFORMANCE)
                .where(col("run_date").equalTo(lit(Date.valueOf(day))))
                .groupBy("strategy", "control_group")
                .agg(
                        sum("products").as("product_days"),
                        sum("units").as("units"),
                        sum(col("revenue").cast("double")).as("revenue"),
                        sum(col("margin").cast("double")).as("margin"),
                        org.apache.spark.sql.functions.min("day").as("first"),
                        max("day").as("last"))
                .orderBy("control_group", "strategy")
                .collectAsList();
        if (rows.isEmpty()) {
            return Section.notAvailable("no realised sales under our prices up to " + day + " yet");
        }
        Double controlMargin = null;
        for (Row r : rows) {
            if (r.getBoolean(1)) {
                controlMargin = r.getDouble(5) / r.getLong(2);
            }
        }
        List<Bar> margin = new ArrayList<>();
        List<ReportView.GroupRow> groups = new ArrayList<>();
        for (Row r : rows) {
            String label = r.getString(0) + (r.getBoolean(1) ? " (control)" : "");
            long productDays = r.getLong(2);
            double marginPerDay = r.getDouble(5) / productDays;
            margin.add(new Bar(label, marginPerDay));
            String lift = controlMargin == null || r.getBoolean(1) || controlMargin == 0
                    ? ""
                    : String.format(Locale.ROOT, "%+.1f%%", (marginPerDay / controlMargin - 1) * 100);
            groups.add(new ReportView.GroupRow(
                    r.getString(0),
                    r.getBoolean(1) ? "control" : "treated",
                    Figures.format(productDays),
                    Figures.format(r.getLong(3)),
                    Figures.format(r.getDouble(4)),
                    Figures.format(r.getDouble(5)),
                    Figures.decimals((double) r.getLong(3) / productDays, 2),
                    Figures.decimals(marginPerDay, 2),
                    lift));
        }
        Date first = rows.stream()
                .map(r -> r.getDate(6))
                .min(Comparator.naturalOrder())
                .orElseThrow();
        Date last = rows.stream()
                .map(r -> r.getDate(7))
                .max(Comparator.naturalOrder())
                .orElseThrow();
        return Section.of(new ReportView.RealisedPerformance(
                first.toString(),
                last.toString(),
                Charts.horizontalBars("Realised margin per product-day", margin, ""),
                groups));
    }

    Section<ReportView.Boxes> boxes() {
        if (!exists(Tables.NEXT_BOX_ITEMS)) {
            return Section.missing(Tables.NEXT_BOX_ITEMS.qualifiedName());
        }
        Dataset<Row> items = catalog.read(spark, Tables.NEXT_BOX_ITEMS);
        Row latest = items.agg(max("box_date")).head();
        if (latest.isNullAt(0)) {
            return Section.notAvailable(Tables.NEXT_BOX_ITEMS.qualifiedName() + " is empty");
        }
        Date boxDate = latest.getDate(0);
        List<Row> tiers = items.where(col("box_date").equalTo(lit(boxDate)))
                .groupBy("tier_id")
                .agg(
                        countDistinct("customer_id").as("boxes"),
                        count(lit(1)).as("items"),
                        avg("curation_score").as("score"))
                .orderBy("tier_id")
                .collectAsList();
        List<Bar> boxes = new ArrayList<>();
        List<ReportView.TierRow> rows = new ArrayList<>();
        for (Row r : tiers) {
            boxes.add(new Bar("tier " + r.getInt(0), r.getLong(1)));
            rows.add(new ReportView.TierRow(
                    r.getInt(0),
                    Figures.format(r.getLong(1)),
                    Figures.format(r.getLong(2)),
                    Figures.decimals((double) r.getLong(2) / Math.max(1, r.getLong(1)), 2),
                    r.isNullAt(3) ? "" : Figures.decimals(r.getDouble(3), 3)));
        }
        return Section.of(new ReportView.Boxes(
                boxDate.toString(), Charts.horizontalBars("Boxes curated by tier", boxes, ""), rows));
    }

    Section<ReportView.MarketplaceSync> marketplaceSync() {
        if (!exists(Tables.MARKETPLACE_PUSH_LEDGER)) {
            return Section.missing(Tables.MARKETPLACE_PUSH_LEDGER.qualifiedName());
        }
        List<Bar> bars = catalog
                .read(spark, Tables.MARKETPLACE_PUSH_LEDGER)
                .where(col("run_date").equalTo(lit(Date.valueOf(day))))
                .groupBy("marketplace", "status")
                .agg(count(lit(1)).as("n"))
                .orderBy("marketplace", "status")
                .collectAsList()
                .stream()
                .map(r -> new Bar(r.getString(0) + " / " + r.getString(1), r.getLong(2)))
                .toList();
        return Section.of(new ReportView.MarketplaceSync(
                day.toString(),
                bars.isEmpty() ? null : Charts.horizontalBars("Inventory updates by marketplace / outcome", bars, "")));
    }

    Section<ReportView.CircuitBreaker> circuitBreaker() {
        List<RunLogEntry> publish =
                entries.stream().filter(e -> e.stage().equals("publish-prices")).toList();
        if (publish.isEmpty()) {
            return Section.notAvailable("publish-prices did not run in this run");
        }
        RunLogEntry last = publish.get(publish.size() - 1);
        if (last.status().equals(RunLogEntry.OK)) {
            return Section.of(new ReportView.CircuitBreaker(Figures.format(last.totalOut()), false, null));
        }
        if (last.status().equals(RunLogEntry.SKIPPED)) {
            return Section.of(new ReportView.CircuitBreaker(null, true, null));
        }
        String error = last.error().orElse("");
        String state = error.toLowerCase(Locale.ROOT).contains("circuit")
                ? "OPEN: the change set was refused"
                : "publish failed";
        return Section.of(new ReportView.CircuitBreaker(null, false, new ReportView.Failure(state, error)));
    }

    Section<ReportView.ForecastAccuracy> forecastAccuracy() {
        if (!exists(Tables.FORECAST_ACCURACY)) {
            return Section.missing(Tables.FORECAST_ACCURACY.qualifiedName());
        }
        List<Row> rows = catalog.read(spark, Tables.FORECAST_ACCURACY)
                .where(col("run_date").equalTo(lit(Date.valueOf(day))))
                .groupBy("model", "horizon")
                .agg(
                        sum("n").as("n"),
                        sum(col("mae").multiply(col("n"))).as("abs_error"),
                        sum("actual_units").as("actual"))
                .orderBy("model", "horizon")
                .collectAsList();
        List<Bar> bars = new ArrayList<>();
        for (Row r : rows) {
            double actual = r.getDouble(3);
            bars.add(new Bar(
                    r.getString(0) + ", " + r.getInt(1) + " d ahead", actual > 0 ? r.getDouble(2) / actual : 0));
        }
        return Section.of(new ReportView.ForecastAccuracy(
                day.toString(), bars.isEmpty() ? null : Charts.horizontalBars("WAPE by model and horizon", bars, "")));
    }

    private static double[] nan(int n) {
        double[] values = new double[n];
        Arrays.fill(values, Double.NaN);
        return values;
    }
}
