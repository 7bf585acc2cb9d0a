package io.nightshift.sandbox.pricing;

import io.nightshift.jobs.ops.report.Charts;
import io.nightshift.jobs.ops.report.ReportTemplates;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The closed loop's figures: a table per strategy and one per week (printed), and the same as an HTML page with a
 * line chart per weekly figure (rendered like the run report: Mustache, inline SVG from {@link Charts}).
 */
public final class ClosedLoopReport {
    private static final String NOT_ESTIMATED = "-";

    private ClosedLoopReport() {}

    /** Lines describing what was simulated and how, shared by the printout and the page. */
    public static List<String> notes(ClosedLoopSimulation.Result r, String shop, long seed) {
        List<String> notes = new ArrayList<>();
        notes.add(String.format(
                Locale.ROOT,
                "%d nights after the cut-off %s (the nights %s .. %s price the days after them), "
                        + "%d products%s; forecasts and elasticities refitted every %d night%s, prices every night; demand seed %d; %s",
                r.nights(),
                r.cutoff(),
                r.cutoff(),
                r.cutoff().plusDays(r.nights() - 1L),
                r.products(),
                r.leftOut() == 0 ? "" : " (" + r.leftOut() + " launched after the cut-off left out)",
                r.refitDays(),
                r.refitDays() == 1 ? "" : "s",
                seed,
                shop));
        notes.add(
                "each night runs the stages' own model code on the strategy's history up to that night, simulated sales "
                        + "included: the forecast stage's model choice and fit, the elasticity stage's regression and shrinkage, the price stage's Pricer");
        if (r.initialShareWithin() != null) {
            notes.add(String.format(
                    Locale.ROOT,
                    "initial elasticities: estimated at the cut-off from the %d days of history up to %s "
                            + "(none of the simulated days): %s of the %d products selling 1+ unit a day within ±%.1f of the truth",
                    r.initialWindowDays(),
                    r.cutoff(),
                    percent(r.initialShareWithin()),
                    r.selling(),
                    ClosedLoopSimulation.WITHIN));
        }
        if (r.shortHistory() > 0) {
            notes.add(r.shortHistory()
                    + " product-refits had too short a history for a model: a flat forecast at the recent "
                    + "level (the stage scales its category's profile to that level)");
        }
        notes.add(String.format(
                Locale.ROOT,
                "wall clock: forecast fits %.1f s, elasticity fits %.1f s, pricing and selling %.1f s",
                r.forecastSeconds(),
                r.elasticitySeconds(),
                r.pricingSeconds()));
        return notes;
    }

