package io.nightshift.jobs.ops.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.nightshift.common.config.IngestSettings;
import io.nightshift.jobs.ops.report.ReportView.Section;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report's template on views built by hand: every value from the data is escaped, and each part shows once. */
class RunReportTemplateTest {
    static final String HOSTILE = "<script>alert(\"x\")</script> & 'y'";
    static final String ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;";

    static ReportView.Page page(
            Section<ReportView.Stages> stages,
            Section<ReportView.OptimizeVsControl> optimizeVsControl,
            Section<ReportView.CircuitBreaker> circuitBreaker) {
        return new ReportView.Page(
                "run-<1>",
                "2026-11-10",
                "2026-11-11T06:00:00Z",
                stages,
                Section.missing("quarantine.*"),
                Section.missing("gold.demand_forecast"),
                Section.missing("gold.prices"),
                optimizeVsControl,
                Section.missing("gold.next_box_items"),
                Section.missing("gold.marketplace_push_ledger"),
                circuitBreaker,
                Section.missing("gold.forecast_accuracy"),
                List.of());
    }

    static Section<ReportView.Stages> stages(String stage, String error) {
        return Section.of(new ReportView.Stages(
                1,
                "2.5",
                Charts.horizontalBars("Stage duration (s)", List.of(new Charts.Bar(stage, 2.5)), " s"),
                List.of(new ReportView.StageRow(
                        "failed",
                        stage,
                        "2026-11-10",
                        error,
                        "2.5",
                        "10",
                        "0",
                        "0",
                        ReportView.Joined.of(List.of("silver.a 1", "silver.b 2"))))));
    }

    @Test
    void feedsTheShopDeclaresItHasNoneOfAreNamedWithWhatTheySwitchOff() {
        ReportView.Page without = page(stages("ingest", null), Section.missing("gold.prices"), Section.missing("x"));
        String none = ReportTemplates.render("run-report.html", without);
        assertFalse(none.contains("Not provided by this shop"), none);

        List<String> feeds = RunReport.feedsNotProvided(
                IngestSettings.from(ConfigFactory.parseString("nightshift.ingest.on-missing-feed.traffic = none")
                        .withFallback(ConfigFactory.defaultReference())));
        String html = ReportTemplates.render(
                "run-report.html",
                new ReportView.Page(
                        without.runId(),
                        without.dates(),
                        without.generatedAt(),
                        without.stages(),
                        without.dataQuality(),
                        without.forecastVsActual(),
                        without.priceChanges(),
                        without.optimizeVsControl(),
                        without.boxes(),
                        without.marketplaceSync(),
                        without.circuitBreaker(),
                        without.forecastAccuracy(),
                        feeds));
        assertTrue(
                html.contains("Not provided by this shop (<code>nightshift.ingest.on-missing-feed</code> = none):"
                        + " traffic: no web traffic, so elasticity&#39;s add-to-cart funnel is off."),
                html);
        assertFalse(html.contains("competitor_prices: no competitor prices"), html);
    }

    @Test
    void escapesEveryValueTakenFromTheData() {
        String html = ReportTemplates.render(
                "run-report.html",
                page(
                        stages(HOSTILE, HOSTILE),
                        Section.missing("gold.prices"),
                        Section.of(new ReportView.CircuitBreaker(
                                null, false, new ReportView.Failure("publish failed", HOSTILE)))));
        assertFalse(html.contains("<script"), html);
        assertTrue(html.contains("<title>Nightshift run run-&lt;1&gt; for 2026-11-10</title>"), html);
        assertTrue(html.contains("<td>" + ESCAPED + "</td>"), "the stage name: " + html);
        assertTrue(html.contains("<div class=\"error\">" + ESCAPED + "</div>"), "the stage's error: " + html);
        assertTrue(html.contains("<p class=\"error\">" + ESCAPED + "</p>"), "the publish error: " + html);
        assertTrue(html.contains("class=\"label\">" + ESCAPED + "</text>"), "the chart label: " + html);
        assertTrue(html.contains("<title>" + ESCAPED + ": 2.50 s</title>"), "the bar's tooltip: " + html);
    }

    @Test
    void aSectionSaysWhyItIsNotAvailableAndShowsNothingElse() {
        Section<ReportView.OptimizeVsControl> optimize = Section.of(new ReportView.OptimizeVsControl(
                Charts.horizontalBars(
                        "Expected profit per product by strategy",
                        List.of(new Charts.Bar("optimize (per product)", 3)),
                        ""),
                List.of(new ReportView.StrategyRow("optimize", "4", "12", "1.25")),
                Section.missing("gold.pricing_performance")));
        String html = ReportTemplates.render(
                "run-report.html",
                page(stages("ingest", null), optimize, Section.notAvailable("publish-prices did not run in this run")));
        assertTrue(html.contains("<p class=\"na\">not available: gold.pricing_performance missing</p>"), html);
        assertFalse(html.contains("Sales from"), "a missing sub-section does not borrow its parent's content: " + html);
        assertTrue(
                html.contains(
                        "<td>optimize</td><td class=\"num\">4</td><td class=\"num\">12</td><td class=\"num\">1.25</td>"),
                html);
        assertTrue(html.contains("<p class=\"na\">not available: publish-prices did not run in this run</p>"), html);
        assertTrue(
                html.contains("<td class=\"small\">silver.a 1<br>silver.b 2</td>"),
                "tables written, one a line: " + html);
        assertFalse(html.contains("class=\"error\""), "no error for a stage without one: " + html);
        for (String id : List.of(
                "stages",
                "data-quality",
                "forecast",
                "prices",
                "optimize-vs-control",
                "boxes",
                "marketplaces",
                "circuit-breaker",
                "forecast-accuracy")) {
            assertEquals(1, html.split("<section id=\"" + id + "\">", -1).length - 1, id + " once: " + html);
        }
        assertEquals(
                8,
                html.split("<p class=\"na\">not available: ", -1).length - 1,
                "six sections' tables missing, the realised sub-section's, and the circuit breaker: " + html);
    }
}
