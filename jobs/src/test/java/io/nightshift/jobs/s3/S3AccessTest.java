package io.nightshift.jobs.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.common.catalog.TableCatalog;
import io.nightshift.common.catalog.TableWriter;
import io.nightshift.common.catalog.Tables;
import io.nightshift.common.testing.TestS3;
import io.nightshift.common.testing.TestSpark;
import io.nightshift.common.time.RunDates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.input.PortableDataStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.storage.DelegatingLogStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/** Spark's s3a access against a real S3 endpoint (S3Proxy in its own JVM): Delta tables and plain files. */
class S3AccessTest {
    private static SparkSession spark;

    @BeforeAll
    static void connect() {
        spark = TestSpark.session();
        TestS3.endpoint(); // starts S3Proxy (once per JVM); its start time is printed and reported below
        TestS3.applyTo(spark);
    }

    @AfterAll
    static void forgetRegistration() {
        // The registration is in-memory and external: dropping it leaves the data; other tests start clean.
        spark.sql("DROP TABLE IF EXISTS silver.inventory_daily");
    }

    @Test
    void deltaTableWrittenToS3IsReadBackAndRegistered(TestInfo info) {
        long started = System.nanoTime();
        String bucket = "nightshift-delta";
        TestS3.createBucket(bucket);
        TableCatalog catalog = new TableCatalog("s3a://" + bucket + "/warehouse");
        TableWriter writer = new TableWriter(spark, catalog, false);

        LocalDate first = LocalDate.of(2024, 3, 1);
        List<Row> rows = new ArrayList<>();
        for (int day = 0; day < 3; day++) {
            for (int product = 1; product <= 4; product++) {
                int onHand = 10 * product + day;
                rows.add(RowFactory.create(product, Date.valueOf(first.plusDays(day)), onHand, day, onHand - day));
            }
        }
        Dataset<Row> inventory =
                spark.createDataFrame(rows, Tables.INVENTORY_DAILY.schema().orElseThrow());
        TableWriter.WriteResult result =
                writer.replaceDates(Tables.INVENTORY_DAILY, inventory, new RunDates(first, first.plusDays(2)));
        assertEquals(12, result.rowsWritten());
        // Rewriting the same dates replaces them: still the same rows, one more version.
        TableWriter.WriteResult again =
                writer.replaceDates(Tables.INVENTORY_DAILY, inventory, new RunDates(first, first.plusDays(2)));
        assertEquals(result.version() + 1, again.version());

        assertEquals(
                sorted(rows), sorted(catalog.read(spark, Tables.INVENTORY_DAILY).collectAsList()));
        assertTrue(catalog.location(Tables.INVENTORY_DAILY).startsWith("s3a://" + bucket + "/warehouse/"));
        assertTrue(TestS3.client()
                .doesObjectExist(bucket, "warehouse/silver/inventory_daily/_delta_log/00000000000000000000.json"));

        assertEquals(List.of("silver.inventory_daily"), catalog.registerExisting(spark));
        assertEquals(
                12L,
                spark.sql("select count(*) from silver.inventory_daily").head().getLong(0));
        assertEquals(
                sorted(rows),
                sorted(spark.sql("select product_id, day, on_hand, reserved, available from silver.inventory_daily")
                        .collectAsList()));

        // Delta's LogStore for s3a: one writing driver at a time (see TestS3's class comment).
        assertEquals(
                "io.delta.storage.S3SingleDriverLogStore",
                DelegatingLogStore.getDefaultLogStoreClassName("s3a").get());
        report(info, started);
    }

    @Test
    void uploadedFilesAreListedAndReadBackByteIdentically(@TempDir java.nio.file.Path local, TestInfo info)
            throws IOException {
        long started = System.nanoTime();
        String bucket = "nightshift-landing";
        TestS3.createBucket(bucket);
        Random random = new Random(42);
        Map<String, byte[]> expected = new TreeMap<>();
        for (String day : List.of("2024-03-01", "2024-03-02")) {
            expected.put(
                    day + "/traffic_events.csv",
                    ("product_id,ts,views\n1," + day + "T08:00:00Z,3\n2," + day + "T09:30:00Z,5\n")
                            .getBytes(StandardCharsets.UTF_8));
            byte[] blob = new byte[300_000 + random.nextInt(1000)]; // binary: every byte value, not only text
            random.nextBytes(blob);
            expected.put(day + "/competitor_prices.bin", blob);
        }
        expected.put("2024-03-02/empty.csv", new byte[0]);
        for (Map.Entry<String, byte[]> file : expected.entrySet()) {
            java.nio.file.Path path = local.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.write(path, file.getValue());
        }

        List<String> keys = TestS3.upload(local, bucket, "landing/");
        assertEquals(expected.keySet().stream().map(k -> "landing/" + k).collect(Collectors.toList()), keys);

        // Hadoop FileSystem: listing and reads.
        Path root = new Path("s3a://" + bucket + "/landing");
        FileSystem fs = root.getFileSystem(spark.sessionState().newHadoopConf());
        Map<String, Long> listed = new TreeMap<>();
        RemoteIterator<LocatedFileStatus> files = fs.listFiles(root, true);
        while (files.hasNext()) {
            LocatedFileStatus status = files.next();
            listed.put(status.getPath().toString().substring(root.toString().length() + 1), status.getLen());
        }
        assertEquals(
                expected.entrySet().stream()
                        .collect(Collectors.toMap(
                                Map.Entry::getKey, e -> (long) e.getValue().length, (a, b) -> a, TreeMap::new)),
                listed);
        assertEquals(2, fs.listStatus(root).length); // the two day folders, implicit (no marker objects)
        for (Map.Entry<String, byte[]> file : expected.entrySet()) {
            try (FSDataInputStream in = fs.open(new Path(root, file.getKey()))) {
                assertArrayEquals(file.getValue(), in.readAllBytes(), file.getKey());
            }
        }

        // Spark: binaryFiles over a glob.
        Map<String, byte[]> read = new TreeMap<>();
        for (scala.Tuple2<String, PortableDataStream> file :
                spark.sparkContext().binaryFiles(root + "/*/*", 2).toJavaRDD().collect()) {
            read.put(
                    file._1().substring(root.toString().length() + 1), file._2().toArray());
        }
        assertEquals(expected.keySet(), read.keySet());
        for (Map.Entry<String, byte[]> file : expected.entrySet()) {
            assertArrayEquals(file.getValue(), read.get(file.getKey()), file.getKey());
        }
        report(info, started);
    }

    private static List<String> sorted(List<Row> rows) {
        return rows.stream().map(Row::toString).sorted().collect(Collectors.toList());
    }

    private static void report(TestInfo info, long started) {
        System.out.printf(
                "%s took %d ms (S3Proxy start: %d ms)%n",
                info.getDisplayName(), (System.nanoTime() - started) / 1_000_000, TestS3.startMillis());
    }
}
