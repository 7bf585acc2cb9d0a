package io.nightshift.jobs.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.nightshift.common.config.PricingSettings;
import io.nightshift.common.testing.TestPostgres;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The publishing process SIGKILLed at random points 20 times (mid-COPY, mid-swap, between publishes), then
 * rerun: the storefront table always holds the complete old or the complete new set.
 */
class PublishKillTest {
    static final int ROWS = 5_000;
    static final int KILLS = 20;

    @Test
    void killedPublishesLeaveTheWholeOldOrNewSet() throws Exception {
        String database = "publish_kill";
        DataSource db = TestPostgres.commerceDatabase(database);
        String url = TestPostgres.jdbcUrl(database);
        List<PricePublisher.PriceRow> a = PriceSets.oldSet(ROWS);
        List<PricePublisher.PriceRow> b = PriceSets.newSet(ROWS);
        try (Connection c = db.getConnection()) {
            new PricePublisher(PricingSettings.from(ConfigFactory.defaultReference()))
                    .publish(c, a.iterator(), PricePublisher.Request.publish(PriceSets.OLD));
        }

        SplittableRandom random = new SplittableRandom(5);
        int sawOld = 0;
        int sawNew = 0;
        // Each child boots (JVM start, connect) while the previous one publishes, then waits for "go".
        Process next = start(url, 0);
        for (int kill = 0; kill < KILLS; kill++) {
            Process child = next;
            long t0 = System.nanoTime();
            BufferedReader out = awaitReady(child);
            long readyMs = (System.nanoTime() - t0) / 1_000_000;
            List<String> published = Collections.synchronizedList(new ArrayList<>());
            Thread drain = new Thread(() -> {
                try {
                    for (String line; (line = out.readLine()) != null; ) {
                        published.add(line);
                    }
                } catch (IOException closed) {
                    // the process is gone
                }
            });
            drain.start();
            next = start(url, 0);
            go(child);
            Thread.sleep(random.nextInt(10, 900));
            child.destroyForcibly(); // SIGKILL
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
            drain.join(5_000);
            System.out.println("kill " + kill + " (waited " + readyMs + " ms for ready): " + published);
            try (Connection c = db.getConnection()) {
                PriceSets.Live live = PriceSets.live(c);
                assertTrue(live.isComplete(a) || live.isComplete(b), "after kill " + kill + ": " + live);
                if (live.isComplete(a)) {
                    sawOld++;
                } else {
                    sawNew++;
                }
            }
        }
        next.destroyForcibly();
        // The rerun completes: one publish of the new set, then it is live.
        Process rerun = start(url, 1);
        BufferedReader rerunOut = awaitReady(rerun);
        go(rerun);
        System.out.println("rerun: " + rerunOut.readLine());
        assertTrue(rerun.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, rerun.exitValue());
        try (Connection c = db.getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select string_agg(relname, ',' order by relname) from pg_class"
                        + " where relnamespace = 'storefront'::regnamespace")) {
            assertTrue(PriceSets.live(c).isComplete(b));
            r.next();
            // A killed publish's half-built copy of the table is rolled back with it: nothing is left over.
            assertEquals("product_price_api,product_prices,product_prices_pkey,product_prices_sku_key", r.getString(1));
        }
        System.out.println(
                "kill test: " + KILLS + " kills, old set live after " + sawOld + ", new set after " + sawNew);
    }

    static BufferedReader awaitReady(Process child) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("ready", out.readLine(), "the publish loop did not start");
        return out;
    }

    static void go(Process child) throws Exception {
        child.getOutputStream().write("go\n".getBytes(StandardCharsets.UTF_8));
        child.getOutputStream().flush();
    }

    /**
     * This JVM's classpath cut to what the publisher needs (the project's classes, pgjdbc, slf4j, config):
     * the child starts in a fraction of the time the full Spark classpath takes.
     */
    static String publisherClasspath() {
        String separator = File.pathSeparator;
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(separator)) {
            String name = Path.of(entry).getFileName().toString();
            if (entry.endsWith("classes")
                    || name.startsWith("postgresql-")
                    || name.startsWith("slf4j-api")
                    || name.startsWith("config-")
                    || name.startsWith("nightshift-common")) {
                entries.add(entry);
            }
        }
        return String.join(separator, entries);
    }

    /** A child JVM running {@link PublishLoop} on this JVM's classpath. */
    static Process start(String url, int rounds) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(
                        java,
                        "-Xmx128m",
                        "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC",
                        "-Xshare:auto",
                        "-cp",
                        publisherClasspath(),
                        PublishLoop.class.getName(),
                        url,
                        Integer.toString(ROWS),
                        Integer.toString(rounds))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }
}
