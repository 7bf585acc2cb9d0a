package io.nightshift.jobs.importing;

import static io.nightshift.jobs.importing.ImportCommandTest.db;
import static io.nightshift.jobs.importing.ImportCommandTest.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.common.catalog.TableCatalog;
import io.nightshift.common.catalog.Tables;
import io.nightshift.common.testing.TestPostgres;
import io.nightshift.common.testing.TestSpark;
import io.nightshift.jobs.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code import --source database}: the shop's own PostgreSQL, read through views in the contract's columns, gives
 * the commerce database the same rows (price list and stock included) as the same data imported from contract CSVs;
 * a view's local timestamps are refused as in a file, a view without a required column fails naming it, and a
 * re-import changes nothing.
 */
class ShopDatabaseImportTest {
    /** The shop's own tables: its names and types, not the contract's. */
    static final String SHOP_SCHEMA = """
            create table invoice_lines (invoice text, line int, placed timestamptz, stock_code text, qty int,
                price numeric(10, 2), cur char(3), customer bigint, till text, off numeric(10, 2), state text,
                descr text);
            create table stock_items (code text, list_price numeric(10, 2), title text, dept text, cost numeric(10, 2));
            create table list_prices (code text, since date, amount numeric(10, 2), cur char(3));
            create table stock_counts (code text, counted_on date, qty int, held int, sold_out boolean);
            create view nightshift_order_lines as
                select invoice as order_id, line as line_id, placed as ordered_at, stock_code as sku,
                       qty as quantity, price as unit_price, cur as currency, customer as customer_key,
                       till as channel, off as discount, state as status, descr as product_name
                from invoice_lines;
            create view nightshift_products as
                select code as sku, list_price as price, title as name, dept as category, cost as unit_cost
                from stock_items;
            create view nightshift_price_list as
                select code as sku, since as valid_from, amount as price, cur as currency from list_prices;
            create view nightshift_stock as
                select code as sku, counted_on as day, qty as on_hand, held as reserved, sold_out as stockout
                from stock_counts;
            create view local_time_lines as
                select invoice as order_id, line as line_id, placed::timestamp as ordered_at, stock_code as sku,
                       qty as quantity, price as unit_price, cur as currency
                from invoice_lines;
            create view lines_without_sku as
                select invoice as order_id, line as line_id, placed as ordered_at, qty as quantity,
                       price as unit_price, cur as currency
                from invoice_lines;
            """;
    /** The same rows as the shop's tables hold, in the contract's CSV (the route the views are compared with). */
    static final String ORDERS_CSV = """
            order_id,line_id,ordered_at,sku,quantity,unit_price,currency,\
            customer_key,channel,discount,status,product_name
            536365,1,2010-12-01T08:26:00Z,85123A,6,2.55,GBP,17850,web,0.00,paid,WHITE HANGING HEART T-LIGHT HOLDER
            536365,2,2010-12-01T08:26:00Z,71053,6,3.39,GBP,17850,web,0.00,paid,WHITE METAL LANTERN
            536365,3,2010-12-01T08:26:00Z,POST,1,18.00,GBP,17850,web,0.00,paid,POSTAGE
            536366,1,2010-12-01T08:28:00Z,22633,6,1.85,GBP,,pos,0.50,shipped,HAND WARMER UNION JACK
            536380,1,2010-12-02T09:00:00+01:00,71053,2,3.39,GBP,17851,web,0.00,paid,WHITE METAL LANTERN
            C536381,1,2010-12-03T10:00:00Z,71053,-1,3.39,GBP,17851,web,0.00,paid,WHITE METAL LANTERN
            536390,1,2010-12-04T11:00:00Z,NOPE,1,1.00,GBP,17852,web,0.00,paid,NOT SOLD HERE
            536391,1,2010-12-05T12:30:00-05:00,85123A,12,2.10,GBP,17852,web,0.00,paid,WHITE HANGING HEART T-LIGHT HOLDER
            536392,1,2010-12-06T09:00:00Z,71053,1,3.39,XYZ,17853,web,0.00,paid,WHITE METAL LANTERN
            """;

    static final String PRODUCTS_CSV = """
            sku,price,name,category,unit_cost
            85123A,2.95,WHITE HANGING HEART T-LIGHT HOLDER,Home,1.20
            71053,3.39,WHITE METAL LANTERN,Home,
            22633,2.10,HAND WARMER UNION JACK,,
            """;

