package io.nightshift.common.testing;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.AmazonS3ClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * A real S3 endpoint for tests: S3Proxy (the S3 wire protocol over jclouds' {@code filesystem} backend, a
 * bucket is a folder under a temp dir) in its own JVM, started at most once per test JVM and stopped at its
 * exit. It never goes on the test classpath: its unshaded Guava 33 and Jackson 2.18 break Spark.
 *
 * <p>The jar is {@code org.gaul:s3proxy:<s3proxy.version>:jar-with-dependencies}, copied by the parent pom's
 * {@code s3proxy-jar} execution of maven-dependency-plugin to {@code target/s3proxy/s3proxy.jar} of each module
 * that declares the plugin; surefire passes that path as the system property {@value #JAR_PROPERTY}. Outside
 * Maven (an IDE), the copy in the local Maven repository is used when present.
 *
 * <p>Spark reaches it through s3a ({@link #sparkSettings()}, {@link #applyTo(SparkSession)}).
 * {@code directory.marker.retention=keep} matters: without it every directory creation took about 10 s
 * against S3Proxy (STACK.md).
 *
 * <p>Delta's LogStore for {@code s3a://} (and s3, s3n) is {@code io.delta.storage.S3SingleDriverLogStore}:
 * S3 has no atomic put-if-absent/rename, so it serialises commits inside one JVM only. It is safe for one
 * writing driver per table at a time; two drivers (two concurrent pipeline runs, a backfill next to the
 * nightly run) writing the same table can overwrite each other's commit. Concurrent writers on real S3
 * need {@code S3DynamoDBLogStore} (delta-storage-s3-dynamodb). {@code S3Tests} checks this default.
 */
public final class TestS3 {
    /** System property naming the S3Proxy jar (set by surefire from the pom). */
    public static final String JAR_PROPERTY = "nightshift.s3proxy.jar";

    public static final String ACCESS_KEY = "test-access";
    public static final String SECRET_KEY = "test-secret";
    /** S3Proxy ignores regions; the SDK signs with this one. */
    public static final String REGION = "us-east-1";

    private static final String S3PROXY_VERSION = "2.6.0";
    private static final long START_TIMEOUT_MILLIS = 60_000;

    private static String endpoint;
    private static AmazonS3 client;
    private static long startMillis = -1;

    private TestS3() {}

    /** {@code http://127.0.0.1:<port>} of the test JVM's S3Proxy, started on first use. */
    public static synchronized String endpoint() {
        if (endpoint == null) {
            endpoint = start();
        }
        return endpoint;
    }

    /** How long starting S3Proxy took in this JVM (until its port answered), or -1 if not started. */
    public static synchronized long startMillis() {
        return startMillis;
    }

    /** An AWS SDK v1 client for the endpoint: path-style, static test credentials. */
    public static synchronized AmazonS3 client() {
        if (client == null) {
            client = AmazonS3ClientBuilder.standard()
                    .withEndpointConfiguration(new AwsClientBuilder.EndpointConfiguration(endpoint(), REGION))
                    .withPathStyleAccessEnabled(true)
                    .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials(ACCESS_KEY, SECRET_KEY)))
                    .build();
        }
        return client;
    }

    /** Creates the bucket (a no-op when it exists). Give each test its own bucket name. */
    public static void createBucket(String name) {
        if (!client().doesBucketExistV2(name)) {
            client().createBucket(name);
        }
    }

    /**
     * Uploads every regular file under {@code localFolder} to {@code bucket} with its relative path kept:
     * {@code localFolder/a/b.csv} becomes {@code prefix/a/b.csv}. Returns the keys, sorted.
     */
    public static List<String> upload(Path localFolder, String bucket, String prefix) {
        String base = prefix == null || prefix.isEmpty() ? "" : prefix.replaceAll("/+$", "") + "/";
        List<String> keys = new ArrayList<>();
        try (Stream<Path> files = Files.walk(localFolder)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().collect(Collectors.toList())) {
                String relative = localFolder
                        .relativize(file)
                        .toString()
                        .replace(file.getFileSystem().getSeparator(), "/");
                String key = base + relative;
                client().putObject(bucket, key, file.toFile());
                keys.add(key);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot upload " + localFolder, e);
        }
        return keys;
    }

    /**
     * The s3a settings for the endpoint as Spark settings ({@code spark.hadoop.fs.s3a.*}, STACK.md's recipe), for
     * a session built after {@link #endpoint()}.
     */
    public static Map<String, String> sparkSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        hadoopSettings().forEach((key, value) -> settings.put("spark.hadoop." + key, value));
        return settings;
    }

    /**
     * Sets the s3a settings on the live session's Hadoop configuration, which {@code newHadoopConf()}, Delta and
     * {@code binaryFiles} copy from. Call it before the first s3a access of a bucket: Hadoop caches a FileSystem
     * per scheme, authority (bucket) and user, built from the configuration of that first access.
     */
    public static void applyTo(SparkSession spark) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        hadoopSettings().forEach(conf::set);
    }

    private static Map<String, String> hadoopSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("fs.s3a.endpoint", endpoint());
        settings.put("fs.s3a.path.style.access", "true");
        settings.put("fs.s3a.connection.ssl.enabled", "false");
        settings.put("fs.s3a.directory.marker.retention", "keep");
        settings.put("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        settings.put("fs.s3a.access.key", ACCESS_KEY);
        settings.put("fs.s3a.secret.key", SECRET_KEY);
        // Fail fast instead of s3a's minutes of retries when something is wrong with the local endpoint.
        settings.put("fs.s3a.attempts.maximum", "3");
        settings.put("fs.s3a.retry.limit", "3");
        return settings;
    }

    // ---- the S3Proxy process ----

    private static String start() {
        long started = System.nanoTime();
        Path jar = jar();
        try {
            Path work = Files.createTempDirectory("nightshift-s3proxy");
            Path data = Files.createDirectories(work.resolve("data"));
            int port = freePort();
            String url = "http://127.0.0.1:" + port;
            Properties properties = new Properties();
            properties.setProperty("jclouds.provider", "filesystem");
            properties.setProperty("jclouds.filesystem.basedir", data.toString());
            properties.setProperty("s3proxy.endpoint", url);
            properties.setProperty("s3proxy.authorization", "aws-v2-or-v4");
            properties.setProperty("s3proxy.identity", ACCESS_KEY);
            properties.setProperty("s3proxy.credential", SECRET_KEY);
            Path propertiesFile = work.resolve("s3proxy.properties");
            try (Writer writer = Files.newBufferedWriter(propertiesFile, StandardCharsets.UTF_8)) {
                properties.store(writer, "Nightshift test S3 endpoint");
            }
            // The log goes next to the jar (target/s3proxy/), so it survives the run for a look after a failure.
            Path log = (Files.isWritable(jar.getParent()) ? jar.getParent() : work).resolve("s3proxy-" + port + ".log");
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process process = new ProcessBuilder(
                            java,
                            "-Xmx256m",
                            "-XX:TieredStopAtLevel=1",
                            "-XX:+UseSerialGC",
                            "-jar",
                            jar.toString(),
                            "--properties",
                            propertiesFile.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(process, work), "s3proxy-stop"));
            awaitReady(process, url, log);
            startMillis = (System.nanoTime() - started) / 1_000_000;
            System.out.println("S3Proxy " + url + " started in " + startMillis + " ms (log " + log + ")");
            return url;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start S3Proxy from " + jar, e);
        }
    }

    private static Path jar() {
        String configured = System.getProperty(JAR_PROPERTY);
        List<Path> candidates = new ArrayList<>();
        if (configured != null && !configured.isBlank()) {
            candidates.add(Path.of(configured));
        }
        candidates.add(Path.of(
                System.getProperty("user.home"),
                ".m2",
                "repository",
                "org",
                "gaul",
                "s3proxy",
                S3PROXY_VERSION,
                "s3proxy-" + S3PROXY_VERSION + "-jar-with-dependencies.jar"));
        return candidates.stream()
                .filter(Files::isRegularFile)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no S3Proxy jar at " + candidates
                        + ": run the tests through Maven (mvn verify), whose s3proxy-jar"
                        + " execution copies it to target/s3proxy/s3proxy.jar, or set -D" + JAR_PROPERTY + "=PATH"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    /** Waits until S3Proxy answers HTTP (any status: an anonymous request gets 403), or fails with its log. */
    private static void awaitReady(Process process, String url, Path log) {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Proxy exited with code " + process.exitValue()
                        + " before answering at " + url + "; the end of " + log + ":\n" + tail(log));
            }
            try {
                HttpURLConnection connection = (HttpURLConnection) new URL(url + "/").openConnection();
                connection.setConnectTimeout(1000);
                connection.setReadTimeout(2000);
                connection.getResponseCode();
                connection.disconnect();
                return;
            } catch (IOException notYet) {
                if (System.currentTimeMillis() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("S3Proxy did not answer at " + url + " within "
                            + START_TIMEOUT_MILLIS / 1000 + " s; the end of " + log + ":\n" + tail(log));
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    process.destroyForcibly();
                    throw new IllegalStateException("interrupted while starting S3Proxy", e);
                }
            }
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    private static void stop(Process process, Path work) {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> paths = Files.walk(work)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }
}
