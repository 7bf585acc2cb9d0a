package io.nightshift.jobs.ops;

import java.nio.file.Files;
import java.nio.file.Path;

/** The project's root folder from a test (surefire runs in the module folder). */
final class ProjectFiles {
    private ProjectFiles() {}

    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("airflow-dags"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "no airflow-dags folder above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
