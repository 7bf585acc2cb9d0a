package io.nightshift.common.catalog;

import java.util.Locale;

/** The medallion layers; each is a folder under the warehouse and a database in Spark SQL. */
public enum Layer {
    /** Each source as received, with ingestion metadata. */
    BRONZE,
    /** Typed, deduplicated, validated; one row per the table's grain. */
    SILVER,
    /** Derived outputs: forecasts, prices, boxes, ledgers. */
    GOLD,
    /** Rejected input rows, each with the rule it broke. */
    QUARANTINE;

    public String folder() {
        return name().toLowerCase(Locale.ROOT);
    }
}
