package io.nightshift.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The assembled jar spark-submit runs (jobs/target/nightshift-jobs-VERSION-all.jar): no Spark, Delta, Hadoop,
 * Scala or AWS SDK classes (the cluster's Spark provides them, and a second copy breaks it), and everything
 * the driver and executors need that a Spark image does not have: Nightshift, its configuration defaults,
 * the PostgreSQL driver (registered as a JDBC service), the stages' service file, Flyway and the schema migrations, the
 * holiday data;
 * and nothing of the sandbox module (sample shop, fakes, simulators, benchmarks) or WireMock.
 * Runs in the verify phase, after the shade plugin built the jar (the pom's shaded-jar surefire execution).
 */
class ShadedJarIT {
    private static final List<String> FORBIDDEN = List.of(
            "org/apache/spark/",
            "io/delta/",
            "org/apache/hadoop/",
            "scala/",
            "com/amazonaws/",
            "org/slf4j/",
            "com/fasterxml/jackson/core/");

    /**
     * Words in the names of the sandbox's packages and classes, in case one ever moves back under io/nightshift/jobs.
     */
    private static final List<String> SANDBOX_NAMES = List.of(
            "/sample/",
            "/fake/",
            "/bench/",
            "Fake",
            "Benchmark",
            "Probe",
            "Simulation",
            "SampleShop",
            "MarketplaceDemo",
            "DemoCommand",
            "GenerateSampleCommand",
            "SimulatePricingCommand",
            "BayesOracle");

    private static Path jar;

    @BeforeAll
    static void findJar() {
        String configured = System.getProperty("nightshift.all.jar");
        // Only the pom's shaded-jar execution (verify phase) sets it; the test phase (e.g. under -Dtest=...) skips.
        assumeTrue(configured != null, "system property nightshift.all.jar is set by the verify-phase execution only");
        jar = Path.of(configured);
        assertTrue(Files.isRegularFile(jar), "no assembled jar at " + jar + " (mvn package builds it)");
    }

    @Test
    void containsNoSparkDeltaHadoopOrScalaClasses() throws IOException {
        List<String> found = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            file.stream()
                    .map(ZipEntry::getName)
                    .filter(name -> FORBIDDEN.stream().anyMatch(name::startsWith) || name.endsWith(".txz"))
                    .limit(20)
                    .forEach(found::add);
        }
        assertEquals(List.of(), found, "classes the cluster provides (or server binaries) inside " + jar.getFileName());
    }

    /**
     * What does not run at night lives in the sandbox module, which the cluster jar is not built from: no sample-shop
     * generator, marketplace fakes, simulators, probes or benchmarks, and no WireMock (the fakes' HTTP server).
     */
    @Test
    void containsNoSandboxClassesAndNoWireMock() throws IOException {
        List<String> found = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            file.stream()
                    .map(ZipEntry::getName)
                    .filter(ShadedJarIT::isSandbox)
                    .limit(20)
                    .forEach(found::add);
            assertNull(
                    file.getEntry("META-INF/services/ExtraCommand"),
                    "no extra commands (demo, generate-sample, simulate-pricing) registered in " + jar.getFileName());
        }
        assertEquals(List.of(), found, "sandbox or WireMock entries inside " + jar.getFileName());
    }

    private static boolean isSandbox(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return name.startsWith("io/nightshift/sandbox/")
                || name.startsWith("com/github/tomakehurst/")
                || lower.contains("wiremock")
                || (name.startsWith("io/nightshift/jobs/")
                        && name.endsWith(".class")
                        && SANDBOX_NAMES.stream().anyMatch(part -> lower.contains(part.toLowerCase(Locale.ROOT))));
    }

    @Test
    void containsWhatTheClusterDoesNotProvide() throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            for (String entry : List.of(
                    "io/nightshift/jobs/Pipeline.class",
                    "io/nightshift/common/catalog/Tables.class",
                    "org/postgresql/Driver.class",
                    "com/typesafe/config/Config.class",
                    "picocli/CommandLine.class",
                    "org/flywaydb/core/Flyway.class",
                    "db/commerce/V1__commerce_schema.sql",
                    "de/focus_shift/jollyday/core/HolidayManager.class",
                    "holidays/Holidays_us.xml")) {
                assertNotNull(file.getEntry(entry), entry + " missing from " + jar.getFileName());
            }
            assertEquals(
                    "io.nightshift.jobs.Pipeline",
                    file.getManifest().getMainAttributes().getValue("Main-Class"));
            String drivers = read(file, "META-INF/services/java.sql.Driver");
            assertTrue(drivers.contains("org.postgresql.Driver"), "JDBC service file: " + drivers);
            // Stages finds the stages through their service file: without it spark-submit would run no stage.
            String stages = read(file, "META-INF/services/Stage");
            assertTrue(
                    stages.contains("io.nightshift.jobs.pricing.PublishPricesStage"), "stage service file: " + stages);
            String reference = read(file, "reference.conf");
            assertTrue(
                    reference.contains("nightshift {") && reference.contains("late-arrival-days"),
                    "reference.conf holds Nightshift's defaults");
        }
    }

    private static String read(JarFile file, String name) throws IOException {
        ZipEntry entry = file.getEntry(name);
        assertNotNull(entry, name + " missing from " + jar.getFileName());
        try (InputStream in = file.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
