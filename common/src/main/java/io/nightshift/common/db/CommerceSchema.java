package io.nightshift.common.db;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Applies the versioned commerce schema (classpath:db/commerce/V*.sql) with Flyway. */
public final class CommerceSchema {
    public static final String MIGRATIONS = "classpath:db/commerce";

    private CommerceSchema() {}

    /** Brings the database to the newest schema version; a no-op when it already is. */
    public static MigrateResult migrate(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations(MIGRATIONS)
                .loggers("slf4j")
                .load()
                .migrate();
    }
}
