package io.nightshift.jobs.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.nightshift.common.config.ForecastSettings;
import io.nightshift.common.config.GlobalModelSettings;
import io.nightshift.jobs.forecast.model.Frequency;
import io.nightshift.jobs.forecast.model.GlobalModel;
import io.nightshift.jobs.forecast.model.GlobalSeries;
import io.nightshift.jobs.forecast.model.SeriesData;
import java.io.File;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StageGlobalModelTest {
    private static final LocalDate RUN_DATE = LocalDate.of(2026, 10, 31);

    @TempDir
    java.nio.file.Path dir;

    private static GlobalModel.Trained tinyModel() {
        List<GlobalSeries> series = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            double[] y = new double[60];
            for (int t = 0; t < y.length; t++) {
                y[t] = 10 + i + (t % 7 == 5 ? 5 : 0);
            }
            series.add(new GlobalSeries("p" + i, "c", RUN_DATE.minusDays(59), Frequency.DAILY, SeriesData.of(y, 7)));
        }
        return GlobalModel.train(
                series, 7, ForecastSettings.defaults(), new GlobalModelSettings(true, 7, 1_000, 5, 2, 0.3, 1));
    }

    private List<String> files() {
        String[] names = dir.resolve("models").toFile().list((d, name) -> !name.startsWith("."));
        Arrays.sort(names);
        return List.of(names);
    }

    @Test
    void reusesOnlyAModelTrainedWithinRetrainDaysUpToTheRunDateAndPrunesOlderOnes() {
        Configuration hadoop = new Configuration();
        Path folder = new Path(new File(dir.toFile(), "models").toURI());
        try (GlobalModel.Trained trained = tinyModel()) {
            String signature = trained.signature();
            assertNull(StageGlobalModel.stored(hadoop, folder, RUN_DATE, 7, signature), "nothing stored yet");

            // a model of a later date (a backfill of older dates) has seen the run date's hold-outs: never reused
            StageGlobalModel.store(hadoop, folder, RUN_DATE.plusDays(1), trained, 7);
            assertNull(StageGlobalModel.stored(hadoop, folder, RUN_DATE, 7, signature));

            StageGlobalModel.store(hadoop, folder, RUN_DATE.minusDays(10), trained, 7);
            StageGlobalModel.store(hadoop, folder, RUN_DATE.minusDays(3), trained, 7);
            try (GlobalModel.Trained reused = StageGlobalModel.stored(hadoop, folder, RUN_DATE, 7, signature)) {
                assertNotNull(reused, "3 days old, retrain-days 7");
                assertEquals(signature, reused.signature());
            }
            assertNull(StageGlobalModel.stored(hadoop, folder, RUN_DATE, 3, signature), "3 days old, retrain-days 3");
            assertNull(
                    StageGlobalModel.stored(hadoop, folder, RUN_DATE, 7, signature + ",another_column"),
                    "another feature layout");

            // storing the run date's model deletes the one too old for this date or any later one
            StageGlobalModel.store(hadoop, folder, RUN_DATE, trained, 7);
            assertEquals(
                    List.of("trained-2026-10-28.bin", "trained-2026-10-31.bin", "trained-2026-11-01.bin"), files());
        }
    }
}
