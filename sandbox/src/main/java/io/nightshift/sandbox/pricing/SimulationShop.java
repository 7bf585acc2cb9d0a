package io.nightshift.sandbox.pricing;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.nightshift.common.catalog.TableCatalog;
import io.nightshift.common.catalog.Tables;
import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Loads what {@link PricingSimulation} replays: the generator's ground truth files (products.csv,
 * demand_daily.csv) and, from the warehouse, the competitor prices, the stock at the start of the window
 * and the elasticity stage's estimates.
 */
public final class SimulationShop {
    /** Where the strategy's elasticities come from. */
    public enum ElasticitySource {
        /** gold.price_elasticity when it exists, else the truth */
        AUTO,
        /** gold.price_elasticity (missing products get the configured default) */
        TABLE,
        /** the generator's true elasticities: the best any estimate can do */
        TRUTH,
        /** the configured default for every product */
        DEFAULT
    }

    private SimulationShop() {}

    public static PricingSimulation.Shop load(
            SparkSession spark,
            TableCatalog catalog,
            Path groundTruth,
            Path landing,
            int days,
            ElasticitySource elasticity)
            throws IOException {
        Map<Integer, String[]> productRows = new HashMap<>();
        List<Integer> ids = new ArrayList<>();
        String[] header;
        try (BufferedReader in = Files.newBufferedReader(groundTruth.resolve("products.csv"), StandardCharsets.UTF_8)) {
            header = in.readLine().split(",");
            for (String line; (line = in.readLine()) != null; ) {
                String[] f = line.split(",", -1);
                int id = Integer.parseInt(f[0]);
                productRows.put(id, f);
                ids.add(id);
            }
        }
        Map<String, Integer> column = index(header);

        // demand_daily.csv: the history, product by product, day by day.
        LocalDate first = null;
        LocalDate last = null;
        List<String[]> demandRows = new ArrayList<>();
        Map<String, Integer> demandColumn;
        try (BufferedReader in =
                Files.newBufferedReader(groundTruth.resolve("demand_daily.csv"), StandardCharsets.UTF_8)) {
            demandColumn = index(in.readLine().split(","));
            for (String line; (line = in.readLine()) != null; ) {
                String[] f = line.split(",", -1);
                LocalDate day = LocalDate.parse(f[demandColumn.get("day")]);
                if (first == null || day.isBefore(first)) {
                    first = day;
                }
                if (last == null || day.isAfter(last)) {
                    last = day;
                }
                demandRows.add(f);
            }
        }
        if (first == null) {
            throw new IllegalStateException("the ground truth's demand_daily.csv is empty: " + groundTruth);
        }
        int historyDays = (int) ChronoUnit.DAYS.between(first, last) + 1;
        if (days < 1 || days >= historyDays) {
            throw new IllegalArgumentException(
                    "--days must be between 1 and " + (historyDays - 1) + " (the sample has " + historyDays + " days)");
        }
        int start = historyDays - days;
        LocalDate dayBefore = first.plusDays(start - 1L);

        Map<Integer, Integer> slot = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            slot.put(ids.get(i), i);
        }
        int n = ids.size();
        double[][] baseline = new double[n][historyDays];
        int[][] sold = new int[n][historyDays];
        boolean[][] stockout = new boolean[n][historyDays];
        long[][] prices = new long[n][historyDays];
        boolean[] onSale = new boolean[n];
        for (String[] f : demandRows) {
            int p = slot.get(Integer.parseInt(f[demandColumn.get("product_id")]));
            int t = (int) ChronoUnit.DAYS.between(first, LocalDate.parse(f[demandColumn.get("day")]));
            baseline[p][t] = Double.parseDouble(f[demandColumn.get("baseline_demand")]);
            sold[p][t] = Integer.parseInt(f[demandColumn.get("sold_units")]);
            stockout[p][t] = Boolean.parseBoolean(f[demandColumn.get("stockout")]);
            prices[p][t] = new BigDecimal(f[demandColumn.get("price")])
                    .movePointRight(2)
                    .longValueExact();
            if (t == start - 1) {
                onSale[p] = true;
            }
        }

        BigDecimal[][] competitor = competitorPrices(landing, productRows, column, slot, first, start - 1, historyDays);
        int[] onHand = new int[n];
        boolean[] stockKnown = new boolean[n];
        if (catalog.exists(spark, Tables.INVENTORY_DAILY)) {
            for (Row r : catalog.read(spark, Tables.INVENTORY_DAILY)
                    .filter(col("day").equalTo(lit(Date.valueOf(dayBefore))))
                    .select("product_id", "on_hand")
                    .collectAsList()) {
                Integer p = slot.get(r.getInt(0));
                if (p != null) {
                    onHand[p] = r.getInt(1);
                    stockKnown[p] = true;
                }
            }
        }
        Map<Integer, Double> estimates = new HashMap<>();
        boolean table = catalog.exists(spark, Tables.PRICE_ELASTICITY);
        ElasticitySource source = elasticity == ElasticitySource.AUTO
                ? (table ? ElasticitySource.TABLE : ElasticitySource.TRUTH)
                : elasticity;
        if (source == ElasticitySource.TABLE) {
            if (!table) {
                throw new IllegalStateException(
                        "gold.price_elasticity does not exist: run the elasticity stage, or use --elasticity truth");
            }
            LocalDate latest = catalog.read(spark, Tables.PRICE_ELASTICITY)
                                    .filter(col("run_date").leq(lit(Date.valueOf(dayBefore))))
                                    .agg(org.apache.spark.sql.functions.max("run_date"))
                                    .head()
                                    .getDate(0)
                            == null
                    ? null
                    : catalog.read(spark, Tables.PRICE_ELASTICITY)
                            .filter(col("run_date").leq(lit(Date.valueOf(dayBefore))))
                            .agg(org.apache.spark.sql.functions.max("run_date"))
                            .head()
                            .getDate(0)
                            .toLocalDate();
            if (latest != null) {
                for (Row r : catalog.read(spark, Tables.PRICE_ELASTICITY)
                        .filter(col("run_date").equalTo(lit(Date.valueOf(latest))))
                        .select(col("product_id"), col("elasticity").cast("double"))
                        .collectAsList()) {
                    if (!r.isNullAt(1)) {
                        estimates.put(r.getInt(0), r.getDouble(1));
                    }
                }
            }
        }

