package io.nightshift.sandbox.sample;

import java.io.IOException;
import java.io.Writer;

/** Ground truth demand_daily.csv: one row per launched product and day. */
final class DemandTruth {
    static final String HEADER = "product_id,day,price,competitor_price_index,baseline_demand,expected_demand,"
            + "true_demand,sold_units,stockout";

    private final Writer out;
    private final ShopCalendar calendar;
    private final int[] productIds;
    long rows;
    long stockoutDays;

    DemandTruth(Writer out, ShopCalendar calendar, int[] productIds) throws IOException {
        this.out = out;
        this.calendar = calendar;
        this.productIds = productIds;
        out.append(HEADER).append('\n');
    }

    void write(DayBlock block) throws IOException {
        StringBuilder row = new StringBuilder(128);
        for (int d = 0; d < block.dayCount; d++) {
            String date = calendar.isoDate[block.firstDay + d];
            for (int p = 0; p < block.products; p++) {
                int slot = block.slot(d, p);
                if (!block.launched[slot]) {
                    continue;
                }
                row.setLength(0);
                row.append(productIds[p]).append(',').append(date).append(',');
                Text.cents(row, block.priceCents[slot]).append(',');
                Text.decimal(row, block.competitorIndex[slot], 4).append(',');
                Text.decimal(row, block.baselineDemand[slot], 4).append(',');
                Text.decimal(row, block.expectedDemand[slot], 4).append(',');
                row.append(block.trueDemand[slot])
                        .append(',')
                        .append(block.soldUnits[slot])
                        .append(',')
                        .append(block.stockout[slot])
                        .append('\n');
                out.append(row);
                rows++;
                if (block.stockout[slot]) {
                    stockoutDays++;
                }
            }
        }
    }
}
