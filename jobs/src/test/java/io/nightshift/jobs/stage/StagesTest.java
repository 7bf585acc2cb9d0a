package io.nightshift.jobs.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The stage registry: each stage of the nightly flow registered once, in the flow's order, found without imports. */
class StagesTest {
    @Test
    void theRegisteredStagesRunInTheNightlyFlowsOrder() {
        assertEquals(
                NightlyFlow.STAGES,
                Stages.nightlyOrder().stream().map(Stage::name).toList());
    }

    @Test
    void namedFindsARegisteredStageOnly() {
        assertEquals(
                "publish-prices", Stages.named("publish-prices").orElseThrow().name());
        assertTrue(Stages.named("pricing").isEmpty());
    }

    @Test
    void theFrameworkPackageImportsNoStagePackage() throws IOException {
        // Surefire runs in the module folder.
        Path framework = Path.of("src/main/java/io/nightshift/jobs/stage");
        List<String> upward;
        try (Stream<Path> sources = Files.list(framework)) {
            upward = sources.flatMap(StagesTest::lines)
                    .filter(l -> l.startsWith("import io.nightshift.jobs.")
                            && !l.startsWith("import io.nightshift.jobs.stage."))
                    .toList();
        }
        assertEquals(List.of(), upward);
    }

    private static Stream<String> lines(Path source) {
        try {
            return Files.readAllLines(source).stream().map(String::strip);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
