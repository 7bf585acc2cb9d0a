package io.nightshift.jobs.importing;

import java.util.Map;

/**
 * One row an API client built for the import, in a feed's column names (text), with where it came from: what
 * {@link ImportFiles} gives for a file's row.
 *
 * @param sourceFile names the row's origin in quarantine (an order's API address, never with credentials)
 * @param row        the row's position within its origin, from 1
 * @param raw        the origin's data as JSON, for quarantine
 * @param values     column name to text (null: empty)
 */
public record SourceRow(String sourceFile, long row, String raw, Map<String, String> values) {}
