package io.nightshift.common.testing;

import io.nightshift.common.db.CommerceSchema;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/** Real PostgreSQL servers for tests (embedded binaries); each database is fresh and migrated. */
public final class TestPostgres {
    private static EmbeddedPostgres shared;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private TestPostgres() {}

    /** The test JVM's shared server, started on first use and stopped at JVM exit. */
    public static synchronized EmbeddedPostgres server() {
        if (shared == null) {
            try {
                shared =
                        EmbeddedPostgres.builder().setRegisterShutdownHook(true).start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    /** A new, empty database on the shared server with the commerce schema applied. */
    public static DataSource freshCommerceDatabase() {
        String name = "commerce_" + DATABASES.incrementAndGet();
        try (Connection connection = server().getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        DataSource dataSource = server().getDatabase("postgres", name);
        CommerceSchema.migrate(dataSource);
        return dataSource;
    }

    /** The database {@code name} on the shared server, dropped if it exists and created empty. */
    public static DataSource emptyDatabase(String name) {
        try (Connection connection = server().getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name);
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return server().getDatabase("postgres", name);
    }

    /** The database {@code name} on the shared server, created anew with the commerce schema applied. */
    public static DataSource commerceDatabase(String name) {
        DataSource dataSource = emptyDatabase(name);
        CommerceSchema.migrate(dataSource);
        return dataSource;
    }

    /** The JDBC URL of a database on the shared server. */
    public static String jdbcUrl(String database) {
        return server().getJdbcUrl("postgres", database);
    }
}
