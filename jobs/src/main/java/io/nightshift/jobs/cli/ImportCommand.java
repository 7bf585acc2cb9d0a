package io.nightshift.jobs.cli;

import io.nightshift.common.config.ImportSettings;
import io.nightshift.common.config.MarketplaceSettings;
import io.nightshift.jobs.importing.ImportContract;
import io.nightshift.jobs.importing.ImportFiles;
import io.nightshift.jobs.importing.ImportRun;
import io.nightshift.jobs.importing.ShopDatabase;
import io.nightshift.jobs.importing.ShopifyBulkImport;
import io.nightshift.jobs.importing.SourceRow;
import io.nightshift.jobs.importing.WooCommerceApi;
import io.nightshift.jobs.marketplace.HttpCalls;
import io.nightshift.jobs.marketplace.ShopifyGraphql;
import io.nightshift.jobs.stage.StageContext;
import java.io.PrintStream;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code import}: a shop's order history (and products, its price list and its stock history) into the commerce
 * database, from files in the input contract's columns or from a platform's export. Idempotent (re-importing the
 * same files changes nothing) and resumable (one database transaction: a killed import leaves nothing half-written,
 * and a rerun converges).
 */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description =
                "import a shop's orders (and products, price list, stock history) from contract CSV/CSV.gz/Parquet files, a"
                        + " Shopify export, Shopify's Admin API (bulk operations), a WooCommerce product export, the WooCommerce"
                        + " REST API or the shop's own database into the commerce database")
final class ImportCommand extends BaseCommand {
    @Option(
            names = "--source",
            defaultValue = "contract",
            paramLabel = "contract|shopify|shopify-api|woocommerce|woocommerce-api|database",
            description = "the input contract's columns, the Shopify admin's CSV exports, Shopify's Admin GraphQL API"
                    + " through bulk operations (nightshift.marketplaces.shopify.base-url, NIGHTSHIFT_SHOPIFY_TOKEN),"
                    + " WooCommerce's product CSV"
                    + " export, WooCommerce's REST API v3 (NIGHTSHIFT_WOOCOMMERCE_URL, _KEY, _SECRET), or the shop's"
                    + " own database through views in the contract's columns (NIGHTSHIFT_SHOP_JDBC_URL,"
                    + " nightshift.import.database) (default: ${DEFAULT-VALUE})")
    String source;

    @Option(
            names = "--orders",
            paramLabel = "PATH",
            description = "an order lines file, or a folder of them (any depth: a history folder, <landing>/orders);"
                    + " required for shopify, and for contract unless --price-list or --stock is given")
    String orders;

    @Option(names = "--products", paramLabel = "PATH", description = "a products file, or a folder of them")
    String products;

    @Option(
            names = "--price-list",
            paramLabel = "PATH",
            description = "a price list file in the contract's columns (sku, valid_from, price, currency), or a folder"
                    + " of them; --source contract")
    String priceList;

    @Option(
            names = "--stock",
            paramLabel = "PATH",
            description =
                    "end-of-day stock in the contract's columns (sku, day, on_hand, reserved, stockout), a file or"
                            + " a folder of them; --source contract")
    String stock;

    @Option(
            names = "--modified-after",
            paramLabel = "TIMESTAMP",
            description = "woocommerce-api, shopify-api: only orders modified after this ISO-8601 time with offset"
                    + " (2026-01-05T00:00:00Z); default every order")
    String modifiedAfter;

    @Option(
            names = "--dry-run",
            description =
                    "check and count every row, write quarantine to the scratch catalog, write nothing to the database")
    boolean dryRun;

    ImportCommand(Launch launch) {
        super(launch);
    }

