package io.nightshift.jobs.forecast;

import io.nightshift.common.config.ForecastSettings;
import io.nightshift.jobs.forecast.model.ForecastResult;
import io.nightshift.jobs.forecast.model.Forecaster;
import io.nightshift.jobs.forecast.model.Frequency;
import io.nightshift.jobs.forecast.model.SeriesData;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
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
 * (groupByKey/flatMapGroups over series_id, the Forecaster per series), H rows per series back.
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
            ForecastSettings settings) {
        Dataset<SeriesFile.Series> input =
                spark.createDataset(series, Encoders.javaSerialization(SeriesFile.Series.class));
        return input.groupByKey((MapFunction<SeriesFile.Series, String>) SeriesFile.Series::id, Encoders.STRING())
                .flatMapGroups(forecastGroup(frequency, horizon, settings), Encoders.row(OUTPUT));
    }

    static FlatMapGroupsFunction<String, SeriesFile.Series, Row> forecastGroup(
            Frequency frequency, int horizon, ForecastSettings settings) {
        return (id, group) -> {
            Forecaster forecaster = new Forecaster(settings);
            List<Row> rows = new ArrayList<>();
            while (group.hasNext()) {
                rows.addAll(forecastOne(forecaster, group.next(), frequency, horizon));
            }
            return rows.iterator();
        };
    }

    static List<Row> forecastOne(Forecaster forecaster, SeriesFile.Series s, Frequency frequency, int horizon) {
        int n = s.observed();
        SeriesData data = new SeriesData(s.y(), frequency.periodFor(n), frequency.yearLength(), null, s.regressors());
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
