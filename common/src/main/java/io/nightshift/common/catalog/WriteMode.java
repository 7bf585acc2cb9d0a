package io.nightshift.common.catalog;

/** How a table is written; every mode is idempotent: writing the same rows twice leaves one copy. */
public enum WriteMode {
    /** Replace exactly the rows whose date column falls in the run's dates (Delta replaceWhere). */
    REPLACE_DATES,
    /** Upsert on the key columns (Delta MERGE): update matches, insert the rest. */
    MERGE,
    /** Insert rows whose keys are not present yet; existing rows are never changed (ledgers). */
    INSERT_NEW,
    /** Replace the whole table in one commit (small dimensions that are rebuilt every run). */
    OVERWRITE
}
