package io.nightshift.jobs.importing;

/** A file of an import cannot be used at all (unreadable, no header, a required column missing): names the file. */
public final class ImportFileException extends RuntimeException {
    public ImportFileException(String file, String problem) {
        super(file + ": " + problem);
    }

    public ImportFileException(String file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
