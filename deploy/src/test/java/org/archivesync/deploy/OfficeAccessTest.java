package org.archivesync.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Every place that gives an office access follows {@link OfficeAccess}: the Strimzi example office in
 * deploy/k8s/users.yaml (ACLs, quota, topic) and the {@code office} function of deploy/compose/kafka-setup.sh.
 * No broker needed; KafkaSecurityTest applies the same definition to a real one.
 */
class OfficeAccessTest {

    static final String SITE = "CM.CAINUOC.UBND";

    @Test
    void anOfficeMayWriteOnlyItsOwnTopicAndReadOnlyTheCursors() {
        String principal = "User:agent-cm-cainuoc-ubnd";
        assertThat(OfficeAccess.acls(SITE)).containsExactlyInAnyOrder(
                allow(ResourceType.TOPIC, "archive.site-events.CM.CAINUOC.UBND", principal, AclOperation.WRITE),
                allow(ResourceType.TOPIC, "archive.site-events.CM.CAINUOC.UBND", principal, AclOperation.DESCRIBE),
                allow(ResourceType.TOPIC, "archive.site-cursors", principal, AclOperation.READ),
                allow(ResourceType.TOPIC, "archive.site-cursors", principal, AclOperation.DESCRIBE),
                allow(ResourceType.GROUP, "archive-sync-agent.CM.CAINUOC.UBND", principal, AclOperation.READ));
        assertThat(OfficeAccess.acls(SITE)).allSatisfy(acl ->
                assertThat(acl.pattern().patternType()).as("no prefix an office could reach another's name through")
                        .isEqualTo(PatternType.LITERAL));
    }

    @Test
    void strimziExampleOfficeIsWhatOfficeAccessPrints() throws IOException {
        List<Map<String, Object>> example = documents(Files.readString(Path.of("k8s", "users.yaml")))
                .stream().filter(d -> isOffice(d, SITE)).toList();
        List<Map<String, Object>> generated = documents(OfficeAccess.strimzi(SITE, OfficeAccess.PRODUCER_BYTE_RATE));

        assertThat(example).hasSize(2).containsExactlyElementsOf(generated);
        assertThat(StrimziUsers.acls(Path.of("k8s", "users.yaml")).get(OfficeAccess.user(SITE)))
                .containsExactlyInAnyOrderElementsOf(OfficeAccess.acls(SITE));
    }

    @Test
    void generatedManifestDeclaresTheTopicUserAclsAndQuota() throws IOException {
        List<Map<String, Object>> docs = documents(OfficeAccess.strimzi("CM.TANHUNG.UBND", 2_097_152));

        assertThat(docs).extracting(d -> d.get("kind")).containsExactly("KafkaTopic", "KafkaUser");
        assertThat(path(docs.get(0), "spec", "topicName")).isEqualTo("archive.site-events.CM.TANHUNG.UBND");
        assertThat(path(docs.get(0), "spec", "partitions")).isEqualTo(1);
        assertThat(path(docs.get(0), "spec", "config", "retention.ms")).isEqualTo(-1);
        assertThat(path(docs.get(0), "spec", "config", "message.timestamp.type")).isEqualTo("LogAppendTime");
        assertThat(OfficeAccess.TOPIC_CONFIGS).isEqualTo(org.archivesync.schemas.wire.SiteEventTopics.TOPIC_CONFIGS);
        assertThat(path(docs.get(1), "metadata", "name")).isEqualTo("agent-cm-tanhung-ubnd");
        assertThat(path(docs.get(1), "spec", "quotas", "producerByteRate")).isEqualTo(2_097_152);
        Path file = TestDirs.fresh("office-access").resolve("office.yaml");
        Files.writeString(file, OfficeAccess.strimzi("CM.TANHUNG.UBND", 2_097_152));
        assertThat(StrimziUsers.acls(file).get("agent-cm-tanhung-ubnd"))
                .containsExactlyInAnyOrderElementsOf(OfficeAccess.acls("CM.TANHUNG.UBND"));
    }

