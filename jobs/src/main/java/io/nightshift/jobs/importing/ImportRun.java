package io.nightshift.jobs.importing;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;

import io.nightshift.common.catalog.Tables;
import io.nightshift.common.config.NightshiftConfig;
import io.nightshift.common.db.ImportWriter;
import io.nightshift.jobs.ingest.Rules;
import io.nightshift.jobs.stage.StageContext;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One import: read the feeds' files, map them onto the contract (for a platform's export), check every row, write
 * the refused rows to quarantine and the accepted ones into the commerce database, and reconcile: rows in =
 * imported + not products (+ image rows of a products export) + quarantined, for each feed (order lines, products,
 * price list, stock).
 */
public final class ImportRun {
    private static final Logger LOG = LoggerFactory.getLogger(ImportRun.class);

    /** Where the rows come from. */
    public enum Source {
        CONTRACT,
        SHOPIFY,
        SHOPIFY_API,
        WOOCOMMERCE,
        WOOCOMMERCE_API,
        DATABASE;

        /** The name --source takes: contract, shopify, shopify-api, woocommerce, woocommerce-api, database. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** What the products feed's skipped rows are (rows that are not products). */
        public String skippedProducts() {
            return switch (this) {
                case WOOCOMMERCE, WOOCOMMERCE_API -> "variable, grouped or external rows";
                case SHOPIFY_API -> "skipped rows";
                default -> "image rows";
            };
        }

        public static Source parse(String text) {
            for (Source s : values()) {
                if (s.label().equalsIgnoreCase(text)) {
                    return s;
                }
            }
            throw new IllegalArgumentException(
                    "--source must be contract, shopify, shopify-api, woocommerce, woocommerce-api or database, got '"
                            + text + "'");
        }
    }

    /** What one feed's rows became; {@code rules}: quarantined rows per rule, commonest first. */
    public record FeedCounts(
            long in, long imported, long nonProduct, long skipped, long quarantined, Map<String, Long> rules) {
        public boolean reconciles() {
            return in == imported + nonProduct + skipped + quarantined;
        }
    }

    /** What the import did. {@code database} is empty for a dry run. */
    public record Result(
            int orderFiles,
            int productFiles,
            int priceListFiles,
            int stockFiles,
            FeedCounts lines,
            Optional<FeedCounts> products,
            Optional<FeedCounts> priceList,
            Optional<FeedCounts> stock,
            Optional<ImportWriter.Counts> database) {}

    private final StageContext context;
    private final Source source;

    public ImportRun(StageContext context, Source source) {
        this.context = context;
        this.source = source;
    }

    /** Imports files: order lines (none for a products-only source), products, the price list and the stock. */
    public Result runFiles(
            List<String> orderFiles,
            List<String> productFiles,
            List<String> priceListFiles,
            List<String> stockFiles,
            LocalDate runDate,
            Timestamp ingestedAt) {
        SparkSession spark = context.spark();
        Dataset<Row> rawLines = orderFiles.isEmpty()
                ? frame(spark, ImportContract.names(ImportContract.ORDER_LINES), List.of())
                : readOrders(spark, orderFiles);
        Dataset<Row> rawProducts = productFiles.isEmpty() ? null : readProducts(spark, productFiles);
        Dataset<Row> rawPriceList = priceListFiles.isEmpty()
                ? null
                : ImportFiles.read(spark, priceListFiles, contractOptions(ImportContract.PRICE_LIST));
        Dataset<Row> rawStock = stockFiles.isEmpty()
                ? null
                : ImportFiles.read(spark, stockFiles, contractOptions(ImportContract.STOCK));
        return run(
                new FileCounts(orderFiles.size(), productFiles.size(), priceListFiles.size(), stockFiles.size()),
                rawLines,
                rawProducts,
                rawPriceList,
                rawStock,
                runDate,
                ingestedAt);
    }

    /**
     * Imports rows an API client built: order lines in the contract's columns, products in {@code productColumns}
     * (the source's own, mapped as its files are).
     */
    public Result run(
            List<SourceRow> orderLines,
            List<String> productColumns,
            List<SourceRow> products,
            LocalDate runDate,
            Timestamp ingestedAt) {
        SparkSession spark = context.spark();
        Dataset<Row> rawLines = frame(spark, ImportContract.names(ImportContract.ORDER_LINES), orderLines);
        Dataset<Row> rawProducts = frame(spark, productColumns, products);
        return run(FileCounts.NONE, rawLines, rawProducts, null, null, runDate, ingestedAt);
    }

