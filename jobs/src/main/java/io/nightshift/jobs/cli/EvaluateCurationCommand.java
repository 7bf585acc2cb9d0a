package io.nightshift.jobs.cli;

import io.nightshift.common.config.CurationSettings;
import io.nightshift.jobs.curation.CurationEvaluation;
import io.nightshift.jobs.stage.StageContext;
import java.io.PrintStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code evaluate-curation}: offline box-quality metrics of the curation models on the shop's own history. */
@Command(
        name = "evaluate-curation",
        mixinStandardHelpOptions = true,
        description =
                "hold out each subscriber's latest rated box; precision@k and NDCG@k of popularity, content, ALS and hybrid")
final class EvaluateCurationCommand extends BaseCommand {
    @Option(names = "--k", paramLabel = "N", description = "cut-off (default: nightshift.curation.evaluation.k, 5)")
    Integer k;

    @Option(
            names = "--holdout-date",
            paramLabel = "YYYY-MM-DD",
            converter = DateConverter.class,
            description = "box date to hold out (default: the latest box date with ratings); later boxes are ignored")
    LocalDate holdoutDate;

    @Option(
            names = "--blend",
            paramLabel = "CONTENT,CF,POPULARITY",
            description =
                    "also evaluate a hybrid with these weights (repeatable), e.g. for choosing nightshift.curation.weights")
    List<String> blends = new ArrayList<>();

    EvaluateCurationCommand(Launch launch) {
        super(launch);
    }

    @Override
    protected Integer run() throws Exception {
        int cutoff = k != null ? k : config.curation().evaluationK();
        if (cutoff < 1) {
            throw new UsageException("--k must be at least 1, got " + cutoff);
        }
        try (StageContext context = newContext(true)) {
            List<CurationSettings.Weights> extra = new ArrayList<>();
            for (String blend : blends) {
                String[] w = blend.split(",");
                try {
                    extra.add(new CurationSettings.Weights(
                            Double.parseDouble(w[0]), Double.parseDouble(w[1]), Double.parseDouble(w[2])));
                } catch (RuntimeException e) {
                    throw new UsageException("--blend takes three numbers CONTENT,CF,POPULARITY, got " + blend);
                }
            }
            CurationEvaluation.Report report =
                    CurationEvaluation.evaluate(context, cutoff, Optional.ofNullable(holdoutDate), extra);
            PrintStream out = launch.out();
            out.printf(
                    Locale.ROOT,
                    "held-out box %s: %,d rated items; metrics over customers with a liked held-out item%n",
                    report.holdoutDate(),
                    report.heldOutItems());
            out.printf(
                    Locale.ROOT,
                    "%-24s %10s %14s %10s %18s%n",
                    "model",
                    "customers",
                    "precision@" + cutoff,
                    "ndcg@" + cutoff,
                    "true affinity@" + cutoff);
            for (CurationEvaluation.Metric m : report.metrics()) {
                out.printf(
                        Locale.ROOT,
                        "%-24s %,10d %14.4f %10.4f %18s%n",
                        m.model(),
                        m.customers(),
                        m.precision(),
                        m.ndcg(),
                        m.trueAffinity() == null ? "-" : String.format(Locale.ROOT, "%.4f", m.trueAffinity()));
            }
            CurationEvaluation.Validation v = report.validation();
            if (v == null) {
                out.println("no rated box before the held-out one: no validated hybrid");
            } else {
                out.printf(
                        Locale.ROOT,
                        "hybrid, validated: chosen on the %s box (trained on the boxes before it) from %d settings:"
                                + " content %.2f, collaborative %.2f, popularity %.2f, ALS rating-neutral %.1f (NDCG@%d there %.4f)%n",
                        v.boxDate(),
                        v.settingsTried(),
                        v.weights().content(),
                        v.weights().collaborative(),
                        v.weights().popularity(),
                        v.ratingNeutral(),
                        cutoff,
                        v.ndcg());
            }
        }
        return 0;
    }
}
