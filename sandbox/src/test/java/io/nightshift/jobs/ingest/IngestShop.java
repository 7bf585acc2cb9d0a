package io.nightshift.jobs.ingest;

import io.nightshift.common.catalog.TableCatalog;
import io.nightshift.common.catalog.TableChecksum;
import io.nightshift.common.catalog.TableSpec;
import io.nightshift.common.catalog.Tables;
import io.nightshift.common.config.NightshiftConfig;
import io.nightshift.common.testing.TestPostgres;
import io.nightshift.common.testing.TestSpark;
import io.nightshift.common.time.RunDates;
import io.nightshift.jobs.stage.StageContext;
import io.nightshift.sandbox.sample.SampleShopGenerator;
import io.nightshift.sandbox.sample.SampleShopSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * The generated shop the ingest stage's end-to-end tests read: its landing files, the generator's truth and
 * its commerce database (a database of the test JVM's PostgreSQL server).
 */
record IngestShop(Path landing, Path truth, String jdbcUrl) {
    static final LocalDate LAST_DAY = LocalDate.of(2026, 10, 31);
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-01T07:00:00Z"), ZoneOffset.UTC);
    static final List<TableSpec> SILVER = List.of(
            Tables.PRODUCTS,
            Tables.SALES_DAILY,
            Tables.TRAFFIC_DAILY,
            Tables.COMPETITOR_PRICES,
            Tables.INVENTORY_DAILY,
            Tables.CALENDAR);

    /** 30 products, 60 days to {@link #LAST_DAY}, 40 subscribers; the database is created anew. */
    static IngestShop generate(String database, Path folder) throws Exception {
        DataSource db = TestPostgres.commerceDatabase(database);
        SampleShopSpec spec = new SampleShopSpec(30, 60, 40, 7, LAST_DAY, "US", "USD", ZoneId.of("America/New_York"));
        IngestShop shop =
                new IngestShop(folder.resolve("landing"), folder.resolve("truth"), TestPostgres.jdbcUrl(database));
        new SampleShopGenerator(spec).generate(shop.landing(), shop.truth(), db);
        return shop;
    }

    /** The configuration of a run with its home (and warehouse) in {@code home}; {@code more}: variable, value. */
    NightshiftConfig config(Path home, Optional<Path> file, String... more) {
        Map<String, String> env = new HashMap<>(Map.of(
                "NIGHTSHIFT_HOME", home.toString(),
                "NIGHTSHIFT_WAREHOUSE", home.resolve("wh").toString(),
                "NIGHTSHIFT_LANDING_ZONE", landing.toString(),
                "NIGHTSHIFT_JDBC_URL", jdbcUrl,
                "NIGHTSHIFT_JDBC_USER", "postgres"));
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return NightshiftConfig.load(file, env);
    }

    static void ingest(NightshiftConfig config, RunDates dates) throws Exception {
        try (StageContext context = new StageContext(config, false, CLOCK)) {
            new IngestStage().run(context, dates);
        }
    }

    static Map<String, TableChecksum> silverChecksums(NightshiftConfig config) {
        TableCatalog catalog = new TableCatalog(config.storage().warehouse());
        Map<String, TableChecksum> sums = new TreeMap<>();
        for (TableSpec table : SILVER) {
            sums.put(table.qualifiedName(), TableChecksum.of(catalog.read(TestSpark.session(), table)));
        }
        return sums;
    }
}
