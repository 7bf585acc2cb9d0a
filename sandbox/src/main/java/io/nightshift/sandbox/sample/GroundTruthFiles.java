package io.nightshift.sandbox.sample;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;

/** Ground truth that is known before the simulation runs: products.csv and customer_tastes.csv. */
final class GroundTruthFiles {
    static final String PRODUCTS_HEADER = "product_id,sku,category,brand,base_price,reference_price,unit_cost,"
            + "true_elasticity,cross_elasticity,base_level,trend_per_year,yearly_amplitude,yearly_peak_day,"
            + "holiday_uplift,intermittent,fast_mover,understocked,dispersion,launched_on,lead_time_days,"
            + "reorder_point,order_quantity,safety_stock";

    private GroundTruthFiles() {}

    static void products(Path file, List<ProductSimulator> simulators) throws IOException {
        StringBuilder row = new StringBuilder(256);
        try (Writer out = Text.utf8Writer(file)) {
            out.append(PRODUCTS_HEADER).append('\n');
            for (ProductSimulator s : simulators) {
                ProductProfile p = s.product;
                row.setLength(0);
                row.append(p.productId())
                        .append(',')
                        .append(p.sku())
                        .append(',')
                        .append(p.category().label)
                        .append(',')
                        .append(p.brand())
                        .append(',');
                Text.cents(row, p.basePriceCents()).append(',');
                Text.cents(row, p.basePriceCents()).append(',');
                Text.cents(row, p.unitCostCents()).append(',');
                Text.decimal(row, p.elasticity(), 4).append(',');
                Text.decimal(row, p.crossElasticity(), 4).append(',');
                Text.decimal(row, p.baseLevel(), 4).append(',');
                Text.decimal(row, p.trendPerYear(), 4).append(',');
                Text.decimal(row, p.yearlyAmplitude(), 4)
                        .append(',')
                        .append(p.yearlyPeakDay())
                        .append(',');
                Text.decimal(row, p.holidayUplift(), 4)
                        .append(',')
                        .append(p.intermittent())
                        .append(',')
                        .append(p.fastMover())
                        .append(',')
                        .append(p.understocked())
                        .append(',');
                Text.decimal(row, p.dispersion(), 4)
                        .append(',')
                        .append(p.launchedOn())
                        .append(',')
                        .append(p.leadTimeDays())
                        .append(',')
                        .append(s.reorderPoint)
                        .append(',')
                        .append(s.orderQuantity)
                        .append(',')
                        .append(s.safetyStock)
                        .append('\n');
                out.append(row);
            }
        }
    }

    static void customerTastes(Path file, Subscribers subscribers) throws IOException {
        try (Writer out = Text.utf8Writer(file)) {
            out.append("customer_id,key,value,weight,stated\n");
            for (Subscribers.Customer c : subscribers.customers) {
                for (Subscribers.Taste taste : c.tastes()) {
                    out.append(c.id().toString())
                            .append(',')
                            .append(taste.key())
                            .append(',')
                            .append(taste.value())
                            .append(',')
                            .append(Integer.toString(taste.weight()))
                            .append(',')
                            .append(Boolean.toString(taste.stated()))
                            .append('\n');
                }
            }
        }
    }
}
