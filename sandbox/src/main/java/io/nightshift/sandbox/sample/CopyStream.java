package io.nightshift.sandbox.sample;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/** Rows streamed to one PostgreSQL COPY ... FROM STDIN (text format), flushed in 256 KiB chunks. */
final class CopyStream implements AutoCloseable {
    private static final int FLUSH_CHARS = 1 << 18;

    private final CopyIn copy;
    private final StringBuilder buffer = new StringBuilder(FLUSH_CHARS + 4096);
    private boolean finished;
    long rows;

    CopyStream(Connection connection, String table, String columns) throws SQLException {
        copy = connection
                .unwrap(PGConnection.class)
                .getCopyAPI()
                .copyIn("COPY " + table + " (" + columns + ") FROM STDIN");
    }

    /** The buffer to append one row to: tab-separated values, \N for null; call {@link #endRow()} after. */
    StringBuilder row() {
        return buffer;
    }

    void endRow() throws SQLException {
        buffer.append('\n');
        rows++;
        if (buffer.length() >= FLUSH_CHARS) {
            flush();
        }
    }

    private void flush() throws SQLException {
        byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        buffer.setLength(0);
    }

    long finish() throws SQLException {
        flush();
        finished = true;
        return copy.endCopy();
    }

    @Override
    public void close() throws SQLException {
        if (!finished && copy.isActive()) {
            copy.cancelCopy();
        }
    }
}
