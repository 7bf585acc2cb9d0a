package io.nightshift.jobs.cli;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Points the log file at the configured folder once the configuration is known. */
final class Logging {
    private Logging() {
    }

    static Path useLogFolder(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            return currentLogFile();
        }
        Path file = folder.resolve("nightshift.log");
        System.setProperty("nightshift.log.file", file.toString());
        ((LoggerContext) LogManager.getContext(false)).reconfigure();
        return file;
    }

    static Path currentLogFile() {
        return Path.of(System.getProperty("nightshift.log.file",
                Path.of(System.getProperty("java.io.tmpdir"), "nightshift.log").toString()));
    }
}
