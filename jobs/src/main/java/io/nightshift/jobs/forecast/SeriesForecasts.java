package io.nightshift.jobs.forecast;

import io.nightshift.common.config.ForecastSettings;
import io.nightshift.common.config.GlobalModelSettings;
import io.nightshift.jobs.forecast.model.ForecastResult;
import io.nightshift.jobs.forecast.model.Forecaster;
import io.nightshift.jobs.forecast.model.Frequency;
import io.nightshift.jobs.forecast.model.GlobalForecast;
import io.nightshift.jobs.forecast.model.GlobalModel;
import io.nightshift.jobs.forecast.model.GlobalSeries;
import io.nightshift.jobs.forecast.model.SeriesData;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * forecast-file's Spark part: the series read from the file, one row each, forecast on the executors
 * (groupByKey/flatMapGroups over series_id, the Forecaster per series), H rows per series back. The global model's
 * forecasts ({@link #globalForecasts}, trained on the driver over all series) travel with the task as an extra
 * candidate per series.
 */
public final class SeriesForecasts {
    public static final StructType OUTPUT = new StructType()
            .add("series_id", DataTypes.StringType, false)
            .add("ds", DataTypes.DateType, false)
            .add("yhat", DataTypes.DoubleType, false)
            .add("yhat_lower", DataTypes.DoubleType, false)
            .add("yhat_upper", DataTypes.DoubleType, false)
            .add("model", DataTypes.StringType, false);

    private SeriesForecasts() {}

    public static Dataset<Row> forecast(
            SparkSession spark,
            List<SeriesFile.Series> series,
            Frequency frequency,
            int horizon,
            ForecastSettings settings,
            Map<String, GlobalForecast> global) {
        Dataset<SeriesFile.Series> input =
                spark.createDataset(series, Encoders.javaSerialization(SeriesFile.Series.class));
        return input.groupByKey((MapFunction<SeriesFile.Series, String>) SeriesFile.Series::id, Encoders.STRING())
                .flatMapGroups(forecastGroup(frequency, horizon, settings, global), Encoders.row(OUTPUT));
    }

    /** The global model's forecasts of the file's series (trained here, on the driver); empty when disabled. */
    public static Map<String, GlobalForecast> globalForecasts(
            List<SeriesFile.Series> series,
            Frequency frequency,
            int horizon,
            ForecastSettings settings,
            GlobalModelSettings global) {
        if (!global.enabled()) {
            return Map.of();
        }
        List<GlobalSeries> input = new ArrayList<>(series.size());
        for (SeriesFile.Series s : series) {
            input.add(new GlobalSeries(s.id(), s.group(), s.start(), frequency, data(s, frequency)));
        }
        return GlobalModel.forecast(input, horizon, settings, global);
    }

    static FlatMapGroupsFunction<String, SeriesFile.Series, Row> forecastGroup(
            Frequency frequency, int horizon, ForecastSettings settings, Map<String, GlobalForecast> global) {
        return (id, group) -> {
            Forecaster forecaster = new Forecaster(settings);
            List<Row> rows = new ArrayList<>();
            while (group.hasNext()) {
                SeriesFile.Series s = group.next();
                rows.addAll(forecastOne(forecaster, s, frequency, horizon, global.get(s.id())));
            }
            return rows.iterator();
        };
    }

    private static SeriesData data(SeriesFile.Series s, Frequency frequency) {
        return new SeriesData(s.y(), frequency.periodFor(s.observed()), frequency.yearLength(), null, s.regressors());
    }

    static List<Row> forecastOne(
            Forecaster forecaster, SeriesFile.Series s, Frequency frequency, int horizon, GlobalForecast global) {
        int n = s.observed();
        SeriesData data = data(s, frequency).withGlobalForecast(global);
        ForecastResult result = forecaster.forecast(data, horizon);
        List<Row> rows = new ArrayList<>(horizon);
        for (int h = 0; h < horizon; h++) {
            rows.add(RowFactory.create(
                    s.id(),
                    Date.valueOf(frequency.step(s.start(), n + h)),
                    result.mean()[h],
                    result.lower()[h],
                    result.upper()[h],
                    result.model()));
        }
        return rows;
    }
}
