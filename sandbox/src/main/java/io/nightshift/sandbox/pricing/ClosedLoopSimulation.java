package io.nightshift.sandbox.pricing;

import io.nightshift.common.config.ElasticitySettings;
import io.nightshift.common.config.ForecastStageSettings;
import io.nightshift.common.config.PricingSettings;
import io.nightshift.jobs.elasticity.ProductEstimate;
import io.nightshift.jobs.elasticity.Shrinkage;
import io.nightshift.jobs.forecast.DemandForecast;
import io.nightshift.jobs.ingest.CalendarDays;
import io.nightshift.jobs.pricing.PriceDecision;
import io.nightshift.jobs.pricing.Pricer;
import io.nightshift.jobs.pricing.PricingInput;
import io.nightshift.jobs.pricing.ReasonCode;
import io.nightshift.sandbox.sample.ShopHistory;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * The closed-loop pricing simulation: from a cut-off day of the sample shop's history, every simulated night runs
 * the stages' own per-product model code on the history up to that night, simulated sales included: the forecast
 * stage's model choice and fit ({@link DemandForecast}), the elasticity stage's regression and empirical-Bayes
 * shrinkage ({@link ProductEstimate}, {@link Shrinkage}) and the price stage's {@link Pricer}; the next day is then
 * sold at the prices set, on the generator's true demand ({@link LoopShop}). Forecasts and elasticities are refitted
 * every {@code refitDays} nights (between refits a night uses the last forecast from its own day on), prices every
 * night. The first night's models see only the history up to the cut-off; the strategies share them and the
 * customers, and differ only in the prices they set from then on.
 */
public final class ClosedLoopSimulation {
    /** Elasticity estimates within this distance of the truth count as right (issue 4's yardstick). */
    public static final double WITHIN = 0.2;
    /** Products selling at least this many units a day before the cut-off are the ones the share is taken over. */
    static final double SELLING_UNITS_PER_DAY = 1.0;

    static final int SELLING_WINDOW_DAYS = 365;

    /**
     * @param nights     nights simulated after the cut-off day (the last prices the day after the last night)
     * @param refitDays  forecasts and elasticities are refitted every this many nights (prices every night)
     * @param seed       seed of the demand draws
     * @param threads    threads the per-product model fits run on
     */
    public record Plan(int nights, int refitDays, long seed, List<LoopStrategy> strategies, int threads) {
        public Plan {
            if (nights < 1) {
                throw new IllegalArgumentException("nights must be at least 1, was " + nights);
            }
            if (refitDays < 1) {
                throw new IllegalArgumentException("refit days must be at least 1, was " + refitDays);
            }
            if (strategies.isEmpty()) {
                throw new IllegalArgumentException("no strategy to simulate");
            }
        }
    }

    /** The stages' settings the loop runs with, and where the shop's holidays come from. */
    public record Settings(
            PricingSettings pricing,
            ForecastStageSettings forecast,
            ElasticitySettings elasticity,
            String country,
            String region) {}

    /** One week (7 nights; the last may be shorter) of one strategy. */
    public record Week(
            int week,
            LocalDate firstDay,
            LocalDate lastDay,
            double revenue,
            double profit,
            long units,
            long belowCost,
            long aboveCap,
            long experiments,
            Double shareWithin) {
        public long breaches() {
            return belowCost + aboveCap;
        }
    }

    /** What one strategy earned over the loop, and how well it knew its elasticities at the end. */
    public record StrategyResult(
            LoopStrategy strategy,
            double revenue,
            double profit,
            long units,
            long stockoutDays,
            long belowCost,
            long aboveCap,
            long priceChanges,
            long experiments,
            Double shareWithin,
            Map<String, Long> reasons,
            List<Week> weeks) {}

