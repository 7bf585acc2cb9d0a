package io.nightshift.jobs.cli;

/** The command line asked for something impossible (bad date, range, missing file): exit 2, one line. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