    /**
     * Imports the shop database's views: order lines, products when the shop names a products view, the price list
     * when it names a price list view, the stock when it names a stock view.
     */
    public Result run(
            ShopDatabase database,
            String ordersView,
            Optional<String> productsView,
            Optional<String> priceListView,
            Optional<String> stockView,
            LocalDate runDate,
            Timestamp ingestedAt) {
        Dataset<Row> rawLines = database.read(ordersView, contractOptions(ImportContract.ORDER_LINES));
        Dataset<Row> rawProducts = productsView
                .map(view -> database.read(view, contractOptions(ImportContract.PRODUCTS)))
                .orElse(null);
        Dataset<Row> rawPriceList = priceListView
                .map(view -> database.read(view, contractOptions(ImportContract.PRICE_LIST)))
                .orElse(null);
        Dataset<Row> rawStock = stockView
                .map(view -> database.read(view, contractOptions(ImportContract.STOCK)))
                .orElse(null);
        return run(FileCounts.NONE, rawLines, rawProducts, rawPriceList, rawStock, runDate, ingestedAt);
    }

    /** The files read per feed, for the summary; none for an API or a database. */
    private record FileCounts(int orders, int products, int priceList, int stock) {
        static final FileCounts NONE = new FileCounts(0, 0, 0, 0);
    }