    /**
     * @param cutoff             the last day of real history (the first night's run date)
     * @param products           products priced (launched by the cut-off)
     * @param leftOut            products launched after the cut-off, not simulated
     * @param selling            products selling 1+ unit a day before the cut-off: the share is taken over these
     * @param initialShareWithin share of those within 0.2 of the truth on the estimates from history up to the cut-off
     * @param initialWindowDays  days of history the cut-off's elasticity window held (the stage's window-days at most)
     * @param shortHistory       product-nights forecast from the recent level (too short a history for a model)
     * @param fitSeconds         wall-clock seconds in the forecast and elasticity fits, then in pricing and selling
     */
    public record Result(
            LocalDate cutoff,
            int nights,
            int refitDays,
            int products,
            int leftOut,
            int selling,
            Double initialShareWithin,
            int initialWindowDays,
            long shortHistory,
            double forecastSeconds,
            double elasticitySeconds,
            double pricingSeconds,
            List<StrategyResult> strategies) {
        public StrategyResult strategy(LoopStrategy s) {
            for (StrategyResult r : strategies) {
                if (r.strategy() == s) {
                    return r;
                }
            }
            return null;
        }
    }

    /** Sees every simulated night's inputs and decisions (tests compare them with the price stage's). */
    public interface NightObserver {
        void priced(LoopStrategy strategy, LocalDate runDate, List<PricingInput> inputs, List<PriceDecision> decisions);
    }

    /** A product's elasticity as the price stage would read it from gold.price_elasticity. */
    record Elasticity(Double value, String poolingLevel, Double low, Double high) {}

    /** A forecast run: the refit night's day index and its daily means from the day after it. */
    record Forecast(int runDay, double[] mean) {}

    private final ShopHistory history;
    private final int cutoff;
    private final Plan plan;
    private final Settings settings;
    private final boolean[] holidays;
    private final List<Integer> products = new ArrayList<>();
    private long shortHistory;
    private long forecastNanos;
    private long elasticityNanos;

    private ClosedLoopSimulation(ShopHistory history, int cutoff, Plan plan, Settings settings) {
        this.history = history;
        this.cutoff = cutoff;
        this.plan = plan;
        this.settings = settings;
        int horizon =
                Math.max(settings.forecast().horizonDays(), settings.pricing().horizonDays());
        holidays = new boolean[history.dayCount() + horizon + 1];
        for (LocalDate day : CalendarDays.holidayNames(
                        history.firstDay(), history.day(holidays.length - 1), settings.country(), settings.region())
                .keySet()) {
            holidays[(int) (day.toEpochDay() - history.firstDay().toEpochDay())] = true;
        }
        for (int p = 0; p < history.products().size(); p++) {
            if (history.products().get(p).launchIndex() <= cutoff) {
                products.add(p);
            }
        }
    }

    /** Runs the plan from the cut-off day {@code nights} nights before the history's last day. */
    public static Result run(ShopHistory history, Plan plan, Settings settings, NightObserver observer) {
        int cutoff = history.dayCount() - 1 - plan.nights();
        if (cutoff < settings.forecast().minHistoryDays()) {
            throw new IllegalArgumentException(plan.nights() + " nights leave " + (cutoff + 1)
                    + " days of history before the cut-off; the sample has " + history.dayCount() + " days");
        }
        return new ClosedLoopSimulation(history, cutoff, plan, settings).run(observer);
    }

    private Result run(NightObserver observer) {
        ForkJoinPool pool = new ForkJoinPool(Math.max(1, plan.threads()));
        try {
            return simulate(pool, observer);
        } finally {
            pool.shutdown();
        }
    }

    /** One strategy's running state. */
    private final class Run {
        final LoopStrategy strategy;
        final Pricer pricer;
        final PricingSettings pricing;
        final LoopShop shop;
        Forecast[] forecasts;
        Elasticity[] elasticities;
        final BigDecimal[] previous;
        final List<Week> weeks = new ArrayList<>();
        final Map<String, Long> reasons = new LinkedHashMap<>();
        double revenue;
        double profit;
        long units;
        long stockoutDays;
        long belowCost;
        long aboveCap;
        long changes;
        long experiments;
        // the current week's sums
        double weekRevenue;
        double weekProfit;
        long weekUnits;
        long weekBelowCost;
        long weekAboveCap;
        long weekExperiments;