    @Test
    void composeOfficeFunctionGrantsWhatOfficeAccessDefines() throws Exception {
        List<String> function = composeOfficeFunction();
        String site = "CM.CAI_NUOC.UBND";
        String user = OfficeAccess.user(site);

        List<AclBinding> granted = new ArrayList<>();
        for (String line : function) {
            if (line.startsWith("allow \"$name\" ")) {
                granted.addAll(kafkaAcls("User:" + user, line.substring("allow \"$name\" ".length())
                        .replace("\"archive.site-events.$site\"", OfficeAccess.topic(site))
                        .replace("\"archive-sync-agent.$site\"", OfficeAccess.group(site))));
            }
        }
        assertThat(granted).containsExactlyInAnyOrderElementsOf(OfficeAccess.acls(site));
        assertThat(function).contains("topic \"archive.site-events.$site\" 1 delete retention.ms=-1 retention.bytes=-1 "
                + "message.timestamp.type=LogAppendTime");
        assertThat(String.join("\n", function))
                .contains("producer_byte_rate=${OFFICE_PRODUCER_BYTE_RATE:-" + OfficeAccess.PRODUCER_BYTE_RATE + "}");
        String naming = function.stream().filter(l -> l.startsWith("name=")).findFirst().orElseThrow();
        assertThat(shell("site=" + site + "; " + naming + "; printf %s \"$name\"")).isEqualTo(user);
    }

    @Test
    void userAndTopicNamesAreLegalForEverySiteCodeTheHubAccepts() {
        for (String site : List.of(SITE, "CM.CAI_NUOC-2.UBND", "9".repeat(64))) {
            assertThat(OfficeAccess.user(site)).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?").hasSizeLessThanOrEqualTo(253);
            assertThat(OfficeAccess.topic(site)).matches("[a-zA-Z0-9._-]{1,249}");
        }
        assertThatThrownBy(() -> OfficeAccess.acls("cm.lower")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OfficeAccess.topic("CM/CAINUOC")).isInstanceOf(IllegalArgumentException.class);
    }

    /** The body of {@code office() { ... }} in kafka-setup.sh, trimmed, continuation lines joined. */
    private static List<String> composeOfficeFunction() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("compose", "kafka-setup.sh"), StandardCharsets.UTF_8);
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("office() {")) {
                start = i + 1;
            }
        }
        assertThat(start).as("office() in kafka-setup.sh").isPositive();
        List<String> body = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = start; !lines.get(i).equals("}"); i++) {
            String line = lines.get(i).strip();
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            body.add(current.append(line).toString().replaceAll("\\s+", " "));
            current.setLength(0);
        }
        return body;
    }

    /** The bindings a {@code kafka-acls.sh --add} with these resource and operation options creates. */
    private static List<AclBinding> kafkaAcls(String principal, String options) {
        String[] words = options.split(" ");
        ResourceType type = null;
        String name = null;
        PatternType pattern = PatternType.LITERAL;
        List<AclOperation> operations = new ArrayList<>();
        for (int i = 0; i < words.length; i++) {
            switch (words[i]) {
                case "--topic" -> { type = ResourceType.TOPIC; name = words[++i]; }
                case "--group" -> { type = ResourceType.GROUP; name = words[++i]; }
                case "--resource-pattern-type" -> pattern = PatternType.fromString(words[++i]);
                case "--operation" -> operations.add(AclOperation.fromString(words[++i]));
                default -> throw new AssertionError("unexpected kafka-acls option: " + words[i]);
            }
        }
        ResourcePattern resource = new ResourcePattern(type, name, pattern);
        return operations.stream().map(op -> new AclBinding(resource,
                new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW))).toList();
    }

    private static String shell(String script) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    private static AclBinding allow(ResourceType type, String name, String principal, AclOperation op) {
        return new AclBinding(new ResourcePattern(type, name, PatternType.LITERAL),
                new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> documents(String yaml) throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        try (Reader in = new StringReader(yaml)) {
            for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(in)) {
                if (doc != null) {
                    docs.add((Map<String, Object>) doc);
                }
            }
        }
        return docs;
    }

    private static boolean isOffice(Map<String, Object> doc, String site) {
        Object name = path(doc, "metadata", "name");
        return OfficeAccess.user(site).equals(name)
                || ("KafkaTopic".equals(doc.get("kind")) && OfficeAccess.topic(site).equals(path(doc, "spec", "topicName")));
    }

    @SuppressWarnings("unchecked")
    private static Object path(Map<String, Object> doc, String... keys) {
        Object current = doc;
        for (String key : keys) {
            current = current instanceof Map<?, ?> m ? ((Map<String, Object>) m).get(key) : null;
        }
        return current;
    }
}
