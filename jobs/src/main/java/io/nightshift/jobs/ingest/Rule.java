package io.nightshift.jobs.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;

/**
 * One data-quality rule: a Spark SQL boolean expression every accepted row satisfies, and the reason shown
 * when a row does not. A row for which the expression is false or null breaks the rule.
 *
 * @param name     the quarantine's {@code rule} value, e.g. {@code bad_number}
 * @param mustHold Spark SQL over the feed's prepared columns, e.g. {@code price_number > 0}
 * @param reason   the human reason; {@code {column}} is replaced by the row's value of that column
 *                 ({@code null} when null), e.g. {@code "price {price_text} is not positive"}
 */
public record Rule(String name, String mustHold, String reason) {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

    /** True where the row breaks this rule. */
    public Column broken() {
        return not(coalesce(expr(mustHold), lit(false)));
    }

    /** The reason with each placeholder filled from the row. */
    public Column reasonColumn() {
        List<Column> parts = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(reason);
        int at = 0;
        while (m.find()) {
            if (m.start() > at) {
                parts.add(lit(reason.substring(at, m.start())));
            }
            parts.add(coalesce(col(m.group(1)).cast("string"), lit("null")));
            at = m.end();
        }
        if (at < reason.length()) {
            parts.add(lit(reason.substring(at)));
        }
        return parts.isEmpty() ? lit("") : concat(parts.toArray(new Column[0]));
    }
}
