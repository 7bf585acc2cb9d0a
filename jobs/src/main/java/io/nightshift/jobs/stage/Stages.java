package io.nightshift.jobs.stage;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * The implemented stages, in {@link NightlyFlow}'s order. Each stage registers itself in
 * {@code META-INF/services/io.nightshift.jobs.stage.Stage}, so this framework package imports none of the
 * stage packages (they import it).
 */
public final class Stages {
    private Stages() {}

    public static List<Stage> nightlyOrder() {
        Map<String, Stage> registered = new HashMap<>();
        // The class loader that loaded Stage also loaded the stages (one jar), whatever spark-submit's context loader
        // is.
        for (Stage stage : ServiceLoader.load(Stage.class, Stage.class.getClassLoader())) {
            if (registered.put(stage.name(), stage) != null) {
                throw new IllegalStateException("two registered stages are named '" + stage.name() + "'");
            }
        }
        if (!registered.keySet().equals(Set.copyOf(NightlyFlow.STAGES))) {
            throw new IllegalStateException("the registered stages " + new TreeSet<>(registered.keySet())
                    + " are not the stages of the nightly flow " + NightlyFlow.STAGES);
        }
        return NightlyFlow.STAGES.stream().map(registered::get).toList();
    }

    public static Optional<Stage> named(String name) {
        return nightlyOrder().stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
