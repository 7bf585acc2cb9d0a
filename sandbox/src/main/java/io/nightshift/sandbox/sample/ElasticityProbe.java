package io.nightshift.sandbox.sample;

import io.nightshift.common.config.ElasticitySettings;
import io.nightshift.jobs.elasticity.DemandDesign;
import io.nightshift.jobs.elasticity.ProductEstimate;
import io.nightshift.jobs.elasticity.Shrinkage;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * A diagnostic for bench/: simulates a sample shop in memory (no database, no Spark) and fits the elasticity
 * estimator to each product's simulated days, to see how far the estimator itself is from the truth, apart
 * from ingest. Options as system properties: -Dprobe.products, -Dprobe.days, -Dprobe.seed, -Dprobe.variants.
 */
public final class ElasticityProbe {
    /** oracle: the chance an all-knowing Bayes estimator lands within ±0.2 (variant "bound"), NaN otherwise. */
    record Row(ProductProfile p, ProductEstimate raw, Shrinkage.Result pub, double units, double oracle) {}

    private ElasticityProbe() {}

    public static void main(String[] args) {
        int products = Integer.getInteger("probe.products", 300);
        int days = Integer.getInteger("probe.days", 730);
        long seed = Long.getLong("probe.seed", 3);
        SampleShopSpec spec = new SampleShopSpec(
                products, days, 0, seed, LocalDate.of(2026, 10, 31), "US", "USD", ZoneId.of("America/New_York"));
        ShopCalendar calendar = new ShopCalendar(spec);
        List<ProductProfile> catalogue = Catalogue.draw(spec);
        int n = catalogue.size();
        DayBlock block = new DayBlock(n, days);
        for (int p = 0; p < n; p++) {
            ProductSimulator s = new ProductSimulator(catalogue.get(p), calendar, seed);
            for (int t = 0; t < days; t++) {
                s.step(t, block, block.slot(t, p));
            }
        }
        for (String variant : System.getProperty("probe.variants", "stage365,stage730,units365,oracle365")
                .split(",")) {
            boolean bound = variant.startsWith("bound");
            boolean funnel = variant.startsWith("stage") || bound;
            boolean oracle = variant.startsWith("oracle");
            int window = Integer.parseInt(variant.replaceAll("x.*", "").replaceAll("\\D", ""));
            double seScale = variant.contains("x") ? Double.parseDouble(variant.replaceAll(".*x", "")) : 1;
            ElasticitySettings settings =
                    new ElasticitySettings(window, 60, 3, 20, 14, 0.9, -8, -0.1, 0.05, -1.5, 1.0, funnel);
            List<ProductEstimate> estimates = new ArrayList<>();
            double[] units = new double[n];
            double[] bayes = new double[n];
            Arrays.fill(bayes, Double.NaN);
            for (int p = 0; p < n; p++) {
                ProductProfile prof = catalogue.get(p);
                if (bound) {
                    bayes[p] = BayesOracle.withinChance(prof, block, days, window, p, seed);
                }
                List<DemandDesign.Day> history = new ArrayList<>();
                for (int t = Math.max(0, days - window); t < days; t++) {
                    int k = block.slot(t, p);
                    if (!block.launched[k]) {
                        continue;
                    }
                    LocalDate day = calendar.date(t);
                    long u = oracle ? block.trueDemand[k] : block.soldUnits[k];
                    Double price = oracle || u > 0 ? block.priceCents[k] / 100.0 : null;
                    boolean stockout = !oracle && block.stockout[k];
                    boolean holiday = calendar.holidayIntensity[t] == ShopCalendar.PUBLIC_HOLIDAY;
                    long views = 0, carts = 0;
                    for (int c = 0; c < DayBlock.CHANNELS; c++) {
                        views += block.views[k * DayBlock.CHANNELS + c];
                        carts += block.addToCart[k * DayBlock.CHANNELS + c];
                    }
                    history.add(new DemandDesign.Day(
                            day, u, price, stockout, holiday, Math.log(block.competitorIndex[k]), views, carts));
                    units[p] += u;
                }
                ProductEstimate e =
                        ProductEstimate.estimate(prof.productId(), prof.category().label, history, settings);
                if (seScale != 1 && e.fitted()) {
                    e = new ProductEstimate(
                            e.productId(),
                            e.category(),
                            e.status(),
                            e.elasticity(),
                            e.standardError() * seScale,
                            e.observations(),
                            e.distinctPrices(),
                            e.totalUnits());
                }
                estimates.add(e);
            }
            Shrinkage shrinkage = Shrinkage.fit(estimates, settings);
            List<Row> rows = new ArrayList<>();
            for (int p = 0; p < n; p++) {
                rows.add(new Row(
                        catalogue.get(p),
                        estimates.get(p),
                        shrinkage.apply(estimates.get(p)),
                        units[p] / window,
                        bayes[p]));
            }
            System.out.printf(
                    Locale.ROOT,
                    "== %s (%d products x %d days, seed %d; tau %.3f)%n",
                    variant,
                    n,
                    days,
                    seed,
                    Math.sqrt(shrinkage.withinCategoryVariance()));
            System.out.printf(
                    Locale.ROOT,
                    "%-28s %4s %7s %7s %6s %8s %8s %7s %7s %7s%n",
                    "group",
                    "n",
                    "within",
                    "cover",
                    "mae",
                    "rawBias",
                    "rawMAE",
                    "rawSE",
                    "zSD",
                    "oracle");
            Predicate<Row> three = r -> r.raw.distinctPrices() >= 3;
            group("all >=3 prices", rows, three);
            group("  fast", rows, three.and(r -> r.p.fastMover()));
            group("  intermittent", rows, three.and(r -> r.p.intermittent()));
            group("  understocked", rows, three.and(r -> r.p.understocked() && !r.p.intermittent()));
            group("  regular", rows, three.and(r -> !r.p.fastMover() && !r.p.intermittent() && !r.p.understocked()));
            group("  units/day < 1", rows, three.and(r -> r.units < 1));
            group("  units/day 1-5", rows, three.and(r -> r.units >= 1 && r.units < 5));
            group("  units/day 5-20", rows, three.and(r -> r.units >= 5 && r.units < 20));
            group("  units/day >= 20", rows, three.and(r -> r.units >= 20));
            group("  pooled product", rows, three.and(r -> r.pub.poolingLevel().equals("product")));
            group(
                    "  pooled category",
                    rows,
                    three.and(r -> !r.pub.poolingLevel().equals("product")));
            rows.stream()
                    .map(r -> r.p.category().label)
                    .distinct()
                    .sorted()
                    .forEach(label -> group(
                            "  category " + label,
                            rows,
                            three.and(r -> r.p.category().label.equals(label))));
            group("  3-5 prices", rows, three.and(r -> r.raw.distinctPrices() <= 5));
            group("  6-10 prices", rows, three.and(r -> r.raw.distinctPrices() > 5 && r.raw.distinctPrices() <= 10));
            group("  >10 prices", rows, three.and(r -> r.raw.distinctPrices() > 10));
        }
    }

