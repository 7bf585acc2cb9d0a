package io.nightshift.jobs.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Headless Chromium for the report test: the DOM after rendering, the console errors, a screenshot.
 * Network is cut (every host resolves to nothing), so a report that tried to fetch anything would log an error.
 */
final class Chromium {
    private Chromium() {}

    record Rendered(String dom, List<String> consoleErrors) {}

    static String binary() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        Assumptions.abort("chromium is not installed (apt-get install -y chromium; .ci/run installs it)");
        return null;
    }

    static Rendered render(Path html, Path screenshot) throws Exception {
        String chromium = binary();
        Path profile = Files.createTempDirectory("chromium-profile");
        List<String> common = List.of(
                chromium,
                "--headless",
                "--disable-gpu",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + profile,
                "--host-resolver-rules=MAP * ~NOTFOUND",
                "--enable-logging=stderr",
                "--v=0",
                "--no-first-run",
                "--disable-extensions",
                "--disable-background-networking");
        List<String> dump = new ArrayList<>(common);
        dump.add("--dump-dom");
        dump.add(html.toUri().toString());
        Process process = new ProcessBuilder(dump).start();
        byte[] stderr;
        String dom;
        try (var out = process.getInputStream();
                var err = process.getErrorStream()) {
            var errReader = new CompletableFuture<byte[]>();
            Thread t = new Thread(() -> {
                try {
                    errReader.complete(err.readAllBytes());
                } catch (IOException e) {
                    errReader.complete(new byte[0]);
                }
            });
            t.start();
            dom = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            stderr = errReader.get(60, TimeUnit.SECONDS);
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("chromium did not finish");
        }
        List<String> errors = String.valueOf(new String(stderr, StandardCharsets.UTF_8))
                .lines()
                .filter(l -> l.contains("CONSOLE") || l.contains("Uncaught") || l.contains("Failed to load resource"))
                .toList();
        List<String> shot = new ArrayList<>(common);
        shot.add("--screenshot=" + screenshot);
        shot.add("--window-size=1280,4000");
        shot.add(html.toUri().toString());
        Process shooter = new ProcessBuilder(shot)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!shooter.waitFor(60, TimeUnit.SECONDS)) {
            shooter.destroyForcibly();
        }
        return new Rendered(dom, errors);
    }

    static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
