package io.nightshift.common.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.catalog.SessionCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * The catalog bound to one warehouse: where each table lives, whether it exists, and its registration in
 * the Spark session so SQL can name it {@code layer.name}.
 */
public final class TableCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(TableCatalog.class);

    private final String warehouse;

    /** @param warehouse the warehouse root URI, e.g. {@code file:/data/warehouse} or {@code s3a://bucket/wh} */
    public TableCatalog(String warehouse) {
        // Hadoop's form (file:/x, not file:///x): Delta compares locations as strings.
        this.warehouse = new Path(warehouse).toString().replaceAll("/+$", "");
    }

    public String warehouse() {
        return warehouse;
    }

    public String location(TableSpec table) {
        return warehouse + "/" + table.relativePath();
    }

    public boolean exists(SparkSession spark, TableSpec table) {
        return isDeltaTable(spark, location(table));
    }

    /**
     * Reads the current version of a table, with the catalog's columns (a generated month partition column
     * is left out: filters on the date column still prune by it); a clear error when it has never been written.
     */
    public Dataset<Row> read(SparkSession spark, TableSpec table) {
        if (!exists(spark, table)) {
            throw new IllegalStateException(table.qualifiedName() + " does not exist yet at " + location(table)
                    + " (run the stage that writes it first)");
        }
        Dataset<Row> rows = spark.read().format("delta").load(location(table));
        return table.monthPartitionColumn().map(rows::drop).orElse(rows);
    }

    /**
     * Registers every table that exists in the warehouse (the fixed ones, and any others found in the layer
     * folders, such as quarantine.<source> and bronze.<source>) as {@code layer.name}, and forgets
     * registrations that point at another warehouse (a JVM that ran against several).
     */
    public List<String> registerExisting(SparkSession spark) {
        List<String> registered = new ArrayList<>();
        for (Layer layer : Layer.values()) {
            forgetOtherWarehouses(spark, layer);
            for (String name : tableFolders(spark, layer)) {
                register(spark, layer, name);
                registered.add(layer.folder() + "." + name);
            }
        }
        LOG.debug("registered {} tables from {}", registered.size(), warehouse);
        return registered;
    }

    /** Registers one table's location as {@code layer.name} (an external table: dropping it never deletes data). */
    public void register(SparkSession spark, Layer layer, String name) {
        String database = layer.folder();
        String location = warehouse + "/" + database + "/" + name;
        SessionCatalog sessionCatalog = spark.sessionState().catalog();
        if (!sessionCatalog.databaseExists(database)) {
            spark.sql("CREATE DATABASE IF NOT EXISTS " + database);
        }
        TableIdentifier identifier = new TableIdentifier(name, Option.apply(database));
        if (sessionCatalog.tableExists(identifier)) {
            if (sameLocation(locationOf(sessionCatalog, identifier), location)) {
                return;
            }
            sessionCatalog.dropTable(identifier, true, false);
        }
        spark.sql("CREATE TABLE IF NOT EXISTS " + database + ".`" + name + "` USING delta LOCATION '" + escape(location)
                + "'");
    }

    private void forgetOtherWarehouses(SparkSession spark, Layer layer) {
        SessionCatalog sessionCatalog = spark.sessionState().catalog();
        if (!sessionCatalog.databaseExists(layer.folder())) {
            return;
        }
        for (TableIdentifier identifier : JavaConverters.seqAsJavaList(sessionCatalog.listTables(layer.folder()))) {
            URI location = locationOf(sessionCatalog, identifier);
            if (!sameLocation(location, warehouse + "/" + layer.folder() + "/" + identifier.table())) {
                sessionCatalog.dropTable(identifier, true, false);
            }
        }
    }

    private static URI locationOf(SessionCatalog sessionCatalog, TableIdentifier identifier) {
        try {
            return sessionCatalog.getTableMetadata(identifier).location();
        } catch (Exception e) { // Scala declares NoSuchDatabaseException/NoSuchTableException
            throw new IllegalStateException("cannot read the registration of " + identifier, e);
        }
    }

    private static boolean sameLocation(URI registered, String location) {
        return new Path(registered)
                .toString()
                .replaceAll("/+$", "")
                .equals(new Path(location).toString().replaceAll("/+$", ""));
    }

    private List<String> tableFolders(SparkSession spark, Layer layer) {
        Path folder = new Path(warehouse + "/" + layer.folder());
        List<String> names = new ArrayList<>();
        try {
            FileSystem fs = folder.getFileSystem(spark.sessionState().newHadoopConf());
            if (!fs.exists(folder)) {
                return names;
            }
            for (FileStatus status : fs.listStatus(folder)) {
                String name = status.getPath().getName();
                if (status.isDirectory()
                        && name.matches("[a-z][a-z0-9_]*")
                        && fs.exists(new Path(status.getPath(), "_delta_log"))) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
        names.sort(String::compareTo);
        return names;
    }

    static boolean isDeltaTable(SparkSession spark, String location) {
        Path log = new Path(location + "/_delta_log");
        try {
            FileSystem fs = log.getFileSystem(spark.sessionState().newHadoopConf());
            return fs.exists(log) && fs.listStatus(log).length > 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check " + location, e);
        }
    }

    static String escape(String sqlString) {
        return sqlString.replace("\\", "\\\\").replace("'", "\\'");
    }
}
