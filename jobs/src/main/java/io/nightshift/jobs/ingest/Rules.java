package io.nightshift.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Applies an ordered list of {@link Rule}s: each row gets the first rule it breaks, or none. */
public final class Rules {
    public static final String RULE = "rule";
    public static final String REASON = "reason";

    private Rules() {}

    /**
     * Adds (or completes) columns {@code rule} and {@code reason}: the first of {@code rules} the row breaks,
     * null when it breaks none. Rows that already carry a rule keep it, so rule lists can be applied in stages
     * (line rules first, then rules over the keys of the rows that passed them).
     */
    public static Dataset<Row> firstBroken(Dataset<Row> rows, List<Rule> rules) {
        Column rule = lit(null).cast("string");
        Column reason = lit(null).cast("string");
        for (int i = rules.size() - 1; i >= 0; i--) {
            Rule r = rules.get(i);
            rule = when(r.broken(), lit(r.name())).otherwise(rule);
            reason = when(r.broken(), r.reasonColumn()).otherwise(reason);
        }
        if (Arrays.asList(rows.columns()).contains(RULE)) {
            Column earlier = col(RULE).isNotNull();
            return rows.withColumn(REASON, when(earlier, col(REASON)).otherwise(reason))
                    .withColumn(RULE, when(earlier, col(RULE)).otherwise(rule));
        }
        return rows.withColumn(RULE, rule).withColumn(REASON, reason);
    }
}
