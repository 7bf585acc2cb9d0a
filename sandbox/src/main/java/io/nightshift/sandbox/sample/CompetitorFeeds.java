package io.nightshift.sandbox.sample;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * competitor_prices/day=YYYY-MM-DD/&lt;competitor&gt;.csv, with about 1% of rows malformed on purpose.
 * Every malformed line is recorded in ground truth (defects.csv) by file and 1-based line number.
 */
final class CompetitorFeeds {
    static final String HEADER = "competitor,sku,price,currency,captured_at";
    static final double DEFECT_RATE = 0.01;
    static final List<String> DEFECT_KINDS =
            List.of("bad_number", "negative_price", "unknown_product", "duplicate", "bad_date", "missing_column");
    private static final DateTimeFormatter CAPTURED_AT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX", Locale.ROOT);

    private final Path landingRoot;
    private final ShopCalendar calendar;
    private final List<ProductProfile> products;
    private final boolean[][] missingFeeds;
    private final String currency;
    private final long seed;
    private final Writer defects;
    long files;
    long rows;
    long defectRows;

    CompetitorFeeds(
            Path landingRoot,
            ShopCalendar calendar,
            List<ProductProfile> products,
            boolean[][] missingFeeds,
            String currency,
            long seed,
            Writer defects)
            throws IOException {
        this.landingRoot = landingRoot;
        this.calendar = calendar;
        this.products = products;
        this.missingFeeds = missingFeeds;
        this.currency = currency;
        this.seed = seed;
        this.defects = defects;
        defects.append("file,line,kind,competitor,day\n");
    }

    void write(DayBlock block) throws IOException {
        int competitors = Competitors.count();
        StringBuilder row = new StringBuilder(128);
        StringBuilder previous = new StringBuilder(128);
        for (int d = 0; d < block.dayCount; d++) {
            int t = block.firstDay + d;
            for (int c = 0; c < competitors; c++) {
                if (missingFeeds[c][t]) {
                    continue;
                }
                String name = Competitors.NAMES.get(c);
                String relative = "competitor_prices/day=" + calendar.isoDate[t] + "/" + name + ".csv";
                SeededRandom random = SeededRandom.of(seed, "feed", c, t);
                String capturedAt = CAPTURED_AT.format(calendar.date(t)
                        .atStartOfDay(calendar.zone)
                        .plusMinutes(random.integer(5 * 60, 9 * 60))
                        .plusSeconds(random.integer(0, 59)));
                int line = 1;
                previous.setLength(0);
                try (Writer out = Text.utf8Writer(landingRoot.resolve(relative))) {
                    out.append(HEADER).append('\n');
                    for (int p = 0; p < block.products; p++) {
                        int slot = block.slot(d, p);
                        int cents = block.competitorPriceCents[slot * competitors + c];
                        if (!block.launched[slot] || cents == 0) {
                            continue;
                        }
                        String kind = random.chance(DEFECT_RATE)
                                ? DEFECT_KINDS.get(random.integer(0, DEFECT_KINDS.size() - 1))
                                : null;
                        if ("duplicate".equals(kind) && previous.length() == 0) {
                            kind = null;
                        }
                        row.setLength(0);
                        row.append(name)
                                .append(',')
                                .append(products.get(p).sku())
                                .append(',');
                        if ("bad_number".equals(kind)) {
                            // "12,3x": a decimal comma and a stray letter, quoted so the column count holds.
                            row.append('"');
                            Text.cents(row, cents).setCharAt(row.length() - 3, ',');
                            row.setLength(row.length() - 1);
                            row.append("x\",");
                        } else {
                            Text.cents("negative_price".equals(kind) ? row.append('-') : row, cents)
                                    .append(',');
                        }
                        if (!"missing_column".equals(kind)) {
                            row.append(currency).append(',');
                        }
                        row.append("bad_date".equals(kind) ? badDate(t, random) : capturedAt)
                                .append('\n');

                        switch (kind == null ? "" : kind) {
                            case "unknown_product", "duplicate" -> {
                                // Injected after a good row: the product's own price still arrives.
                                String good = row.toString();
                                out.append(good);
                                rows++;
                                line++;
                                String extra = kind.equals("duplicate")
                                        ? previous.toString()
                                        : good.replace(
                                                products.get(p).sku(),
                                                String.format(
                                                        Locale.ROOT,
                                                        "SKU-%06d",
                                                        products.size() + random.integer(1, 99_999)));
                                out.append(extra);
                                rows++;
                                line++;
                                recordDefect(relative, line, kind, name, t);
                                previous.setLength(0);
                                previous.append(good);
                            }
                            case "" -> {
                                out.append(row);
                                rows++;
                                line++;
                                previous.setLength(0);
                                previous.append(row);
                            }
                            default -> {
                                out.append(row);
                                rows++;
                                line++;
                                recordDefect(relative, line, kind, name, t);
                            }
                        }
                    }
                }
                files++;
            }
        }
    }

    private void recordDefect(String file, int line, String kind, String competitor, int t) throws IOException {
        defects.append(file)
                .append(',')
                .append(Integer.toString(line))
                .append(',')
                .append(kind)
                .append(',')
                .append(competitor)
                .append(',')
                .append(calendar.isoDate[t])
                .append('\n');
        defectRows++;
    }

    private String badDate(int t, SeededRandom random) {
        String[] forms = {"not-a-date", "%s-13-45T99:61:00", "%s/31/02 25:00", "yesterday"};
        String form = forms[random.integer(0, forms.length - 1)];
        return form.contains("%s")
                ? String.format(Locale.ROOT, form, calendar.date(t).getYear())
                : form;
    }
}
