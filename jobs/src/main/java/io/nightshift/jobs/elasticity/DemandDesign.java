package io.nightshift.jobs.elasticity;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The regression design for one product: log E[units] = a + elasticity x log(price) + trend + weekday
 * + yearly Fourier terms + public holiday + retail events + cross-elasticity x competitor price index.
 * Stock-out days are left out (sales that day are censored demand, not demand), and so are days whose
 * price is unknown. The shop's own price is silver.sales_daily's avg_unit_price: its price list's, else the
 * price most of the day's sale lines paid (so quantity breaks do not drag it). Without a price list it is
 * only observed on days with a sale, so a day without one takes the last observed price before it (the
 * first one after it at the start): the price a customer would have paid, which changes only at list-price
 * changes and promotions.
 */
public final class DemandDesign {
    /** Column 0 is the intercept, column 1 log price (centred): its coefficient is the elasticity. */
    public static final int PRICE_COLUMN = 1;

    static final double DAYS_PER_YEAR = 365.25;

    private DemandDesign() {}

    /**
     * One product-day as read from silver: price null when nothing sold; competitor index 0 when unknown;
     * views and add-to-cart null when the day has no traffic row.
     */
    public record Day(
            LocalDate day,
            long units,
            Double price,
            boolean stockout,
            boolean holiday,
            double competitorLogIndex,
            Long views,
            Long addToCart) {
        public Day(
                LocalDate day, long units, Double price, boolean stockout, boolean holiday, double competitorLogIndex) {
            this(day, units, price, stockout, holiday, competitorLogIndex, null, null);
        }
    }

    /**
     * The fitted rows.
     *
     * @param columns        column names, in order (the intercept and log price first)
     * @param x              one row per usable day (and, with the add-to-cart funnel, a second row per day
     *                       with traffic: the day's add-to-cart count, with its own controls and the same price
     *                       coefficient)
     * @param units          the response of each row: units sold, or add-to-cart events
     * @param epochDay       each row's day, non-decreasing
     * @param days           usable days
     * @param distinctPrices distinct own prices over the usable days
     * @param stockoutDays   days left out as stock-outs
     */
    public record Design(
            List<String> columns,
            double[][] x,
            double[] units,
            long[] epochDay,
            int days,
            int distinctPrices,
            long stockoutDays,
            long totalUnits) {
        public int observations() {
            return days;
        }

        /** With the add-to-cart funnel, each row's response: 0 units sold, 1 add-to-cart (null without the funnel). */
        public int[] response() {
            if (!columns.contains("cart_log_views")) {
                return null;
            }
            int[] response = new int[x.length];
            for (int r = 0; r < x.length; r++) {
                response[r] = x[r][0] == 1 ? 0 : 1;
            }
            return response;
        }

        /** Parameters only each response uses (the price coefficient is shared), by {@link #response()} index. */
        public int[] responseParameters() {
            int cart = (int) columns.stream().filter(c -> c.startsWith("cart_")).count();
            return new int[] {columns.size() - cart - 1, cart};
        }
    }

    /** Builds the units-only design from a product's days (any order; duplicates are an upstream bug and fail). */
    public static Design build(List<Day> history) {
        return build(history, false);
    }

