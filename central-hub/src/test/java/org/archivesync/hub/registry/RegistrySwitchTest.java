package org.archivesync.hub.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** A hub pointed at a real Confluent Schema Registry serves no registry of its own. */
class RegistrySwitchTest {

    @Test
    void disablingTheRegistryRemovesEndpointAndStore() {
        new ApplicationContextRunner()
                .withUserConfiguration(RegistryConfiguration.class, RegistryController.class)
                .withPropertyValues("archive-sync.hub.registry.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(SchemaRegistry.class);
                    assertThat(context).doesNotHaveBean(RegistryController.class);
                });
    }
}
