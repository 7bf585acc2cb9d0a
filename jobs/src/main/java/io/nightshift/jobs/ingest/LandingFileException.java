package io.nightshift.jobs.ingest;

/** A landing file that cannot be ingested at all: the message names the file and the problem, on one line. */
public final class LandingFileException extends RuntimeException {
    private final String file;
    private final String problem;

    public LandingFileException(String file, String problem) {
        this(file, problem, null);
    }

    public LandingFileException(String file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
        this.problem = problem;
    }

    /** What is wrong with it, without the file's name. */
    public String problem() {
        return problem;
    }

    /** The file, relative to the landing root. */
    public String file() {
        return file;
    }
}
