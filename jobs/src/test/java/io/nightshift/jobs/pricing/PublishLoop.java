package io.nightshift.jobs.pricing;

import io.nightshift.common.config.PricingSettings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.List;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The process the kill test SIGKILLs: publishes the old and the new set in turn, forever (or {@code rounds}
 * times), printing "ready" once connected and starting on a line from stdin.
 * Arguments: JDBC URL, rows per set, rounds (0 = until killed).
 */
public final class PublishLoop {
    private PublishLoop() {}

    public static void main(String[] args) throws Exception {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setURL(args[0]);
        int rows = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        List<PricePublisher.PriceRow> a = PriceSets.oldSet(rows);
        List<PricePublisher.PriceRow> b = PriceSets.newSet(rows);
        PricePublisher publisher =
                new PricePublisher(new PricingSettings.PublishSettings(0.15, 0.20, 0.10), new BigDecimal("0.70"));
        try (Connection connection = source.getConnection()) {
            System.out.println("ready");
            System.out.flush();
            // Started ahead of time by the kill test: publish only when told to.
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            for (int i = 0; rounds == 0 || i < rounds; i++) {
                List<PricePublisher.PriceRow> set = i % 2 == 0 ? b : a;
                long start = System.nanoTime();
                publisher.publish(
                        connection,
                        set.iterator(),
                        PricePublisher.Request.publish(set.get(0).runDate()));
                System.out.println(
                        "published " + set.get(0).runDate() + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
                System.out.flush();
            }
        }
    }
}
