package org.archivesync.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Every place that creates topics agrees with docs/contracts.md: the local stack ({@link ContractTopics}), the
 * Strimzi {@code KafkaTopic}s and the compose set-up script. No broker needed.
 */
class ContractTopicsTest {

    /** Topic to cleanup policy, from the Kafka table of docs/contracts.md. */
    static Map<String, String> documented() throws IOException {
        Map<String, String> topics = new LinkedHashMap<>();
        Pattern row = Pattern.compile("^\\| `(archive\\.[a-z.-]+)` \\|.*\\| (delete|compact)[^|]*\\|\\s*$");
        for (String line : Files.readAllLines(Path.of("..", "docs", "contracts.md"), StandardCharsets.UTF_8)) {
            Matcher m = row.matcher(line);
            if (m.matches()) {
                topics.put(m.group(1), m.group(2));
            }
        }
        return topics;
    }

    @Test
    void localStackCreatesTheDocumentedTopics() throws IOException {
        assertThat(documented()).containsOnlyKeys(ContractTopics.ALL);
        documented().forEach((topic, cleanup) ->
                assertThat(ContractTopics.CONFIGS.get(topic)).as(topic).containsEntry("cleanup.policy", cleanup));
    }

    @Test
    void contractsDocumentOneTopicPerOfficeKeptForever() throws IOException {
        assertThat(Files.readAllLines(Path.of("..", "docs", "contracts.md"), StandardCharsets.UTF_8))
                .anySatisfy(line -> assertThat(line).startsWith("| `" + OfficeAccess.TOPIC_PREFIX + ".<siteCode>`")
                        .contains("retention.ms=-1"));
    }

    @Test
    void strimziTopicsMatchTheContracts() throws IOException {
        Map<String, String> declared = new LinkedHashMap<>();
        try (Reader in = Files.newBufferedReader(Path.of("k8s", "topics.yaml"), StandardCharsets.UTF_8)) {
            for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(in)) {
                @SuppressWarnings("unchecked") Map<String, Object> topic = (Map<String, Object>) doc;
                @SuppressWarnings("unchecked") Map<String, Object> spec = (Map<String, Object>) topic.get("spec");
                @SuppressWarnings("unchecked") Map<String, Object> config = (Map<String, Object>) spec.get("config");
                @SuppressWarnings("unchecked") Map<String, Object> metadata =
                        (Map<String, Object>) topic.get("metadata");
                String name = (String) spec.getOrDefault("topicName", metadata.get("name"));
                declared.put(name, (String) config.get("cleanup.policy"));
            }
        }
        assertThat(declared).containsAllEntriesOf(documented());
        assertThat(declared).as("offices' topics are declared per office, with their users")
                .doesNotContainKey(OfficeAccess.TOPIC_PREFIX);
    }

    @Test
    void composeSetupCreatesTheContractTopics() throws IOException {
        Map<String, String> created = new LinkedHashMap<>();
        Pattern call = Pattern.compile("^topic (\\S+) \\d+ (delete|compact)(.*)$");
        for (String line : Files.readAllLines(Path.of("compose", "kafka-setup.sh"), StandardCharsets.UTF_8)) {
            Matcher m = call.matcher(line);
            if (m.matches()) {
                created.put(m.group(1), m.group(2));
            }
        }
        assertThat(created).containsAllEntriesOf(documented());
    }
}
