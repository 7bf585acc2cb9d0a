package io.nightshift.jobs.forecast;

import io.nightshift.common.config.ForecastStageSettings;
import io.nightshift.jobs.forecast.model.BacktestScore;
import io.nightshift.jobs.forecast.model.ForecastResult;
import io.nightshift.jobs.forecast.model.GlobalForecast;
import java.sql.Date;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * One product's forecast, on an executor: its daily rows (day, units or null on a stock-out day, price,
 * mean competitor price, holiday) become a {@link SeriesData} with regressors log price and log ratio of
 * price to the competitors' (carried forward over days without a sale or a feed; the future keeps today's
 * values), holidays past and future, and {@link DemandForecast} (the Forecaster) picks and fits the model. A product with
 * fewer than {@code minHistoryDays} observed days gets no model of its own, only its recent level, and is
 * forecast from its category's profile afterwards ({@link ForecastTransforms#categoryFallback}).
 */
final class ProductForecast implements FlatMapGroupsFunction<Integer, Row, Row> {
    static final String CATEGORY_PROFILE = "category_profile";

    static final StructType DAY = new StructType()
            .add("day", DataTypes.DateType, false)
            .add("yhat", DataTypes.DoubleType, false)
            .add("yhat_lower", DataTypes.DoubleType, false)
            .add("yhat_upper", DataTypes.DoubleType, false);
    static final StructType SCORE = new StructType()
            .add("model", DataTypes.StringType, false)
            .add("origin", DataTypes.DateType, false)
            .add("horizon", DataTypes.IntegerType, false)
            .add("mase", DataTypes.DoubleType, true)
            .add("smape", DataTypes.DoubleType, true)
            .add("bias", DataTypes.DoubleType, true)
            .add("interval_coverage", DataTypes.DoubleType, true)
            .add("chosen", DataTypes.BooleanType, false);
    static final StructType OUTPUT = new StructType()
            .add("product_id", DataTypes.IntegerType, false)
            .add("observed_days", DataTypes.IntegerType, false)
            .add("recent_level", DataTypes.DoubleType, true)
            .add("model", DataTypes.StringType, false)
            .add("adjustment", DataTypes.StringType, true)
            .add("forecast", DataTypes.createArrayType(DAY, false), false)
            .add("backtest", DataTypes.createArrayType(SCORE, false), false);

    private final LocalDate runDate;
    private final ForecastStageSettings settings;
    private final Set<LocalDate> futureHolidays;
    private final Broadcast<Map<Integer, GlobalForecast>> global;

    /** @param global the global model's forecasts by product (null: not run) */
    ProductForecast(
            LocalDate runDate,
            ForecastStageSettings settings,
            Set<LocalDate> futureHolidays,
            Broadcast<Map<Integer, GlobalForecast>> global) {
        this.runDate = runDate;
        this.settings = settings;
        this.futureHolidays = futureHolidays;
        this.global = global;
    }

    static ProductDays days(Iterator<Row> rows, LocalDate runDate, int h, Set<LocalDate> futureHolidays) {
        List<Row> days = new ArrayList<>();
        rows.forEachRemaining(days::add);
        days.sort(Comparator.comparing(r -> r.<Date>getAs("day")));
        LocalDate first = days.get(0).<Date>getAs("day").toLocalDate();
        int n = (int) ChronoUnit.DAYS.between(first, runDate) + 1;
        double[] y = new double[n];
        Arrays.fill(y, Double.NaN);
        boolean[] holidays = new boolean[n + h];
        double[] price = new double[n + h];
        double[] competitor = new double[n + h];
        Arrays.fill(price, Double.NaN);
        Arrays.fill(competitor, Double.NaN);
        for (Row r : days) {
            int t = (int) ChronoUnit.DAYS.between(first, r.<Date>getAs("day").toLocalDate());
            Object units = r.getAs("units");
            y[t] = units == null ? Double.NaN : ((Number) units).doubleValue();
            holidays[t] = Boolean.TRUE.equals(r.getAs("is_holiday"));
            Object p = r.getAs("price");
            price[t] = p == null ? Double.NaN : ((Number) p).doubleValue();
            Object c = r.getAs("competitor_price");
            competitor[t] = c == null ? Double.NaN : ((Number) c).doubleValue();
        }
        for (int k = 0; k < h; k++) {
            holidays[n + k] = futureHolidays.contains(runDate.plusDays(k + 1L));
        }
        return new ProductDays(first, y, price, competitor, holidays);
    }

    @Override
    public Iterator<Row> call(Integer productId, Iterator<Row> rows) {
        int h = settings.horizonDays();
        ProductDays d = days(rows, runDate, h, futureHolidays);
        LocalDate first = d.first();
        DemandForecast.Result fitted = DemandForecast.forecast(
                d.units(),
                d.price(),
                d.competitor(),
                d.holidays(),
                settings,
                global == null ? null : global.value().get(productId));
        int observed = fitted.observedDays();
        Double level = fitted.recentLevel();
        if (!fitted.modelled()) {
            return List.of(RowFactory.create(
                            productId, observed, level, CATEGORY_PROFILE, null, seq(List.of()), seq(List.of())))
                    .iterator();
        }
        ForecastResult result = fitted.model();
        List<Row> forecast = new ArrayList<>(h);
        for (int k = 0; k < h; k++) {
            forecast.add(RowFactory.create(
                    Date.valueOf(runDate.plusDays(k + 1L)), result.mean()[k], result.lower()[k], result.upper()[k]));
        }
        List<Row> scores = new ArrayList<>(result.backtest().size());
        for (BacktestScore s : result.backtest()) {
            scores.add(RowFactory.create(
                    s.model(),
                    Date.valueOf(first.plusDays(s.origin() - 1L)),
                    s.horizon(),
                    finite(s.mase()),
                    finite(s.smape()),
                    finite(s.bias()),
                    finite(s.intervalCoverage()),
                    s.chosen()));
        }
        String adjustment = result.adjustment(t -> first.plusDays(t).toString());
        return List.of(RowFactory.create(
                        productId, observed, level, result.model(), adjustment, seq(forecast), seq(scores)))
                .iterator();
    }

    /** Spark's row encoder takes arrays as Scala sequences. */
    private static Seq<Row> seq(List<Row> rows) {
        return JavaConverters.asScalaBuffer(rows).toSeq();
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /**
     * [log price, log(price / mean competitor price)] per step, carried forward over unknown days (no
     * sale, no feed) and back-filled before the first known one; the future keeps the last known values
     * (today's price). A product without any known competitor price gets a ratio of 1.
     */
    static double[][] regressors(double[] price, double[] competitor, int n) {
        int steps = price.length;
        double[][] out = new double[steps][2];
        double firstPrice = firstKnown(price, n);
        double firstCompetitor = firstKnown(competitor, n);
        double lastPrice = firstPrice;
        double lastCompetitor = firstCompetitor;
        for (int t = 0; t < steps; t++) {
            if (t < n && price[t] > 0) {
                lastPrice = price[t];
            }
            if (t < n && competitor[t] > 0) {
                lastCompetitor = competitor[t];
            }
            double p = lastPrice > 0 ? lastPrice : 1;
            out[t][0] = Math.log(p);
            out[t][1] = lastCompetitor > 0 && lastPrice > 0 ? Math.log(p / lastCompetitor) : 0;
        }
        return out;
    }

    private static double firstKnown(double[] values, int n) {
        for (int t = 0; t < n; t++) {
            if (values[t] > 0) {
                return values[t];
            }
        }
        return Double.NaN;
    }
}
