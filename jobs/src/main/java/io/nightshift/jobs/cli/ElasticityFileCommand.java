package io.nightshift.jobs.cli;

import io.nightshift.common.config.ElasticitySettings;
import io.nightshift.jobs.elasticity.FileElasticity;
import io.nightshift.jobs.elasticity.Shrinkage;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.distribution.NormalDistribution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code elasticity-file}: the elasticity stage's estimator and shrinkage on any CSV of series
 * ({@link FileElasticity}). Output, one row per series: {@link #HEADER}; each group's pooled elasticity on stderr.
 */
@Command(
        name = "elasticity-file",
        mixinStandardHelpOptions = true,
        description =
                "own-price elasticity of every series of a CSV (series_id, ds, y, price [, controls, group]) with the elasticity stage's estimator and shrinkage")
final class ElasticityFileCommand extends BaseCommand {
    static final String HEADER = "series_id,group,n_obs,distinct_prices,status,own_elasticity,own_std_error,"
            + "elasticity,ci_low,ci_high,pooling_level,own_weight,flagged,reason";

    @Option(
            names = "--input",
            required = true,
            paramLabel = "F.csv",
            description = "series_id, ds, y, price and the control and group columns")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "G.csv", description = HEADER)
    Path output;

    @Option(
            names = "--controls",
            split = ",",
            paramLabel = "a,b",
            description = "control columns (e.g. display, promotion)")
    List<String> controls = new ArrayList<>();

    @Option(
            names = "--group",
            paramLabel = "COLUMN",
            description = "column grouping the series for pooling (default: one group)")
    String group;

    @Option(
            names = "--no-calendar",
            description = "leave out the trend, weekday and yearly terms (e.g. weeks not aligned to a calendar)")
    boolean noCalendar;

    @Option(
            names = "--min-observations",
            paramLabel = "N",
            description = "fewest rows for a series' own estimate (default: the stage's min-observations)")
    Integer minObservations;

    ElasticityFileCommand(Launch launch) {
        super(launch);
    }

    @Override
    protected Integer run() throws Exception {
        if (!Files.isRegularFile(input)) {
            throw new UsageException("no such input file: " + input);
        }
        ElasticitySettings s = config.elasticity();
        if (minObservations != null) {
            if (minObservations < 3) {
                throw new UsageException("--min-observations must be at least 3, got " + minObservations);
            }
            s = new ElasticitySettings(
                    s.windowDays(),
                    minObservations,
                    s.minDistinctPrices(),
                    s.minUnits(),
                    s.hacLagDays(),
                    s.intervalLevel(),
                    s.mostElastic(),
                    s.leastElastic(),
                    s.minBetweenProductSd(),
                    s.fallbackElasticity(),
                    s.fallbackSd(),
                    s.addToCartFunnel());
        }
        long start = System.nanoTime();
        List<String> names =
                controls.stream().map(String::strip).filter(c -> !c.isEmpty()).toList();
        List<FileElasticity.Series> series;
        try {
            series = FileElasticity.read(input, names, group);
        } catch (FileElasticity.MalformedFile e) {
            throw new UsageException(e.getMessage());
        }
        if (series.isEmpty()) {
            throw new UsageException(input + ": no rows");
        }
        FileElasticity.Result result = FileElasticity.estimate(series, names, !noCalendar, s);
        Path parent = output.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path partial = output.resolveSibling(output.getFileName() + ".partial");
        try (BufferedWriter w = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
            w.write(HEADER);
            w.newLine();
            for (FileElasticity.Estimate e : result.estimates()) {
                Shrinkage.Result p = e.published();
                w.write(String.join(
                        ",",
                        csv(e.series().id()),
                        csv(e.series().group()),
                        Long.toString(e.own().observations()),
                        Integer.toString(e.own().distinctPrices()),
                        e.own().status().name().toLowerCase(Locale.ROOT),
                        number(e.own().elasticity()),
                        number(e.own().standardError()),
                        number(p.elasticity()),
                        number(p.ciLow()),
                        number(p.ciHigh()),
                        p.poolingLevel(),
                        number(p.productWeight()),
                        Boolean.toString(p.flagged()),
                        p.reason() == null ? "" : csv(p.reason())));
                w.newLine();
            }
        }
        Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        long fitted = result.estimates().stream().filter(e -> e.own().fitted()).count();
        for (Map.Entry<String, Shrinkage.Prior> g : result.groups().entrySet()) {
            Shrinkage.Prior prior = g.getValue();
            double z = new NormalDistribution(0, 1).inverseCumulativeProbability(0.5 + s.intervalLevel() / 2);
            double se = Math.sqrt(prior.meanVariance());
            launch.err()
                    .printf(
                            Locale.ROOT,
                            "pooled elasticity%s: %.3f (%.0f%% interval %.3f .. %.3f; from %d fitted series, %s level), spread of series within groups sd %.3f%n",
                            g.getKey().isEmpty() ? "" : " of group " + g.getKey(),
                            prior.mean(),
                            100 * s.intervalLevel(),
                            prior.mean() - z * se,
                            prior.mean() + z * se,
                            prior.products(),
                            prior.level(),
                            result.withinGroupSd());
        }
        launch.err()
                .printf(
                        Locale.ROOT,
                        "elasticity of %d series (%d with their own fit) in %.1f s -> %s%n",
                        series.size(),
                        fitted,
                        (System.nanoTime() - start) / 1e9,
                        output);
        return 0;
    }

    private static String number(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "";
    }

    private static String csv(String value) {
        return value.contains(",") || value.contains("\"") ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }
}
