package org.archivesync.hub.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * deploy/compose.yaml turns on the hub's HTTPS with environment variables that Spring Boot binds to its own SSL
 * settings (a misspelt variable would silently leave the hub on plain HTTP), mounts the files they name, and publishes
 * the port on loopback unless the operator says otherwise.
 */
class ComposeHttpsSettingsTest {

    @Test
    void composeEnvironmentBindsToBootsSslBundle() throws IOException {
        Map<String, Object> hub = service("hub");
        @SuppressWarnings("unchecked") Map<String, Object> environment = (Map<String, Object>) hub.get("environment");
        Binder binder = asEnvironment(environment);

        int port = binder.bind("server.port", Integer.class).get();
        String bundle = binder.bind("server.ssl.bundle", String.class).get();
        String certificate = binder.bind("spring.ssl.bundle.pem." + bundle + ".keystore.certificate", String.class)
                .get();
        String privateKey = binder.bind("spring.ssl.bundle.pem." + bundle + ".keystore.private-key", String.class)
                .get();

        @SuppressWarnings("unchecked") List<String> secrets = (List<String>) hub.get("secrets");
        assertThat(List.of(certificate, privateKey)).allSatisfy(location -> {
            assertThat(location).startsWith("file:/run/secrets/");
            assertThat(secrets).contains(location.substring("file:/run/secrets/".length()));
        });
        @SuppressWarnings("unchecked") Map<String, Object> declared = (Map<String, Object>) compose().get("secrets");
        assertThat(declared).containsKeys(secrets.toArray(String[]::new));

        @SuppressWarnings("unchecked") List<String> ports = (List<String>) hub.get("ports");
        assertThat(ports).isNotEmpty().allSatisfy(p -> assertThat(p)
                .startsWith("${HUB_PUBLISH_ADDRESS:-127.0.0.1}:").endsWith(":" + port));
        @SuppressWarnings("unchecked") Map<String, Object> health = (Map<String, Object>) hub.get("healthcheck");
        assertThat(health.get("test").toString()).contains("https://localhost:" + port + "/");
    }

    /** What the hub's Spring Boot makes of these variables, as if they were its process environment. */
    private static Binder asEnvironment(Map<String, Object> variables) {
        Map<String, Object> values = new LinkedHashMap<>();
        variables.forEach((k, v) -> values.put(k, String.valueOf(v)));
        var environment = new StandardEnvironment();
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, values));
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        return new Binder(ConfigurationPropertySources.get(environment));
    }

    private static Map<String, Object> service(String name) throws IOException {
        @SuppressWarnings("unchecked") Map<String, Object> services = (Map<String, Object>) compose().get("services");
        @SuppressWarnings("unchecked") Map<String, Object> service = (Map<String, Object>) services.get(name);
        return service;
    }

    private static Map<String, Object> compose() throws IOException {
        try (Reader in = Files.newBufferedReader(Path.of("..", "deploy", "compose.yaml"), StandardCharsets.UTF_8)) {
            return new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        }
    }
}
