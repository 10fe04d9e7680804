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
 * One active hub on Kubernetes (#15 finding 9): the hub's Deployment never runs an old and a new hub side by side
 * (Recreate, so a new version migrates only once the old one is gone), the leader lock stays on (more than one replica
 * is safe only with it), and the probes agree with what a standby answers: liveness leaves it alone, readiness keeps
 * it in the Service (STANDBY answers 200). No cluster needed.
 */
class HubFailoverManifestsTest {

    @Test
    void theHubIsRecreatedNeverRolledSideBySide() throws IOException {
        Map<String, Object> spec = map(kind("hub.yaml", "Deployment"), "spec");
        Map<String, Object> strategy = map(spec, "strategy");
        assertThat(strategy.get("type")).as("a RollingUpdate runs the new version's migration under the old hub")
                .isEqualTo("Recreate");
        assertThat(strategy).doesNotContainKey("rollingUpdate");
    }

    @Test
    void moreThanOneReplicaOnlyWithTheLeaderLock() throws IOException {
        int replicas = replicasOf();
        Map<String, Object> leader = map(map(map(hubConfig(), "archive-sync"), "hub"), "leader");
        // Unset means the hub's default, true; false with two hubs is two consumers and two publishers.
        if (replicas > 1) {
            assertThat(leader.getOrDefault("enabled", true)).as("archive-sync.hub.leader.enabled with %d replicas",
                    replicas).isEqualTo(true);
        }
        assertThat(replicas).as("a hot standby beside the leader").isGreaterThanOrEqualTo(2);
    }

    @Test
    @SuppressWarnings("unchecked")
    void probesKeepAStandbyAliveAndInTheService() throws IOException {
        Map<String, Object> pod = map(map(map(kind("hub.yaml", "Deployment"), "spec"), "template"), "spec");
        Map<String, Object> hub = ((List<Map<String, Object>>) pod.get("containers")).get(0);
        assertThat(map(map(hub, "livenessProbe"), "httpGet").get("path")).isEqualTo("/actuator/health/liveness");
        assertThat(map(map(hub, "readinessProbe"), "httpGet").get("path")).isEqualTo("/actuator/health/readiness");

        // The hub's built-in settings: readiness includes the leader component, STANDBY ranks below UP (answers 200).
        Map<String, Object> health = map(map(map(builtInHubConfig(), "management"), "endpoint"), "health");
        assertThat(map(map(health, "group"), "readiness").get("include").toString()).contains("leader");
        assertThat(map(health, "status").get("order").toString()).contains("OUT_OF_SERVICE,STANDBY,UP");
        assertThat(map(map(health, "group"), "liveness")).as("liveness stays Boot's own (livenessState)").isEmpty();
    }

    private static int replicasOf() throws IOException {
        return ((Number) map(kind("hub.yaml", "Deployment"), "spec").get("replicas")).intValue();
    }

    private static Map<String, Object> hubConfig() throws IOException {
        String yaml = (String) map(kind("hub.yaml", "ConfigMap"), "data").get("application.yml");
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    }

    private static Map<String, Object> builtInHubConfig() throws IOException {
        try (Reader in = Files.newBufferedReader(Path.of("..", "central-hub", "src", "main", "resources",
                "application.yml"), StandardCharsets.UTF_8)) {
            return new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        }
    }

    private static Map<String, Object> kind(String file, String kind) throws IOException {
        return documents(file).stream().filter(d -> kind.equals(d.get("kind"))).findFirst().orElseThrow(
                () -> new AssertionError(file + " has no " + kind));
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
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