    public static void print(ClosedLoopSimulation.Result r, String shop, long seed, PrintStream out) {
        for (String note : notes(r, shop, seed)) {
            out.println(note);
        }
        out.println();
        out.printf(
                Locale.ROOT,
                "%-15s %14s %14s %9s %9s %9s %8s %6s %6s %8s %8s %8s%n",
                "strategy",
                "revenue",
                "profit",
                "units",
                "stock-out",
                "changes",
                "tests",
                "<cost",
                ">cap",
                "profit",
                "revenue",
                "within");
        out.printf(
                Locale.ROOT,
                "%-15s %14s %14s %9s %9s %9s %8s %6s %6s %8s %8s %8s%n",
                "",
                "",
                "",
                "",
                "days",
                "",
                "",
                "",
                "",
                "vs rules",
                "vs rules",
                "±0.2");
        ClosedLoopSimulation.StrategyResult rules = r.strategy(LoopStrategy.RULES);
        for (ClosedLoopSimulation.StrategyResult s : r.strategies()) {
            out.printf(
                    Locale.ROOT,
                    "%-15s %,14.2f %,14.2f %,9d %,9d %,9d %,8d %6d %6d %8s %8s %8s%n",
                    s.strategy().label,
                    s.revenue(),
                    s.profit(),
                    s.units(),
                    s.stockoutDays(),
                    s.priceChanges(),
                    s.experiments(),
                    s.belowCost(),
                    s.aboveCap(),
                    rules == null ? NOT_ESTIMATED : signedPercent(PricingSimulation.lift(s.profit(), rules.profit())),
                    rules == null ? NOT_ESTIMATED : signedPercent(PricingSimulation.lift(s.revenue(), rules.revenue())),
                    s.shareWithin() == null ? NOT_ESTIMATED : percent(s.shareWithin()));
        }
        for (String line : liftLines(r)) {
            out.println(line);
        }
        out.println();
        out.println("week by week: profit vs optimize-truth, share within ±0.2 at the week's end, guardrail breaches");
        List<List<String>> table = new ArrayList<>();
        table.add(weekHeader(r));
        table.addAll(weekRows(r));
        int[] width = new int[table.get(0).size()];
        for (List<String> row : table) {
            for (int c = 0; c < row.size(); c++) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        StringBuilder line = new StringBuilder();
        for (List<String> row : table) {
            line.setLength(0);
            for (int c = 0; c < row.size(); c++) {
                line.append(String.format(Locale.ROOT, "%-" + (width[c] + 2) + "s", row.get(c)));
            }
            out.println(line.toString().stripTrailing());
        }
        for (ClosedLoopSimulation.StrategyResult s : r.strategies()) {
            out.println("reasons (" + s.strategy().label + "): "
                    + String.join(", ", PricingSimulation.topReasons(s.reasons(), 6)));
        }
    }

    /** The acceptance figures: lifts over rules and optimize-learn's share of optimize-truth's lift. */
    static List<String> liftLines(ClosedLoopSimulation.Result r) {
        List<String> lines = new ArrayList<>();
        ClosedLoopSimulation.StrategyResult rules = r.strategy(LoopStrategy.RULES);
        ClosedLoopSimulation.StrategyResult truth = r.strategy(LoopStrategy.OPTIMIZE_TRUTH);
        if (rules == null || truth == null) {
            return lines;
        }
        double truthLift = truth.profit() - rules.profit();
        for (LoopStrategy s : List.of(LoopStrategy.OPTIMIZE, LoopStrategy.OPTIMIZE_LEARN)) {
            ClosedLoopSimulation.StrategyResult result = r.strategy(s);
            if (result == null || truthLift == 0) {
                continue;
            }
            lines.add(String.format(
                    Locale.ROOT,
                    "%s reaches %s of optimize-truth's profit lift over rules (%s vs %s)",
                    s.label,
                    percent((result.profit() - rules.profit()) / truthLift),
                    signedPercent(PricingSimulation.lift(result.profit(), rules.profit())),
                    signedPercent(PricingSimulation.lift(truth.profit(), rules.profit()))));
        }
        return lines;
    }

    static List<String> weekHeader(ClosedLoopSimulation.Result r) {
        List<String> header = new ArrayList<>(List.of("week", "days"));
        boolean truth = r.strategy(LoopStrategy.OPTIMIZE_TRUTH) != null;
        for (ClosedLoopSimulation.StrategyResult s : r.strategies()) {
            if (truth && s.strategy() != LoopStrategy.OPTIMIZE_TRUTH) {
                header.add(s.strategy().label + " vs truth");
            }
            if (!truth) {
                header.add(s.strategy().label + " profit");
            }
        }
        for (ClosedLoopSimulation.StrategyResult s : r.strategies()) {
            if (s.strategy().usesEstimates()) {
                header.add(s.strategy().label + " ±0.2");
            }
        }
        header.add("breaches");
        return header;
    }

    static List<List<String>> weekRows(ClosedLoopSimulation.Result r) {
        ClosedLoopSimulation.StrategyResult truth = r.strategy(LoopStrategy.OPTIMIZE_TRUTH);
        List<List<String>> rows = new ArrayList<>();
        int weeks = r.strategies().get(0).weeks().size();
        for (int w = 0; w < weeks; w++) {
            ClosedLoopSimulation.Week first = r.strategies().get(0).weeks().get(w);
            List<String> row = new ArrayList<>(List.of(
                    String.valueOf(first.week()),
                    first.firstDay().toString().substring(5) + ".."
                            + first.lastDay().toString().substring(5)));
            for (ClosedLoopSimulation.StrategyResult s : r.strategies()) {
                ClosedLoopSimulation.Week week = s.weeks().get(w);
                if (truth == null) {
                    row.add(String.format(Locale.ROOT, "%,.0f", week.profit()));
                } else if (s.strategy() != LoopStrategy.OPTIMIZE_TRUTH) {
                    row.add(signedPercent(PricingSimulation.lift(
                            week.profit(), truth.weeks().get(w).profit())));
                }
            }
            for (ClosedLoopSimulation.StrategyResult s : r.strategies()) {
                if (s.strategy().usesEstimates()) {
                    Double share = s.weeks().get(w).shareWithin();
                    row.add(share == null ? NOT_ESTIMATED : percent(share));
                }
            }
            long breaches = 0;
            for (ClosedLoopSimulation.StrategyResult s : r.strategies()) {
                breaches += s.weeks().get(w).breaches();
            }
            row.add(String.valueOf(breaches));
            rows.add(row);
        }
        return rows;
    }

    /** The page: the notes, the strategy table, the weekly table and a line chart per weekly figure. */
    public static String html(ClosedLoopSimulation.Result r, String shop, long seed, String generatedAt) {
        List<String> labels = new ArrayList<>();
        labels.add("cut-off");
        for (ClosedLoopSimulation.Week w : r.strategies().get(0).weeks()) {
            labels.add("w" + w.week());
        }
        ClosedLoopSimulation.StrategyResult truth = r.strategy(LoopStrategy.OPTIMIZE_TRUTH);
        List<Charts.Series> regret = new ArrayList<>();
        List<Charts.Series> within = new ArrayList<>();
        List<Charts.Series> breaches = new ArrayList<>();
        for (ClosedLoopSimulation.StrategyResult s : r.strategies()) {
            String color = Charts.PALETTE[s.strategy().ordinal() % Charts.PALETTE.length];
            double[] profit = new double[labels.size()];
            double[] share = new double[labels.size()];
            double[] breach = new double[labels.size()];
            profit[0] = Double.NaN;
            share[0] = r.initialShareWithin() == null ? Double.NaN : 100 * r.initialShareWithin();
            breach[0] = Double.NaN;
            for (int w = 0; w < s.weeks().size(); w++) {
                ClosedLoopSimulation.Week week = s.weeks().get(w);
                profit[w + 1] = truth == null
                        ? week.profit()
                        : 100
                                * PricingSimulation.lift(
                                        week.profit(), truth.weeks().get(w).profit());
                share[w + 1] = week.shareWithin() == null ? Double.NaN : 100 * week.shareWithin();
                breach[w + 1] = week.breaches();
            }
            if (truth == null || s.strategy() != LoopStrategy.OPTIMIZE_TRUTH) {
                regret.add(new Charts.Series(s.strategy().label, color, profit, false));
            }
            if (s.strategy().usesEstimates()) {
                within.add(new Charts.Series(s.strategy().label, color, share, false));
            }
            breaches.add(new Charts.Series(s.strategy().label, color, breach, false));
        }
        List<Charts.Lines> charts = new ArrayList<>();
        charts.add(Charts.lines(
                truth == null ? "Profit per week" : "Profit per week vs optimize-truth (%)",
                labels,
                regret,
                List.of(),
                truth == null ? "profit" : "% vs optimize-truth"));
        if (!within.isEmpty()) {
            charts.add(Charts.lines(
                    "Products selling 1+ unit a day with the elasticity estimate within ±0.2 of the truth (%)",
                    labels, within, List.of(), "% within ±0.2"));
        }
        charts.add(Charts.lines(
                "Guardrail breaches per week (prices below cost or above cap)", labels, breaches, List.of(), "prices"));

        List<Row> rows = new ArrayList<>();
        ClosedLoopSimulation.StrategyResult rules = r.strategy(LoopStrategy.RULES);
        for (ClosedLoopSimulation.StrategyResult s : r.strategies()) {
            rows.add(new Row(
                    s.strategy().label,
                    List.of(
                            String.format(Locale.ROOT, "%,.2f", s.revenue()),
                            String.format(Locale.ROOT, "%,.2f", s.profit()),
                            String.format(Locale.ROOT, "%,d", s.units()),
                            String.format(Locale.ROOT, "%,d", s.stockoutDays()),
                            String.format(Locale.ROOT, "%,d", s.priceChanges()),
                            String.format(Locale.ROOT, "%,d", s.experiments()),
                            String.valueOf(s.belowCost()),
                            String.valueOf(s.aboveCap()),
                            rules == null
                                    ? NOT_ESTIMATED
                                    : signedPercent(PricingSimulation.lift(s.profit(), rules.profit())),
                            rules == null
                                    ? NOT_ESTIMATED
                                    : signedPercent(PricingSimulation.lift(s.revenue(), rules.revenue())),
                            s.shareWithin() == null ? NOT_ESTIMATED : percent(s.shareWithin()))));
        }
        List<String> weekHeader = weekHeader(r);
        List<Row> weekRows = new ArrayList<>();
        for (List<String> row : weekRows(r)) {
            weekRows.add(new Row(row.get(0), row.subList(1, row.size())));
        }
        Page page = new Page(
                r.cutoff().plusDays(1) + " .. " + r.cutoff().plusDays(r.nights()),
                shop,
                generatedAt,
                notes(r, shop, seed),
                List.of(
                        "strategy",
                        "revenue",
                        "profit",
                        "units",
                        "stock-out days",
                        "price changes",
                        "price tests",
                        "below cost",
                        "above cap",
                        "profit vs rules",
                        "revenue vs rules",
                        "within ±0.2 at the end"),
                rows,
                liftLines(r),
                charts,
                weekHeader,
                weekRows);
        return ReportTemplates.render("closed-loop.html", page);
    }

    /** A table row: its first cell (a strategy or a week) and the rest. */
    record Row(String strategy, List<String> cells) {}

    record Page(
            String period,
            String shop,
            String generatedAt,
            List<String> notes,
            List<String> header,
            List<Row> rows,
            List<String> lift,
            List<Charts.Lines> charts,
            List<String> weekHeader,
            List<Row> weekRows) {}

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * share);
    }

    static String signedPercent(double share) {
        return String.format(Locale.ROOT, "%+.1f%%", 100 * share);
    }
}
