package org.archivesync.agent.objectstore;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the object store, under {@code archive-sync.agent.objects}.
 *
 * @param store    {@code local} (the default) or {@code s3}
 * @param localDir the folder of the local store
 * @param s3       the bucket, when {@code store} is {@code s3}
 */
@Validated
@ConfigurationProperties("archive-sync.agent.objects")
record ObjectStoreSettings(@NotNull @DefaultValue("local") Kind store,
                           @NotBlank @DefaultValue("data/objects") String localDir,
                           @Valid @NotNull @DefaultValue S3 s3) {

    enum Kind { LOCAL, S3 }

    /**
     * An S3-compatible bucket.
     *
     * @param endpoint        e.g. {@code http://minio.local:9000}; empty for AWS itself
     * @param region          any value for MinIO
     * @param bucket          required with {@code store: s3}
     * @param prefix          put before every key, e.g. the site code
     * @param pathStyle       path-style URLs ({@code host/bucket/key}), as MinIO wants
     * @param accessKeyId     empty to use the AWS SDK's default chain ({@code AWS_ACCESS_KEY_ID}, profile, role)
     * @param secretAccessKey with {@code access-key-id}; better given as the environment variable
     *                        {@code ARCHIVE_SYNC_AGENT_OBJECTS_S3_SECRET_ACCESS_KEY} than in a file
     */
    record S3(URI endpoint, @NotBlank @DefaultValue("us-east-1") String region, String bucket, String prefix,
              @DefaultValue("true") boolean pathStyle, String accessKeyId, String secretAccessKey) {
    }
}
