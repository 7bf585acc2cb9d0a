package io.nightshift.jobs.cli;

import io.nightshift.common.config.ForecastSettings;
import io.nightshift.common.config.GlobalModelSettings;
import io.nightshift.jobs.forecast.SeriesFile;
import io.nightshift.jobs.forecast.SeriesForecasts;
import io.nightshift.jobs.forecast.model.Frequency;
import io.nightshift.jobs.forecast.model.GlobalForecast;
import io.nightshift.jobs.stage.StageContext;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code forecast-file}: forecasts every series of a CSV with the stage's model code, in Spark local mode,
 * parallel over series. Input {@code series_id, ds, y} plus regressor columns; output
 * {@code series_id, ds, yhat, yhat_lower, yhat_upper, model}, H rows per series, sorted.
 */
@Command(
        name = "forecast-file",
        mixinStandardHelpOptions = true,
        description =
                "forecast every series of a CSV (series_id, ds, y [, regressors]) with backtest model choice and intervals")
final class ForecastFileCommand extends BaseCommand {
    @Option(
            names = "--input",
            required = true,
            paramLabel = "F.csv",
            description = "series_id, ds, y and the regressor columns")
    Path input;

    @Option(
            names = "--output",
            required = true,
            paramLabel = "G.csv",
            description = "series_id, ds, yhat, yhat_lower, yhat_upper, model")
    Path output;

    @Option(names = "--horizon", required = true, paramLabel = "H", description = "steps to forecast per series")
    int horizon;

    @Option(names = "--frequency", required = true, paramLabel = "daily|weekly|monthly|quarterly|yearly")
    String frequency;

    @Option(
            names = "--regressors",
            split = ",",
            paramLabel = "a,b",
            description = "regressor columns (known in the future rows)")
    List<String> regressors = new ArrayList<>();

    @Option(
            names = "--group",
            paramLabel = "COLUMN",
            description = "a column naming each series' group (e.g. a category), for the global model's group-level"
                    + " target encodings")
    String group;

    @Option(
            names = "--global-model",
            arity = "1",
            paramLabel = "true|false",
            description = "the global gradient-boosted-trees model as a candidate (default: the configuration's"
                    + " nightshift.forecast.global-model.enabled)")
    Boolean globalModel;

    @Option(
            names = "--level",
            defaultValue = "0.9",
            description = "prediction interval level (default: ${DEFAULT-VALUE})")
    double level;

    ForecastFileCommand(Launch launch) {
        super(launch);
    }

    @Override
    protected Integer run() throws Exception {
        if (horizon <= 0) {
            throw new UsageException("--horizon must be positive, got " + horizon);
        }
        if (!(level > 0 && level < 1)) {
            throw new UsageException("--level must be between 0 and 1, got " + level);
        }
        Frequency freq;
        try {
            freq = Frequency.parse(frequency);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--frequency: " + e.getMessage());
        }
        if (!Files.isRegularFile(input)) {
            throw new UsageException("no such input file: " + input);
        }
        long start = System.nanoTime();
        List<SeriesFile.Series> series;
        try {
            series = SeriesFile.read(
                    input,
                    freq,
                    regressors.stream()
                            .map(String::strip)
                            .filter(s -> !s.isEmpty())
                            .toList(),
                    horizon,
                    group == null || group.isBlank() ? null : group.strip());
        } catch (SeriesFile.MalformedSeriesFile e) {
            throw new UsageException(e.getMessage());
        }
        ForecastSettings settings = ForecastSettings.defaults().withLevel(level);
        List<Row> rows;
        try (StageContext context = newContext(false)) {
            GlobalModelSettings global = context.config().forecast().globalModel();
            if (globalModel != null) {
                global = global.withEnabled(globalModel);
            }
            long trainingStart = System.nanoTime();
            Map<String, GlobalForecast> globalForecasts =
                    SeriesForecasts.globalForecasts(series, freq, horizon, settings, global);
            if (global.enabled()) {
                launch.err()
                        .printf(
                                Locale.ROOT,
                                "global model: trained and predicted for %d of %d series in %.1f s%n",
                                globalForecasts.size(),
                                series.size(),
                                (System.nanoTime() - trainingStart) / 1e9);
            }
            rows = new ArrayList<>(
                    SeriesForecasts.forecast(context.spark(), series, freq, horizon, settings, globalForecasts)
                            .collectAsList());
        }
        rows.sort(Comparator.<Row, String>comparing(r -> r.getString(0)).thenComparing(r -> r.getDate(1)));
        Path parent = output.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path partial = output.resolveSibling(output.getFileName() + ".partial");
        try (BufferedWriter writer = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
            writer.write(String.join(",", Arrays.asList(SeriesForecasts.OUTPUT.fieldNames())));
            writer.newLine();
            for (Row r : rows) {
                writer.write(String.format(
                        Locale.ROOT,
                        "%s,%s,%.6g,%.6g,%.6g,%s",
                        csv(r.getString(0)),
                        r.getDate(1),
                        r.getDouble(2),
                        r.getDouble(3),
                        r.getDouble(4),
                        r.getString(5)));
                writer.newLine();
            }
        }
        Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        launch.err()
                .printf(
                        Locale.ROOT,
                        "forecast %d series x %d steps in %.1f s -> %s%n",
                        series.size(),
                        horizon,
                        (System.nanoTime() - start) / 1e9,
                        output);
        return 0;
    }

    private static String csv(String value) {
        return value.contains(",") || value.contains("\"") ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }
}
