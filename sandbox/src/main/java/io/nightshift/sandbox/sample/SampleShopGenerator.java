package io.nightshift.sandbox.sample;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * Generates the sample shop: landing files, ground truth and the commerce database, the same for
 * the same spec. Products are simulated a block of days at a time on a fixed pool of threads (each
 * product from its own random streams); each output is written by its own single thread in day and
 * product order, so neither the thread count nor scheduling changes a byte.
 */
public final class SampleShopGenerator {
    static final int BLOCK_DAYS = 14;
    static final List<String> LANDING_FOLDERS = List.of("traffic", "competitor_prices", "external");
    static final List<String> TRUTH_FILES =
            List.of("products.csv", "demand_daily.csv", "defects.csv", "customer_tastes.csv");

    private final SampleShopSpec spec;

    public SampleShopGenerator(SampleShopSpec spec) {
        this.spec = spec;
    }

    /** Writes landing files under landingRoot, truth CSVs under groundTruthRoot, and (re)fills the commerce tables. */
    public SampleShopSummary generate(Path landingRoot, Path groundTruthRoot, DataSource commerceDb) throws Exception {
        for (String folder : LANDING_FOLDERS) {
            deleteRecursively(landingRoot.resolve(folder));
        }
        for (String file : TRUTH_FILES) {
            Files.deleteIfExists(groundTruthRoot.resolve(file));
        }
        Files.createDirectories(landingRoot);
        Files.createDirectories(groundTruthRoot);

        ShopCalendar calendar = new ShopCalendar(spec);
        List<ProductProfile> products = Catalogue.draw(spec);
        int[] productIds = products.stream().mapToInt(ProductProfile::productId).toArray();
        List<ProductSimulator> simulators = new ArrayList<>(products.size());
        for (ProductProfile p : products) {
            simulators.add(new ProductSimulator(p, calendar, spec.seed()));
        }
        Subscribers subscribers = Subscribers.draw(spec);
        long asOf = calendar.startEpochSecond[spec.days() - 1] + calendar.secondsInDay[spec.days() - 1] - 1;

        Map<String, Long> rowsByTable = new TreeMap<>();
        GroundTruthFiles.products(groundTruthRoot.resolve("products.csv"), simulators);
        GroundTruthFiles.customerTastes(groundTruthRoot.resolve("customer_tastes.csv"), subscribers);
        long indicatorRows = EconomicIndicators.write(landingRoot, spec);

        try (Connection main = commerceDb.getConnection()) {
            main.setAutoCommit(false);
            CommerceRows.empty(main);
            CommerceRows.catalogue(main, products, spec.currency(), asOf, rowsByTable);
            CommerceRows.customers(main, subscribers, spec, rowsByTable);
            CommerceRows.boxes(main, subscribers.boxHistory(spec, products), spec, rowsByTable);
            List<String> restores = CommerceRows.dropLoadSlowdowns(main);

            Streams streams =
                    new Streams(landingRoot, groundTruthRoot, calendar, products, productIds, subscribers, main);
            try {
                simulate(simulators, streams);
                streams.finish(rowsByTable);
            } finally {
                streams.close();
            }
            CommerceRows.restore(main, restores);
            CommerceRows.inventory(main, simulators, asOf, rowsByTable);
            // One transaction from TRUNCATE to here: readers see the old shop or the new one.
            main.commit();

            Map<String, Long> filesByKind = new TreeMap<>();
            filesByKind.put("traffic", streams.traffic.files);
            filesByKind.put("competitor_prices", streams.feeds.files);
            filesByKind.put("external", 1L);
            filesByKind.put("ground_truth", (long) TRUTH_FILES.size());
            long landingRows = streams.traffic.rows + streams.feeds.rows + indicatorRows;
            return new SampleShopSummary(rowsByTable, filesByKind, landingRows, streams.feeds.defectRows);
        }
    }

