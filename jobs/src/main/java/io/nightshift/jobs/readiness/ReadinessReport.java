package io.nightshift.jobs.readiness;

import io.nightshift.common.config.PricingSettings;
import io.nightshift.jobs.ops.report.ReportTemplates;
import io.nightshift.jobs.readiness.DataReadiness.Summary;
import io.nightshift.jobs.readiness.DataReadiness.Thresholds;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The readiness report's words, without Spark: what the products and feeds look like, and for each stage what it
 * can do with them and what would let it do better, stated against the stages' own thresholds; as text for the
 * terminal ({@link #text}) and as a self-contained HTML page ({@link #html}, the template
 * {@code report/check-data.html}).
 */
public final class ReadinessReport {
    private ReadinessReport() {}

    /** A feed's table: present with rows up to the as-of day, written by ingest but empty, or never written. */
    public enum FeedState {
        PRESENT,
        EMPTY,
        MISSING
    }

    /** One silver table a stage reads; {@code first} and {@code last} are null unless it is present. */
    public record Feed(String table, FeedState state, LocalDate first, LocalDate last, long rows) {
        public static Feed missing(String table) {
            return new Feed(table, FeedState.MISSING, null, null, 0);
        }

        public boolean present() {
            return state == FeedState.PRESENT;
        }

        public String stateName() {
            return state.name().toLowerCase(Locale.ROOT);
        }
    }

    /** The tables the report reads; {@code products} is false when silver.products does not exist. */
    public record Feeds(
            Feed sales, Feed traffic, Feed competitorPrices, Feed inventory, Feed calendar, boolean products) {}

    /** One stage: what it can do with this data, and what to add for it to do better (empty: nothing). */
    public record StageReadiness(String stage, List<String> canDo, List<String> toAdd) {
        public boolean hasAdditions() {
            return !toAdd.isEmpty();
        }
    }

    /** The whole report, every figure already in words. */
    public record Report(
            String warehouse, String asOf, List<String> products, List<String> feeds, List<StageReadiness> stages) {}

    public static Report describe(String warehouse, LocalDate asOf, Summary s, Feeds f, Thresholds t) {
        return new Report(
                warehouse,
                asOf.toString(),
                products(asOf, s, f, t),
                feeds(asOf, s, f, t),
                List.of(forecast(asOf, s, f, t), elasticity(s, f, t), price(asOf, s, f, t), curation(s, t)));
    }

    private static List<String> products(LocalDate asOf, Summary s, Feeds f, Thresholds t) {
        List<String> lines = new ArrayList<>();
        if (!f.products()) {
            lines.add("silver.products missing: every product of silver.sales_daily is counted as active, without a"
                    + " category or a cost; every stage needs it (run ingest)");
        }
        lines.add(format(
                "%d products, %d active, %d active with a sale up to %s",
                s.products(), s.active(), s.activeSold(), asOf));
        if (s.history().count() == 0) {
            lines.add("history: no active product has a sale up to " + asOf);
        } else {
            lines.add(format(
                    "history from the first sale to %s (active products with a sale): min %s, median %s, max %s",
                    asOf,
                    days(s.history().min()),
                    days(s.history().median()),
                    days(s.history().max())));
        }
        if (s.classified() > 0) {
            lines.add(format(
                    "intermittent (Syntetos-Boylan: ADI above %.2f, i.e. days since the first sale per day with a sale,"
                            + " stock-outs left out, last %d days): %d of %d products with a sale (%s)",
                    DataReadiness.ADI_CUTOFF,
                    t.forecastHistoryDays(),
                    s.intermittentOrLumpy(),
                    s.classified(),
                    percent(s.intermittentOrLumpy(), s.classified())));
            lines.add(format(
                    "  smooth %d, erratic %d, intermittent %d, lumpy %d (CV² of the units on days with a sale,"
                            + " cut-off %.2f)",
                    s.smooth(), s.erratic(), s.intermittent(), s.lumpy(), DataReadiness.CV2_CUTOFF));
        }
        lines.add(format(
                "distinct prices per product in the last %d days (the elasticity window; days with a sale, stock-outs"
                        + " left out): none %d, 1: %d, 2: %d, 3 or more: %d; median %d",
                t.elasticityWindowDays(),
                s.noPrice(),
                s.onePrice(),
                s.twoPrices(),
                s.threeOrMorePrices(),
                s.medianDistinctPrices()));
        return lines;
    }

    private static List<String> feeds(LocalDate asOf, Summary s, Feeds f, Thresholds t) {
        List<String> lines = new ArrayList<>();
        lines.add(format(
                "sales (%s): %s to %s, %d product-days; stock-outs marked for %d of %d active products",
                f.sales().table(),
                f.sales().first(),
                f.sales().last(),
                f.sales().rows(),
                s.withStockouts(),
                s.active()));
        Feed traffic = f.traffic();
        lines.add(
                traffic.present()
                        ? format(
                                "traffic (%s): %s to %s; %d of %d active products have traffic in the last %d days%s",
                                traffic.table(),
                                traffic.first(),
                                traffic.last(),
                                s.withTraffic(),
                                s.active(),
                                t.elasticityWindowDays(),
                                t.addToCartFunnel() ? "" : " (not used: add-to-cart-funnel = false)")
                        : format(
                                "traffic (%s): %s; elasticity fits purchases only (no add-to-cart funnel)",
                                traffic.table(), traffic.stateName()));
        Feed competitors = f.competitorPrices();
        lines.add(
                switch (competitors.state()) {
                    case PRESENT ->
                        format(
                                "competitor prices (%s): %s to %s; %d of %d active products have one on %s",
                                competitors.table(),
                                competitors.first(),
                                competitors.last(),
                                s.withCompetitorPrice(),
                                s.active(),
                                asOf);
                    case EMPTY ->
                        format(
                                "competitor prices (%s): empty; no competitor regressor in forecast and elasticity,"
                                        + " NO_COMPETITOR_DATA in price",
                                competitors.table());
                    case MISSING ->
                        format(
                                "competitor prices (%s): missing; forecast cannot run without the table (ingest writes"
                                        + " it, empty when there is no feed)",
                                competitors.table());
                });
        Feed stock = f.inventory();
        lines.add(
                stock.present()
                        ? format(
                                "stock snapshots (%s): %s to %s; %d of %d active products have one in the %d days to %s",
                                stock.table(),
                                stock.first(),
                                stock.last(),
                                s.withStock(),
                                s.active(),
                                t.stockLookbackDays(),
                                asOf)
                        : format(
                                "stock snapshots (%s): %s; no stock-outs marked (a day out of stock counts as a day without"
                                        + " demand), NO_INVENTORY in price",
                                stock.table(), stock.stateName()));
        lines.add(format(
                "costs (silver.products.unit_cost): %d of %d active products; the rest UNKNOWN_COST in price",
                s.withCost(), s.active()));
        Feed calendar = f.calendar();
        lines.add(
                calendar.present()
                        ? format("calendar (%s): %s to %s", calendar.table(), calendar.first(), calendar.last())
                        : format(
                                "calendar (%s): %s; forecast and elasticity cannot run without it (run ingest)",
                                calendar.table(), calendar.stateName()));
        return lines;
    }

    private static StageReadiness forecast(LocalDate asOf, Summary s, Feeds f, Thresholds t) {
        List<String> can = new ArrayList<>();
        List<String> add = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Feed needed : List.of(f.calendar(), f.competitorPrices())) {
            if (needed.state() == FeedState.MISSING) {
                missing.add(needed.table());
            }
        }
        if (!missing.isEmpty()) {
            can.add("cannot run: it reads " + String.join(" and ", missing) + ", missing");
            add.add("run ingest: it writes " + String.join(" and ", missing) + " (empty when there is no feed)");
        }
        int fallback = s.active() - s.forecastOwnModel();
        can.add(format(
                "%d of %d active products have %d+ observed (not stocked-out) days in the last %d days: own models,"
                        + " chosen by rolling-origin backtest",
                s.forecastOwnModel(), s.active(), t.forecastMinHistoryDays(), t.forecastHistoryDays()));
        if (fallback > 0) {
            can.add(format(
                    "%d are forecast from their category's profile, scaled to the mean of their last %d observed days",
                    fallback, t.forecastLevelWindowDays()));
            add.add(format(
                    "history: %d products have fewer than %d observed days; older orders (bin/pipeline import) or more"
                            + " nights give them a model of their own",
                    fallback, t.forecastMinHistoryDays()));
        }
        if (t.forecastHistoryDays() >= DataReadiness.YEARLY_PROFILE_DAYS) {
            can.add(format(
                    "%d have two full years (%d+ days) in the window: a yearly profile (seasonality)",
                    s.forecastYearly(), DataReadiness.YEARLY_PROFILE_DAYS));
            if (s.forecastYearly() < s.forecastOwnModel()) {
                add.add(format(
                        "two years of history (back to %s) for the yearly profile: %d modelled products have less",
                        asOf.minusDays(DataReadiness.YEARLY_PROFILE_DAYS - 1L),
                        s.forecastOwnModel() - s.forecastYearly()));
            }
        } else {
            can.add(format(
                    "no yearly profile: nightshift.forecast.history-days = %d is under two years",
                    t.forecastHistoryDays()));
        }
        can.add(format(
                "%d have %.0f%%+ days without a sale: Croston, SBA and TSB join the candidates",
                s.forecastIntermittentCandidates(), 100 * t.intermittentZeroShare()));
        if (!f.inventory().present()) {
            add.add("stock snapshots (bin/pipeline import --stock, or the commerce database's inventory_snapshots):"
                    + " a day out of stock is then censored demand, not a day without demand");
        }
        if (f.competitorPrices().state() == FeedState.EMPTY) {
            add.add("competitor price feeds: the price ratio to the competitors becomes a regressor");
        }
        return new StageReadiness("forecast", can, add);
    }

    private static StageReadiness elasticity(Summary s, Feeds f, Thresholds t) {
        List<String> can = new ArrayList<>();
        List<String> add = new ArrayList<>();
        if (!f.calendar().present()) {
            can.add("cannot run: it reads " + f.calendar().table() + ", "
                    + f.calendar().stateName());
        }
        int pooled = s.active() - s.elasticityOwn();
        can.add(format(
                "%d of %d active products have enough for an estimate of their own in the last %d days (%d+ usable"
                        + " days, %d+ distinct prices, %d+ units); each is then shrunk toward its category and the shop",
                s.elasticityOwn(),
                s.active(),
                t.elasticityWindowDays(),
                t.elasticityMinObservations(),
                t.elasticityMinDistinctPrices(),
                t.elasticityMinUnits()));
        if (pooled > 0) {
            can.add(format(
                    "the other %d use category/shop pooling: no sales %d, too few usable days %d, too few distinct"
                            + " prices %d, too few units %d",
                    pooled,
                    s.elasticityNoSales(),
                    s.elasticityTooFewDays(),
                    s.elasticityTooFewPrices(),
                    s.elasticityTooFewUnits()));
        }
        if (s.withoutCategory() > 0) {
            can.add(format(
                    "%d active products have no category: they are pooled together as one unnamed category",
                    s.withoutCategory()));
            add.add(format(
                    "categories for those %d products (the products file's category column): pooling then borrows"
                            + " from similar products",
                    s.withoutCategory()));
        }
        if (t.addToCartFunnel() && f.traffic().present()) {
            can.add(format("add-to-cart funnel: %d products have traffic to add to their purchases", s.withTraffic()));
        }
        if (s.elasticityTooFewPrices() > 0) {
            add.add(format(
                    "price variation: %d products have fewer than %d distinct prices; a few list-price changes or"
                            + " promotions (or price experiments, nightshift.pricing.experiments) give them their own",
                    s.elasticityTooFewPrices(), t.elasticityMinDistinctPrices()));
        }
        if (s.elasticityTooFewDays() > 0) {
            add.add(format(
                    "history: %d products have fewer than %d usable days in the window",
                    s.elasticityTooFewDays(), t.elasticityMinObservations()));
        }
        if (t.addToCartFunnel() && !f.traffic().present()) {
            add.add("web traffic per product and day (views, add-to-cart): the funnel adds roughly twice the counts"
                    + " each estimate learns from");
        }
        if (!f.competitorPrices().present()) {
            add.add("competitor prices: the regression then controls for the competitors' moves");
        }
        return new StageReadiness("elasticity", can, add);
    }

    private static StageReadiness price(LocalDate asOf, Summary s, Feeds f, Thresholds t) {
        List<String> can = new ArrayList<>();
        List<String> add = new ArrayList<>();
        boolean optimize = t.pricingStrategy() == PricingSettings.Strategy.OPTIMIZE;
        can.add(format(
                "strategy %s%s: every active product on sale gets a price; one without a forecast or an elasticity"
                        + " gets NO_FORECAST_FALLBACK or DEFAULT_ELASTICITY",
                t.pricingStrategy().label(),
                optimize ? format(" (control group on rules: %s)", percent(t.controlGroupShare())) : ""));
        can.add(format(
                "costs known for %d of %d; the rest UNKNOWN_COST, the floor assumes %.2f x base price",
                s.withCost(), s.active(), t.unknownCostRatio()));
        can.add(format(
                "stock known for %d of %d (a snapshot in the %d days to %s); the rest NO_INVENTORY (%s)",
                s.withStock(),
                s.active(),
                t.stockLookbackDays(),
                asOf,
                optimize ? "unconstrained" : "counted as zero"));
        can.add(format(
                "competitor price on %s for %d of %d; the rest NO_COMPETITOR_DATA",
                asOf, s.withCompetitorPrice(), s.active()));
        if (s.withCost() < s.active()) {
            add.add(format(
                    "unit costs for %d products (the products file's cost column): the margin floor on the real cost",
                    s.active() - s.withCost()));
        }
        if (s.withStock() < s.active()) {
            add.add("daily stock snapshots: prices that ration low stock and clear overstock");
        }
        if (s.withCompetitorPrice() < s.active()) {
            add.add("competitor price feeds (one CSV per competitor and day): the competitor ceiling and position");
        }
        return new StageReadiness("price", can, add);
    }

    private static StageReadiness curation(Summary s, Thresholds t) {
        return new StageReadiness(
                "curate-boxes",
                List.of(
                        "reads subscribers, tiers, preferences, product attributes, box history and stock from the"
                                + " commerce database, which check-data does not open; with no subscriber due it"
                                + " does nothing",
                        format(
                                "%d of %d active products sold in the last %d days, the purchases its ALS scores"
                                        + " learn from",
                                s.soldRecently(), s.active(), t.curationHistoryDays())),
                List.of("subscriptions (customers with a tier and a next box date) and product attributes in the"
                        + " commerce database, if the shop sells boxes"));
    }

    /** The report as plain text, one fact a line. */
    public static String text(Report r) {
        StringBuilder out = new StringBuilder();
        out.append("Data readiness of ")
                .append(r.warehouse())
                .append(", as of ")
                .append(r.asOf())
                .append('\n');
        out.append(
                "Thresholds are the stages' own settings (nightshift.forecast, .elasticity, .pricing, .curation).\n");
        section(out, "Products", r.products());
        section(out, "Feeds", r.feeds());
        out.append("\nWhat each stage can do\n");
        for (StageReadiness stage : r.stages()) {
            out.append("  ").append(stage.stage()).append('\n');
            for (String line : stage.canDo()) {
                out.append("    - ").append(line).append('\n');
            }
            if (!stage.toAdd().isEmpty()) {
                out.append("    to do better:\n");
                for (String line : stage.toAdd()) {
                    out.append("    + ").append(line).append('\n');
                }
            }
        }
        return out.toString();
    }

    /** The report as one self-contained HTML page (every value escaped by the template). */
    public static String html(Report r) {
        return ReportTemplates.render("check-data.html", r);
    }

    private static void section(StringBuilder out, String title, List<String> lines) {
        out.append('\n').append(title).append('\n');
        for (String line : lines) {
            out.append("  ").append(line).append('\n');
        }
    }

    private static String days(int n) {
        return n == 1 ? "1 day" : n + " days";
    }

    static String percent(int part, int whole) {
        return whole == 0 ? "0%" : format("%.0f%%", 100.0 * part / whole);
    }

    private static String percent(double share) {
        return format("%.0f%%", 100 * share);
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