    /**
     * Builds the design. With {@code addToCartFunnel}, each day with traffic also contributes its add-to-cart
     * count as a second Poisson response with its own intercept, controls and log(views), sharing the price
     * coefficient: a conversion-funnel assumption (the price shown on the product page moves add-to-cart and
     * purchases alike) that roughly triples the counts the elasticity is estimated from.
     */
    public static Design build(List<Day> history, boolean addToCartFunnel) {
        List<Day> days = new ArrayList<>(history);
        days.sort((a, b) -> a.day().compareTo(b.day()));
        for (int i = 1; i < days.size(); i++) {
            if (days.get(i).day().equals(days.get(i - 1).day())) {
                throw new IllegalArgumentException(
                        "two sales_daily rows for one product on " + days.get(i).day());
            }
        }
        double[] price = fillPrices(days);
        List<Integer> usable = new ArrayList<>();
        long stockouts = 0;
        for (int i = 0; i < days.size(); i++) {
            if (days.get(i).stockout()) {
                stockouts++;
            } else if (!Double.isNaN(price[i]) && price[i] > 0) {
                usable.add(i);
            }
        }
        int n = usable.size();
        double[] logPrice = new double[n];
        double meanLogPrice = 0;
        long totalUnits = 0;
        double firstDay = n == 0 ? 0 : days.get(usable.get(0)).day().toEpochDay();
        double lastDay = n == 0 ? 0 : days.get(usable.get(n - 1)).day().toEpochDay();
        double middle = (firstDay + lastDay) / 2;
        long[] cents = new long[n];
        for (int k = 0; k < n; k++) {
            int i = usable.get(k);
            logPrice[k] = Math.log(price[i]);
            meanLogPrice += logPrice[k] / n;
            cents[k] = Math.round(price[i] * 100);
            totalUnits += days.get(i).units();
        }
        int distinct = (int) Arrays.stream(cents).distinct().count();

        List<String> names = new ArrayList<>(List.of("intercept", "log_price", "trend_years"));
        for (DayOfWeek weekday : DayOfWeek.values()) {
            if (weekday != DayOfWeek.MONDAY) {
                names.add("weekday_" + weekday.name().toLowerCase());
            }
        }
        names.addAll(List.of(
                "yearly_sin1",
                "yearly_cos1",
                "yearly_sin2",
                "yearly_cos2",
                "public_holiday",
                "black_friday_weekend",
                "cyber_monday",
                "december_before_christmas",
                "christmas",
                "competitor_log_index"));
        double[][] full = new double[n][names.size()];
        double[] units = new double[n];
        long[] epochDay = new long[n];
        for (int k = 0; k < n; k++) {
            Day d = days.get(usable.get(k));
            LocalDate day = d.day();
            double[] row = full[k];
            int c = 0;
            row[c++] = 1;
            row[c++] = logPrice[k] - meanLogPrice;
            row[c++] = (day.toEpochDay() - middle) / DAYS_PER_YEAR;
            for (DayOfWeek weekday : DayOfWeek.values()) {
                if (weekday != DayOfWeek.MONDAY) {
                    row[c++] = day.getDayOfWeek() == weekday ? 1 : 0;
                }
            }
            double angle = 2 * Math.PI * day.getDayOfYear() / DAYS_PER_YEAR;
            row[c++] = Math.sin(angle);
            row[c++] = Math.cos(angle);
            row[c++] = Math.sin(2 * angle);
            row[c++] = Math.cos(2 * angle);
            row[c++] = d.holiday() ? 1 : 0;
            RetailEvent event = RetailEvent.of(day);
            row[c++] = event == RetailEvent.BLACK_FRIDAY_WEEKEND ? 1 : 0;
            row[c++] = event == RetailEvent.CYBER_MONDAY ? 1 : 0;
            row[c++] = event == RetailEvent.DECEMBER_BEFORE_CHRISTMAS ? 1 : 0;
            row[c++] = event == RetailEvent.CHRISTMAS ? 1 : 0;
            row[c] = d.competitorLogIndex();
            units[k] = d.units();
            epochDay[k] = day.toEpochDay();
        }
        List<Integer> keep = varyingColumns(full, names.size());
        List<String> columns = new ArrayList<>();
        for (int c : keep) {
            columns.add(names.get(c));
        }
        List<Integer> cartDays = new ArrayList<>();
        if (addToCartFunnel) {
            for (int k = 0; k < n; k++) {
                Day d = days.get(usable.get(k));
                if (d.views() != null && d.addToCart() != null) {
                    cartDays.add(k);
                }
            }
        }
        boolean funnel = cartDays.size() >= Math.max(30, n / 2);
        if (!funnel) {
            double[][] x = new double[n][keep.size()];
            for (int k = 0; k < n; k++) {
                for (int j = 0; j < keep.size(); j++) {
                    x[k][j] = full[k][keep.get(j)];
                }
            }
            return new Design(columns, x, units, epochDay, n, distinct, stockouts, totalUnits);
        }
        // Stacked: units rows [controls | 0], cart rows [log price | 0 | controls, log views], day by day.
        int p = keep.size();
        List<String> stacked = new ArrayList<>(columns);
        for (int j = 0; j < p; j++) {
            if (j != PRICE_COLUMN) {
                stacked.add("cart_" + columns.get(j));
            }
        }
        stacked.add("cart_log_views");
        int width = stacked.size();
        int rows = n + cartDays.size();
        double[][] x = new double[rows][width];
        double[] y = new double[rows];
        long[] rowDay = new long[rows];
        int r = 0;
        int nextCart = 0;
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < p; j++) {
                x[r][j] = full[k][keep.get(j)];
            }
            y[r] = units[k];
            rowDay[r++] = epochDay[k];
            if (nextCart < cartDays.size() && cartDays.get(nextCart) == k) {
                Day d = days.get(usable.get(k));
                x[r][PRICE_COLUMN] = full[k][PRICE_COLUMN];
                int c = p;
                for (int j = 0; j < p; j++) {
                    if (j != PRICE_COLUMN) {
                        x[r][c++] = full[k][keep.get(j)];
                    }
                }
                x[r][c] = Math.log(d.views() + 0.5);
                y[r] = d.addToCart();
                rowDay[r++] = epochDay[k];
                nextCart++;
            }
        }
        return new Design(stacked, x, y, rowDay, n, distinct, stockouts, totalUnits);
    }

    /** A control that never varies over the window (no holiday in it, no competitor data) cannot be fitted. */
    private static List<Integer> varyingColumns(double[][] full, int width) {
        List<Integer> keep = new ArrayList<>(List.of(0, PRICE_COLUMN));
        for (int c = 2; c < width; c++) {
            boolean varies = false;
            for (int k = 1; k < full.length && !varies; k++) {
                varies = full[k][c] != full[0][c];
            }
            if (varies) {
                keep.add(c);
            }
        }
        return keep;
    }

    /** Each day's own price: observed, else the last observed before it, else the first after it; NaN if none. */
    static double[] fillPrices(List<Day> days) {
        double[] price = new double[days.size()];
        double last = Double.NaN;
        for (int i = 0; i < days.size(); i++) {
            Double observed = days.get(i).price();
            if (observed != null && days.get(i).units() > 0) {
                last = observed;
            }
            price[i] = last;
        }
        int first = 0;
        while (first < days.size() && Double.isNaN(price[first])) {
            first++;
        }
        for (int i = 0; i < first && first < days.size(); i++) {
            price[i] = price[first];
        }
        return price;
    }

    /** Retail days no public-holiday calendar lists, named by the US retail calendar. */
    enum RetailEvent {
        NONE,
        BLACK_FRIDAY_WEEKEND,
        CYBER_MONDAY,
        DECEMBER_BEFORE_CHRISTMAS,
        CHRISTMAS;

        static RetailEvent of(LocalDate day) {
            LocalDate thanksgiving = LocalDate.of(day.getYear(), Month.NOVEMBER, 1)
                    .with(TemporalAdjusters.dayOfWeekInMonth(4, DayOfWeek.THURSDAY));
            if (!day.isBefore(thanksgiving.plusDays(1)) && !day.isAfter(thanksgiving.plusDays(3))) {
                return BLACK_FRIDAY_WEEKEND;
            }
            if (day.equals(thanksgiving.plusDays(4))) {
                return CYBER_MONDAY;
            }
            if (day.getMonth() == Month.DECEMBER) {
                return day.getDayOfMonth() <= 23
                        ? DECEMBER_BEFORE_CHRISTMAS
                        : day.getDayOfMonth() <= 26 ? CHRISTMAS : NONE;
            }
            return NONE;
        }
    }
}
