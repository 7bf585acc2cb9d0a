package io.nightshift.jobs.stage;

import io.nightshift.jobs.curation.CurateBoxesStage;
import io.nightshift.jobs.ingest.IngestStage;

import java.util.List;
import java.util.Optional;

/** The implemented stages, in the order {@code nightly} runs them (DESIGN.md's flow). */
public final class Stages {
    private Stages() {
    }

    public static List<Stage> nightlyOrder() {
        return List.of(new IngestStage(), new CurateBoxesStage());
    }

    public static Optional<Stage> named(String name) {
        return nightlyOrder().stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
