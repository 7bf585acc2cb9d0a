package io.nightshift.sandbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.common.db.CommerceDatabase;
import io.nightshift.common.testing.TestPostgres;
import io.nightshift.common.testing.TestSpark;
import io.nightshift.jobs.cli.CliRun;
import io.nightshift.jobs.importing.ImportContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** generate-sample through the command line: determinism, an external PostgreSQL, and secrets. */
class GenerateSampleCommandTest {
    private static final String[] SMALL = {
        "generate-sample",
        "--products",
        "50",
        "--days",
        "120",
        "--seed",
        "3",
        "--customers",
        "200",
        "--last-day",
        "2026-10-31"
    };
    private static final List<String> TABLES = List.of(
            "products",
            "inventory",
            "inventory_snapshots",
            "orders",
            "order_lines",
            "customers",
            "customer_preferences",
            "product_attributes",
            "product_tiers",
            "subscription_box_items",
            "marketplace_listings");

    @TempDir
    Path temp;

    @BeforeAll
    static void sharedSession() {
        TestSpark.session();
    }

    private Map<String, String> env(Path warehouse, String... more) {
        Map<String, String> env =
                new TreeMap<>(Map.of("NIGHTSHIFT_HOME", temp.toString(), "NIGHTSHIFT_WAREHOUSE", warehouse.toString()));
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    @Test
    void twoRunsIntoTwoEmptyWarehousesGiveIdenticalFilesAndTables() throws Exception {
        Path first = temp.resolve("w1");
        Path second = temp.resolve("w2");
        assertEquals(0, CliRun.run(env(first), SMALL).exitCode());
        assertEquals(0, CliRun.run(env(second), SMALL).exitCode());

        Map<String, String> firstFiles = fileHashes(first);
        assertTrue(
                firstFiles.keySet().stream().anyMatch(f -> f.startsWith("landing/competitor_prices/")),
                firstFiles.keySet().toString());
        assertTrue(firstFiles.containsKey("ground_truth/defects.csv"));
        assertTrue(firstFiles.equals(fileHashes(second)), "landing and truth files differ between the two warehouses");
        assertEquals(tableHashes(first), tableHashes(second));
    }

    @Test
    void externalPostgresIsUsedAndNoEmbeddedServerStarts() throws Exception {
        String database = "external_" + System.nanoTime();
        try (Connection c = TestPostgres.server().getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("create database " + database);
        }
        Path warehouse = temp.resolve("external");
        CliRun run = CliRun.run(
                env(
                        warehouse,
                        "NIGHTSHIFT_JDBC_URL",
                        TestPostgres.jdbcUrl(database),
                        "NIGHTSHIFT_JDBC_USER",
                        "postgres",
                        "NIGHTSHIFT_JDBC_PASSWORD",
                        "never-shown-7Qx"),
                "generate-sample",
                "--products",
                "10",
                "--days",
                "30",
                "--customers",
                "20",
                "--last-day",
                "2026-10-31",
                "--export-contract",
                temp.resolve("contract").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertFalse(
                Files.exists(warehouse.resolve(CommerceDatabase.EMBEDDED_FOLDER)), "no embedded server data folder");
        // The import contract's files: its columns in its order, a line per order line, a row per product.
        List<String> orders = Files.readAllLines(temp.resolve("contract/orders.csv"));
        assertEquals(String.join(",", ImportContract.names(ImportContract.ORDER_LINES)), orders.get(0));
        List<String> products = Files.readAllLines(temp.resolve("contract/products.csv"));
        assertEquals(String.join(",", ImportContract.names(ImportContract.PRODUCTS)), products.get(0));
        assertEquals(11, products.size(), "a header and the 10 products");
        List<String> stock = Files.readAllLines(temp.resolve("contract/stock.csv"));
        assertEquals(String.join(",", ImportContract.names(ImportContract.STOCK)), stock.get(0));
        assertFalse(run.err().contains("embedded PostgreSQL"), run.err());
        try (Connection c =
                        TestPostgres.server().getDatabase("postgres", database).getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from products")) {
            rs.next();
            assertEquals(10, rs.getInt(1));
        }
        try (Connection c =
                        TestPostgres.server().getDatabase("postgres", database).getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from order_lines")) {
            rs.next();
            assertEquals(rs.getInt(1) + 1, orders.size(), "a header and every order line");
        }
        try (Connection c =
                        TestPostgres.server().getDatabase("postgres", database).getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from inventory_snapshots")) {
            rs.next();
            assertEquals(rs.getInt(1) + 1, stock.size(), "a header and every end-of-day stock snapshot");
        }
        assertFalse(run.err().contains("never-shown-7Qx"));
        assertFalse(Files.readString(warehouse.resolve("logs/nightshift.log")).contains("never-shown-7Qx"));
    }

    @Test
    void anExportFormatIsOneOfTheImportsFormatsAndNeedsItsFolder() {
        // Both refused before anything is generated: a usage error, one line, exit 2.
        CliRun unknown = CliRun.run(
                env(temp.resolve("unknown")),
                "generate-sample",
                "--export-contract",
                temp.resolve("export").toString(),
                "--export-format",
                "woocommerce-csv");
        assertEquals(2, unknown.exitCode(), unknown.err());
        assertTrue(
                unknown.err()
                        .contains("--export-format must be one of contract-csv, contract-parquet, shopify-csv,"
                                + " got 'woocommerce-csv'"),
                unknown.err());
        CliRun folderless =
                CliRun.run(env(temp.resolve("folderless")), "generate-sample", "--export-format", "shopify-csv");
        assertEquals(2, folderless.exitCode(), folderless.err());
        assertTrue(folderless.err().contains("give the folder too"), folderless.err());
        assertFalse(Files.exists(temp.resolve("unknown/_postgres")), "nothing generated");
    }

    @Test
    void secretsNeverAppearOnStderrOrInTheLogWhenTheDatabaseFails() throws Exception {
        Path warehouse = temp.resolve("secret");
        CliRun run = CliRun.run(
                env(
                        warehouse,
                        "NIGHTSHIFT_JDBC_URL",
                        "jdbc:postgresql://127.0.0.1:1/shop?user=shop&password=url-secret-93kd&connectTimeout=2",
                        "NIGHTSHIFT_JDBC_PASSWORD",
                        "env-secret-55zp"),
                "generate-sample",
                "--products",
                "5",
                "--days",
                "10",
                "--customers",
                "5",
                "--verbose");
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.errLines().stream().anyMatch(l -> l.startsWith("error: ")), run.err());
        String log = Files.readString(warehouse.resolve("logs/nightshift.log"));
        for (String secret : List.of("url-secret-93kd", "env-secret-55zp")) {
            assertFalse(run.err().contains(secret), "stderr shows " + secret + ": " + run.err());
            assertFalse(log.contains(secret), "log shows " + secret);
        }
    }

    private static Map<String, String> fileHashes(Path warehouse) throws Exception {
        Map<String, String> hashes = new TreeMap<>();
        for (String folder : List.of("landing", "ground_truth")) {
            try (Stream<Path> files = Files.walk(warehouse.resolve(folder))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    hashes.put(warehouse.relativize(file).toString(), sha256(Files.readAllBytes(file)));
                }
            }
        }
        return hashes;
    }

    private static Map<String, String> tableHashes(Path warehouse) throws Exception {
        Map<String, String> hashes = new TreeMap<>();
        try (CommerceDatabase db = CommerceDatabase.startEmbedded(warehouse.resolve(CommerceDatabase.EMBEDDED_FOLDER));
                Connection c = db.connect();
                Statement s = c.createStatement()) {
            for (String table : TABLES) {
                // Every column, every row, in a stable order: the md5 of the whole table as text.
                try (ResultSet rs = s.executeQuery(
                        "select count(*), md5(string_agg(t::text, '|' order by t::text)) from " + table + " t")) {
                    rs.next();
                    hashes.put(table, rs.getLong(1) + ":" + rs.getString(2));
                }
            }
        }
        return hashes;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