    private Result run(
            FileCounts files,
            Dataset<Row> rawOrderLines,
            Dataset<Row> rawProducts,
            Dataset<Row> rawPriceList,
            Dataset<Row> rawStock,
            LocalDate runDate,
            Timestamp ingestedAt) {
        SparkSession spark = context.spark();
        NightshiftConfig config = context.config();
        BigDecimal maxPrice = config.ingest().maxPrice();
        ImportWriter writer =
                new ImportWriter(context.commerce().dataSource(), config.shop().timeZone());

        Map<String, String> databaseProducts = writer.productCurrencies();
        Dataset<Row> knownSkus = spark.createDataset(new ArrayList<>(databaseProducts.keySet()), Encoders.STRING())
                .toDF("sku");
        Optional<FeedCounts> productCounts = Optional.empty();
        Dataset<Row> checkedProducts = null;
        if (rawProducts != null) {
            Dataset<Row> raw = rawProducts.persist(StorageLevel.MEMORY_AND_DISK());
            long in = raw.count();
            long skipped = 0;
            Dataset<Row> rows = raw;
            if (source == Source.SHOPIFY) {
                skipped = raw.filter(ShopifyExport.isImageRow()).count();
                rows = ShopifyExport.products(raw);
            } else if (source == Source.WOOCOMMERCE || source == Source.WOOCOMMERCE_API) {
                skipped = raw.filter(WooCommerceExport.isSkippedRow()).count();
                rows = WooCommerceExport.products(
                        raw, config.imports().woocommerce().decimalSeparator(), source == Source.WOOCOMMERCE);
            }
            checkedProducts = ContractValidation.products(
                            rows, maxPrice, config.shop().currency())
                    .persist(StorageLevel.MEMORY_AND_DISK());
            productCounts = Optional.of(counts(checkedProducts, in, skipped));
            raw.unpersist();
            knownSkus = knownSkus.union(checkedProducts
                    .filter(col(ContractValidation.OUTCOME).equalTo(ContractValidation.IMPORTED))
                    .select("sku"));
        }

        // Numbering a file's rows gathers the file in one task; spread the rows again before the rules run.
        int parallelism = Math.max(2, spark.sparkContext().defaultParallelism());
        Dataset<Row> rawLines = rawOrderLines.repartition(parallelism).persist(StorageLevel.MEMORY_AND_DISK());
        long linesIn = rawLines.count();
        Dataset<Row> contractLines = source == Source.SHOPIFY ? ShopifyExport.orders(rawLines) : rawLines;
        Dataset<Row> checkedLines = ContractValidation.orderLines(
                        contractLines, knownSkus, maxPrice, config.imports().combinedPattern())
                .persist(StorageLevel.MEMORY_AND_DISK());
        FeedCounts lineCounts = counts(checkedLines, linesIn, 0);
        rawLines.unpersist();

        // The price list and the stock name products the database has, the products feed adds or the order lines
        // create.
        Dataset<Row> known = rawPriceList == null && rawStock == null
                ? null
                : ContractValidation.knownProducts(currencies(spark, databaseProducts), checkedProducts, checkedLines)
                        .persist(StorageLevel.MEMORY_AND_DISK());
        Optional<FeedCounts> priceListCounts = Optional.empty();
        Dataset<Row> checkedPriceList = null;
        if (rawPriceList != null) {
            Dataset<Row> raw = rawPriceList.persist(StorageLevel.MEMORY_AND_DISK());
            long in = raw.count();
            checkedPriceList = ContractValidation.priceList(
                            raw, known, maxPrice, config.shop().currency())
                    .persist(StorageLevel.MEMORY_AND_DISK());
            priceListCounts = Optional.of(counts(checkedPriceList, in, 0));
            raw.unpersist();
        }
        Optional<FeedCounts> stockCounts = Optional.empty();
        Dataset<Row> checkedStock = null;
        if (rawStock != null) {
            // A product per day: after the order lines the largest feed, spread again as they are.
            Dataset<Row> raw = rawStock.repartition(parallelism).persist(StorageLevel.MEMORY_AND_DISK());
            long in = raw.count();
            checkedStock = ContractValidation.stock(raw, known).persist(StorageLevel.MEMORY_AND_DISK());
            stockCounts = Optional.of(counts(checkedStock, in, 0));
            raw.unpersist();
        }
        List<FeedCounts> feeds = new ArrayList<>(List.of(lineCounts));
        productCounts.ifPresent(feeds::add);
        priceListCounts.ifPresent(feeds::add);
        stockCounts.ifPresent(feeds::add);
        for (FeedCounts c : feeds) {
            if (!c.reconciles()) {
                throw new IllegalStateException("import does not reconcile: " + c.in() + " rows in, " + c.imported()
                        + " imported + " + c.nonProduct() + " not products + " + c.skipped() + " skipped + "
                        + c.quarantined() + " quarantined (a bug)");
            }
        }

        // Quarantine first: a run killed after it and before the database commit redoes both, and INSERT_NEW keeps
        // one copy of each refused row.
        context.writer()
                .write(
                        Tables.IMPORT_ORDER_LINES_QUARANTINE,
                        ContractValidation.quarantine(checkedLines, runDate, ingestedAt));
        if (checkedProducts != null) {
            context.writer()
                    .write(
                            Tables.IMPORT_PRODUCTS_QUARANTINE,
                            ContractValidation.quarantine(checkedProducts, runDate, ingestedAt));
        }
        if (checkedPriceList != null) {
            context.writer()
                    .write(
                            Tables.IMPORT_PRICE_LIST_QUARANTINE,
                            ContractValidation.quarantine(checkedPriceList, runDate, ingestedAt));
        }
        if (checkedStock != null) {
            context.writer()
                    .write(
                            Tables.IMPORT_STOCK_QUARANTINE,
                            ContractValidation.quarantine(checkedStock, runDate, ingestedAt));
        }

        Optional<ImportWriter.Counts> database = Optional.empty();
        if (!context.dryRun()) {
            Iterator<ImportWriter.ProductRow> products = checkedProducts == null
                    ? Collections.emptyIterator()
                    : map(
                            ContractValidation.imported(checkedProducts, ContractValidation.PRODUCT_OUTPUT)
                                    .toLocalIterator(),
                            ImportRun::product);
            Iterator<ImportWriter.LineRow> lines = map(
                    ContractValidation.imported(checkedLines, ContractValidation.ORDER_LINE_OUTPUT)
                            .toLocalIterator(),
                    ImportRun::line);
            Iterator<ImportWriter.PriceRow> prices = checkedPriceList == null
                    ? Collections.emptyIterator()
                    : map(
                            ContractValidation.imported(checkedPriceList, ContractValidation.PRICE_LIST_OUTPUT)
                                    .toLocalIterator(),
                            ImportRun::price);
            Iterator<ImportWriter.StockRow> stock = checkedStock == null
                    ? Collections.emptyIterator()
                    : map(
                            ContractValidation.imported(checkedStock, ContractValidation.STOCK_OUTPUT)
                                    .toLocalIterator(),
                            ImportRun::stockRow);
            database = Optional.of(writer.write(products, lines, prices, stock));
            LOG.info("import wrote {}", database.get());
        }
        // The frames this run cached (raw rows, checked rows, the validation's intermediate step): this session's
        // only cached frames are the command's own.
        spark.catalog().clearCache();
        return new Result(
                files.orders(),
                files.products(),
                files.priceList(),
                files.stock(),
                lineCounts,
                productCounts,
                priceListCounts,
                stockCounts,
                database);
    }

    private static ImportFiles.Options contractOptions(List<ContractColumn> columns) {
        return new ImportFiles.Options(ImportContract.requiredNames(columns), ImportRun::contractName, false);
    }

    /** The database's products as {@code sku}, {@code currency}. */
    private static Dataset<Row> currencies(SparkSession spark, Map<String, String> products) {
        List<Row> rows = new ArrayList<>(products.size());
        products.forEach((sku, currency) -> rows.add(RowFactory.create(sku, currency)));
        StructType schema =
                new StructType().add("sku", DataTypes.StringType, false).add("currency", DataTypes.StringType, false);
        return spark.createDataFrame(rows, schema);
    }

