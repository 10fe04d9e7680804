package org.archivesync.agent.publisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PublisherSettingsTest {

    @Test
    void aRegistryOffThisMachineOverPlainHttpIsRefused() {
        for (String url : new String[] {"http://hub.camau.example:8080/registry", "http://10.20.0.5:8081",
                "hub.camau.example:8081"}) {
            assertThatThrownBy(() -> PublisherSettings.defaults("kafka:9094", url)).as(url)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("archive-sync.agent.publisher.schema-registry-url")
                    .hasMessageContaining("https://");
        }
    }

    @Test
    void httpsAnywhereAndPlainHttpOnThisMachineAreAccepted() {
        for (String url : new String[] {"https://registry.camau.example", "http://localhost:8080/registry",
                "http://127.0.0.1:8081", "http://[::1]:8081"}) {
            assertThat(PublisherSettings.defaults("kafka:9094", url).schemaRegistryUrl()).isEqualTo(url);
        }
    }
}
