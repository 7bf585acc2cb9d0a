package io.nightshift.jobs.ops.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/**
 * The geometry of the report's hand-drawn inline SVG charts: where every bar, line and label goes, with the
 * coordinates and figures formatted. The markup is in the chart templates ({@code report/charts/*.html}); no
 * script, no fonts or images fetched, so the file renders the same offline in any browser.
 */
public final class Charts {
    private Charts() {}

    public static final String[] PALETTE = {
        "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"
    };

    /** A labelled value. */
    record Bar(String label, double value) {}

    /** A line: y values at x positions 0..n-1 (NaN where there is none). */
    public record Series(String name, String color, double[] values, boolean dashed) {}

    /** A shaded interval band: lower and upper per x position (NaN where there is none). */
    record Band(String name, double[] lower, double[] upper) {}

    /** A text at a point; {@code text} is the plain text (the template escapes it). */
    record Text(String x, String y, String text) {}

    /** An axis line from (x1, y1) to (x2, y2). */
    record Axis(int x1, int y1, int x2, int y2) {}

    /** Horizontal bars, one per label, with the value printed after each bar. */
    record HorizontalBars(String title, int width, int height, List<HorizontalBar> bars) {}

    /** One row: its label ({@code shortLabel} drawn, {@code label} in the tooltip), the bar, and the value after it. */
    record HorizontalBar(
            String label,
            String shortLabel,
            String value,
            int labelX,
            int textY,
            int barX,
            int barY,
            String barWidth,
            int barHeight,
            String fill,
            String valueX) {}

    /** Vertical bars over ordered categories (a histogram), with the count above each bar. */
    record Columns(String title, int width, int height, List<Axis> axes, List<Column> columns, Text axisTitle) {}

    /** One column: the bar, its value above it and its label below the axis, both centred on {@code centerX}. */
    record Column(
            String label,
            String value,
            String x,
            String y,
            String width,
            String height,
            String fill,
            String centerX,
            String valueY,
            int labelY) {}

    /** Lines over labelled x positions, interval bands beneath them, the y range and a legend. */
    public record Lines(
            String title,
            int width,
            int height,
            List<Axis> axes,
            Text yMax,
            Text yMin,
            Text yTitle,
            List<Text> xTicks,
            List<Polygon> bands,
            List<Line> lines) {}

    /** A closed shape through {@code points} ("x,y x,y ..."), named in its tooltip. */
    record Polygon(String points, String name) {}

    /**
     * A series: its unbroken stretches ("x,y x,y ..." each), then its swatch at ({@code legendX}, {@code legendY})
     * and name at ({@code nameX}, {@code nameY}) under the plot.
     */
    record Line(
            String name,
            String color,
            boolean dashed,
            List<String> stretches,
            int legendX,
            int legendY,
            int nameX,
            int nameY) {}