        Run(LoopStrategy strategy, Forecast[] forecasts, Elasticity[] estimates) {
            this.strategy = strategy;
            this.pricing = strategy.settings(settings.pricing());
            this.pricer = new Pricer(pricing);
            this.shop = new LoopShop(history, cutoff, plan.seed());
            this.forecasts = forecasts.clone();
            // Rules prices without elasticities; its expected units come from the cut-off's (never refitted: they move
            // no price).
            this.elasticities = strategy == LoopStrategy.OPTIMIZE_TRUTH ? truth() : estimates.clone();
            this.previous = new BigDecimal[history.products().size()];
            for (int p : products) {
                previous[p] = BigDecimal.valueOf(history.days(p).priceCents()[cutoff], 2);
            }
        }
    }

    private Result simulate(ForkJoinPool pool, NightObserver observer) {
        long pricingNanos = 0;
        // The cut-off's models: every strategy starts from the same history, so one fit serves them all.
        LoopShop real = new LoopShop(history, cutoff, plan.seed());
        Forecast[] initialForecasts = refitForecasts(pool, real, cutoff);
        boolean estimates = plan.strategies().stream().anyMatch(LoopStrategy::usesEstimates);
        Elasticity[] initialElasticities = estimates
                ? refitElasticities(pool, real, cutoff)
                : new Elasticity[history.products().size()];
        List<Integer> selling = sellingProducts();
        Double initialShare = estimates ? shareWithin(initialElasticities, selling) : null;

        List<Run> runs = new ArrayList<>();
        for (LoopStrategy s : plan.strategies()) {
            runs.add(new Run(s, initialForecasts, initialElasticities));
        }
        for (int night = 0; night < plan.nights(); night++) {
            int runDay = cutoff + night;
            for (Run run : runs) {
                if (night > 0 && night % plan.refitDays() == 0) {
                    run.forecasts = refitForecasts(pool, run.shop, runDay);
                    if (run.strategy.usesEstimates()) {
                        run.elasticities = refitElasticities(pool, run.shop, runDay);
                    }
                }
                long start = System.nanoTime();
                priceAndSell(run, runDay, observer);
                pricingNanos += System.nanoTime() - start;
                boolean weekEnds = (night + 1) % 7 == 0 || night == plan.nights() - 1;
                if (weekEnds) {
                    closeWeek(run, night, selling);
                }
            }
        }
        List<StrategyResult> results = new ArrayList<>();
        for (Run run : runs) {
            results.add(new StrategyResult(
                    run.strategy,
                    run.revenue,
                    run.profit,
                    run.units,
                    run.stockoutDays,
                    run.belowCost,
                    run.aboveCap,
                    run.changes,
                    run.experiments,
                    run.strategy.usesEstimates() ? shareWithin(run.elasticities, selling) : null,
                    run.reasons,
                    List.copyOf(run.weeks)));
        }
        int window = Math.min(settings.elasticity().windowDays(), cutoff + 1);
        return new Result(
                history.day(cutoff),
                plan.nights(),
                plan.refitDays(),
                products.size(),
                history.products().size() - products.size(),
                selling.size(),
                initialShare,
                window,
                shortHistory,
                forecastNanos / 1e9,
                elasticityNanos / 1e9,
                pricingNanos / 1e9,
                results);
    }

