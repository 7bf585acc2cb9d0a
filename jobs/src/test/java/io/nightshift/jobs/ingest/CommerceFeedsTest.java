package io.nightshift.jobs.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nightshift.common.testing.TestSpark;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** Order lines' checks: a returned line (negative quantity) is accepted as demand's correction, a zero one is not. */
class CommerceFeedsTest {
    private final SparkSession spark = TestSpark.session();

    @Test
    void aReturnedLineIsAcceptedAndAZeroQuantityIsQuarantinedNamingTheRule() {
        Dataset<Row> lines = spark.sql("select day, order_id, line_no, product_id, quantity,"
                + " cast(unit_price as decimal(12,2)) as unit_price, channel, status, ordered_at from values"
                + " (date'2026-01-02', '1001', 1, 7, 3, 4.50, 'web', 'paid', timestamp'2026-01-02 10:00:00'),"
                + " (date'2026-01-02', 'C1001', 1, 7, -3, 4.50, 'web', 'paid', timestamp'2026-01-02 16:00:00'),"
                + " (date'2026-01-02', '1002', 1, 7, 0, 4.50, 'web', 'paid', timestamp'2026-01-02 17:00:00')"
                + " as t(day, order_id, line_no, product_id, quantity, unit_price, channel, status, ordered_at)");
        Dataset<Row> products = spark.sql("select 7 as product_id");

        CommerceFeeds.Checked checked = CommerceFeeds.orderLines(
                lines,
                products,
                LocalDate.of(2026, 1, 2),
                Timestamp.valueOf("2026-01-03 02:00:00"),
                new BigDecimal("100000"));

        assertEquals(
                List.of("1001", "C1001"),
                checked.accepted()
                        .orderBy("order_id")
                        .select("order_id")
                        .as(Encoders.STRING())
                        .collectAsList());
        List<Row> quarantined = checked.quarantine().select("rule", "reason").collectAsList();
        assertEquals(1, quarantined.size());
        assertEquals("bad_quantity", quarantined.get(0).getString(0));
        assertEquals(
                "quantity must not be 0 (a returned line is negative), got 0",
                quarantined.get(0).getString(1));
        assertEquals(3, checked.bronze().count(), "rows in = accepted + quarantined");
    }
}