        List<PricingSimulation.TrueProduct> products = new ArrayList<>();
        List<Integer> kept = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            if (!onSale[p]) {
                continue;
            } // launched during the window: no history to price from
            String[] f = productRows.get(ids.get(p));
            String cost = f[column.get("unit_cost")];
            PricingSimulation.TrueProduct product = new PricingSimulation.TrueProduct(
                    ids.get(p),
                    f[column.get("sku")],
                    f[column.get("category")],
                    new BigDecimal(f[column.get("base_price")]),
                    cost.isEmpty() ? null : new BigDecimal(cost),
                    Double.parseDouble(f[column.get("reference_price")]),
                    Double.parseDouble(f[column.get("true_elasticity")]),
                    Double.parseDouble(f[column.get("dispersion")]),
                    Integer.parseInt(f[column.get("lead_time_days")]),
                    Integer.parseInt(f[column.get("reorder_point")]),
                    Integer.parseInt(f[column.get("order_quantity")]),
                    Integer.parseInt(f[column.get("safety_stock")]));
            products.add(product);
            kept.add(p);
            if (!stockKnown[p]) {
                onHand[p] = product.reorderPoint() + product.orderQuantity() / 2;
            }
        }
        int m = kept.size();
        double[][] baselineKept = new double[m][];
        int[][] soldKept = new int[m][];
        boolean[][] stockoutKept = new boolean[m][];
        long[][] pricesKept = new long[m][];
        BigDecimal[][] competitorKept = new BigDecimal[m][];
        int[] onHandKept = new int[m];
        Double[] elasticityKept = new Double[m];
        for (int i = 0; i < m; i++) {
            int p = kept.get(i);
            baselineKept[i] = baseline[p];
            soldKept[i] = sold[p];
            stockoutKept[i] = stockout[p];
            pricesKept[i] = prices[p];
            competitorKept[i] = competitor[p];
            onHandKept[i] = onHand[p];
            elasticityKept[i] = switch (source) {
                case TRUTH -> products.get(i).elasticity();
                case TABLE -> estimates.get(products.get(i).productId());
                default -> null;
            };
        }
        String label = switch (source) {
            case TRUTH ->
                "the generator's true elasticities"
                        + (elasticity == ElasticitySource.AUTO
                                ? " (gold.price_elasticity absent): an upper bound on what estimates give"
                                : "");
            case TABLE -> "gold.price_elasticity (" + estimates.size() + " products; others the default)";
            default -> "the configured default for every product";
        };
        return new PricingSimulation.Shop(
                first,
                products,
                baselineKept,
                soldKept,
                stockoutKept,
                pricesKept,
                competitorKept,
                onHandKept,
                elasticityKept,
                label);
    }

    /**
     * The lowest competitor price per product and day from the landing zone's raw feeds
     * ({@code competitor_prices/day=D/<competitor>.csv}), for the days the replay prices from; a line that does
     * not parse (the generator's injected defects) is skipped, as ingest would quarantine it.
     */
    static BigDecimal[][] competitorPrices(
            Path landing,
            Map<Integer, String[]> productRows,
            Map<String, Integer> column,
            Map<Integer, Integer> slot,
            LocalDate first,
            int fromIndex,
            int historyDays)
            throws IOException {
        Map<String, Integer> bySku = new HashMap<>();
        productRows.forEach((id, f) -> bySku.put(f[column.get("sku")], slot.get(id)));
        BigDecimal[][] lowest = new BigDecimal[slot.size()][historyDays];
        for (int t = fromIndex; t < historyDays; t++) {
            Path folder = landing.resolve("competitor_prices").resolve("day=" + first.plusDays(t));
            if (!Files.isDirectory(folder)) {
                continue;
            }
            List<Path> files;
            try (var listing = Files.list(folder)) {
                files = listing.filter(f -> f.getFileName().toString().endsWith(".csv"))
                        .sorted()
                        .toList();
            }
            for (Path file : files) {
                try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    in.readLine();
                    for (String line; (line = in.readLine()) != null; ) {
                        String[] f = line.split(",", -1);
                        if (f.length != 5) {
                            continue;
                        }
                        Integer p = bySku.get(f[1]);
                        BigDecimal price;
                        try {
                            price = new BigDecimal(f[2]);
                        } catch (NumberFormatException e) {
                            continue;
                        }
                        if (p == null || price.signum() <= 0) {
                            continue;
                        }
                        if (lowest[p][t] == null || price.compareTo(lowest[p][t]) < 0) {
                            lowest[p][t] = price;
                        }
                    }
                }
            }
        }
        return lowest;
    }

    /** The index of the first day the replay of {@code days} days prices. */
    public static int startIndex(PricingSimulation.Shop shop, int days) {
        return shop.baselineDemand().length == 0 ? 0 : shop.baselineDemand()[0].length - days;
    }

    private static Map<String, Integer> index(String[] header) {
        Map<String, Integer> map = new HashMap<>();
        for (int i = 0; i < header.length; i++) {
            map.put(header[i], i);
        }
        return map;
    }
}
