package io.nightshift.sandbox.sample;

import io.nightshift.common.db.CommerceSchema;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** A sample shop generated into a temp folder and its own embedded PostgreSQL, for tests. */
final class GeneratedShop implements AutoCloseable {
    static final ZoneId ZONE = ZoneId.of("America/New_York");

    final EmbeddedPostgres postgres;
    final DataSource db;
    final Path landing;
    final Path truth;
    final SampleShopSpec spec;
    final SampleShopSummary summary;

    GeneratedShop(Path root, SampleShopSpec spec) throws Exception {
        this.spec = spec;
        postgres = EmbeddedPostgres.builder().start();
        db = postgres.getPostgresDatabase();
        CommerceSchema.migrate(db);
        landing = root.resolve("landing");
        truth = root.resolve("truth");
        summary = new SampleShopGenerator(spec).generate(landing, truth, db);
    }

    static SampleShopSpec spec(int products, int days, int customers, long seed) {
        return new SampleShopSpec(products, days, customers, seed, LocalDate.of(2024, 12, 31), "US", "USD", ZONE);
    }

    /** A ground-truth CSV as rows of column name to value (no quoting in truth files). */
    List<Map<String, String>> truthCsv(String name) throws IOException {
        List<String> lines = Files.readAllLines(truth.resolve(name), StandardCharsets.UTF_8);
        String[] header = lines.get(0).split(",");
        List<Map<String, String>> rows = new ArrayList<>(lines.size());
        for (String line : lines.subList(1, lines.size())) {
            String[] values = line.split(",", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], values[i]);
            }
            rows.add(row);
        }
        return rows;
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
