package io.nightshift.common.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.common.testing.TestSpark;
import io.nightshift.common.time.RunDates;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableWriterTest {
    private static final LocalDate JAN_1 = LocalDate.of(2026, 1, 1);
    private static final LocalDate JAN_2 = LocalDate.of(2026, 1, 2);

    @TempDir
    Path warehouse;

    private SparkSession spark;
    private TableWriter writer;
    private TableCatalog catalog;

    @BeforeEach
    void setUp() {
        spark = TestSpark.session();
        catalog = new TableCatalog(warehouse.toUri().toString());
        writer = new TableWriter(spark, catalog, true);
    }

    private Dataset<Row> inventory(Object[]... rows) {
        StructType schema = Tables.INVENTORY_DAILY.schema().orElseThrow();
        List<Row> list = Arrays.stream(rows).map(RowFactory::create).collect(Collectors.toList());
        return spark.createDataFrame(list, schema);
    }

    private static Object[] stock(int product, LocalDate day, int onHand) {
        return new Object[] {product, Date.valueOf(day), onHand, 0, onHand};
    }

    private List<String> contents(TableSpec table) {
        return catalog.read(spark, table).orderBy("product_id", "day").collectAsList().stream()
                .map(Row::toString)
                .collect(Collectors.toList());
    }

    @Test
    void rerunForSameDateChangesNothing() {
        writer.replaceDates(
                Tables.INVENTORY_DAILY, inventory(stock(1, JAN_1, 5), stock(2, JAN_1, 7)), RunDates.of(JAN_1));
        List<String> once = contents(Tables.INVENTORY_DAILY);
        writer.replaceDates(
                Tables.INVENTORY_DAILY, inventory(stock(1, JAN_1, 5), stock(2, JAN_1, 7)), RunDates.of(JAN_1));
        assertEquals(once, contents(Tables.INVENTORY_DAILY));
    }

    @Test
    void replacingADateLeavesOtherDatesAlone() {
        writer.replaceDates(Tables.INVENTORY_DAILY, inventory(stock(1, JAN_1, 5)), RunDates.of(JAN_1));
        writer.replaceDates(Tables.INVENTORY_DAILY, inventory(stock(1, JAN_2, 9)), RunDates.of(JAN_2));
        writer.replaceDates(
                Tables.INVENTORY_DAILY, inventory(stock(1, JAN_2, 3), stock(2, JAN_2, 4)), RunDates.of(JAN_2));
        assertEquals(
                List.of("[1,2026-01-01,5,0,5]", "[1,2026-01-02,3,0,3]", "[2,2026-01-02,4,0,4]"),
                contents(Tables.INVENTORY_DAILY));
    }

    @Test
    void replacingDaysRewritesOnlyTheFilesOfTheirMonth() {
        LocalDate feb1 = LocalDate.of(2026, 2, 1);
        writer.replaceDates(
                Tables.INVENTORY_DAILY,
                inventory(stock(1, JAN_1, 5), stock(1, JAN_2, 6), stock(1, feb1, 7)),
                new RunDates(JAN_1, feb1));
        List<String> januaryFiles = filesHolding(JAN_1);
        writer.replaceDates(Tables.INVENTORY_DAILY, inventory(stock(1, feb1, 8)), RunDates.of(feb1));
        assertEquals(januaryFiles, filesHolding(JAN_1), "January's files were rewritten by a February replace");
        assertEquals(
                List.of("[1,2026-01-01,5,0,5]", "[1,2026-01-02,6,0,6]", "[1,2026-02-01,8,0,8]"),
                contents(Tables.INVENTORY_DAILY));
        // The month column exists for pruning only: SQL sees it, the catalog's readers do not.
        assertEquals(
                List.of("day_month"),
                List.of(spark.sql("DESCRIBE DETAIL delta.`" + catalog.location(Tables.INVENTORY_DAILY) + "`")
                        .select("partitionColumns")
                        .head()
                        .<String>getList(0)
                        .toArray(new String[0])));
    }

    private List<String> filesHolding(LocalDate day) {
        return catalog
                .read(spark, Tables.INVENTORY_DAILY)
                .filter(org.apache.spark.sql.functions.col("day").equalTo(Date.valueOf(day)))
                .select(org.apache.spark.sql.functions.input_file_name())
                .distinct()
                .collectAsList()
                .stream()
                .map(r -> r.getString(0))
                .sorted()
                .collect(Collectors.toList());
    }

    @Test
    void rowsOutsideTheReplacedDatesAreRefused() {
        assertThrows(
                Exception.class,
                () -> writer.replaceDates(Tables.INVENTORY_DAILY, inventory(stock(1, JAN_2, 5)), RunDates.of(JAN_1)));
    }

    @Test
    void mergeUpsertsOnKeysAndIsIdempotent() {
        Dataset<Row> first = products(row(1, "SKU-1", "10.00"), row(2, "SKU-2", "20.00"));
        writer.write(Tables.PRODUCTS, first);
        writer.write(Tables.PRODUCTS, products(row(2, "SKU-2", "25.00"), row(3, "SKU-3", "30.00")));
        List<String> once = catalog
                .read(spark, Tables.PRODUCTS)
                .orderBy("product_id")
                .select("product_id", "base_price")
                .collectAsList()
                .stream()
                .map(Row::toString)
                .toList();
        assertEquals(List.of("[1,10.00]", "[2,25.00]", "[3,30.00]"), once);
        writer.write(Tables.PRODUCTS, products(row(2, "SKU-2", "25.00"), row(3, "SKU-3", "30.00")));
        assertEquals(3, catalog.read(spark, Tables.PRODUCTS).count());
    }

    @Test
    void insertNewNeverChangesWhatIsThere() {
        TableSpec ledger = Tables.MARKETPLACE_PUSH_LEDGER;
        StructType schema = ledger.schema().orElseThrow();
        Dataset<Row> first = spark.createDataFrame(
                List.of(RowFactory.create(
                        Date.valueOf(JAN_1), "ebay", "A", 5, 1, "acknowledged", 200, null, null, null)),
                schema);
        Dataset<Row> again = spark.createDataFrame(
                List.of(RowFactory.create(Date.valueOf(JAN_1), "ebay", "A", 9, 1, "failed", 500, "x", null, null)),
                schema);
        writer.write(ledger, first);
        writer.write(ledger, again);
        Row only = catalog.read(spark, ledger).head();
        assertEquals(5, only.getInt(3));
        assertEquals(1, catalog.read(spark, ledger).count());
    }

    @Test
    void aMergeOfNoRowsCreatesTheTableAndCommitsNothing() {
        TableSpec ledger = Tables.MARKETPLACE_PUSH_LEDGER;
        Dataset<Row> none = spark.createDataFrame(List.of(), ledger.schema().orElseThrow());
        TableWriter.WriteResult created = writer.write(ledger, none);
        assertTrue(catalog.exists(spark, ledger), "the table exists for its readers");
        assertEquals(0, created.rowsWritten());
        assertEquals(0, catalog.read(spark, ledger).count());
        assertEquals(created.version(), writer.write(ledger, none).version(), "no commit for no rows");
    }

    @Test
    void framesThatDoNotMatchTheCatalogAreNamedErrors() {
        Dataset<Row> extra =
                inventory(stock(1, JAN_1, 5)).withColumn("surprise", org.apache.spark.sql.functions.lit(1));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> writer.replaceDates(Tables.INVENTORY_DAILY, extra, RunDates.of(JAN_1)));
        assertTrue(e.getMessage().contains("surprise"), e.getMessage());

        Dataset<Row> wrongType =
                inventory(stock(1, JAN_1, 5)).withColumn("day", org.apache.spark.sql.functions.lit("x"));
        e = assertThrows(
                IllegalArgumentException.class,
                () -> writer.replaceDates(Tables.INVENTORY_DAILY, wrongType, RunDates.of(JAN_1)));
        assertTrue(e.getMessage().contains("day"), e.getMessage());
    }

    @Test
    void aNullableColumnAddedToTheCatalogIsAddedToAnExistingTable() {
        StructType before = new StructType()
                .add("run_date", DataTypes.DateType, false)
                .add("product_id", DataTypes.IntegerType, false);
        TableSpec first = new TableSpec(
                Layer.GOLD,
                "evolving",
                "a table that gains a column",
                before,
                List.of("run_date", "product_id"),
                List.of(),
                WriteMode.REPLACE_DATES,
                Optional.of("run_date"));
        writer.replaceDates(
                first,
                spark.createDataFrame(List.of(RowFactory.create(Date.valueOf(JAN_1), 1)), before),
                RunDates.of(JAN_1));
        StructType after = before.add("note", DataTypes.StringType, true);
        TableSpec second = new TableSpec(
                Layer.GOLD,
                "evolving",
                "a table that gains a column",
                after,
                List.of("run_date", "product_id"),
                List.of(),
                WriteMode.REPLACE_DATES,
                Optional.of("run_date"));
        writer.replaceDates(
                second,
                spark.createDataFrame(List.of(RowFactory.create(Date.valueOf(JAN_2), 2, "new")), after),
                RunDates.of(JAN_2));
        assertEquals(
                List.of("[2026-01-01,1,null]", "[2026-01-02,2,new]"),
                catalog.read(spark, second).orderBy("run_date").collectAsList().stream()
                        .map(Row::toString)
                        .collect(Collectors.toList()));
    }

    @Test
    void writtenTablesAreAddressableInSqlByLayerAndName() {
        writer.replaceDates(Tables.INVENTORY_DAILY, inventory(stock(1, JAN_1, 5)), RunDates.of(JAN_1));
        writer.replaceDates(
                Tables.quarantine("competitor_prices"),
                spark.createDataFrame(
                        List.of(RowFactory.create(
                                Date.valueOf(JAN_1),
                                Date.valueOf(JAN_1),
                                "f.csv",
                                3L,
                                "x",
                                "bad_number",
                                "price is not a number",
                                Timestamp.valueOf("2026-01-02 00:00:00"))),
                        Tables.QUARANTINE_SCHEMA),
                RunDates.of(JAN_1));
        assertEquals(
                1L,
                spark.sql("select count(*) from silver.inventory_daily").head().getLong(0));

        // A fresh registration (as in a new JVM) finds both, the quarantine table by its folder.
        List<String> registered = new TableCatalog(warehouse.toUri().toString()).registerExisting(spark);
        assertTrue(
                registered.containsAll(List.of("silver.inventory_daily", "quarantine.competitor_prices")),
                registered.toString());
        assertEquals(
                1L,
                spark.sql("select count(*) from quarantine.competitor_prices")
                        .head()
                        .getLong(0));
    }

    private static Object[] row(int id, String sku, String price) {
        return new Object[] {
            id,
            sku,
            "n",
            "c",
            "b",
            new BigDecimal(price),
            new BigDecimal("1.00"),
            "USD",
            true,
            Date.valueOf(JAN_1),
            Timestamp.valueOf("2026-01-01 00:00:00")
        };
    }

    private Dataset<Row> products(Object[]... rows) {
        return spark.createDataFrame(
                Arrays.stream(rows).map(RowFactory::create).collect(Collectors.toList()),
                Tables.PRODUCTS.schema().orElseThrow());
    }
}
