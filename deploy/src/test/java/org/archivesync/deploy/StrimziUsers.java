package org.archivesync.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The ACLs of the Strimzi {@code KafkaUser}s in a manifest, as the Admin API's bindings, so a test can apply exactly
 * what production declares ({@code type: simple} authorization, allow rules only).
 */
final class StrimziUsers {

    private StrimziUsers() {
    }

    /** User name (the principal {@code User:<name>}) to its ACL bindings, in file order. */
    @SuppressWarnings("unchecked")
    static Map<String, List<AclBinding>> acls(Path manifest) throws IOException {
        Map<String, List<AclBinding>> users = new LinkedHashMap<>();
        try (Reader in = Files.newBufferedReader(manifest, StandardCharsets.UTF_8)) {
            for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(in)) {
                Map<String, Object> resource = (Map<String, Object>) doc;
                if (resource == null || !"KafkaUser".equals(resource.get("kind"))) {
                    continue;
                }
                String user = (String) ((Map<String, Object>) resource.get("metadata")).get("name");
                Map<String, Object> authorization =
                        (Map<String, Object>) ((Map<String, Object>) resource.get("spec")).get("authorization");
                List<AclBinding> bindings = new ArrayList<>();
                for (Map<String, Object> acl : (List<Map<String, Object>>) authorization.get("acls")) {
                    ResourcePattern pattern = pattern((Map<String, Object>) acl.get("resource"));
                    String host = (String) acl.getOrDefault("host", "*");
                    for (String operation : (List<String>) acl.get("operations")) {
                        bindings.add(new AclBinding(pattern, new AccessControlEntry("User:" + user, host,
                                operation(operation), AclPermissionType.ALLOW)));
                    }
                }
                users.put(user, bindings);
            }
        }
        return users;
    }

    private static ResourcePattern pattern(Map<String, Object> resource) {
        String type = (String) resource.get("type");
        String patternType = (String) resource.getOrDefault("patternType", "literal");
        return switch (type) {
            case "cluster" -> new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL);
            case "topic", "group", "transactionalId" -> new ResourcePattern(
                    ResourceType.valueOf(snake(type)), (String) resource.get("name"),
                    "prefix".equals(patternType) ? PatternType.PREFIXED : PatternType.LITERAL);
            default -> throw new IllegalArgumentException("unknown resource type " + type);
        };
    }

    /** Strimzi spells operations in camel case: {@code DescribeConfigs} is {@link AclOperation#DESCRIBE_CONFIGS}. */
    private static AclOperation operation(String strimzi) {
        return AclOperation.valueOf(snake(strimzi));
    }

    private static String snake(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }
}
