package io.nightshift.jobs.ops.report;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.MustacheFactory;
import java.io.StringWriter;

/**
 * The report's Mustache templates, classpath resources under {@code report/} (the page, {@code run-report.html},
 * and the partials it includes). Logic-less: the view decides what shows, the template only lays it out, and
 * every {@code {{value}}} is HTML-escaped (the templates have no triple-brace, unescaped, value).
 */
public final class ReportTemplates {
    /** Compiles each template on first use and keeps it; safe to share between threads. */
    private static final MustacheFactory TEMPLATES = new DefaultMustacheFactory("report");

    private ReportTemplates() {}

    public static String render(String template, Object view) {
        StringWriter html = new StringWriter();
        TEMPLATES.compile(template).execute(html, view);
        return html.toString();
    }
}
