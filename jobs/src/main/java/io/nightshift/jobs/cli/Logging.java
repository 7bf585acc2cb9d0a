package io.nightshift.jobs.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;

/** Points the log file at the configured folder once the configuration is known. */
final class Logging {
    private Logging() {}

    static Path useLogFolder(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            return currentLogFile();
        }
        Path file = folder.resolve("nightshift.log");
        System.setProperty("nightshift.log.file", file.toString());
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        URL bundled = Logging.class.getResource("/log4j2.properties");
        if (explicitConfiguration() || bundled == null) {
            context.reconfigure();
        } else {
            // Our own configuration by name: another one on the classpath (a library's or a test's
            // log4j2-test.properties, which log4j prefers) would drop the log file the CLI promises.
            context.setConfigLocation(toUri(bundled));
        }
        return file;
    }

    /** A configuration the operator chose (-Dlog4j2.configurationFile) wins over ours. */
    private static boolean explicitConfiguration() {
        return System.getProperty("log4j2.configurationFile") != null
                || System.getProperty("log4j.configurationFile") != null;
    }

    private static URI toUri(URL url) {
        try {
            return url.toURI();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("bad resource URL " + url, e);
        }
    }

    static Path currentLogFile() {
        return Path.of(System.getProperty(
                "nightshift.log.file",
                Path.of(System.getProperty("java.io.tmpdir"), "nightshift.log").toString()));
    }
}
