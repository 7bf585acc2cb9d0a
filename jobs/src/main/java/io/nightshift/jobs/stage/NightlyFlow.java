package io.nightshift.jobs.stage;

import java.util.List;

/**
 * The order of the nightly flow, declared once: {@code nightly}, {@code list} and the stage commands follow it
 * (through {@link Stages}), and AirflowDagsTest fails when a DAG's tasks run in another order. DESIGN.md's flow,
 * then {@code monitor}.
 */
public final class NightlyFlow {
    /**
     * The stage names, in the order {@code nightly} runs them. Marketplace orders are pulled first: the day's
     * ingest, forecasts, prices and box allocation then all see the same orders and stock, so a rerun of the
     * date finds nothing new and changes nothing.
     */
    public static final List<String> STAGES = List.of(
            "ingest-orders",
            "ingest",
            "forecast",
            "elasticity",
            "price",
            "publish-prices",
            "curate-boxes",
            "sync-inventory",
            "monitor");

    private NightlyFlow() {}
}
