package io.nightshift.jobs.cli;

import io.nightshift.jobs.curation.CurationEvaluation;
import io.nightshift.jobs.curation.CurationSettings;
import io.nightshift.jobs.stage.StageContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.Locale;

/** {@code evaluate-curation}: offline box-quality metrics of the curation models on the shop's own history. */
@Command(name = "evaluate-curation", mixinStandardHelpOptions = true,
        description = "hold out each subscriber's latest rated box; precision@k and NDCG@k of popularity, content, ALS and hybrid")
final class EvaluateCurationCommand extends BaseCommand {
    @Option(names = "--k", paramLabel = "N", description = "cut-off (default: nightshift.curation.evaluation.k, 5)")
    Integer k;

    EvaluateCurationCommand(Launch launch) {
        super(launch);
    }

    @Override
    protected Integer run() throws Exception {
        int cutoff = k != null ? k : CurationSettings.from(config.raw()).evaluationK();
        if (cutoff < 1) {
            throw new UsageException("--k must be at least 1, got " + cutoff);
        }
        try (StageContext context = newContext(true)) {
            CurationEvaluation.Report report = CurationEvaluation.evaluate(context, cutoff);
            PrintStream out = launch.out();
            out.printf(Locale.ROOT, "held-out box %s: %,d rated items; metrics over customers with a liked held-out item%n",
                    report.holdoutDate(), report.heldOutItems());
            out.printf(Locale.ROOT, "%-12s %10s %14s %10s%n", "model", "customers", "precision@" + cutoff, "ndcg@" + cutoff);
            for (CurationEvaluation.Metric m : report.metrics()) {
                out.printf(Locale.ROOT, "%-12s %,10d %14.4f %10.4f%n", m.model(), m.customers(), m.precision(), m.ndcg());
            }
        }
        return 0;
    }
}
