package io.nightshift.sandbox.sample;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;

/** traffic/day=YYYY-MM-DD/traffic.jsonl: one JSON line per launched product and channel. */
final class TrafficFiles {
    static final String[] CHANNELS = {"web", "app"};

    private final Path landingRoot;
    private final ShopCalendar calendar;
    private final int[] productIds;
    long files;
    long rows;

    TrafficFiles(Path landingRoot, ShopCalendar calendar, int[] productIds) {
        this.landingRoot = landingRoot;
        this.calendar = calendar;
        this.productIds = productIds;
    }

    void write(DayBlock block) throws IOException {
        StringBuilder line = new StringBuilder(160);
        for (int d = 0; d < block.dayCount; d++) {
            int t = block.firstDay + d;
            String date = calendar.isoDate[t];
            try (Writer out = Text.utf8Writer(
                    landingRoot.resolve("traffic").resolve("day=" + date).resolve("traffic.jsonl"))) {
                for (int p = 0; p < block.products; p++) {
                    int slot = block.slot(d, p);
                    if (!block.launched[slot]) {
                        continue;
                    }
                    for (int c = 0; c < DayBlock.CHANNELS; c++) {
                        int k = slot * DayBlock.CHANNELS + c;
                        line.setLength(0);
                        line.append("{\"event_date\":\"")
                                .append(date)
                                .append("\",\"product_id\":")
                                .append(productIds[p])
                                .append(",\"channel\":\"")
                                .append(CHANNELS[c])
                                .append("\",\"views\":")
                                .append(block.views[k])
                                .append(",\"sessions\":")
                                .append(block.sessions[k])
                                .append(",\"add_to_cart\":")
                                .append(block.addToCart[k])
                                .append("}\n");
                        out.append(line);
                        rows++;
                    }
                }
            }
            files++;
        }
    }
}
