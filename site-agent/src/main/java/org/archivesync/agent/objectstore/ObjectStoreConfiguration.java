package org.archivesync.agent.objectstore;

import java.nio.file.Path;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ObjectStoreSettings.class)
class ObjectStoreConfiguration {

    @Bean
    ObjectStore objectStore(ObjectStoreSettings settings) {
        if (settings.store() == ObjectStoreSettings.Kind.S3) {
            ObjectStoreSettings.S3 s3 = settings.s3();
            if (s3.bucket() == null || s3.bucket().isBlank()) {
                throw new IllegalStateException(
                        "archive-sync.agent.objects.store=s3 needs archive-sync.agent.objects.s3.bucket");
            }
            return new S3ObjectStore(S3ObjectStore.client(s3.endpoint(), s3.region(), s3.pathStyle(), s3.accessKeyId(),
                    s3.secretAccessKey()), s3.bucket(), s3.prefix());
        }
        return ObjectStore.local(Path.of(settings.localDir()));
    }
}
