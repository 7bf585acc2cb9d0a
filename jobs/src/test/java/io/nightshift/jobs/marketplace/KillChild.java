package io.nightshift.jobs.marketplace;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The process {@link MarketplaceKillTest} starts and kills with SIGKILL. {@code ingest CONF JDBC SINCE}: pulls
 * every marketplace's orders and applies them (the stage's code path, without Spark). {@code push CONF
 * DESIRED JOURNAL}: pushes every SKU whose desired quantity differs from the last acknowledged one in the
 * journal (the ledger's role), batch by batch, appending each acknowledgement durably.
 */
public final class KillChild {
    private KillChild() {
    }

    public static void main(String[] args) throws Exception {
        Config config = ConfigFactory.parseFile(Path.of(args[1]).toFile()).withFallback(ConfigFactory.defaultReference()).resolve();
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
                try (var conn = db.getConnection(); var s = conn.createStatement();
                     var rs = s.executeQuery("select marketplace_sku, product_id from marketplace_listings where marketplace = '" + c.name() + "'")) {
                    while (rs.next()) products.put(rs.getString(1), rs.getInt(2));
                }
                OrderIngestion.run(c, Instant.parse(args[3]), products, "USD", db, true);
            }
        } else {
            Map<String, Integer> desired = read(Path.of(args[2]));
            Path journal = Path.of(args[3]);
            Map<String, Integer> acked = Files.exists(journal) ? read(journal) : new HashMap<>();
            for (MarketplaceConnector c : Connectors.of(settings)) {
                List<StockUpdate> changes = new ArrayList<>();
                for (var e : desired.entrySet()) {
                    String[] key = e.getKey().split("/");
                    if (!key[0].equals(c.name())) continue;
                    Integer last = acked.get(e.getKey());
                    if (!e.getValue().equals(last)) {
                        changes.add(new StockUpdate(key[1], Integer.parseInt(key[2]), key[3], e.getValue(), last));
                    }
                }
                changes.sort(java.util.Comparator.comparing(StockUpdate::sku));
                for (int i = 0; i < changes.size(); i += c.maxBatch()) {
                    List<StockUpdate> batch = changes.subList(i, Math.min(changes.size(), i + c.maxBatch()));
                    StringBuilder lines = new StringBuilder();
                    for (PushOutcome o : c.push(batch)) {
                        if (o.status() == PushOutcome.Status.ACKNOWLEDGED) {
                            StockUpdate u = batch.stream().filter(b -> b.sku().equals(o.sku())).findFirst().orElseThrow();
                            lines.append(c.name()).append('/').append(u.sku()).append('/').append(u.productId()).append('/')
                                    .append(u.listingId()).append('=').append(o.quantity()).append('\n');
                        }
                    }
                    try (FileOutputStream out = new FileOutputStream(journal.toFile(), true)) {
                        out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
                        out.getFD().sync();
                    }
                }
            }
        }
        System.exit(0);
    }

    /** key=quantity lines; later lines win (the journal appends). A torn last line is ignored. */
    static Map<String, Integer> read(Path file) throws IOException {
        Map<String, Integer> result = new HashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int eq = line.lastIndexOf('=');
            if (eq < 0) continue;
            try {
                result.put(line.substring(0, eq), Integer.parseInt(line.substring(eq + 1)));
            } catch (NumberFormatException torn) {
                // a line cut by the kill
            }
        }
        return result;
    }
}
