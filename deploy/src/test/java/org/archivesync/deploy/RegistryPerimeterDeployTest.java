package org.archivesync.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The schema registry's perimeter in the production files, read as they are (no container engine here): the
 * Confluent registry needs HTTP basic, is not published beyond the server (compose) or the cluster (Kubernetes), the
 * hub signs in as its writer, and the offices' proxy lets through reads only.
 */
class RegistryPerimeterDeployTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    private static Map<String, Object> compose() throws IOException {
        try (Reader in = Files.newBufferedReader(Path.of("compose.yaml"), StandardCharsets.UTF_8)) {
            return map(new Yaml(new SafeConstructor(new LoaderOptions())).load(in));
        }
    }

    private static List<Map<String, Object>> k8s(String file) throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(Path.of("k8s", file), StandardCharsets.UTF_8)) {
            for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(in)) {
                docs.add(map(doc));
            }
        }
        return docs;
    }

    private static String realmOf(String jaas) {
        Matcher m = Pattern.compile("^\\s*(\\w+)\\s*\\{", Pattern.MULTILINE).matcher(jaas);
        assertThat(m.find()).as("a JAAS login context").isTrue();
        return m.group(1);
    }

    private static String usersFileOf(String jaas) {
        assertThat(jaas).contains("PropertyFileLoginModule required");
        Matcher m = Pattern.compile("file=\"([^\"]+)\"").matcher(jaas);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @Test
    void composeRegistryNeedsBasicAuthAndListensOnLoopbackOnly() throws IOException {
        Map<String, Object> services = map(compose().get("services"));
        Map<String, Object> registry = map(services.get("schema-registry"));
        Map<String, Object> env = map(registry.get("environment"));
        String jaas = Files.readString(Path.of("compose", "registry-jaas.conf"), StandardCharsets.UTF_8);
        @SuppressWarnings("unchecked")
        List<String> volumes = (List<String>) registry.get("volumes");

        assertThat((List<?>) registry.get("ports")).isNotEmpty()
                .allSatisfy(p -> assertThat(p.toString()).startsWith("127.0.0.1:"));
        assertThat(env).containsEntry("SCHEMA_REGISTRY_AUTHENTICATION_METHOD", "BASIC")
                .containsEntry("SCHEMA_REGISTRY_AUTHENTICATION_REALM", realmOf(jaas));
        assertThat(env.get("SCHEMA_REGISTRY_AUTHENTICATION_ROLES").toString().split(",")).contains("admin", "reader");
        assertThat(env.get("SCHEMA_REGISTRY_OPTS").toString())
                .contains("-Djava.security.auth.login.config=/etc/schema-registry/jaas/registry-jaas.conf");
        assertThat(volumes).contains("./compose/registry-jaas.conf:/etc/schema-registry/jaas/registry-jaas.conf:ro")
                .anySatisfy(v -> assertThat(v).startsWith("./secrets/").contains(":" + usersFileOf(jaas) + ":"));
        assertThat(map(map(services.get("hub")).get("environment")).get("ARCHIVE_SYNC_HUB_INGEST_SCHEMA_REGISTRY_USER_INFO"))
                .asString().startsWith("hub:${REGISTRY_HUB_PASSWORD");
    }

    @Test
    void noComposeServicePublishesTheRegistryOnEveryInterface() throws IOException {
        map(compose().get("services")).forEach((name, service) -> {
            Object ports = map(service).get("ports");
            if (ports != null) {
                assertThat((List<?>) ports).as(name).noneSatisfy(p -> assertThat(p.toString()).endsWith(":8081")
                        .doesNotStartWith("127.0.0.1:"));
            }
        });
    }

    @Test
    void theOfficesProxyLetsReadsThroughAndRefusesEveryWrite() throws IOException {
        String conf = Files.readString(Path.of("compose", "registry-proxy.conf"), StandardCharsets.UTF_8);
        List<Pattern> reads = new ArrayList<>();
        Matcher m = Pattern.compile("\"~([^\"]+)\"\\s+1;").matcher(conf);
        while (m.find()) {
            reads.add(Pattern.compile(m.group(1)));
        }
        assertThat(conf).contains("default                        0;").contains("return 403")
                .contains("proxy_pass http://schema-registry:8081;");

        for (String read : List.of("GET /subjects", "GET /schemas/ids/3", "HEAD /subjects",
                "POST /subjects/archive.site-events-value", "POST /compatibility/subjects/x-value/versions/latest")) {
            assertThat(reads).as(read).anySatisfy(p -> assertThat(p.matcher(read).find()).isTrue());
        }
        for (String write : List.of("POST /subjects/archive.site-events-value/versions", "PUT /config",
                "PUT /config/archive.site-events-value", "PUT /mode", "PUT /mode/archive.site-events-value",
                "DELETE /subjects/archive.site-events-value", "DELETE /subjects/archive.site-events-value/versions/1")) {
            assertThat(reads).as(write).noneSatisfy(p -> assertThat(p.matcher(write).find()).isTrue());
        }
    }

    @Test
    void kubernetesRegistryNeedsBasicAuthAndStaysInsideTheCluster() throws IOException {
        List<Map<String, Object>> docs = k8s("schema-registry.yaml");
        Map<String, Object> service = docs.stream().filter(d -> "Service".equals(d.get("kind"))).findFirst().orElseThrow();
        Map<String, Object> jaasMap = docs.stream().filter(d -> "ConfigMap".equals(d.get("kind"))).findFirst().orElseThrow();
        Map<String, Object> deployment = docs.stream().filter(d -> "Deployment".equals(d.get("kind"))).findFirst()
                .orElseThrow();
        Map<String, Object> pod = map(map(map(deployment.get("spec")).get("template")).get("spec"));
        @SuppressWarnings("unchecked")
        Map<String, Object> container = map(((List<Object>) pod.get("containers")).get(0));
        @SuppressWarnings("unchecked")
        Map<String, Object> env = ((List<Object>) container.get("env")).stream().map(RegistryPerimeterDeployTest::map)
                .filter(e -> e.containsKey("value")).collect(java.util.stream.Collectors.toMap(
                        e -> e.get("name").toString(), e -> e.get("value")));
        String jaas = map(jaasMap.get("data")).get("registry-jaas.conf").toString();

        assertThat(map(service.get("spec"))).containsEntry("type", "ClusterIP");
        assertThat(env).containsEntry("SCHEMA_REGISTRY_AUTHENTICATION_METHOD", "BASIC")
                .containsEntry("SCHEMA_REGISTRY_AUTHENTICATION_REALM", realmOf(jaas));
        assertThat(usersFileOf(jaas)).startsWith("/etc/schema-registry/secrets/");
        assertThat(pod.get("volumes").toString()).contains("secretName=schema-registry-users");
        assertThat(Files.readString(Path.of("k8s", "hub.yaml"), StandardCharsets.UTF_8))
                .contains("ARCHIVE_SYNC_HUB_INGEST_SCHEMA_REGISTRY_USER_INFO");
    }

    @Test
    void kubernetesOfficesReachTheRegistryOnlyThroughAReadOnlyProxy() throws IOException {
        List<Map<String, Object>> docs = k8s("registry-proxy.yaml");
        String k8sConf = docs.stream().filter(d -> "ConfigMap".equals(d.get("kind"))).findFirst()
                .map(d -> map(d.get("data")).get("default.conf").toString()).orElseThrow();
        String composeConf = Files.readString(Path.of("compose", "registry-proxy.conf"), StandardCharsets.UTF_8);
        Map<String, Object> service = docs.stream().filter(d -> "Service".equals(d.get("kind"))).findFirst().orElseThrow();
        Map<String, Object> ingress = docs.stream().filter(d -> "Ingress".equals(d.get("kind"))).findFirst().orElseThrow();
        List<Map<String, Object>> policies = k8s("network-policies.yaml");
        Map<String, Object> registryPolicy = policies.stream().filter(d -> "schema-registry-from-hub-and-proxy"
                .equals(map(d.get("metadata")).get("name"))).findFirst().orElseThrow();
        @SuppressWarnings("unchecked")
        List<Object> from = (List<Object>) map(((List<Object>) map(registryPolicy.get("spec")).get("ingress")).get(0))
                .get("from");

        assertThat(readRules(k8sConf)).as("the same read rules as compose").isEqualTo(readRules(composeConf))
                .isNotEmpty();
        assertThat(k8sConf).contains("default                        0;").contains("return 403")
                .contains("proxy_pass http://schema-registry:8081;");
        assertThat(map(service.get("spec"))).containsEntry("type", "ClusterIP");
        assertThat(map(ingress.get("spec")).get("tls")).asString().contains("archive-sync-registry-tls");
        assertThat(map(map(registryPolicy.get("spec")).get("podSelector")).get("matchLabels")).asString()
                .contains("schema-registry");
        assertThat(from).extracting(f -> map(map(map(f).get("podSelector")).get("matchLabels"))
                .get("app.kubernetes.io/name")).containsExactlyInAnyOrder("central-hub", "registry-proxy");
        assertThat(Files.readString(Path.of("k8s", "kustomization.yaml"), StandardCharsets.UTF_8))
                .contains("registry-proxy.yaml");
    }

    private static List<String> readRules(String conf) {
        List<String> rules = new ArrayList<>();
        Matcher m = Pattern.compile("\"~([^\"]+)\"\\s+1;").matcher(conf);
        while (m.find()) {
            rules.add(m.group(1));
        }
        return rules;
    }
}
