package io.nightshift.sandbox.bench;

import com.typesafe.config.ConfigFactory;
import io.nightshift.common.config.CurationSettings;
import io.nightshift.jobs.curation.CandidateScorer;
import java.lang.management.ManagementFactory;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * A bench diagnostic: the CPU time (of this thread, so a busy machine does not inflate it) per customer-product
 * pair of {@link CandidateScorer#score}, on a synthetic catalogue shaped like bench/curation.sh's (9 categories,
 * 3 attributes, rank-16 factors) and customers with 3 preferences. Scoring costs this times subscribers x
 * products. Usage: CandidateScorerProbe PRODUCTS CUSTOMERS
 */
public final class CandidateScorerProbe {
    private CandidateScorerProbe() {}

    public static void main(String[] args) {
        int products = Integer.parseInt(args[0]), customers = Integer.parseInt(args[1]);
        String[] cats = {"coffee", "tea", "snacks", "skincare", "apparel", "electronics", "home", "pet", "toys"};
        Random r = new Random(1);
        LocalDate box = LocalDate.of(2026, 12, 1);
        List<CandidateScorer.Product> catalogue = new ArrayList<>();
        for (int p = 1; p <= products; p++) {
            String c = cats[r.nextInt(cats.length)];
            double price = 4.99 + r.nextInt(5500) / 100.0;
            float[] f = new float[16];
            for (int k = 0; k < 16; k++) {
                f[k] = (float) r.nextGaussian();
            }
            catalogue.add(new CandidateScorer.Product(
                    p,
                    c,
                    price,
                    price <= 25 ? new int[] {1, 2, 3} : new int[] {2, 3},
                    true,
                    box.minusYears(2),
                    Set.of(
                            CandidateScorer.attribute("category", c),
                            CandidateScorer.attribute("brand", c + "-brand-" + r.nextInt(4)),
                            CandidateScorer.attribute("style", "style-" + r.nextInt(5))),
                    f,
                    r.nextDouble()));
        }
        CurationSettings settings =
                CurationSettings.from(ConfigFactory.defaultReference().resolve());
        CandidateScorer scorer = new CandidateScorer(catalogue, settings, box);
        List<CandidateScorer.Profile> profiles = new ArrayList<>();
        for (int c = 0; c < customers; c++) {
            float[] f = new float[16];
            for (int k = 0; k < 16; k++) {
                f[k] = (float) r.nextGaussian();
            }
            Set<Integer> recent = new HashSet<>();
            for (int k = 0; k < 15; k++) {
                recent.add(1 + r.nextInt(products));
            }
            profiles.add(new CandidateScorer.Profile(
                    "customer-" + c,
                    1 + r.nextInt(3),
                    List.of(
                            new CandidateScorer.Preference("category", cats[r.nextInt(9)], 1 + r.nextInt(5)),
                            new CandidateScorer.Preference("category", cats[r.nextInt(9)], 1 + r.nextInt(5)),
                            new CandidateScorer.Preference("style", "style-" + r.nextInt(5), 1 + r.nextInt(5))),
                    recent,
                    60,
                    f));
        }
        var bean = ManagementFactory.getThreadMXBean();
        long kept = 0;
        for (int round = 0; round < 3; round++) {
            long cpu = bean.getCurrentThreadCpuTime();
            for (CandidateScorer.Profile p : profiles) {
                kept += scorer.score(p).candidates().size();
            }
            double ns = (bean.getCurrentThreadCpuTime() - cpu) / ((double) customers * products);
            System.out.printf(
                    Locale.ROOT, "round %d: %.1f ns CPU per customer-product pair (%d kept)%n", round, ns, kept);
        }
    }
}
