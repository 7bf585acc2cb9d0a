package io.nightshift.common.db;

import java.nio.file.Path;

/** The process {@link EmbeddedPostgresOwnershipTest} kills: starts the warehouse's embedded server, then waits. */
public final class EmbeddedPostgresChild {
    private EmbeddedPostgresChild() {}

    public static void main(String[] args) throws Exception {
        CommerceDatabase database = CommerceDatabase.startEmbedded(Path.of(args[0]));
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(Long.parseLong(args[1]));
        database.close();
    }
}
