package io.nightshift.sandbox.sample;

import java.util.Map;

/**
 * What one generation wrote: rows per commerce table, files per kind ({@code traffic},
 * {@code competitor_prices}, {@code external}, {@code ground_truth}), data rows in the landing
 * files, and injected defects.
 */
public record SampleShopSummary(
        Map<String, Long> rowsByTable, Map<String, Long> filesByKind, long landingRows, long defects) {}