    static HorizontalBars horizontalBars(String title, List<Bar> bars, String unit) {
        int labelWidth = 220;
        int barArea = 420;
        int rowHeight = 22;
        int height = 30 + Math.max(1, bars.size()) * rowHeight + 10;
        double max = bars.stream().mapToDouble(Bar::value).map(Math::abs).max().orElse(0);
        List<HorizontalBar> rows = new ArrayList<>();
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            int y = 30 + i * rowHeight;
            double length = Math.max(max <= 0 ? 0 : Math.abs(bar.value()) / max * barArea, 1);
            rows.add(new HorizontalBar(
                    bar.label(),
                    shorten(bar.label(), 34),
                    Figures.format(bar.value()) + unit,
                    labelWidth - 6,
                    y + 15,
                    labelWidth,
                    y + 3,
                    oneDecimal(length),
                    rowHeight - 6,
                    PALETTE[i % PALETTE.length],
                    oneDecimal(labelWidth + length + 4)));
        }
        return new HorizontalBars(title, labelWidth + barArea + 120, height, rows);
    }

    static Columns columns(String title, List<Bar> bars, String xLabel) {
        int width = 680;
        int height = 260;
        int left = 50;
        int bottom = height - 50;
        int top = 34;
        double max = bars.stream().mapToDouble(Bar::value).max().orElse(0);
        double slot = (double) (width - 10 - left) / Math.max(1, bars.size());
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            double h = max <= 0 ? 0 : bar.value() / max * (bottom - top);
            double x = left + i * slot + slot * 0.1;
            columns.add(new Column(
                    bar.label(),
                    Figures.format(bar.value()),
                    oneDecimal(x),
                    oneDecimal(bottom - h),
                    oneDecimal(slot * 0.8),
                    oneDecimal(h),
                    PALETTE[0],
                    oneDecimal(x + slot * 0.4),
                    oneDecimal(bottom - h - 3),
                    bottom + 15));
        }
        return new Columns(
                title,
                width,
                height,
                axes(left, top, width - 10, bottom),
                columns,
                new Text(String.valueOf(left + (width - left) / 2), String.valueOf(height - 10), xLabel));
    }

    /** A series breaks where its value is NaN; the y range starts at 0 unless a value is negative. */
    public static Lines lines(
            String title, List<String> xLabels, List<Series> series, List<Band> bands, String yLabel) {
        int width = 680;
        int height = 240;
        int left = 50;
        int right = width - 10;
        int top = 34;
        int bottom = height - 44;
        double min = 0;
        double max = 0;
        for (Series s : series) {
            for (double v : s.values()) {
                if (!Double.isNaN(v)) {
                    max = Math.max(max, v);
                    min = Math.min(min, v);
                }
            }
        }
        for (Band b : bands) {
            for (double v : b.upper()) {
                if (!Double.isNaN(v)) {
                    max = Math.max(max, v);
                }
            }
        }
        if (max <= min) {
            max = min + 1;
        }
        int n = Math.max(2, xLabels.size());
        double xStep = (double) (right - left) / (n - 1);
        double yMin = min;
        double yMax = max;
        DoubleUnaryOperator y = v -> bottom - (v - yMin) / (yMax - yMin) * (bottom - top);
        List<Text> xTicks = new ArrayList<>();
        int labelEvery = Math.max(1, xLabels.size() / 6);
        for (int i = 0; i < xLabels.size(); i += labelEvery) {
            xTicks.add(new Text(oneDecimal(left + i * xStep), String.valueOf(bottom + 15), xLabels.get(i)));
        }
        List<Polygon> polygons = new ArrayList<>();
        for (Band band : bands) {
            List<String> upper = new ArrayList<>();
            List<String> lower = new ArrayList<>();
            for (int i = 0; i < band.upper().length; i++) {
                if (!Double.isNaN(band.upper()[i]) && !Double.isNaN(band.lower()[i])) {
                    upper.add(point(left + i * xStep, y.applyAsDouble(band.upper()[i])));
                    lower.add(0, point(left + i * xStep, y.applyAsDouble(band.lower()[i])));
                }
            }
            if (!upper.isEmpty()) {
                upper.addAll(lower);
                polygons.add(new Polygon(String.join(" ", upper), band.name()));
            }
        }
        List<Line> lines = new ArrayList<>();
        int legendX = left + 10;
        for (Series s : series) {
            List<String> stretches = new ArrayList<>();
            List<String> points = new ArrayList<>();
            for (int i = 0; i < s.values().length; i++) {
                double v = s.values()[i];
                if (Double.isNaN(v)) {
                    addStretch(stretches, points);
                    points.clear();
                } else {
                    points.add(point(left + i * xStep, y.applyAsDouble(v)));
                }
            }
            addStretch(stretches, points);
            lines.add(new Line(
                    s.name(), s.color(), s.dashed(), stretches, legendX, height - 12, legendX + 16, height - 7));
            legendX += 24 + 7 * s.name().length();
        }
        return new Lines(
                title,
                width,
                height,
                axes(left, top, right, bottom),
                new Text(String.valueOf(left - 4), String.valueOf(top + 4), Figures.format(max)),
                new Text(String.valueOf(left - 4), String.valueOf(bottom), Figures.format(min)),
                new Text("12", String.valueOf(top - 6), yLabel),
                xTicks,
                polygons,
                lines);
    }

    private static void addStretch(List<String> stretches, List<String> points) {
        if (!points.isEmpty()) {
            stretches.add(String.join(" ", points));
        }
    }

    private static List<Axis> axes(int left, int top, int right, int bottom) {
        return List.of(new Axis(left, top, left, bottom), new Axis(left, bottom, right, bottom));
    }

    private static String point(double x, double y) {
        return oneDecimal(x) + "," + oneDecimal(y);
    }

    private static String oneDecimal(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
