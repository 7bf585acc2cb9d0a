package io.nightshift.jobs.marketplace;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.nightshift.common.config.MarketplaceSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The process {@link MarketplaceKillTest} starts and kills with SIGKILL. {@code ingest CONF JDBC SINCE}: pulls
 * every marketplace's orders and applies them (the stage's code path, without Spark). {@code push CONF
 * DESIRED JDBC RUN_DATE}: pushes every SKU whose desired quantity differs from the last acknowledged one in the
 * push journal (the ledger's role), batch by batch, journaling every attempt before it is sent, as sync-inventory does.
 */
public final class KillChild {
    private KillChild() {}

    public static void main(String[] args) throws Exception {
        Config config = ConfigFactory.parseFile(Path.of(args[1]).toFile())
                .withFallback(ConfigFactory.defaultReference())
                .resolve();
        MarketplaceSettings settings = MarketplaceSettings.from(config, "USD", Map.of());
        // The parent starts its random kill delay from here, so the kill lands in the work, not in JVM start-up.
        System.out.println("READY");
        System.out.flush();
        if (args[0].equals("ingest")) {
            PGSimpleDataSource db = new PGSimpleDataSource();
            db.setURL(args[2]);
            db.setUser("postgres");
            for (MarketplaceConnector c : Connectors.of(settings)) {
                Map<String, Integer> products = new HashMap<>();
                try (var conn = db.getConnection();
                        var s = conn.createStatement();
                        var rs = s.executeQuery(
                                "select marketplace_sku, product_id from marketplace_listings where marketplace = '"
                                        + c.name() + "'")) {
                    while (rs.next()) {
                        products.put(rs.getString(1), rs.getInt(2));
                    }
                }
                OrderIngestion.run(c, Instant.parse(args[3]), products, "USD", db, true);
            }
        } else {
            Map<String, Integer> desired = read(Path.of(args[2]));
            PGSimpleDataSource db = new PGSimpleDataSource();
            db.setURL(args[3]);
            db.setUser("postgres");
            LocalDate runDate = LocalDate.parse(args[4]);
            Map<String, Integer> acked = lastAcknowledged(db);
            for (MarketplaceConnector c : Connectors.of(settings)) {
                List<StockUpdate> changes = new ArrayList<>();
                for (var e : desired.entrySet()) {
                    String[] key = e.getKey().split("/");
                    if (!key[0].equals(c.name())) {
                        continue;
                    }
                    Integer last = acked.get(key[0] + "/" + key[1]);
                    if (!e.getValue().equals(last)) {
                        changes.add(new StockUpdate(key[1], Integer.parseInt(key[2]), key[3], e.getValue(), last));
                    }
                }
                changes.sort(Comparator.comparing(StockUpdate::sku));
                // One call at a time, as the ordering check (never an older quantity after a newer one) assumes.
                InventoryPusher.push(c, changes, 1, PushJournal.open(db, runDate, c.name(), Map.of()));
            }
        }
        System.exit(0);
    }

    /** marketplace/sku -> the newest acknowledged quantity in the push journal (the ledger's role, without Spark). */
    static Map<String, Integer> lastAcknowledged(PGSimpleDataSource db) throws SQLException {
        Map<String, Integer> result = new HashMap<>();
        try (var conn = db.getConnection();
                var s = conn.createStatement();
                var rs = s.executeQuery(
                        "select distinct on (marketplace, sku) marketplace, sku, quantity from marketplace_push_journal "
                                + "where status = 'ACKNOWLEDGED' order by marketplace, sku, acknowledged_at desc, run_date desc, attempt desc")) {
            while (rs.next()) {
                result.put(rs.getString(1) + "/" + rs.getString(2), rs.getInt(3));
            }
        }
        return result;
    }

    /** key=quantity lines. */
    static Map<String, Integer> read(Path file) throws IOException {
        Map<String, Integer> result = new HashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int eq = line.lastIndexOf('=');
            if (eq < 0) {
                continue;
            }
            try {
                result.put(line.substring(0, eq), Integer.parseInt(line.substring(eq + 1)));
            } catch (NumberFormatException torn) {
                // a line cut by the kill
            }
        }
        return result;
    }
}