    /** Simulates block after block into two alternating buffers while the writers drain the other one. */
    private void simulate(List<ProductSimulator> simulators, Streams streams) throws Exception {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        int n = simulators.size();
        DayBlock[] buffers = {new DayBlock(n, BLOCK_DAYS), new DayBlock(n, BLOCK_DAYS)};
        List<List<Future<?>>> pending = List.of(new ArrayList<>(), new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            int chunks = Math.min(n, threads * 8);
            for (int start = 0, k = 0; start < spec.days(); start += BLOCK_DAYS, k++) {
                DayBlock block = buffers[k % 2];
                for (Future<?> f : pending.get(k % 2)) {
                    f.get();
                }
                pending.get(k % 2).clear();
                block.firstDay = start;
                block.dayCount = Math.min(BLOCK_DAYS, spec.days() - start);
                List<Future<?>> steps = new ArrayList<>();
                for (int c = 0; c < chunks; c++) {
                    int from = (int) ((long) n * c / chunks);
                    int to = (int) ((long) n * (c + 1) / chunks);
                    steps.add(pool.submit(() -> {
                        for (int p = from; p < to; p++) {
                            ProductSimulator simulator = simulators.get(p);
                            for (int d = 0; d < block.dayCount; d++) {
                                simulator.step(block.firstDay + d, block, block.slot(d, p));
                            }
                        }
                    }));
                }
                for (Future<?> f : steps) {
                    f.get();
                }
                pending.get(k % 2).addAll(streams.submit(block));
            }
            for (List<Future<?>> futures : pending) {
                for (Future<?> f : futures) {
                    f.get();
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The outputs written day by day, each on its own thread so it sees the blocks in order. */
    private final class Streams implements AutoCloseable {
        final TrafficFiles traffic;
        final CompetitorFeeds feeds;
        final DemandTruth demand;
        final OrderBook orderBook;
        final Writer demandWriter;
        final Writer defectWriter;
        final Connection connection;
        long snapshotRows;
        final ShopCalendar calendar;
        final int[] productIds;
        final List<ExecutorService> writers = new ArrayList<>();

        Streams(
                Path landingRoot,
                Path truthRoot,
                ShopCalendar calendar,
                List<ProductProfile> products,
                int[] productIds,
                Subscribers subscribers,
                Connection connection)
                throws Exception {
            this.calendar = calendar;
            this.productIds = productIds;
            traffic = new TrafficFiles(landingRoot, calendar, productIds);
            defectWriter = Text.utf8Writer(truthRoot.resolve("defects.csv"));
            feeds = new CompetitorFeeds(
                    landingRoot,
                    calendar,
                    products,
                    Competitors.missingFeeds(spec),
                    spec.currency(),
                    spec.seed(),
                    defectWriter);
            demandWriter = Text.utf8Writer(truthRoot.resolve("demand_daily.csv"));
            demand = new DemandTruth(demandWriter, calendar, productIds);
            orderBook = new OrderBook(calendar, products, subscribers, spec.currency(), spec.seed());
            this.connection = connection;
            for (int i = 0; i < 4; i++) {
                writers.add(Executors.newSingleThreadExecutor());
            }
        }

        List<Future<?>> submit(DayBlock block) {
            List<Callable<Void>> tasks = List.of(
                    () -> {
                        traffic.write(block);
                        return null;
                    },
                    () -> {
                        feeds.write(block);
                        return null;
                    },
                    () -> {
                        demand.write(block);
                        return null;
                    },
                    () -> {
                        database(block);
                        return null;
                    });
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < tasks.size(); i++) {
                futures.add(writers.get(i).submit(tasks.get(i)));
            }
            return futures;
        }

        /** The shop's one connection runs one COPY at a time: the block's orders, lines, then snapshots. */
        private void database(DayBlock block) throws Exception {
            orderBook.write(block, connection);
            try (CopyStream snapshots = new CopyStream(
                    connection,
                    "inventory_snapshots",
                    "product_id, snapshot_date, on_hand, reserved, received, stockout, updated_at")) {
                CommerceRows.snapshots(snapshots, block, calendar, productIds);
                snapshotRows += snapshots.finish();
            }
        }

        void finish(Map<String, Long> rowsByTable) {
            rowsByTable.put("inventory_snapshots", snapshotRows);
            rowsByTable.put("orders", orderBook.orders);
            rowsByTable.put("order_lines", orderBook.lines);
        }

        @Override
        public void close() throws Exception {
            for (ExecutorService writer : writers) {
                writer.shutdownNow();
            }
            try (Writer w1 = demandWriter;
                    Writer w2 = defectWriter) {
                // closes all, in reverse order
            }
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
