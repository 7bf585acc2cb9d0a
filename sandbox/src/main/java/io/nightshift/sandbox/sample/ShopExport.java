package io.nightshift.sandbox.sample;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * The shop's orders and products written as files a real shop hands to {@code bin/pipeline import}, in one of the
 * formats it reads: the import contract's CSV or Parquet, or the Shopify admin's CSV exports. Each is written from
 * {@link ContractExport}'s queries, so every format says the same of the shop. The contract's CSV also carries the
 * shop's end-of-day stock (Shopify's exports have only the current stock; the Parquet export has no stock file yet).
 * (WooCommerce has no orders CSV export: {@link WooCommerceApiExport} gives its REST API's answers for a fake shop to
 * serve.)
 */
public final class ShopExport {
    private ShopExport() {}

    /** A file format, with the files it writes and the import command that reads them. */
    public enum Format {
        CONTRACT_CSV("orders.csv", "products.csv", Optional.of("stock.csv"), "contract"),
        CONTRACT_PARQUET("orders.parquet", "products.parquet", Optional.empty(), "contract"),
        SHOPIFY_CSV("orders_export.csv", "products_export.csv", Optional.empty(), "shopify");

        public final String ordersFile;
        public final String productsFile;
        /** The end-of-day stock's file, for a format that carries it. */
        public final Optional<String> stockFile;
        /** What {@code import --source} reads it as. */
        public final String importSource;

        Format(String ordersFile, String productsFile, Optional<String> stockFile, String importSource) {
            this.ordersFile = ordersFile;
            this.productsFile = productsFile;
            this.stockFile = stockFile;
            this.importSource = importSource;
        }

        /** The name {@code generate-sample --export-format} takes: contract-csv, contract-parquet, shopify-csv. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Format parse(String text) {
            for (Format f : values()) {
                if (f.label().equals(text)) {
                    return f;
                }
            }
            throw new IllegalArgumentException("--export-format must be one of " + labels() + ", got '" + text + "'");
        }

        public static String labels() {
            return Arrays.stream(values()).map(Format::label).collect(Collectors.joining(", "));
        }
    }

    /** The import command's arguments for files written by {@link #write} into {@code folder}. */
    public static List<String> importArguments(Format format, Path folder) {
        List<String> arguments = new ArrayList<>(List.of(
                "import",
                "--source",
                format.importSource,
                "--orders",
                folder.resolve(format.ordersFile).toString(),
                "--products",
                folder.resolve(format.productsFile).toString()));
        format.stockFile.ifPresent(
                file -> arguments.addAll(List.of("--stock", folder.resolve(file).toString())));
        return List.copyOf(arguments);
    }

    /**
     * Writes the days' order lines and every product (and the days' stock, for a format with a stock file) into
     * {@code folder} in {@code format}; returns the order lines written. A customer is its e-mail in every format
     * (Shopify's export has nothing else), so the formats say the same of each order. {@code shopZone} and
     * {@code shopCurrency} are the shop's: Shopify writes times in the shop's zone and has no product currency.
     */
    public static long write(
            Format format, DataSource db, Path folder, ContractExport.Days days, ZoneId shopZone, String shopCurrency)
            throws IOException, SQLException {
        return switch (format) {
            case CONTRACT_CSV -> {
                ContractExport.writeStock(db, folder, days);
                yield ContractExport.write(db, folder, ContractExport.Customers.EMAILS, days, true);
            }
            case CONTRACT_PARQUET -> ContractParquet.write(db, folder, ContractExport.Customers.EMAILS, days, true);
            case SHOPIFY_CSV -> ShopifyCsvExport.write(db, folder, days, shopZone, shopCurrency);
        };
    }
}
