package io.nightshift.sandbox.bench;

import io.nightshift.jobs.forecast.model.Frequency;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * A prepared forecast benchmark's meta.properties (bench/forecast-peers/prepare.R writes it beside input.csv):
 * frequency, horizon, regressor columns and the optional group column (empty: none).
 */
record BenchMeta(Frequency frequency, int horizon, List<String> regressors, String group) {
    static BenchMeta read(Path dir) throws IOException {
        Properties meta = new Properties();
        try (BufferedReader r = Files.newBufferedReader(dir.resolve("meta.properties"), StandardCharsets.UTF_8)) {
            meta.load(r);
        }
        return new BenchMeta(
                Frequency.parse(meta.getProperty("frequency")),
                Integer.parseInt(meta.getProperty("horizon").strip()),
                List.of(meta.getProperty("regressors", "").split(",")).stream()
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .toList(),
                meta.getProperty("group", "").strip());
    }
}
