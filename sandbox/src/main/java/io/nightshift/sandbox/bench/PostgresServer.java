package io.nightshift.sandbox.bench;

import io.nightshift.common.db.CommerceDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * bench/cluster.sh's PostgreSQL: the same embedded server the CLI uses (real PostgreSQL 14 binaries), but as
 * a process of its own that outlives any one command, so Spark executors in other JVMs reach it over TCP.
 * Creates the named databases when missing, writes {@code jdbc:postgresql://127.0.0.1:PORT/} to PORT_FILE once
 * ready, then runs until it is terminated (SIGTERM stops PostgreSQL through the shutdown hook).
 * Usage: PostgresServer DATA_FOLDER URL_FILE [DATABASE ...]
 */
public final class PostgresServer {
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private PostgresServer() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: PostgresServer DATA_FOLDER URL_FILE [DATABASE ...]");
            System.exit(2);
        }
        CommerceDatabase server =
                CommerceDatabase.startEmbedded(Path.of(args[0]).toAbsolutePath());
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "postgres-stop"));
        try (Connection connection = server.connect();
                Statement statement = connection.createStatement()) {
            for (int i = 2; i < args.length; i++) {
                String database = args[i];
                if (!NAME.matcher(database).matches()) {
                    throw new IllegalArgumentException("not a database name: " + database);
                }
                try (ResultSet rs =
                        statement.executeQuery("select 1 from pg_database where datname = '" + database + "'")) {
                    if (rs.next()) {
                        continue;
                    }
                }
                statement.execute("create database " + database);
            }
        }
        int port = Integer.parseInt(server.jdbcUrl().replaceFirst("^jdbc:postgresql://[^:/]+:(\\d+)/.*$", "$1"));
        Path urlFile = Path.of(args[1]);
        Path partial = urlFile.resolveSibling(urlFile.getFileName() + ".tmp");
        Files.writeString(partial, "jdbc:postgresql://127.0.0.1:" + port + "/\n", StandardCharsets.UTF_8);
        Files.move(partial, urlFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        System.err.println("PostgreSQL listening on 127.0.0.1:" + port);
        Thread.currentThread().join();
    }
}