    private static void group(String label, List<Row> rows, Predicate<Row> filter) {
        int count = 0, within = 0, covered = 0, fitted = 0;
        double abs = 0, rawBias = 0, rawAbs = 0, rawSe = 0, z2 = 0, oracle = 0;
        for (Row r : rows) {
            if (!filter.test(r)) {
                continue;
            }
            double truth = r.p.elasticity();
            count++;
            oracle += r.oracle;
            if (Math.abs(r.pub.elasticity() - truth) <= 0.2) {
                within++;
            }
            if (truth >= r.pub.ciLow() && truth <= r.pub.ciHigh()) {
                covered++;
            }
            abs += Math.abs(r.pub.elasticity() - truth);
            if (r.raw.fitted()) {
                fitted++;
                double e = r.raw.elasticity() - truth;
                rawBias += e;
                rawAbs += Math.abs(e);
                rawSe += r.raw.standardError();
                z2 += e * e / (r.raw.standardError() * r.raw.standardError());
            }
        }
        if (count == 0) {
            return;
        }
        System.out.printf(
                Locale.ROOT,
                "%-28s %4d %6.0f%% %6.0f%% %6.3f %8.3f %8.3f %7.3f %7.2f %7s%n",
                label,
                count,
                100.0 * within / count,
                100.0 * covered / count,
                abs / count,
                rawBias / Math.max(1, fitted),
                rawAbs / Math.max(1, fitted),
                rawSe / Math.max(1, fitted),
                Math.sqrt(z2 / Math.max(1, fitted)),
                Double.isNaN(oracle) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * oracle / count));
    }
}
