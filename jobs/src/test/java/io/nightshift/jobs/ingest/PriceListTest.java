package io.nightshift.jobs.ingest;

import io.nightshift.common.testing.TestSpark;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The price list's rows, each in force until the product's next one, as one list price per product and day. */
class PriceListTest {
    private final SparkSession spark = TestSpark.session();

    @Test
    void eachRowPricesTheWindowsDaysUntilTheProductsNextRow() {
        Dataset<Row> rows = spark.sql("select * from values "
                // Product 1: 2.55 since before the window, 2.75 from Jan 3 on (still in force).
                + "(1, date'2025-12-01', date'2026-01-03', cast(2.55 as decimal(12,2))), "
                + "(1, date'2026-01-03', cast(null as date), cast(2.75 as decimal(12,2))), "
                // Product 2: listed only from Jan 4, for one day.
                + "(2, date'2026-01-04', date'2026-01-05', cast(9.99 as decimal(12,2))), "
                // Product 3: a row that ended before the window prices none of its days.
                + "(3, date'2025-11-01', date'2025-12-01', cast(5.00 as decimal(12,2))) "
                + "as t(product_id, valid_from, valid_until, list_price)");

        Dataset<Row> expected = spark.sql("select * from values "
                + "(1, date'2026-01-02', cast(2.55 as decimal(12,2))), "
                + "(1, date'2026-01-03', cast(2.75 as decimal(12,2))), "
                + "(1, date'2026-01-04', cast(2.75 as decimal(12,2))), "
                + "(1, date'2026-01-05', cast(2.75 as decimal(12,2))), "
                + "(2, date'2026-01-04', cast(9.99 as decimal(12,2))) "
                + "as t(product_id, day, list_price)");
        Frames.assertSameRows(expected, PriceList.daily(rows, LocalDate.of(2026, 1, 2), LocalDate.of(2026, 1, 5)));
    }
}
