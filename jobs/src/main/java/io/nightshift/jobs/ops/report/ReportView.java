package io.nightshift.jobs.ops.report;

import io.nightshift.jobs.ops.report.Charts.Columns;
import io.nightshift.jobs.ops.report.Charts.HorizontalBars;
import io.nightshift.jobs.ops.report.Charts.Lines;
import java.util.List;
import java.util.stream.IntStream;

/**
 * What the run report shows, as {@code report/run-report.html} lays it out: plain values with every figure
 * already formatted and nothing escaped (the template escapes each value it prints). A null field is a part
 * the template leaves out.
 */
final class ReportView {
    private ReportView() {}

    record Page(
            String runId,
            String dates,
            String generatedAt,
            Section<Stages> stages,
            Section<DataQuality> dataQuality,
            Section<ForecastVsActual> forecastVsActual,
            Section<PriceChanges> priceChanges,
            Section<OptimizeVsControl> optimizeVsControl,
            Section<Boxes> boxes,
            Section<MarketplaceSync> marketplaceSync,
            Section<CircuitBreaker> circuitBreaker,
            Section<ForecastAccuracy> forecastAccuracy,
            List<String> feedsNotProvided) {}

    /** A section's content, or why there is none ("not available: {@code notAvailable}"). */
    record Section<T>(String notAvailable, T content) {
        static <T> Section<T> of(T content) {
            return new Section<>(null, content);
        }

        static <T> Section<T> notAvailable(String reason) {
            return new Section<>(reason, null);
        }

        static <T> Section<T> missing(String table) {
            return notAvailable(table + " missing");
        }
    }

    /** A list item printed after a separator unless it is the first (Mustache has no join). */
    record Joined(String text, boolean first) {
        static List<Joined> of(List<String> texts) {
            return IntStream.range(0, texts.size())
                    .mapToObj(i -> new Joined(texts.get(i), i == 0))
                    .toList();
        }
    }

    record Stages(int stageRuns, String totalSeconds, HorizontalBars durations, List<StageRow> rows) {}

    record StageRow(
            String status,
            String stage,
            String dates,
            String error,
            String seconds,
            String rowsIn,
            String rowsOut,
            String quarantined,
            List<Joined> tablesWritten) {}

    /** {@code bySourceAndRule} is null when no row was quarantined in the run's dates. */
    record DataQuality(
            int tablesChecked, String quarantined, String dates, HorizontalBars bySourceAndRule, Columns perDay) {}

    record ForecastVsActual(int historyDays, String forecastRun, int products, List<Lines> charts) {}

    record PriceChanges(
            String prices,
            String day,
            String withPreviousPrice,
            String expectedProfit,
            Columns changeHistogram,
            HorizontalBars reasonCodes,
            Experiments experiments) {}

    /** The night's price experiments (null when none): products under test and the expected profit given up. */
    record Experiments(String products, String expectedCost, String costShare) {}

    record OptimizeVsControl(
            HorizontalBars profitPerProduct, List<StrategyRow> strategies, Section<RealisedPerformance> realised) {}

    record StrategyRow(String strategy, String products, String expectedProfit, String averageChangePercent) {}

    record RealisedPerformance(String first, String last, HorizontalBars marginPerProductDay, List<GroupRow> groups) {}

    record GroupRow(
            String strategy,
            String group,
            String productDays,
            String units,
            String revenue,
            String margin,
            String unitsPerProductDay,
            String marginPerProductDay,
            String marginVsControl) {}

    record Boxes(String boxDate, HorizontalBars byTier, List<TierRow> tiers) {}

    record TierRow(int tier, String boxes, String items, String itemsPerBox, String meanCurationScore) {}

    /** {@code outcomes} is null when no inventory update was sent for {@code day}. */
    record MarketplaceSync(String day, HorizontalBars outcomes) {}

    /** Exactly one of: the rows the last publish-prices wrote (closed), skipped, or its failure. */
    record CircuitBreaker(String publishedRows, boolean skipped, Failure failure) {}

    record Failure(String state, String error) {}

    /** {@code wape} is null when no past forecast could be scored for {@code day}. */
    record ForecastAccuracy(String day, HorizontalBars wape) {}
}
