package org.archivesync.agent.objectstore;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * Objects in an S3-compatible bucket (AWS S3, MinIO, Ceph RGW) under an optional key prefix, through the AWS SDK v2.
 * The caller hashed the source (the key needs the hash); it is read once more here, to upload it with that SHA-256 as
 * the {@code x-amz-checksum-sha256} header, which the server checks before it stores anything (so a source changed
 * since it was hashed is refused too). The stored object's
 * checksum is then read back with {@code HeadObject} and compared; a server that keeps no SHA-256 checksum gets the
 * object downloaded and hashed instead. A bucket with object lock fits: keys are derived from content and never
 * overwritten with other bytes.
 */
final class S3ObjectStore implements ObjectStore, AutoCloseable {

    private static final int BUFFER = 1 << 20;

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    /**
     * @param s3     the client (never null); closed by {@link #close()}
     * @param bucket the bucket (never blank)
     * @param prefix put before every key, e.g. the site code; blank for none; a missing trailing '/' is added
     */
    S3ObjectStore(S3Client s3, String bucket, String prefix) {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("an S3 object store needs a bucket");
        }
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = normalisePrefix(prefix);
    }

    /**
     * A client for an S3-compatible endpoint.
     *
     * @param endpoint        null for AWS itself
     * @param region          the region (MinIO accepts any, e.g. {@code us-east-1})
     * @param pathStyle       {@code http://host/bucket/key} rather than {@code http://bucket.host/key}; MinIO wants it
     * @param accessKeyId     null to use the SDK's default chain (environment, profile, instance role)
     * @param secretAccessKey with {@code accessKeyId}
     */
    static S3Client client(URI endpoint, String region, boolean pathStyle, String accessKeyId, String secretAccessKey) {
        AwsCredentialsProvider credentials = accessKeyId == null || accessKeyId.isBlank()
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey));
        var builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .forcePathStyle(pathStyle)
                // Only the checksum we give: S3-compatible servers differ in which default checksums they accept.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    @Override
    public StoredObject put(Path source, String mediaType, String key, byte[] sha256) throws IOException {
        String s3Key = s3Key(key);
        long size = Files.size(source);
        byte[] sha = sha256.clone();
        String checksum = Base64.getEncoder().encodeToString(sha);
        try {
            s3.putObject(b -> b.bucket(bucket).key(s3Key).contentType(mediaType).contentLength(size)
                            .checksumAlgorithm(ChecksumAlgorithm.SHA256).checksumSHA256(checksum),
                    RequestBody.fromFile(source));
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(s3Key).checksumMode(ChecksumMode.ENABLED));
            boolean same = head.contentLength() != null && head.contentLength() == size
                    && (head.checksumSHA256() != null ? checksum.equals(head.checksumSHA256())
                    : Arrays.equals(sha, download(s3Key)));
            if (!same) {
                s3.deleteObject(b -> b.bucket(bucket).key(s3Key));
                throw new CopyVerificationException(key, describe());
            }
        } catch (SdkException e) {
            throw new IOException("S3 put of " + key + " to " + describe() + " failed: " + e.getMessage(), e);
        }
        return new StoredObject(key, sha, size);
    }

    @Override
    public void delete(String key) throws IOException {
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(s3Key(key)));
        } catch (SdkException e) {
            throw new IOException("S3 delete of " + key + " in " + describe() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void clearIncomplete() {
        // A PUT is atomic: an interrupted upload leaves no object.
    }

    @Override
    public String describe() {
        return "s3://" + bucket + "/" + prefix;
    }

    @Override
    public void close() {
        s3.close();
    }

    /** The bucket key of an object key: the prefix, then the key. */
    String s3Key(String key) {
        return prefix + ObjectKeys.check(key);
    }

    static String normalisePrefix(String prefix) {
        if (prefix == null || prefix.isBlank()) {
            return "";
        }
        String p = prefix.strip();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() ? "" : ObjectKeys.check(p) + "/";
    }

    private byte[] download(String s3Key) throws IOException {
        MessageDigest digest = LocalFolderObjectStore.sha256();
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(s3Key))) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return digest.digest();
    }
}
