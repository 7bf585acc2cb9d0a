package io.nightshift.sandbox.sample;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.commons.text.StringEscapeUtils;

/**
 * A commerce database's orders and products as a WooCommerce shop's REST API v3 answers them ({@code GET
 * /wp-json/wc/v3/orders}, {@code GET /wp-json/wc/v3/products}: the documented order and product objects, as in
 * sandbox/src/test/resources/woocommerce), for {@code WooCommerceFake} to serve page by page to {@code import
 * --source woocommerce-api}. Written from {@link ContractExport}'s queries. As WooCommerce holds them: numeric ids
 * of its own (the shop's order id is the order's {@code number}), names HTML-escaped, dates as the site's local time
 * and GMT without an offset, a line's {@code subtotal} (before discounts) and {@code total} (after), the customer as
 * a user number (0: a guest), every product a simple product with its category as a term. Not written, since the
 * import does not read them from WooCommerce's products: brand and unit cost; nor product currency (WooCommerce's is
 * the shop's), returned lines (WooCommerce's refunds are objects of their own) and the line's number (the line
 * item's id, unique in the shop, takes its place).
 */
public final class WooCommerceApiExport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter WOO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final int FIRST_PRODUCT_ID = 10;
    private static final int FIRST_CATEGORY_ID = 100;
    private static final int FIRST_ORDER_ID = 1001;

    /** The API's {@code orders} and {@code products} collections, each whole (the fake pages them). */
    public record Shop(ArrayNode orders, ArrayNode products, long lineItems) {}

    private WooCommerceApiExport() {}

    /** The days' orders and every product, as the API answers them; every product must be in shopCurrency. */
    public static Shop read(DataSource db, ContractExport.Days days, ZoneId siteZone, String shopCurrency)
            throws IOException, SQLException {
        ArrayNode products = JSON.createArrayNode();
        Map<String, Integer> productIds = new HashMap<>();
        Map<String, Integer> categoryIds = new LinkedHashMap<>();
        ContractExport.eachRow(db, ContractExport.PRODUCTS_QUERY, row -> {
            int id = FIRST_PRODUCT_ID + productIds.size();
            productIds.put(row.getString("sku"), id);
            products.add(product(row, id, categoryIds, shopCurrency));
        });
        Orders orders = new Orders(siteZone, productIds);
        ContractExport.eachRow(db, ContractExport.orderLinesQuery(ContractExport.Customers.IDS, days), orders::add);
        return new Shop(orders.all, products, orders.lineItems);
    }

    private static ObjectNode product(ResultSet p, int id, Map<String, Integer> categoryIds, String shopCurrency)
            throws SQLException {
        String sku = p.getString("sku");
        String currency = p.getString("currency").strip();
        if (!currency.equals(shopCurrency)) {
            throw new IllegalStateException("product " + sku + " is priced in " + currency + ": WooCommerce prices"
                    + " products in the shop's currency, " + shopCurrency);
        }
        String price = p.getBigDecimal("price").toPlainString();
        ObjectNode product = JSON.createObjectNode();
        product.put("id", id);
        product.put("name", html(p.getString("name")));
        product.put("slug", sku.toLowerCase(Locale.ROOT));
        product.put("type", "simple");
        product.put("status", p.getBoolean("active") ? "publish" : "draft");
        product.put("catalog_visibility", "visible");
        product.put("sku", sku);
        product.put("price", price);
        product.put("regular_price", price);
        product.put("sale_price", "");
        product.put("on_sale", false);
        product.put("manage_stock", false);
        product.putNull("stock_quantity");
        product.put("stock_status", "instock");
        product.put("parent_id", 0);
        ArrayNode categories = product.putArray("categories");
        String category = p.getString("category");
        if (category != null) {
            int categoryId = categoryIds.computeIfAbsent(category, c -> FIRST_CATEGORY_ID + categoryIds.size());
            categories
                    .addObject()
                    .put("id", categoryId)
                    .put("name", html(category))
                    .put("slug", category.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-"));
        }
        ArrayNode tags = product.putArray("tags");
        String tagList = p.getString("tags");
        if (tagList != null) {
            for (String tag : tagList.split(",")) {
                if (!tag.isBlank()) {
                    tags.addObject().put("name", html(tag.strip()));
                }
            }
        }
        product.putArray("attributes");
        product.putArray("variations");
        return product;
    }

    /** Builds the orders from their lines, which come in order id and line order. */
    private static final class Orders {
        private final ZoneId siteZone;
        private final Map<String, Integer> productIds;
        private final Map<String, Integer> customerIds = new HashMap<>();
        final ArrayNode all = JSON.createArrayNode();
        private ObjectNode order;
        private BigDecimal total = BigDecimal.ZERO;
        private BigDecimal discountTotal = BigDecimal.ZERO;
        private long nextItemId = 1;
        long lineItems;

        Orders(ZoneId siteZone, Map<String, Integer> productIds) {
            this.siteZone = siteZone;
            this.productIds = productIds;
        }

        void add(ResultSet line) throws SQLException {
            String number = line.getString("order_id");
            if (order == null || !order.path("number").asText().equals(number)) {
                start(line, number);
            }
            int quantity = line.getInt("quantity");
            if (quantity < 0) {
                throw new IllegalStateException("order " + number + " line " + line.getInt("line_id") + " returns "
                        + -quantity + " units: WooCommerce keeps returns as refunds, which this export does not"
                        + " write");
            }
            BigDecimal subtotal = line.getBigDecimal("unit_price").multiply(BigDecimal.valueOf(quantity));
            BigDecimal discount = line.getBigDecimal("discount");
            BigDecimal lineTotal = subtotal.subtract(discount);
            String sku = line.getString("sku");
            ObjectNode item = ((ArrayNode) order.get("line_items")).addObject();
            item.put("id", nextItemId++);
            item.put("name", html(line.getString("product_name")));
            item.put("product_id", productIds.getOrDefault(sku, 0));
            item.put("variation_id", 0);
            item.put("quantity", quantity);
            item.put("tax_class", "");
            item.put("subtotal", money(subtotal));
            item.put("subtotal_tax", "0.00");
            item.put("total", money(lineTotal));
            item.put("total_tax", "0.00");
            item.putArray("taxes");
            item.putArray("meta_data");
            item.put("sku", sku);
            item.put(
                    "price",
                    lineTotal
                            .divide(BigDecimal.valueOf(quantity), 4, RoundingMode.HALF_UP)
                            .doubleValue());
            total = total.add(lineTotal);
            discountTotal = discountTotal.add(discount);
            order.put("total", money(total));
            order.put("discount_total", money(discountTotal));
            lineItems++;
        }

        private void start(ResultSet line, String number) throws SQLException {
            Instant at = Instant.parse(line.getString("ordered_at"));
            String local = WOO_TIME.format(LocalDateTime.ofInstant(at, siteZone));
            String gmt = WOO_TIME.format(LocalDateTime.ofInstant(at, ZoneOffset.UTC));
            String channel = line.getString("channel");
            String customer = line.getString("customer_key");
            int id = FIRST_ORDER_ID + all.size();
            order = all.addObject();
            order.put("id", id);
            order.put("parent_id", 0);
            order.put("number", number);
            order.put("order_key", "wc_order_" + id);
            // The storefront's checkout; other channels' orders came in through an integration, named as such.
            order.put("created_via", channel == null || channel.equals("web") ? "checkout" : channel);
            order.put("status", status(line.getString("status")));
            order.put("currency", line.getString("currency"));
            order.put("date_created", local);
            order.put("date_created_gmt", gmt);
            order.put("date_modified", local);
            order.put("date_modified_gmt", gmt);
            order.put("shipping_total", "0.00");
            order.put("total_tax", "0.00");
            order.put("prices_include_tax", false);
            order.put(
                    "customer_id",
                    customer == null || customer.isEmpty()
                            ? 0
                            : customerIds.computeIfAbsent(customer, k -> customerIds.size() + 1));
            order.putArray("line_items");
            order.putArray("tax_lines");
            order.putArray("shipping_lines");
            order.putArray("fee_lines");
            order.putArray("coupon_lines");
            order.putArray("refunds");
            total = BigDecimal.ZERO;
            discountTotal = BigDecimal.ZERO;
        }
    }

    /** The contract's status as WooCommerce's: paid is processing (paid, not shipped), shipped is completed. */
    static String status(String status) {
        return switch (status) {
            case "pending" -> "pending";
            case "paid" -> "processing";
            case "shipped" -> "completed";
            case "cancelled" -> "cancelled";
            case "refunded" -> "refunded";
            default -> throw new IllegalStateException("no WooCommerce status for order status " + status);
        };
    }

    private static String money(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    /** WooCommerce's REST answers give names as the site stores them: HTML entities for &, <, > and quotes. */
    private static String html(String text) {
        return text == null ? null : StringEscapeUtils.escapeHtml4(text);
    }
}