    /** NOPE is created by its order line (in GBP); GHOST is sold nowhere; a price of 0 is refused. */
    static final String PRICE_LIST_CSV = """
            sku,valid_from,price,currency
            85123A,2010-12-01,2.95,USD
            71053,2010-12-02,3.49,
            NOPE,2010-12-04,1.00,GBP
            22633,2010-12-01,0.00,USD
            GHOST,2010-12-01,1.00,USD
            """;

    /** NOPE is created by its order line; GHOST is sold nowhere; a negative count is refused. */
    static final String STOCK_CSV = """
            sku,day,on_hand,reserved,stockout
            85123A,2010-12-01,24,2,
            71053,2010-12-01,0,0,
            NOPE,2010-12-04,0,0,false
            22633,2010-12-02,-1,0,
            GHOST,2010-12-01,1,0,
            """;

    @TempDir
    static Path root;

    @BeforeAll
    static void shopDatabase() throws Exception {
        DataSource shop = TestPostgres.emptyDatabase("shop_own_tables");
        try (Connection c = shop.getConnection();
                Statement s = c.createStatement()) {
            s.execute(SHOP_SCHEMA);
            for (String line : ORDERS_CSV.lines().skip(1).toList()) {
                String[] v = line.split(",", -1);
                s.execute("insert into invoice_lines values ('" + v[0] + "', " + v[1] + ", '" + v[2] + "', '" + v[3]
                        + "', " + v[4] + ", " + v[5] + ", '" + v[6] + "', " + (v[7].isEmpty() ? "null" : v[7])
                        + ", '" + v[8] + "', " + v[9] + ", '" + v[10] + "', '" + v[11] + "')");
            }
            for (String line : PRODUCTS_CSV.lines().skip(1).toList()) {
                String[] v = line.split(",", -1);
                s.execute("insert into stock_items values ('" + v[0] + "', " + v[1] + ", '" + v[2] + "', "
                        + (v[3].isEmpty() ? "null" : "'" + v[3] + "'") + ", " + (v[4].isEmpty() ? "null" : v[4])
                        + ")");
            }
            for (String line : PRICE_LIST_CSV.lines().skip(1).toList()) {
                String[] v = line.split(",", -1);
                s.execute("insert into list_prices values ('" + v[0] + "', '" + v[1] + "', " + v[2] + ", "
                        + (v[3].isEmpty() ? "null" : "'" + v[3] + "'") + ")");
            }
            for (String line : STOCK_CSV.lines().skip(1).toList()) {
                String[] v = line.split(",", -1);
                s.execute("insert into stock_counts values ('" + v[0] + "', '" + v[1] + "', " + v[2] + ", " + v[3]
                        + ", " + (v[4].isEmpty() ? "null" : v[4]) + ")");
            }
        }
    }

    /** An import into an empty commerce database of that name, reading the shop's database with these settings. */
    static Map<String, String> env(String database, String settings) throws Exception {
        Map<String, String> env = ImportCommandTest.env(root.resolve(database), database);
        env.put("NIGHTSHIFT_SHOP_JDBC_URL", TestPostgres.jdbcUrl("shop_own_tables"));
        env.put("NIGHTSHIFT_SHOP_JDBC_USER", "postgres");
        Files.createDirectories(root.resolve(database));
        Files.writeString(root.resolve(database).resolve("shop.conf"), settings);
        return env;
    }

    static CliRun importFrom(Map<String, String> env, String database) {
        return CliRun.run(
                env,
                "import",
                "--source",
                "database",
                "--conf",
                root.resolve(database).resolve("shop.conf").toString());
    }

    static List<String> commerceRows(String database) throws Exception {
        DataSource db = db(database);
        List<String> out = new java.util.ArrayList<>();
        out.addAll(rows(
                db,
                "select l.order_id, l.line_no, p.sku, l.quantity, l.unit_price, l.discount, l.channel from order_lines l"
                        + " join products p using (product_id) order by 1, 2"));
        out.addAll(rows(
                db, "select order_id, customer_key, status, currency, total_price, ordered_at from orders order by 1"));
        out.addAll(rows(db, "select sku, name, base_price, unit_cost from products order by sku"));
        out.addAll(
                rows(
                        db,
                        "select p.sku, l.valid_from, l.price from price_list l join products p using (product_id) order by 1, 2"));
        out.addAll(rows(
                db,
                "select p.sku, s.snapshot_date, s.on_hand, s.reserved, s.stockout from inventory_snapshots s"
                        + " join products p using (product_id) order by 1, 2"));
        return out;
    }

