package io.nightshift.common.db;

import io.nightshift.common.config.NightshiftConfig;
import io.nightshift.common.config.Secret;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commerce and storefront PostgreSQL database. With a JDBC URL configured it is that server; without
 * one, an embedded PostgreSQL (real server binaries) whose data folder lives under the local warehouse,
 * so data persists from one command to the next. Either way the schema is migrated on open.
 */
public final class CommerceDatabase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CommerceDatabase.class);
    public static final String EMBEDDED_FOLDER = "_postgres";

    private final DataSource dataSource;
    private final String jdbcUrl;
    private final String user;
    private final Secret password;
    private final Optional<EmbeddedPostgres> embedded;
    private final Optional<EmbeddedPostgresOwnership> ownership;

    private CommerceDatabase(
            DataSource dataSource,
            String jdbcUrl,
            String user,
            Secret password,
            Optional<EmbeddedPostgres> embedded,
            Optional<EmbeddedPostgresOwnership> ownership) {
        this.dataSource = dataSource;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.embedded = embedded;
        this.ownership = ownership;
    }

    /** Opens (and for embedded, starts) the configured database and migrates its schema. */
    public static CommerceDatabase open(NightshiftConfig config) {
        NightshiftConfig.Jdbc jdbc = config.jdbc();
        CommerceDatabase database;
        if (jdbc.embedded()) {
            Path dataFolder = NightshiftConfig.Storage.localPath(
                            config.storage().warehouse())
                    .resolve(EMBEDDED_FOLDER);
            database = startEmbedded(dataFolder);
        } else {
            PGSimpleDataSource source = new PGSimpleDataSource();
            source.setURL(jdbc.url().get());
            if (!jdbc.user().isBlank()) {
                source.setUser(jdbc.user());
            }
            if (!jdbc.password().isEmpty()) {
                source.setPassword(jdbc.password().reveal());
            }
            source.setApplicationName("nightshift");
            LOG.info("using PostgreSQL at {}", Secret.redactUrl(jdbc.url().get()));
            database = new CommerceDatabase(
                    source, jdbc.url().get(), jdbc.user(), jdbc.password(), Optional.empty(), Optional.empty());
        }
        try {
            CommerceSchema.migrate(database.dataSource);
        } catch (RuntimeException e) {
            database.close();
            throw new IllegalStateException(
                    "cannot migrate the commerce database at " + Secret.redactUrl(database.jdbcUrl) + ": "
                            + rootMessage(e),
                    e);
        }
        return database;
    }

    /**
     * Starts embedded PostgreSQL keeping its data in {@code dataFolder} (created on first use). A server left
     * running by a Nightshift process that died is stopped first; one owned by a live process is an error.
     */
    public static CommerceDatabase startEmbedded(Path dataFolder) {
        EmbeddedPostgresOwnership ownership = null;
        try {
            Files.createDirectories(dataFolder.getParent());
            ownership = EmbeddedPostgresOwnership.acquire(dataFolder);
            boolean fresh = !Files.exists(dataFolder.resolve("PG_VERSION"));
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataFolder)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(true)
                    // The library's 10 s is too short on a loaded 2-core machine right after a killed run (an
                    // orphan just stopped, crash recovery): a rerun then failed with "Connection refused".
                    .setPGStartupWait(Duration.ofSeconds(120))
                    // A laptop's database has no replicas: minimal WAL lets a COPY into a table truncated
                    // in the same transaction (the sample generator's bulk load) skip the WAL entirely.
                    .setServerConfig("wal_level", "minimal")
                    .setServerConfig("max_wal_senders", "0")
                    .setServerConfig("max_wal_size", "4GB")
                    .start();
            LOG.info(
                    "{} embedded PostgreSQL on port {} with data in {}",
                    fresh ? "initialised" : "started",
                    postgres.getPort(),
                    dataFolder);
            ownership.watch();
            String url = postgres.getJdbcUrl("postgres", "postgres");
            return new CommerceDatabase(
                    postgres.getPostgresDatabase(),
                    url,
                    "postgres",
                    Secret.empty(),
                    Optional.of(postgres),
                    Optional.of(ownership));
        } catch (IOException | RuntimeException e) {
            if (ownership != null) {
                ownership.close();
            }
            if (e instanceof IllegalStateException) {
                throw (IllegalStateException) e;
            }
            throw new IllegalStateException(
                    "cannot start embedded PostgreSQL in " + dataFolder + ": " + rootMessage(e), e);
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Connection connect() throws SQLException {
        return dataSource.getConnection();
    }

    /** The JDBC URL for Spark's JDBC source; credentials travel separately in {@link #sparkJdbcProperties()}. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    public Properties sparkJdbcProperties() {
        Properties properties = new Properties();
        properties.setProperty("driver", "org.postgresql.Driver");
        // Stream rows in batches: without a fetch size pgjdbc holds a partition's whole result in memory
        // (Spark's PostgreSQL dialect turns autocommit off for it, which a cursor needs).
        properties.setProperty("fetchsize", "10000");
        if (user != null && !user.isBlank()) {
            properties.setProperty("user", user);
        }
        if (!password.isEmpty()) {
            properties.setProperty("password", password.reveal());
        }
        return properties;
    }

    public boolean isEmbedded() {
        return embedded.isPresent();
    }

    @Override
    public void close() {
        embedded.ifPresent(postgres -> {
            try {
                postgres.close();
                LOG.info("stopped embedded PostgreSQL");
            } catch (IOException e) {
                LOG.warn("could not stop embedded PostgreSQL cleanly: {}", e.getMessage());
            }
        });
        ownership.ifPresent(EmbeddedPostgresOwnership::close);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return Secret.redactUrl(String.valueOf(root.getMessage()))
                .replaceAll("\\s+", " ")
                .strip();
    }
}
