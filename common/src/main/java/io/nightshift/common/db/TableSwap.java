package io.nightshift.common.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Replaces a live table by a fully built copy through renames, so the swap takes milliseconds whatever the
 * table's size. The copy is created with the live table's columns, defaults and checks ({@code LIKE ...
 * INCLUDING ALL EXCLUDING INDEXES}), loaded while it has no index, then given the live table's primary key,
 * unique constraints, indexes and grants; the swap re-points the views that read the live table.
 * <p>
 * Everything runs in the caller's transaction. Until it commits, other sessions do not see the copy (its
 * catalog rows are uncommitted); a rollback, or a client killed at any point, leaves nothing behind. The live
 * table's schema stays defined in one place, the migrations: this class reads it from the catalog.
 */
final class TableSwap {
    /** PostgreSQL's SQLSTATE lock_not_available, raised when lock_timeout expires. */
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private final Connection connection;
    private final String schema;
    private final String table;
    private final String live;
    private final String next;
    /** Renames to run once the old table is gone and its constraint and index names are free. */
    private final List<String> renamesAfterSwap = new ArrayList<>();

    TableSwap(Connection connection, String schema, String table) {
        this.connection = connection;
        this.schema = schema;
        this.table = table;
        this.live = quoted(schema) + "." + quoted(table);
        this.next = quoted(schema) + "." + quoted(table + "_next");
    }

    /** The copy's qualified name, for loading it. */
    String next() {
        return next;
    }

    String live() {
        return live;
    }

    /** The empty copy: columns, defaults, NOT NULL and CHECK constraints, no index (so a COPY only appends). */
    void createEmptyCopy() throws SQLException {
        execute("CREATE TABLE " + next + " (LIKE " + live + " INCLUDING ALL EXCLUDING INDEXES)");
    }

    /**
     * Builds the live table's primary key, unique and exclusion constraints and plain indexes on the loaded
     * copy, under temporary names (index names are unique per schema), and grants the copy the live table's
     * privileges. One sorted build per index is far cheaper than maintaining it row by row during the load.
     */
    void buildIndexesAndGrants() throws SQLException {
        int n = 0;
        try (PreparedStatement p = connection.prepareStatement("""
                SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
                WHERE conrelid = ?::regclass AND contype IN ('p', 'u', 'x') ORDER BY conname""")) {
            p.setString(1, live);
            for (String[] constraint : rows(p, 2)) {
                String temporary = "swap_constraint_" + (++n);
                execute("ALTER TABLE " + next + " ADD CONSTRAINT " + quoted(temporary) + " " + constraint[1]);
                // Renaming a constraint renames its index too.
                renamesAfterSwap.add("ALTER TABLE " + live + " RENAME CONSTRAINT " + quoted(temporary) + " TO "
                        + quoted(constraint[0]));
            }
        }
        try (PreparedStatement p = connection.prepareStatement("""
                SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                WHERE i.indrelid = ?::regclass
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid =
                      i.indrelid)
                ORDER BY c.relname""")) {
            p.setString(1, live);
            for (String[] index : rows(p, 2)) {
                String temporary = "swap_index_" + (++n);
                String definition = index[1];
                // pg_get_indexdef: CREATE [UNIQUE] INDEX name ON schema.table USING method (columns) ...
                execute((definition.startsWith("CREATE UNIQUE") ? "CREATE UNIQUE INDEX " : "CREATE INDEX ")
                        + quoted(temporary) + " ON " + next + definition.substring(definition.indexOf(" USING ")));
                renamesAfterSwap.add(
                        "ALTER INDEX " + quoted(schema) + "." + quoted(temporary) + " RENAME TO " + quoted(index[0]));
            }
        }
        try (PreparedStatement p = connection.prepareStatement("""
                SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(r.rolname) END, a.privilege_type,
                    a.is_grantable
                FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a LEFT JOIN pg_roles r ON r.oid = a.grantee
                WHERE c.oid = ?::regclass AND a.grantee <> c.relowner""")) {
            p.setString(1, live);
            for (String[] grant : rows(p, 3)) {
                execute("GRANT " + grant[1] + " ON " + next + " TO " + grant[0]
                        + ("true".equals(grant[2]) ? " WITH GRANT OPTION" : ""));
            }
        }
    }

