package io.nightshift.jobs.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.common.catalog.TableCatalog;
import io.nightshift.common.catalog.TableChecksum;
import io.nightshift.common.catalog.Tables;
import io.nightshift.common.db.CommerceDatabase;
import io.nightshift.common.testing.TestSpark;
import io.nightshift.jobs.cli.CliRun;
import io.nightshift.sandbox.sample.ContractExport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shop that has only its orders, as README's "Your own shop" runs it: the generated shop's order lines exported
 * in the import contract's columns, every order a guest's, and nothing else (no products file, so no categories,
 * brands or costs; no stock, traffic, competitor or indicator feed; no customers or subscribers). Imported, its
 * history ingested, then nightly: every stage ends well, forecasts and elasticities cover the products, every
 * price says its cost is unknown, and check-data says what is missing.
 */
class OrdersOnlyShopTest {
    /** The shop's own settings: its zone, country and currency, and the landing feeds it does not have. */
    static final String CONF = TinyShop.CONF
            + "nightshift.shop { time-zone = \"America/New_York\", country = \"US\", currency = \"USD\" }\n"
            + "nightshift.ingest.on-missing-feed { traffic = none, competitor_prices = none,"
            + " economic_indicators = none }\n";

    @TempDir
    Path home;

    @Test
    void aShopWithOnlyItsOrdersRunsNightlyEndToEnd() throws Exception {
        Path generated = TinyShop.copyGeneratedTo(home.resolve("generated"));
        long exported;
        try (CommerceDatabase db =
                CommerceDatabase.startEmbedded(generated.resolve(CommerceDatabase.EMBEDDED_FOLDER))) {
            exported = ContractExport.write(db.dataSource(), home.resolve("export"), false, false);
        }
        assertTrue(exported > 100, "order lines exported: " + exported);
        Path conf = home.resolve("my-shop.conf");
        Files.writeString(conf, CONF);
        Map<String, String> env = Map.of(
                "NIGHTSHIFT_HOME",
                home.toString(),
                "NIGHTSHIFT_WAREHOUSE",
                home.resolve("wh").toString());

        CliRun imported = CliRun.run(
                env, "import", "--orders", home.resolve("export/orders.csv").toString(), "--conf", conf.toString());
        assertEquals(0, imported.exitCode(), imported.err());
        assertTrue(
                imported.out().contains("order lines: " + String.format("%,d", exported) + " rows in"), imported.out());
        CliRun history = CliRun.run(
                env,
                "ingest",
                "--from",
                TinyShop.LAST_DAY.minusDays(TinyShop.DAYS - 1).toString(),
                "--to",
                TinyShop.LAST_DAY.minusDays(1).toString(),
                "--conf",
                conf.toString());
        assertEquals(0, history.exitCode(), history.err());
        // The import route's sales are the generated shop's: each sale day's units, revenue, price and returns per
        // product as ingesting the shop's own database gave them (the rest of sales_daily depends on the stock
        // history and launch dates this shop does not give).
        Path direct = TinyShop.copyTo(home.resolve("direct"));
        SparkSession spark = TestSpark.session();
        assertEquals(
                saleDays(spark, direct),
                saleDays(spark, home.resolve("wh")),
                "silver.sales_daily's sale days through import against the generated shop's own route");
        CliRun nightly = CliRun.run(env, "nightly", "--date", TinyShop.LAST_DAY.toString(), "--conf", conf.toString());
        assertEquals(0, nightly.exitCode(), nightly.err());

        TableCatalog catalog = new TableCatalog(home.resolve("wh").toUri().toString());
        long products = catalog.read(spark, Tables.PRODUCTS).count();
        assertTrue(products > 0, "products created from the order lines");
        long forecast = catalog.read(spark, Tables.DEMAND_FORECAST)
                .select("product_id")
                .distinct()
                .count();
        assertTrue(forecast > 0 && forecast <= products, forecast + " products forecast of " + products);
        assertTrue(catalog.read(spark, Tables.PRICE_ELASTICITY).count() > 0, "elasticities");
        List<Row> prices = catalog.read(spark, Tables.PRICES).collectAsList();
        assertTrue(!prices.isEmpty(), "prices");
        for (Row price : prices) {
            List<String> reasons = price.getList(price.fieldIndex("reason_codes"));
            assertTrue(reasons.contains("UNKNOWN_COST"), "a price without a known cost says so: " + price);
        }
        assertEquals(0, catalog.read(spark, Tables.TRAFFIC_DAILY).count(), "no traffic: the funnel is off");

        CliRun readiness =
                CliRun.run(env, "check-data", "--date", TinyShop.LAST_DAY.toString(), "--conf", conf.toString());
        assertEquals(0, readiness.exitCode(), readiness.err());
        assertTrue(readiness.out().contains("UNKNOWN_COST"), readiness.out());
    }

    /** The checksum of silver.sales_daily's days with a sale or a return, on the columns the orders decide. */
    static TableChecksum saleDays(SparkSession spark, Path warehouse) {
        return TableChecksum.of(new TableCatalog(warehouse.toUri().toString())
                .read(spark, Tables.SALES_DAILY)
                .filter("units > 0 or returned_units > 0")
                .select("product_id", "day", "units", "revenue", "avg_unit_price", "price_source", "returned_units"));
    }
}