    @Override
    protected Integer run() {
        ImportRun.Source from;
        try {
            from = ImportRun.Source.parse(source);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Optional<Instant> after = checkOptions(from);
        long start = System.nanoTime();
        try (StageContext context = newContext(dryRun)) {
            LocalDate runDate =
                    LocalDate.now(launch.clock().withZone(config.shop().timeZone()));
            Timestamp ingestedAt = Timestamp.from(launch.clock().instant());
            ImportRun.Result result;
            Optional<String> refunds = Optional.empty();
            String origin;
            if (from == ImportRun.Source.WOOCOMMERCE_API) {
                WooCommerceApi api;
                try {
                    api = new WooCommerceApi(
                            config.imports().woocommerce(),
                            config.marketplaces().http());
                } catch (IllegalArgumentException e) {
                    throw new UsageException(e.getMessage());
                }
                WooCommerceApi.OrderPull pull = api.orderLines(after);
                List<SourceRow> productRows = api.productRows();
                result = new ImportRun(context, from)
                        .run(pull.lines(), WooCommerceApi.PRODUCT_COLUMNS, productRows, runDate, ingestedAt);
                refunds = Optional.of(refundsLine(pull.refunds()));
                origin = config.imports().woocommerce().baseUrl()
                        + after.map(a -> ", orders modified after " + a).orElse("");
            } else if (from == ImportRun.Source.SHOPIFY_API) {
                MarketplaceSettings.Channel shop = config.marketplaces()
                        .configured("shopify")
                        .orElseThrow(() -> new UsageException("--source shopify-api reads the shop"
                                + " nightshift.marketplaces.shopify names: set its base-url"
                                + " (https://your-shop.myshopify.com) and the Admin API access token in"
                                + " NIGHTSHIFT_SHOPIFY_TOKEN (shopify need not be in nightshift.marketplaces.enabled,"
                                + " which also syncs its stock every night)"));
                ShopifyBulkImport api = new ShopifyBulkImport(
                        new ShopifyGraphql(
                                shop, new HttpCalls(config.marketplaces().http())),
                        shop.baseUrl(),
                        config.imports().shopify());
                List<SourceRow> lines;
                List<SourceRow> productRows;
                try {
                    lines = api.orderLines(after);
                    productRows = api.productRows();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while reading the Shopify bulk operations");
                }
                result = new ImportRun(context, from)
                        .run(lines, ImportContract.names(ImportContract.PRODUCTS), productRows, runDate, ingestedAt);
                origin = shop.baseUrl() + " (API " + shop.option("api-version") + ")"
                        + after.map(a -> ", orders updated after " + a).orElse("");
            } else if (from == ImportRun.Source.DATABASE) {
                ImportSettings.Database views = config.imports().database();
                ShopDatabase database;
                try {
                    database = new ShopDatabase(context.spark(), views);
                } catch (IllegalArgumentException e) {
                    throw new UsageException(e.getMessage());
                }
                result = new ImportRun(context, from)
                        .run(
                                database,
                                views.ordersView(),
                                views.productsView(),
                                views.priceListView(),
                                views.stockView(),
                                runDate,
                                ingestedAt);
                origin = database.label(views.ordersView())
                        + views.productsView().map(p -> ", products view " + p).orElse("")
                        + views.priceListView()
                                .map(p -> ", price list view " + p)
                                .orElse("")
                        + views.stockView().map(v -> ", stock view " + v).orElse("");
            } else {
                List<String> orderFiles;
                List<String> productFiles;
                List<String> priceListFiles;
                List<String> stockFiles;
                try {
                    orderFiles = orders == null ? List.of() : ImportFiles.list(context.spark(), orders);
                    productFiles = products == null ? List.of() : ImportFiles.list(context.spark(), products);
                    priceListFiles = priceList == null ? List.of() : ImportFiles.list(context.spark(), priceList);
                    stockFiles = stock == null ? List.of() : ImportFiles.list(context.spark(), stock);
                } catch (IllegalArgumentException e) {
                    throw new UsageException(e.getMessage());
                }
                result = new ImportRun(context, from)
                        .runFiles(orderFiles, productFiles, priceListFiles, stockFiles, runDate, ingestedAt);
                origin = String.format(
                                Locale.ROOT,
                                "%d order file(s), %d product file(s)",
                                result.orderFiles(),
                                result.productFiles())
                        + (priceList == null
                                ? ""
                                : String.format(Locale.ROOT, ", %d price list file(s)", result.priceListFiles()))
                        + (stock == null ? "" : String.format(Locale.ROOT, ", %d stock file(s)", result.stockFiles()));
            }
            print(launch.out(), from, origin, result, refunds, (System.nanoTime() - start) / 1e9);
        }
        return 0;
    }

    /** Which options each source takes; the --modified-after instant, when given. */
    private Optional<Instant> checkOptions(ImportRun.Source from) {
        switch (from) {
            case CONTRACT -> {
                if (orders == null && priceList == null && stock == null) {
                    throw new UsageException(
                            "--source contract needs --orders PATH (or --price-list PATH or --stock PATH alone)");
                }
            }
            case SHOPIFY -> {
                if (orders == null) {
                    throw new UsageException("--source shopify needs --orders PATH");
                }
            }
            case WOOCOMMERCE -> {
                if (orders != null) {
                    throw new UsageException("--source woocommerce reads the product CSV export (--products);"
                            + " WooCommerce has no built-in orders CSV export: use --source woocommerce-api for its"
                            + " orders, or --orders in the contract's columns");
                }
                if (products == null) {
                    throw new UsageException("--source woocommerce needs --products wc-product-export.csv");
                }
            }
            case WOOCOMMERCE_API, SHOPIFY_API -> {
                if (orders != null || products != null) {
                    throw new UsageException("--source " + from.label()
                            + " reads the shop's API, not files: leave out --orders and --products");
                }
            }
            case DATABASE -> {
                if (orders != null || products != null) {
                    throw new UsageException("--source database reads the views nightshift.import.database names"
                            + " (orders-view, products-view), not files: leave out --orders and --products");
                }
            }
        }
        if (priceList != null && from != ImportRun.Source.CONTRACT) {
            throw new UsageException("--price-list takes a file in the contract's columns, for --source contract"
                    + (from == ImportRun.Source.DATABASE
                            ? "; --source database reads nightshift.import.database.price-list-view"
                            : " (a separate import: bin/pipeline import --price-list PATH)"));
        }
        if (stock != null && from != ImportRun.Source.CONTRACT) {
            throw new UsageException("--stock takes a file in the contract's columns, for --source contract"
                    + (from == ImportRun.Source.DATABASE
                            ? "; --source database reads nightshift.import.database.stock-view"
                            : " (a separate import: bin/pipeline import --stock PATH)"));
        }
        if (modifiedAfter == null) {
            return Optional.empty();
        }
        if (from != ImportRun.Source.WOOCOMMERCE_API && from != ImportRun.Source.SHOPIFY_API) {
            throw new UsageException("--modified-after is for --source woocommerce-api and shopify-api");
        }
        try {
            return Optional.of(OffsetDateTime.parse(modifiedAfter).toInstant());
        } catch (DateTimeParseException e) {
            throw new UsageException("--modified-after must be an ISO-8601 time with offset such as"
                    + " 2026-01-05T00:00:00Z, got '" + modifiedAfter + "'");
        }
    }

    /**
     * The refunds line of a WooCommerce API import: what became of every refund read, the amount-only ones (no
     * product to credit) counted, never dropped silently.
     */
    static String refundsLine(WooCommerceApi.RefundCounts c) {
        String line = String.format(
                Locale.ROOT,
                "refunds: %,d read from %,d orders = %,d credit notes (%,d of the order lines above)"
                        + " + %,d amount-only (no units returned: not imported)",
                c.refunds(),
                c.orders(),
                c.creditNotes(),
                c.creditNoteLines(),
                c.amountOnly());
        if (c.zeroQuantityItems() > 0) {
            line += String.format(
                    Locale.ROOT, "; %,d refund line item(s) with quantity 0 left out", c.zeroQuantityItems());
        }
        return line;
    }

    private void print(
            PrintStream out,
            ImportRun.Source from,
            String origin,
            ImportRun.Result r,
            Optional<String> refunds,
            double seconds) {
        out.printf(
                Locale.ROOT, "import (%s)%s: %s in %.1f s%n", from.label(), dryRun ? ", dry run" : "", origin, seconds);
        out.println(line("order lines", r.lines(), "not products", "quarantine.import_order_lines"));
        refunds.ifPresent(out::println);
        r.products()
                .ifPresent(p -> out.println(line("products", p, from.skippedProducts(), "quarantine.import_products")));
        r.priceList().ifPresent(p -> out.println(line("price list", p, null, "quarantine.import_price_list")));
        r.stock().ifPresent(p -> out.println(line("stock", p, null, "quarantine.import_stock")));
        if (r.database().isPresent()) {
            var d = r.database().get();
            out.printf(
                    Locale.ROOT,
                    "commerce database: products %,d inserted, %,d updated, %,d created from order lines;"
                            + " orders %,d inserted, %,d updated; order lines %,d inserted, %,d updated%s%s%s%n",
                    d.productsInserted(),
                    d.productsUpdated(),
                    d.productsFromLines(),
                    d.ordersInserted(),
                    d.ordersUpdated(),
                    d.linesInserted(),
                    d.linesUpdated(),
                    r.priceList().isPresent()
                            ? String.format(
                                    Locale.ROOT,
                                    "; price list %,d inserted, %,d updated",
                                    d.pricesInserted(),
                                    d.pricesUpdated())
                            : "",
                    r.stock().isPresent()
                            ? String.format(
                                    Locale.ROOT,
                                    "; stock %,d inserted, %,d updated",
                                    d.stockInserted(),
                                    d.stockUpdated())
                            : "",
                    d.changedNothing() ? " (nothing changed)" : "");
        } else {
            out.println("commerce database: not written (dry run)");
        }
    }

    /** One feed's counts; {@code skippedWord} null: the feed has no rows that are neither imported nor refused. */
    private static String line(String feed, ImportRun.FeedCounts c, String skippedWord, String table) {
        StringBuilder s = new StringBuilder(
                String.format(Locale.ROOT, "%s: %,d rows in = %,d imported + ", feed, c.in(), c.imported()));
        if (skippedWord != null) {
            s.append(String.format(
                    Locale.ROOT, "%,d %s + ", feed.equals("products") ? c.skipped() : c.nonProduct(), skippedWord));
        }
        s.append(String.format(Locale.ROOT, "%,d quarantined", c.quarantined()));
        if (!c.rules().isEmpty()) {
            s.append(" (")
                    .append(c.rules().entrySet().stream()
                            .map(e -> e.getKey() + " " + String.format(Locale.ROOT, "%,d", e.getValue()))
                            .collect(Collectors.joining(", ")))
                    .append("; see ")
                    .append(table)
                    .append(")");
        }
        return s.toString();
    }
}