    /** Prices every product on the night of {@code runDay} and sells the next day at those prices. */
    private void priceAndSell(Run run, int runDay, NightObserver observer) {
        LocalDate runDate = history.day(runDay);
        int day = runDay + 1;
        List<PricingInput> inputs = new ArrayList<>(products.size());
        List<PriceDecision> decisions = new ArrayList<>(products.size());
        for (int p : products) {
            PricingInput in = pricingInput(run, p, runDay, runDate);
            PriceDecision decision = run.pricer.price(in);
            inputs.add(in);
            decisions.add(decision);
            for (String r : decision.reasonCodes()) {
                run.reasons.merge(r, 1L, Long::sum);
            }
            if (decision.reasonCodes().contains(ReasonCode.PRICE_EXPERIMENT.name())) {
                run.experiments++;
                run.weekExperiments++;
            }
            ShopHistory.Product product = history.products().get(p);
            double price = decision.price().doubleValue();
            double cost = product.unitCost().doubleValue();
            if (price < cost - 1e-9) {
                run.belowCost++;
                run.weekBelowCost++;
            }
            if (price > cap(run.pricing, product) + 1e-9) {
                run.aboveCap++;
                run.weekAboveCap++;
            }
            if (decision.price().compareTo(run.previous[p]) != 0) {
                run.changes++;
            }
            run.previous[p] = decision.price();

            int cents = decision.price().movePointRight(2).intValueExact();
            run.shop.simulateDay(p, day, cents);
            int sold = run.shop.sold[p][day];
            run.revenue += sold * price;
            run.profit += sold * (price - cost);
            run.units += sold;
            run.weekRevenue += sold * price;
            run.weekProfit += sold * (price - cost);
            run.weekUnits += sold;
            if (run.shop.stockout[p][day]) {
                run.stockoutDays++;
            }
        }
        if (observer != null) {
            observer.priced(run.strategy, runDate, inputs, decisions);
        }
    }

    /** The product's pricing inputs on the night of {@code runDay}, as the price stage gathers them. */
    private PricingInput pricingInput(Run run, int p, int runDay, LocalDate runDate) {
        ShopHistory.Product product = history.products().get(p);
        Elasticity e = run.elasticities[p];
        return new PricingInput(
                product.productId(),
                product.sku(),
                product.category(),
                product.basePrice(),
                product.unitCost(),
                run.previous[p],
                run.shop.onHand[p],
                0,
                product.safetyStock(),
                StageInputs.lowestCompetitor(history, p, runDay),
                forecastFor(run.forecasts[p], runDay),
                e == null ? null : e.value(),
                e == null ? null : e.poolingLevel(),
                e == null ? null : e.low(),
                e == null ? null : e.high(),
                runDate);
    }

    /** The price stage's forecast days (the day after the run date on) from the latest forecast run. */
    private double[] forecastFor(Forecast forecast, int runDay) {
        if (forecast == null) {
            return null;
        }
        int offset = runDay - forecast.runDay();
        int length = Math.min(settings.pricing().horizonDays(), forecast.mean().length - offset);
        return length <= 0 ? null : Arrays.copyOfRange(forecast.mean(), offset, offset + length);
    }

    /** The strategy's cap plus the rules' half cent (the seed rounds half up after capping). */
    private static double cap(PricingSettings pricing, ShopHistory.Product product) {
        double ratio = pricing.strategy() == PricingSettings.Strategy.RULES
                ? pricing.rules().capRatio().doubleValue()
                : pricing.guardrailsFor(product.category()).capRatio();
        return product.basePrice().doubleValue() * ratio + 0.005;
    }

    private Forecast[] refitForecasts(ForkJoinPool pool, LoopShop shop, int runDay) {
        long start = System.nanoTime();
        Forecast[] out = new Forecast[history.products().size()];
        AtomicLong shortCount = new AtomicLong();
        parallel(pool, p -> {
            DemandForecast.Result result = StageInputs.forecast(shop, p, runDay, holidays, settings.forecast());
            if (result.modelled()) {
                out[p] = new Forecast(runDay, result.model().mean());
            } else if (result.recentLevel() != null) {
                // The stage scales its category's profile to this level; the loop keeps the level flat.
                double[] flat = new double[settings.forecast().horizonDays()];
                Arrays.fill(flat, result.recentLevel());
                out[p] = new Forecast(runDay, flat);
                shortCount.incrementAndGet();
            }
        });
        shortHistory += shortCount.get();
        forecastNanos += System.nanoTime() - start;
        return out;
    }