    /**
     * The swap: lock the live table and its views (waiting at most {@code lockTimeout} per attempt, so a long
     * reader cannot stall the storefront's queries queued behind this lock for long), rename the live table
     * away and the copy into its place, re-create the views on the same text (which now resolves to the
     * copy), drop the old table, restore the constraint and index names. Holds the locks until the caller
     * commits: readers wait those few milliseconds, then read the new table.
     */
    void swap(Duration lockTimeout, int lockAttempts) throws SQLException, InterruptedException {
        // A view's definition is deparsed now, while its names still resolve to the live table.
        List<String[]> views = new ArrayList<>();
        try (PreparedStatement p = connection.prepareStatement("""
                SELECT DISTINCT v.oid::regclass::text, pg_get_viewdef(v.oid), coalesce(array_to_string(v.reloptions,
                    ', '), '')
                FROM pg_depend d JOIN pg_rewrite w ON w.oid = d.objid JOIN pg_class v ON v.oid = w.ev_class
                WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass
                  AND d.refobjid = ?::regclass AND v.oid <> d.refobjid AND v.relkind = 'v'""")) {
            p.setString(1, live);
            views.addAll(rows(p, 3));
        }
        // Views first: a reader locks a view, then its table; taking them in the same order cannot deadlock.
        List<String> toLock = new ArrayList<>();
        for (String[] view : views) {
            toLock.add(view[0]);
        }
        toLock.add(live);
        lockExclusively(String.join(", ", toLock), lockTimeout, lockAttempts);

        String replaced = quoted(table + "_replaced");
        execute("ALTER TABLE " + live + " RENAME TO " + replaced);
        execute("ALTER TABLE " + next + " RENAME TO " + quoted(table));
        for (String[] view : views) {
            String definition = view[1].strip();
            if (definition.endsWith(";")) {
                definition = definition.substring(0, definition.length() - 1);
            }
            execute("CREATE OR REPLACE VIEW " + view[0] + (view[2].isEmpty() ? "" : " WITH (" + view[2] + ")") + " AS "
                    + definition);
        }
        // RESTRICT: anything else still depending on the old table makes the publish fail and roll back.
        execute("DROP TABLE " + quoted(schema) + "." + replaced + " RESTRICT");
        for (String rename : renamesAfterSwap) {
            execute(rename);
        }
    }

    private void lockExclusively(String tables, Duration lockTimeout, int attempts)
            throws SQLException, InterruptedException {
        execute("SET LOCAL lock_timeout = " + lockTimeout.toMillis());
        for (int attempt = 1; ; attempt++) {
            execute("SAVEPOINT swap_lock");
            try {
                execute("LOCK TABLE " + tables + " IN ACCESS EXCLUSIVE MODE");
                execute("RELEASE SAVEPOINT swap_lock");
                return;
            } catch (SQLException e) {
                if (!LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                    throw e;
                }
                execute("ROLLBACK TO SAVEPOINT swap_lock");
                if (attempt == attempts) {
                    throw new SQLException(
                            "could not swap " + live + ": another session held it for " + attempts + " x "
                                    + lockTimeout.toMillis()
                                    + " ms (a long query or an idle open transaction); nothing changed",
                            LOCK_NOT_AVAILABLE,
                            e);
                }
                Thread.sleep(lockTimeout.toMillis() / 2);
            }
        }
    }

    /**
     * Runs one statement of DDL or locking. Identifiers cannot be bind parameters: every name in these
     * statements comes from the catalog or this class, quoted with {@link #quoted}.
     */
    private void execute(String sql) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            s.execute();
        }
    }

    private static List<String[]> rows(PreparedStatement p, int columns) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        try (ResultSet r = p.executeQuery()) {
            while (r.next()) {
                String[] row = new String[columns];
                for (int i = 0; i < columns; i++) {
                    row[i] = r.getString(i + 1);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    static String quoted(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