    @Test
    void viewsGiveWhatTheSameRowsGiveAsContractFilesAndAReimportChangesNothing() throws Exception {
        Path files = root.resolve("files");
        Files.createDirectories(files);
        Files.writeString(files.resolve("orders.csv"), ORDERS_CSV);
        Files.writeString(files.resolve("products.csv"), PRODUCTS_CSV);
        Files.writeString(files.resolve("price_list.csv"), PRICE_LIST_CSV);
        Files.writeString(files.resolve("stock.csv"), STOCK_CSV);
        Map<String, String> csvEnv = env("import_csv_route", "");
        CliRun fromFiles = CliRun.run(
                csvEnv,
                "import",
                "--orders",
                files.resolve("orders.csv").toString(),
                "--products",
                files.resolve("products.csv").toString(),
                "--price-list",
                files.resolve("price_list.csv").toString(),
                "--stock",
                files.resolve("stock.csv").toString());
        assertEquals(0, fromFiles.exitCode(), fromFiles.err());

        // Four ranges of ordered_at (the default partitions) over nine lines across six days.
        Map<String, String> env = env(
                "import_view_route",
                "nightshift.import.database { products-view = nightshift_products,"
                        + " price-list-view = nightshift_price_list, stock-view = nightshift_stock }\n");
        CliRun fromViews = importFrom(env, "import_view_route");
        assertEquals(0, fromViews.exitCode(), fromViews.err());
        String out = fromViews.out();
        assertTrue(out.contains("import (database)"), out);
        assertTrue(out.contains("order lines: 9 rows in = 7 imported + 1 not products + 1 quarantined"), out);
        assertTrue(out.contains("products: 3 rows in = 3 imported"), out);
        assertTrue(
                out.contains("price list: 5 rows in = 3 imported + 2 quarantined (not_positive 1, unknown_product 1;"),
                out);
        assertTrue(out.contains("; price list 3 inserted, 0 updated"), out);
        assertTrue(
                out.contains("stock: 5 rows in = 3 imported + 2 quarantined (negative_stock 1, unknown_product 1;"),
                out);
        assertTrue(out.contains("; stock 3 inserted, 0 updated"), out);
        assertTrue(!out.contains("password") && !fromViews.err().contains("password="), out);

        List<String> viaViews = commerceRows("import_view_route");
        assertEquals(commerceRows("import_csv_route"), viaViews);
        assertTrue(viaViews.contains("C536381|1|71053|-1|3.39|0.00|web"), viaViews.toString());
        assertTrue(
                viaViews.containsAll(
                        List.of("85123A|2010-12-01|2.95", "71053|2010-12-02|3.49", "NOPE|2010-12-04|1.00")),
                viaViews.toString());
        assertTrue(
                viaViews.containsAll(List.of(
                        "85123A|2010-12-01|24|2|false", "71053|2010-12-01|0|0|true", "NOPE|2010-12-04|0|0|false")),
                viaViews.toString());

        CliRun again = importFrom(env, "import_view_route");
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().contains("(nothing changed)"), again.out());
        assertEquals(viaViews, commerceRows("import_view_route"));

        List<Row> quarantined = new TableCatalog(
                        root.resolve("import_view_route").resolve("wh").toString())
                .read(TestSpark.session(), Tables.IMPORT_ORDER_LINES_QUARANTINE)
                .collectAsList();
        assertEquals(1, quarantined.size(), quarantined.toString());
        assertEquals("unknown_currency", quarantined.get(0).getAs("rule"));
        assertTrue(quarantined.get(0).<String>getAs("source_file").endsWith("view nightshift_order_lines"));
    }

    @Test
    void aViewsTimestampsWithoutZoneAreRefusedAndAMissingColumnFailsNamingTheView() throws Exception {
        Map<String, String> local =
                env("import_local_times", "nightshift.import.database.orders-view = local_time_lines\n");
        CliRun run = importFrom(local, "import_local_times");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(
                run.out()
                        .contains("order lines: 9 rows in = 0 imported + 0 not products + 9 quarantined"
                                + " (timestamp_without_zone 9;"),
                run.out());

        Map<String, String> missing =
                env("import_missing_column", "nightshift.import.database.orders-view = lines_without_sku\n");
        CliRun failed = importFrom(missing, "import_missing_column");
        assertEquals(1, failed.exitCode(), failed.err());
        assertEquals(1, failed.errLines().size(), failed.err());
        assertTrue(failed.err().contains("view lines_without_sku: missing required column 'sku'"), failed.err());

        Map<String, String> badName =
                env("import_bad_view", "nightshift.import.database.orders-view = \"lines; drop table x\"\n");
        CliRun refused = importFrom(badName, "import_bad_view");
        assertEquals(2, refused.exitCode(), refused.err());
        assertTrue(refused.err().contains("nightshift.import.database.orders-view"), refused.err());
    }
}
