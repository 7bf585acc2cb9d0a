package io.nightshift.jobs.ops.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Hand-drawn inline SVG charts for the run report: no script, no fonts or images fetched, so the file
 * renders the same offline in any browser. Every chart is an {@code <svg class="chart">} with a title.
 */
public final class Svg {
    private Svg() {
    }

    static final String[] PALETTE = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};

    /** A labelled value. */
    public record Bar(String label, double value) {
    }

    /** A line: y values at x positions 0..n-1 (NaN where there is none). */
    public record Series(String name, String color, double[] values, boolean dashed) {
    }

    /** A shaded interval band: lower and upper per x position (NaN where there is none). */
    public record Band(String name, double[] lower, double[] upper) {
    }

    /** Horizontal bars, one per label, with the value printed after each bar. */
    public static String horizontalBars(String title, List<Bar> bars, String unit) {
        int labelWidth = 220;
        int barArea = 420;
        int rowHeight = 22;
        int height = 30 + Math.max(1, bars.size()) * rowHeight + 10;
        double max = bars.stream().mapToDouble(Bar::value).map(Math::abs).max().orElse(0);
        StringBuilder svg = open(title, labelWidth + barArea + 120, height);
        text(svg, 8, 18, title, "title");
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            int y = 30 + i * rowHeight;
            double length = max <= 0 ? 0 : Math.abs(bar.value()) / max * barArea;
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" class=\"label\">%s</text>",
                    labelWidth - 6, y + 15, escape(shorten(bar.label(), 34))));
            svg.append(String.format(Locale.ROOT, "<rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>%s: %s</title></rect>",
                    labelWidth, y + 3, Math.max(length, 1), rowHeight - 6, PALETTE[i % PALETTE.length],
                    escape(bar.label()), escape(format(bar.value()) + unit)));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" class=\"value\">%s</text>",
                    labelWidth + Math.max(length, 1) + 4, y + 15, escape(format(bar.value()) + unit)));
        }
        return svg.append("</svg>").toString();
    }

    /** Vertical bars over ordered categories (a histogram), with the count above each bar. */
    public static String columns(String title, List<Bar> bars, String xLabel) {
        int width = 680;
        int height = 260;
        int left = 50;
        int bottom = height - 50;
        int top = 34;
        double max = bars.stream().mapToDouble(Bar::value).max().orElse(0);
        StringBuilder svg = open(title, width, height);
        text(svg, 8, 18, title, "title");
        axes(svg, left, top, width - 10, bottom);
        int n = Math.max(1, bars.size());
        double slot = (double) (width - 10 - left) / n;
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            double h = max <= 0 ? 0 : bar.value() / max * (bottom - top);
            double x = left + i * slot + slot * 0.1;
            svg.append(String.format(Locale.ROOT, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s: %s</title></rect>",
                    x, bottom - h, slot * 0.8, h, PALETTE[0], escape(bar.label()), escape(format(bar.value()))));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" class=\"value\">%s</text>",
                    x + slot * 0.4, bottom - h - 3, escape(format(bar.value()))));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" class=\"label\">%s</text>",
                    x + slot * 0.4, bottom + 15, escape(bar.label())));
        }
        text(svg, left + (width - left) / 2, height - 10, xLabel, "axis-title");
        return svg.append("</svg>").toString();
    }

    /**
     * Lines over x positions labelled {@code xLabels} (e.g. days), with optional interval bands drawn
     * beneath them and a legend. A series breaks where its value is NaN.
     */
    public static String lines(String title, List<String> xLabels, List<Series> series, List<Band> bands, String yLabel) {
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
        java.util.function.DoubleUnaryOperator y = v -> bottom - (v - yMin) / (yMax - yMin) * (bottom - top);
        StringBuilder svg = open(title, width, height);
        text(svg, 8, 18, title, "title");
        axes(svg, left, top, right, bottom);
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" class=\"label\">%s</text>", left - 4, top + 4, escape(format(max))));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" class=\"label\">%s</text>", left - 4, bottom, escape(format(min))));
        text(svg, 12, top - 6, yLabel, "axis-title");
        int labelEvery = Math.max(1, xLabels.size() / 6);
        for (int i = 0; i < xLabels.size(); i += labelEvery) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" class=\"label\">%s</text>",
                    left + i * xStep, bottom + 15, escape(xLabels.get(i))));
        }
        for (Band band : bands) {
            List<String> upper = new ArrayList<>();
            List<String> lower = new ArrayList<>();
            for (int i = 0; i < band.upper().length; i++) {
                if (!Double.isNaN(band.upper()[i]) && !Double.isNaN(band.lower()[i])) {
                    upper.add(String.format(Locale.ROOT, "%.1f,%.1f", left + i * xStep, y.applyAsDouble(band.upper()[i])));
                    lower.add(0, String.format(Locale.ROOT, "%.1f,%.1f", left + i * xStep, y.applyAsDouble(band.lower()[i])));
                }
            }
            if (!upper.isEmpty()) {
                upper.addAll(lower);
                svg.append("<polygon class=\"band\" fill=\"#f28e2b\" fill-opacity=\"0.2\" stroke=\"none\" points=\"")
                        .append(String.join(" ", upper)).append("\"><title>").append(escape(band.name())).append("</title></polygon>");
            }
        }
        int legendX = left + 10;
        for (Series s : series) {
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < s.values().length; i++) {
                double v = s.values()[i];
                if (Double.isNaN(v)) {
                    polyline(svg, points, s);
                    points.setLength(0);
                } else {
                    points.append(String.format(Locale.ROOT, "%.1f,%.1f ", left + i * xStep, y.applyAsDouble(v)));
                }
            }
            polyline(svg, points, s);
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"3\" fill=\"%s\"/>", legendX, height - 12, s.color()));
            text(svg, legendX + 16, height - 7, s.name(), "label");
            legendX += 24 + 7 * s.name().length();
        }
        return svg.append("</svg>").toString();
    }

    private static void polyline(StringBuilder svg, StringBuilder points, Series s) {
        if (points.length() == 0) {
            return;
        }
        svg.append("<polyline class=\"line\" fill=\"none\" stroke=\"").append(s.color()).append("\" stroke-width=\"1.8\"")
                .append(s.dashed() ? " stroke-dasharray=\"5,3\"" : "")
                .append(" points=\"").append(points.toString().strip()).append("\"><title>").append(escape(s.name())).append("</title></polyline>");
    }

    private static StringBuilder open(String title, int width, int height) {
        return new StringBuilder(String.format(Locale.ROOT,
                "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">",
                width, height, width, height, escape(title)));
    }

    private static void axes(StringBuilder svg, int left, int top, int right, int bottom) {
        svg.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>", left, top, left, bottom));
        svg.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>", left, bottom, right, bottom));
    }

    private static void text(StringBuilder svg, int x, int y, String text, String cssClass) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"%s\">%s</text>", x, y, cssClass, escape(text)));
    }

    static String format(double value) {
        if (Math.abs(value - Math.rint(value)) < 1e-9 && Math.abs(value) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) Math.rint(value));
        }
        return Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    /** Escapes text for XML and HTML content and attribute values. */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
