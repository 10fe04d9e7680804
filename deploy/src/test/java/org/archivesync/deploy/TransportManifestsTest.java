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
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The Kubernetes transport pieces fit together: the kustomization applies them; the Ingress serves the hub's Service
 * over TLS; the NetworkPolicy protects the pods the hub's Deployment makes (its selector matches their labels) and
 * opens only the port the Service targets; Kafka's in-cluster listener admits the hub's and the registry's pods by
 * their labels. A selector that matches nothing protects nothing, so these are checked against the labels themselves.
 * No cluster needed.
 */
class TransportManifestsTest {

    @Test
    void kustomizationAppliesTheIngressAndThePolicies() throws IOException {
        @SuppressWarnings("unchecked") List<String> resources =
                (List<String>) only(documents("kustomization.yaml")).get("resources");
        assertThat(resources).contains("hub.yaml", "hub-ingress.yaml", "network-policies.yaml");
    }

    @Test
    @SuppressWarnings("unchecked")
    void ingressServesTheHubsServiceOverTls() throws IOException {
        Map<String, Object> ingress = kind("hub-ingress.yaml", "Ingress");
        Map<String, Object> service = kind("hub.yaml", "Service");
        Map<String, Object> spec = map(ingress, "spec");
        List<Map<String, Object>> tls = list(spec, "tls");
        assertThat(tls).hasSize(1);
        assertThat((String) tls.get(0).get("secretName")).isNotBlank();
        for (Map<String, Object> rule : list(spec, "rules")) {
            assertThat((List<Object>) tls.get(0).get("hosts")).as("every host of a rule has the certificate")
                    .contains(rule.get("host"));
            for (Map<String, Object> path : list(map(rule, "http"), "paths")) {
                Map<String, Object> backend = map(map(path, "backend"), "service");
                assertThat(backend.get("name")).isEqualTo(map(service, "metadata").get("name"));
                assertThat(list(map(service, "spec"), "ports")).extracting(p -> p.get("name"))
                        .contains(map(backend, "port").get("name"));
            }
        }
        assertThat(map(hubConfig(), "server").get("forward-headers-strategy")).as("the hub knows it is behind TLS")
                .isEqualTo("native");
    }

    @Test
    @SuppressWarnings("unchecked")
    void onlyTheIngressControllerReachesTheHubsPort() throws IOException {
        Map<String, Object> podTemplate = map(map(kind("hub.yaml", "Deployment"), "spec"), "template");
        Map<String, Object> podLabels = map(map(podTemplate, "metadata"), "labels");
        Map<String, Object> container = list(map(podTemplate, "spec"), "containers").get(0);
        List<Object> containerPorts = new ArrayList<>();
        for (Map<String, Object> port : list(container, "ports")) {
            containerPorts.add(port.get("name"));
            containerPorts.add(port.get("containerPort"));
        }
        Map<String, Object> serviceSpec = map(kind("hub.yaml", "Service"), "spec");
        assertThat(podLabels).containsAllEntriesOf(map(serviceSpec, "selector"));

        List<Map<String, Object>> hubPolicies = new ArrayList<>();
        for (Map<String, Object> policy : documents("network-policies.yaml")) {
            assertThat(policy.get("kind")).isEqualTo("NetworkPolicy");
            Map<String, Object> selected = map(map(policy, "spec"), "podSelector").containsKey("matchLabels")
                    ? map(map(map(policy, "spec"), "podSelector"), "matchLabels") : Map.of();
            if (!selected.isEmpty() && podLabels.entrySet().containsAll(selected.entrySet())) {
                hubPolicies.add(policy);
            }
        }
        assertThat(hubPolicies).as("a policy selects the hub's pods by their labels").hasSize(1);
        Map<String, Object> spec = map(hubPolicies.get(0), "spec");
        assertThat((List<Object>) spec.get("policyTypes")).contains("Ingress");
        List<Map<String, Object>> rules = list(spec, "ingress");
        assertThat(rules).hasSize(1);
        for (Map<String, Object> peer : list(rules.get(0), "from")) {
            // Both selectors in one peer: the controller's pods in the controller's namespace, nothing else.
            assertThat(peer).containsKeys("namespaceSelector", "podSelector").doesNotContainKey("ipBlock");
            assertThat(map(map(peer, "namespaceSelector"), "matchLabels")).isNotEmpty();
            assertThat(map(map(peer, "podSelector"), "matchLabels")).isNotEmpty();
        }
        List<Map<String, Object>> ports = list(rules.get(0), "ports");
        assertThat(ports).isNotEmpty().allSatisfy(p -> assertThat(containerPorts).contains(p.get("port")));
        assertThat(ports).extracting(p -> p.get("port")).contains(
                list(serviceSpec, "ports").get(0).get("targetPort"));
    }

    @Test
    void kafkasClusterListenerAdmitsOnlyTheHubAndTheRegistry() throws IOException {
        Map<String, Object> kafka = kind("kafka.yaml", "Kafka");
        List<Map<String, Object>> listeners = list(map(map(kafka, "spec"), "kafka"), "listeners");
        Map<String, Object> internal = listeners.stream().filter(l -> "internal".equals(l.get("type"))).findFirst()
                .orElseThrow();
        List<Map<String, Object>> peers = list(internal, "networkPolicyPeers");
        List<Map<String, Object>> admitted = peers.stream().map(p -> map(map(p, "podSelector"), "matchLabels"))
                .toList();
        Map<String, Object> hubPods = map(map(map(map(kind("hub.yaml", "Deployment"), "spec"), "template"),
                "metadata"), "labels");
        Map<String, Object> registryPods = map(map(map(map(kind("schema-registry.yaml", "Deployment"), "spec"),
                "template"), "metadata"), "labels");
        assertThat(admitted).hasSize(2).allSatisfy(selector -> assertThat(selector).isNotEmpty());
        assertThat(admitted).anySatisfy(s -> assertThat(hubPods).containsAllEntriesOf(s));
        assertThat(admitted).anySatisfy(s -> assertThat(registryPods).containsAllEntriesOf(s));
    }

    private static Map<String, Object> hubConfig() throws IOException {
        Map<String, Object> configMap = kind("hub.yaml", "ConfigMap");
        String yaml = (String) map(configMap, "data").get("application.yml");
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    }

    private static Map<String, Object> kind(String file, String kind) throws IOException {
        return documents(file).stream().filter(d -> kind.equals(d.get("kind"))).findFirst().orElseThrow(
                () -> new AssertionError(file + " has no " + kind));
    }

    private static Map<String, Object> only(List<Map<String, Object>> documents) {
        assertThat(documents).hasSize(1);
        return documents.get(0);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> documents(String file) throws IOException {
        List<Map<String, Object>> all = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(Path.of("k8s", file), StandardCharsets.UTF_8)) {
            for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(in)) {
                if (doc != null) {
                    all.add((Map<String, Object>) doc);
                }
            }
        }
        return all;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertThat(value).as(key).isInstanceOf(List.class);
        return (List<Map<String, Object>>) value;
    }
}
