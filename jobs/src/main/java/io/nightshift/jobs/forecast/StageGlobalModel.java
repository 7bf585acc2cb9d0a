package io.nightshift.jobs.forecast;

import io.nightshift.common.catalog.TableCatalog;
import io.nightshift.common.config.ForecastStageSettings;
import io.nightshift.common.config.GlobalModelSettings;
import io.nightshift.jobs.forecast.model.Frequency;
import io.nightshift.jobs.forecast.model.GlobalForecast;
import io.nightshift.jobs.forecast.model.GlobalModel;
import io.nightshift.jobs.forecast.model.GlobalSeries;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The forecast stage's global model, on the driver: every modelled product's days gathered from the executors, the
 * models trained (or the stored ones reused, see below), every product's forecasts at its backtest origins and after
 * the run date made, and broadcast for the per-product choice ({@link ProductForecast}). A product's group is its
 * category.
 * <p>
 * The trained models are stored in the warehouse as {@code models/forecast-global/trained-<run date>.bin} and
 * reused by later run dates up to {@code retrain-days} old (a rerun of the same date reuses its own, so a rerun
 * writes the same tables). Reuse stays leak-free: a model trained with data up to an earlier date has seen nothing
 * at or after a later date's origins. A stored model of a later date (a backfill of older dates) is never used, nor
 * one whose feature layout differs; models too old to be reused are deleted when a new one is stored.
 */
final class StageGlobalModel {
    private static final Logger LOG = LoggerFactory.getLogger(StageGlobalModel.class);
    static final String FOLDER = "models/forecast-global";
    private static final String PREFIX = "trained-";
    private static final String SUFFIX = ".bin";

    private StageGlobalModel() {}

    /** The broadcast forecasts by product id, or null when the global model is off or no product has a model. */
    static Broadcast<Map<Integer, GlobalForecast>> forecasts(
            SparkSession spark,
            TableCatalog catalog,
            Dataset<Row> history,
            Dataset<Row> products,
            LocalDate date,
            ForecastStageSettings settings,
            Set<LocalDate> futureHolidays) {
        GlobalModelSettings global = settings.globalModel();
        if (!global.enabled()) {
            return null;
        }
        long start = System.nanoTime();
        Map<Integer, ProductDays> days = ForecastTransforms.productDays(history, date, settings, futureHolidays);
        if (days.isEmpty()) {
            return null;
        }
        Map<Integer, String> categories = new HashMap<>();
        for (Row r : products.select("product_id", "category").collectAsList()) {
            categories.put(r.getInt(0), r.isNullAt(1) ? "" : r.getString(1));
        }
        List<GlobalSeries> series = new ArrayList<>(days.size());
        days.forEach((id, d) -> series.add(new GlobalSeries(
                String.valueOf(id),
                categories.getOrDefault(id, ""),
                d.first(),
                Frequency.DAILY,
                DemandForecast.series(d.units(), d.price(), d.competitor(), d.holidays()))));
        double gathered = (System.nanoTime() - start) / 1e9;
        int h = settings.horizonDays();
        Path folder = new Path(catalog.warehouse() + "/" + FOLDER);
        String signature = GlobalModel.signature(series, h);
        long trainStart = System.nanoTime();
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        GlobalModel.Trained trained = stored(hadoop, folder, date, global.retrainDays(), signature);
        boolean reused = trained != null;
        if (trained == null) {
            trained = GlobalModel.train(series, h, settings.model(), global);
            store(hadoop, folder, date, trained, global.retrainDays());
        }
        double training = (System.nanoTime() - trainStart) / 1e9;
        long predictStart = System.nanoTime();
        Map<Integer, GlobalForecast> byProduct = new HashMap<>();
        try {
            GlobalModel.predict(trained, series, h, settings.model())
                    .forEach((id, f) -> byProduct.put(Integer.valueOf(id), f));
        } finally {
            trained.close();
        }
        LOG.info(
                "global model {}: {} products gathered in {} s; {} in {} s ({} + {} training rows); predicted in {} s",
                date,
                series.size(),
                String.format("%.1f", gathered),
                reused ? "stored model reused" : "trained",
                String.format("%.1f", training),
                trained.backtestRows(),
                trained.lastRows(),
                String.format("%.1f", (System.nanoTime() - predictStart) / 1e9));
        return JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(byProduct);
    }

    /** The newest stored model trained on a date from {@code date - retrainDays + 1} to {@code date}, or null. */
    static GlobalModel.Trained stored(
            Configuration hadoop, Path folder, LocalDate date, int retrainDays, String signature) {
        try {
            FileSystem fs = folder.getFileSystem(hadoop);
            if (!fs.exists(folder)) {
                return null;
            }
            LocalDate best = null;
            Path bestPath = null;
            for (FileStatus f : fs.listStatus(folder)) {
                LocalDate trained = trainedDate(f.getPath().getName());
                if (trained == null) {
                    continue;
                }
                long age = ChronoUnit.DAYS.between(trained, date);
                if (age >= 0 && age < retrainDays && (best == null || trained.isAfter(best))) {
                    best = trained;
                    bestPath = f.getPath();
                }
            }
            if (bestPath == null) {
                return null;
            }
            byte[] bytes;
            try (InputStream in = fs.open(bestPath)) {
                bytes = in.readAllBytes();
            }
            GlobalModel.Trained trained = GlobalModel.Trained.fromBytes(bytes);
            if (!trained.signature().equals(signature)) {
                LOG.info("stored global model {} has another feature layout; retraining", bestPath);
                trained.close();
                return null;
            }
            LOG.info("reusing the global model trained on {} ({})", best, bestPath);
            return trained;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the stored global model under " + folder, e);
        }
    }

    /**
     * Stores the models of {@code date} and deletes the stored ones too old to be reused on this date or later
     * ({@code retrainDays} or more days before it).
     */
    /** The date of a stored model's file name, null for any other file. */
    private static LocalDate trainedDate(String name) {
        if (!name.startsWith(PREFIX) || !name.endsWith(SUFFIX)) {
            return null;
        }
        try {
            return LocalDate.parse(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static void store(Configuration hadoop, Path folder, LocalDate date, GlobalModel.Trained trained, int retrainDays) {
        Path file = new Path(folder, PREFIX + date + SUFFIX);
        Path partial = new Path(folder, "." + PREFIX + date + SUFFIX + ".partial");
        try {
            FileSystem fs = folder.getFileSystem(hadoop);
            fs.mkdirs(folder);
            try (OutputStream out = fs.create(partial, true)) {
                out.write(trained.toBytes());
            }
            fs.delete(file, false);
            if (!fs.rename(partial, file)) {
                throw new IOException("could not rename " + partial + " to " + file);
            }
            for (FileStatus f : fs.listStatus(folder)) {
                LocalDate trainedOn = trainedDate(f.getPath().getName());
                if (trainedOn != null && ChronoUnit.DAYS.between(trainedOn, date) >= retrainDays) {
                    fs.delete(f.getPath(), false);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not store the global model as " + file, e);
        }
    }
}
