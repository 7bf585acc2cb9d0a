package io.nightshift.jobs.stage;

import io.nightshift.jobs.elasticity.ElasticityStage;
import io.nightshift.jobs.forecast.ForecastStage;
import io.nightshift.jobs.curation.CurateBoxesStage;
import io.nightshift.jobs.ingest.IngestStage;
import io.nightshift.jobs.marketplace.IngestOrdersStage;
import io.nightshift.jobs.marketplace.SyncInventoryStage;
import io.nightshift.jobs.pricing.PriceStage;
import io.nightshift.jobs.pricing.PublishPricesStage;
import io.nightshift.jobs.ops.MonitorStage;

import java.util.List;
import java.util.Optional;

/** The implemented stages, in the order {@code nightly} runs them (DESIGN.md's flow, then monitor). */
public final class Stages {
    private Stages() {
    }

    public static List<Stage> nightlyOrder() {
        // Marketplace orders are pulled first: the day's ingest, forecasts, prices and box allocation then all
        // see the same orders and stock, so a rerun of the date finds nothing new and changes nothing.
        return List.of(new IngestOrdersStage(), new IngestStage(), new ForecastStage(), new ElasticityStage(), new PriceStage(),
                new PublishPricesStage(), new CurateBoxesStage(), new SyncInventoryStage(), new MonitorStage());
    }

    public static Optional<Stage> named(String name) {
        return nightlyOrder().stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