    private Dataset<Row> readOrders(SparkSession spark, List<String> files) {
        if (source == Source.SHOPIFY) {
            return ImportFiles.read(
                    spark, files, new ImportFiles.Options(ShopifyExport.REQUIRED_ORDER_COLUMNS, String::strip, true));
        }
        return ImportFiles.read(spark, files, contractOptions(ImportContract.ORDER_LINES));
    }

    private Dataset<Row> readProducts(SparkSession spark, List<String> files) {
        if (source == Source.WOOCOMMERCE) {
            // The export's descriptions are kept on one line, but its other text columns may hold line breaks.
            return ImportFiles.read(
                    spark,
                    files,
                    new ImportFiles.Options(WooCommerceExport.REQUIRED_PRODUCT_COLUMNS, String::strip, true));
        }
        if (source == Source.SHOPIFY) {
            return ImportFiles.read(
                    spark,
                    files,
                    new ImportFiles.Options(
                            ShopifyExport.REQUIRED_PRODUCT_COLUMNS, ShopifyExport::productColumn, true));
        }
        return ImportFiles.read(spark, files, contractOptions(ImportContract.PRODUCTS));
    }

    /** Rows an API client built, as {@link ImportFiles} gives a file's rows: text columns and the metadata. */
    static Dataset<Row> frame(SparkSession spark, List<String> columns, List<SourceRow> rows) {
        StructType schema = new StructType();
        for (String c : columns) {
            schema = schema.add(c, DataTypes.StringType, true);
        }
        schema = schema.add(ImportFiles.SOURCE_FILE, DataTypes.StringType, false)
                .add(ImportFiles.ROW, DataTypes.LongType, false)
                .add(ImportFiles.RAW, DataTypes.StringType, true)
                .add(ImportFiles.CORRUPT, DataTypes.StringType, true);
        List<Row> out = new ArrayList<>(rows.size());
        for (SourceRow r : rows) {
            Object[] values = new Object[columns.size() + 4];
            for (int i = 0; i < columns.size(); i++) {
                values[i] = r.values().get(columns.get(i));
            }
            values[columns.size()] = r.sourceFile();
            values[columns.size() + 1] = r.row();
            values[columns.size() + 2] = r.raw();
            values[columns.size() + 3] = null;
            out.add(RowFactory.create(values));
        }
        return spark.createDataFrame(out, schema);
    }

    static String contractName(String header) {
        return header.strip().toLowerCase(Locale.ROOT);
    }

    private static FeedCounts counts(Dataset<Row> checked, long in, long skipped) {
        List<Row> rows = checked.groupBy(col(ContractValidation.OUTCOME), col(Rules.RULE))
                .agg(count("*").as("n"))
                .collectAsList();
        long imported = 0;
        long nonProduct = 0;
        long quarantined = 0;
        Map<String, Long> rules = new LinkedHashMap<>();
        for (Row r : rows) {
            long n = r.getLong(2);
            switch (r.getString(0)) {
                case ContractValidation.IMPORTED -> imported += n;
                case ContractValidation.NON_PRODUCT -> nonProduct += n;
                default -> {
                    quarantined += n;
                    rules.merge(r.getString(1), n, Long::sum);
                }
            }
        }
        Map<String, Long> sorted = new LinkedHashMap<>();
        rules.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return new FeedCounts(in, imported, nonProduct, skipped, quarantined, sorted);
    }

    private static ImportWriter.ProductRow product(Row r) {
        return new ImportWriter.ProductRow(
                r.getString(0),
                r.getDecimal(1),
                r.getString(2),
                r.getString(3),
                r.getString(4),
                r.getString(5),
                r.getString(6),
                r.getDecimal(7),
                r.getString(8),
                r.getBoolean(9));
    }

    private static ImportWriter.LineRow line(Row r) {
        return new ImportWriter.LineRow(
                r.getString(0),
                r.getInt(1),
                r.getTimestamp(2),
                r.getString(3),
                r.getInt(4),
                r.getDecimal(5),
                r.getString(6),
                r.getString(7),
                r.getString(8),
                r.getDecimal(9),
                r.getString(10),
                r.getString(11));
    }

    private static ImportWriter.PriceRow price(Row r) {
        return new ImportWriter.PriceRow(r.getString(0), r.getDate(1), r.getDecimal(2), r.getString(3));
    }

    private static ImportWriter.StockRow stockRow(Row r) {
        return new ImportWriter.StockRow(r.getString(0), r.getDate(1), r.getInt(2), r.getInt(3), r.getBoolean(4));
    }

    private static <A, B> Iterator<B> map(Iterator<A> in, Function<A, B> f) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return in.hasNext();
            }

            @Override
            public B next() {
                return f.apply(in.next());
            }
        };
    }
}
