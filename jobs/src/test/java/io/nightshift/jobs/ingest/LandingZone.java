package io.nightshift.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nightshift.common.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** A landing zone in a temp folder, written file by file in tests, with the helpers to read and check it. */
final class LandingZone {
    static final LocalDate DAY = LocalDate.of(2025, 1, 31);
    static final Timestamp INGESTED_AT = Timestamp.valueOf("2025-02-01 03:00:00");
    static final String PRICES_HEADER = "competitor,sku,price,currency,captured_at";
    static final String CAPTURED = "2025-01-31T06:12:40-05:00";

    final Path root;

    LandingZone(Path root) {
        this.root = root;
    }

    SparkSession spark() {
        return TestSpark.session();
    }

    /** The landing root as Spark sees it: a file: URI, like s3a:// in production. */
    String uri() {
        return root.toUri().toString();
    }

    LandingZone write(String relative, String text) {
        return writeBytes(relative, text.getBytes(StandardCharsets.UTF_8));
    }

    LandingZone writeBytes(String relative, byte[] bytes) {
        try {
            Path file = root.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] gzip(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A competitor file for {@link #DAY} with the standard header and these data lines. */
    LandingZone prices(String competitor, String... dataLines) {
        return write(pricesFile(competitor), PRICES_HEADER + "\n" + String.join("\n", dataLines) + "\n");
    }

    static String pricesFile(String competitor) {
        return "competitor_prices/day=" + DAY + "/" + competitor + ".csv";
    }

    static String priceLine(String competitor, String sku, String price) {
        return competitor + "," + sku + "," + price + ",USD," + CAPTURED;
    }

    LandingRead read(String source) {
        return LandingFiles.readDays(spark(), uri(), source, List.of(DAY));
    }

    FeedResult validatePrices() {
        return CompetitorPriceFeed.validate(
                read(CompetitorPriceFeed.SOURCE).lines(), products(), DAY, INGESTED_AT, LandingLimits.defaults());
    }

    FeedResult validateTraffic() {
        return TrafficFeed.validate(
                read(TrafficFeed.SOURCE).lines(), products(), DAY, INGESTED_AT, LandingLimits.defaults());
    }

    /** Products 1..3 with SKU-000001..SKU-000003. */
    Dataset<Row> products() {
        StructType schema = new StructType()
                .add("product_id", DataTypes.IntegerType, false)
                .add("sku", DataTypes.StringType, false);
        return spark().createDataFrame(
                        Arrays.asList(
                                RowFactory.create(1, "SKU-000001"),
                                RowFactory.create(2, "SKU-000002"),
                                RowFactory.create(3, "SKU-000003")),
                        schema);
    }

    /**
     * The quarantine as "file:line rule: reason" lines, sorted by file and line, after checking in the same Spark
     * job that no line was lost: bronze's lines are exactly the accepted lines plus the quarantined ones.
     */
    static List<String> quarantined(FeedResult result) {
        Dataset<Row> all = result.bronze()
                .select(col("source_file"), col("line_number"), lit("bronze").as("what"))
                .unionByName(result.accepted()
                        .select(
                                col("source_file"),
                                col("line_number"),
                                lit("accepted").as("what")))
                .unionByName(result.quarantine()
                        .select(
                                col("source_file"),
                                col("line_number"),
                                concat(lit("quarantine "), col("rule"), lit(": "), col("reason"))
                                        .as("what")));
        List<String> bronze = new ArrayList<>();
        List<String> judged = new ArrayList<>();
        List<String> quarantine = new ArrayList<>();
        for (Row r : all.collectAsList()) {
            String key = r.getString(0) + ":" + r.get(1);
            String what = r.getString(2);
            if (what.equals("bronze")) {
                bronze.add(key);
            } else {
                if (!r.isNullAt(1)) {
                    judged.add(key);
                }
                if (what.startsWith("quarantine ")) {
                    quarantine.add(key + " " + what.substring("quarantine ".length()));
                }
            }
        }
        Collections.sort(bronze);
        Collections.sort(judged);
        assertEquals(bronze, judged, "bronze = accepted + quarantined lines");
        quarantine.sort(Comparator.comparing((String q) -> q.substring(0, q.indexOf(':')))
                .thenComparingLong(q -> lineOf(q)));
        return quarantine;
    }

    private static long lineOf(String quarantined) {
        String line = quarantined.substring(quarantined.indexOf(':') + 1, quarantined.indexOf(' '));
        return line.equals("null") ? -1 : Long.parseLong(line);
    }

    /** The rows of a frame as strings, sorted. */
    static List<String> rows(Dataset<Row> frame) {
        return frame.collectAsList().stream().map(Row::toString).sorted().toList();
    }
}
