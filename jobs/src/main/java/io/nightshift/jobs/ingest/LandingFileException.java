package io.nightshift.jobs.ingest;

/** A landing file that cannot be ingested at all: the message names the file and the problem, on one line. */
public final class LandingFileException extends RuntimeException {
    private final String file;

    public LandingFileException(String file, String problem) {
        this(file, problem, null);
    }

    public LandingFileException(String file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The file, relative to the landing root. */
    public String file() {
        return file;
    }
}
