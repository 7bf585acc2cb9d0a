package io.nightshift.sandbox.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-memory history is the generated shop: the same products, prices, demand, sales and stock-outs. */
class ShopHistoryTest {
    @TempDir
    Path root;

    @Test
    void inMemoryHistoryMatchesTheGeneratedGroundTruth() throws Exception {
        SampleShopSpec spec = GeneratedShop.spec(6, 90, 10, 7L);
        ShopHistory history = ShopHistory.simulate(spec);
        try (GeneratedShop shop = new GeneratedShop(root, spec)) {
            List<Map<String, String>> products = shop.truthCsv("products.csv");
            assertEquals(products.size(), history.products().size());
            for (int p = 0; p < products.size(); p++) {
                Map<String, String> row = products.get(p);
                ShopHistory.Product product = history.products().get(p);
                assertEquals(Integer.parseInt(row.get("product_id")), product.productId());
                assertEquals(Double.parseDouble(row.get("true_elasticity")), product.trueElasticity(), 1e-4);
                assertEquals(new BigDecimal(row.get("unit_cost")), product.unitCost());
                assertEquals(Integer.parseInt(row.get("reorder_point")), product.reorderPoint());
                assertEquals(Integer.parseInt(row.get("order_quantity")), product.orderQuantity());
                assertEquals(Integer.parseInt(row.get("safety_stock")), product.safetyStock());
            }
            int rows = 0;
            for (Map<String, String> row : shop.truthCsv("demand_daily.csv")) {
                int p = Integer.parseInt(row.get("product_id"))
                        - history.products().get(0).productId();
                int t = (int) (LocalDate.parse(row.get("day")).toEpochDay()
                        - spec.firstDay().toEpochDay());
                ShopHistory.Days days = history.days(p);
                String at = row.get("product_id") + " " + row.get("day");
                assertEquals(new BigDecimal(row.get("price")), BigDecimal.valueOf(days.priceCents()[t], 2), at);
                assertEquals(Integer.parseInt(row.get("sold_units")), days.soldUnits()[t], at);
                assertEquals(Boolean.parseBoolean(row.get("stockout")), days.stockout()[t], at);
                assertEquals(Double.parseDouble(row.get("baseline_demand")), days.baselineDemand()[t], 1e-3, at);
                rows++;
            }
            assertTrue(rows > 0, "demand_daily.csv has rows");
        }
    }
}