    private Elasticity[] refitElasticities(ForkJoinPool pool, LoopShop shop, int runDay) {
        long start = System.nanoTime();
        int n = history.products().size();
        ProductEstimate[] own = new ProductEstimate[n];
        parallel(
                pool,
                p -> own[p] = ProductEstimate.estimate(
                        history.products().get(p).productId(),
                        history.products().get(p).category(),
                        StageInputs.elasticityDays(
                                shop, p, runDay, holidays, history.firstDay(), settings.elasticity()),
                        settings.elasticity()));
        List<ProductEstimate> estimates = new ArrayList<>();
        for (int p : products) {
            estimates.add(own[p]);
        }
        Shrinkage shrinkage = Shrinkage.fit(estimates, settings.elasticity());
        Elasticity[] out = new Elasticity[n];
        for (int p : products) {
            Shrinkage.Result r = shrinkage.apply(own[p]);
            out[p] = new Elasticity(r.elasticity(), r.poolingLevel(), r.ciLow(), r.ciHigh());
        }
        elasticityNanos += System.nanoTime() - start;
        return out;
    }

    private Elasticity[] truth() {
        Elasticity[] out = new Elasticity[history.products().size()];
        for (int p : products) {
            out[p] = new Elasticity(history.products().get(p).trueElasticity(), Pricer.PRODUCT_POOLING, null, null);
        }
        return out;
    }

    private void parallel(ForkJoinPool pool, IntConsumer perProduct) {
        try {
            pool.submit(() -> products.parallelStream()
                            .mapToInt(Integer::intValue)
                            .forEach(perProduct))
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("closed-loop simulation interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a per-product model fit failed", e.getCause());
        }
    }

    private void closeWeek(Run run, int night, List<Integer> selling) {
        int week = night / 7;
        int firstNight = week * 7;
        run.weeks.add(new Week(
                week + 1,
                history.day(cutoff + firstNight + 1),
                history.day(cutoff + night + 1),
                run.weekRevenue,
                run.weekProfit,
                run.weekUnits,
                run.weekBelowCost,
                run.weekAboveCap,
                run.weekExperiments,
                run.strategy.usesEstimates() ? shareWithin(run.elasticities, selling) : null));
        run.weekRevenue = 0;
        run.weekProfit = 0;
        run.weekUnits = 0;
        run.weekBelowCost = 0;
        run.weekAboveCap = 0;
        run.weekExperiments = 0;
    }

    /** Products selling at least one unit a day over the year before the cut-off (or since launch). */
    private List<Integer> sellingProducts() {
        List<Integer> selling = new ArrayList<>();
        for (int p : products) {
            int from = Math.max(history.products().get(p).launchIndex(), cutoff - SELLING_WINDOW_DAYS + 1);
            long units = 0;
            for (int t = from; t <= cutoff; t++) {
                units += history.days(p).soldUnits()[t];
            }
            if (units >= SELLING_UNITS_PER_DAY * (cutoff - from + 1)) {
                selling.add(p);
            }
        }
        return selling;
    }

    private Double shareWithin(Elasticity[] elasticities, List<Integer> selling) {
        if (selling.isEmpty()) {
            return null;
        }
        int within = 0;
        for (int p : selling) {
            Elasticity e = elasticities[p];
            if (e != null
                    && e.value() != null
                    && Math.abs(e.value() - history.products().get(p).trueElasticity()) <= WITHIN) {
                within++;
            }
        }
        return within / (double) selling.size();
    }
}
