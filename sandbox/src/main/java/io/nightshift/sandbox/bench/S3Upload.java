package io.nightshift.sandbox.bench;

import com.amazonaws.auth.EnvironmentVariableCredentialsProvider;
import com.amazonaws.client.builder.AwsClientBuilder;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.AmazonS3ClientBuilder;
import com.amazonaws.services.s3.model.ListObjectsV2Request;
import com.amazonaws.services.s3.model.ListObjectsV2Result;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * bench/cluster.sh's upload of the landing zone: every file under LOCAL_FOLDER to s3a://BUCKET/PREFIX/relative/path
 * on an S3 endpoint (path-style), then counts the objects under the prefix and prints the count. Plain object
 * puts, as a feed provider's uploads are: no directory markers (Hadoop's FsShell -put writes those, and S3Proxy's
 * filesystem backend then fails to list the folder). Credentials from the environment (AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY). Usage: S3Upload ENDPOINT LOCAL_FOLDER s3a://BUCKET/PREFIX
 */
public final class S3Upload {
    private S3Upload() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: S3Upload ENDPOINT LOCAL_FOLDER s3a://BUCKET/PREFIX");
            System.exit(2);
        }
        AmazonS3 s3 = AmazonS3ClientBuilder.standard()
                .withEndpointConfiguration(new AwsClientBuilder.EndpointConfiguration(args[0], "us-east-1"))
                .withPathStyleAccessEnabled(true)
                .withCredentials(new EnvironmentVariableCredentialsProvider())
                .build();
        Path folder = Path.of(args[1]);
        URI target = URI.create(args[2]);
        String bucket = target.getAuthority();
        String prefix = target.getPath().replaceAll("^/+|/+$", "");
        String base = prefix.isEmpty() ? "" : prefix + "/";
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            s3.putObject(bucket, base + folder.relativize(file).toString().replace('\\', '/'), file.toFile());
        }
        long listed = 0;
        ListObjectsV2Request request =
                new ListObjectsV2Request().withBucketName(bucket).withPrefix(base);
        ListObjectsV2Result page;
        do {
            page = s3.listObjectsV2(request);
            // S3Proxy's filesystem backend lists its folders as "key/" objects too: count files only.
            listed += page.getObjectSummaries().stream()
                    .filter(o -> !o.getKey().endsWith("/"))
                    .count();
            request.setContinuationToken(page.getNextContinuationToken());
        } while (page.isTruncated());
        s3.shutdown();
        System.out.println(listed);
        if (listed != files.size()) {
            System.err.println(
                    "uploaded " + files.size() + " files but " + listed + " objects are listed under " + args[2]);
            System.exit(1);
        }
    }
}
