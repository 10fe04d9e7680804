package org.archivesync.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * What one office's Kafka credential may do, defined once. Every place that gives an office access follows this class:
 * the Strimzi example in deploy/k8s/users.yaml and the {@code office} function of deploy/compose/kafka-setup.sh
 * (OfficeAccessTest compares both with it), the per-office manifest {@link #main} prints for an operator, and
 * KafkaSecurityTest, which applies it to a SCRAM broker with the StandardAuthorizer.
 *
 * <p>An office's principal {@code User:agent-<site>} may write only its own topic, {@code archive.site-events.<siteCode>}
 * (WRITE, DESCRIBE on that literal name: an idempotent producer needs nothing more since Kafka 3.0, KIP-679), read the
 * hub's cursors (READ, DESCRIBE {@code archive.site-cursors}) and use only its own consumer group
 * ({@code archive-sync-agent.<siteCode>}, literal). It may create nothing, read no office's events, and its produce
 * rate is capped by a {@code producer_byte_rate} quota on its user so that one office cannot starve the others. The
 * hub attributes what it reads on a topic to the site the topic names, so no office can write a record the hub takes
 * for another's.
 *
 * <p>Arguments are never null; a site code must match the hub's rule, {@code [A-Z0-9][A-Z0-9._-]{1,63}}.
 */
public final class OfficeAccess {

    /**
     * An office topic's configuration: the contract's {@code SiteEventTopics.TOPIC_CONFIGS} (this module does not
     * depend on the schemas module; OfficeAccessTest holds the two equal). LogAppendTime: the broker's time on each
     * record, so an office clock that runs ahead is never refused.
     */
    static final Map<String, String> TOPIC_CONFIGS = Map.of("cleanup.policy", "delete", "retention.ms", "-1",
            "retention.bytes", "-1", "message.timestamp.type", "LogAppendTime");

    /** Each office's topic is this prefix, a dot and its site code (the hub subscribes to the prefix by pattern). */
    static final String TOPIC_PREFIX = "archive.site-events";
    static final String CURSORS = "archive.site-cursors";
    static final String GROUP_PREFIX = "archive-sync-agent";
    /**
     * The default produce quota per office: 1 MiB/s. An event is a few hundred bytes, so this is thousands of events
     * a second, and a 200,000-row import (about 80 MB) goes through in under 2 minutes, while a hundred offices
     * coming back online at once cannot take more than their share of the brokers.
     */
    static final long PRODUCER_BYTE_RATE = 1_048_576;

    private static final Pattern SITE_CODE = Pattern.compile("[A-Z0-9][A-Z0-9._-]{1,63}");

    private OfficeAccess() {
    }

    /** The office's Kafka user: {@code agent-} and the site code in lower case, '.' and '_' as '-'. */
    static String user(String siteCode) {
        return "agent-" + check(siteCode).toLowerCase(Locale.ROOT).replace('.', '-').replace('_', '-');
    }

    static String principal(String siteCode) {
        return "User:" + user(siteCode);
    }

    /** The one topic the office may write. */
    static String topic(String siteCode) {
        return TOPIC_PREFIX + "." + check(siteCode);
    }

    static String group(String siteCode) {
        return GROUP_PREFIX + "." + check(siteCode);
    }

    /** The office's ACLs, allow rules only (everything else is denied: {@code allow.everyone.if.no.acl.found=false}). */
    static List<AclBinding> acls(String siteCode) {
        String principal = principal(siteCode);
        List<AclBinding> acls = new ArrayList<>();
        ResourcePattern events = new ResourcePattern(ResourceType.TOPIC, topic(siteCode), PatternType.LITERAL);
        ResourcePattern cursors = new ResourcePattern(ResourceType.TOPIC, CURSORS, PatternType.LITERAL);
        ResourcePattern group = new ResourcePattern(ResourceType.GROUP, group(siteCode), PatternType.LITERAL);
        for (AclOperation op : List.of(AclOperation.WRITE, AclOperation.DESCRIBE)) {
            acls.add(allow(events, principal, op));
        }
        for (AclOperation op : List.of(AclOperation.READ, AclOperation.DESCRIBE)) {
            acls.add(allow(cursors, principal, op));
        }
        acls.add(allow(group, principal, AclOperation.READ));
        return List.copyOf(acls);
    }

    /** The office's produce quota, on its user (not its client id, which the office chooses). */
    static ClientQuotaAlteration quota(String siteCode, long producerByteRate) {
        return new ClientQuotaAlteration(new ClientQuotaEntity(Map.of(ClientQuotaEntity.USER, user(siteCode))),
                List.of(new ClientQuotaAlteration.Op("producer_byte_rate", (double) producerByteRate)));
    }

    /**
     * The office's topic as the operator declares it: one partition (one ordered stream), kept forever, the broker's
     * time on each record ({@link #TOPIC_CONFIGS}).
     */
    static NewTopic newTopic(String siteCode, short replicas) {
        return new NewTopic(topic(siteCode), 1, replicas).configs(TOPIC_CONFIGS);
    }

    /**
     * The Strimzi manifest of one office: its {@code KafkaTopic} and its {@code KafkaUser} (SCRAM-SHA-512, these
     * ACLs, this quota). The user operator puts the password in a Secret named as the user.
     */
    static String strimzi(String siteCode, long producerByteRate) {
        String user = user(siteCode);
        return """
                # Office %1$s: its topic and its Kafka user (generated by org.archivesync.deploy.OfficeAccess).
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata:
                  name: site-events-%2$s
                  namespace: archive-sync
                  labels:
                    strimzi.io/cluster: archive-sync
                    app.kubernetes.io/component: site-agent
                spec:
                  topicName: %3$s
                  partitions: 1
                  replicas: 3
                  config:
                    cleanup.policy: delete
                    retention.ms: -1
                    retention.bytes: -1
                    message.timestamp.type: LogAppendTime
                ---
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaUser
                metadata:
                  name: %4$s
                  namespace: archive-sync
                  labels:
                    strimzi.io/cluster: archive-sync
                    app.kubernetes.io/component: site-agent
                spec:
                  authentication:
                    type: scram-sha-512
                  quotas:
                    producerByteRate: %5$d
                  authorization:
                    type: simple
                    acls:
                      # Publish this office's events, to its own topic only.
                      - resource:
                          type: topic
                          name: %3$s
                          patternType: literal
                        operations: [Write, Describe]
                        host: "*"
                      # Read the hub's cursors to repair what the hub is missing.
                      - resource:
                          type: topic
                          name: %6$s
                          patternType: literal
                        operations: [Read, Describe]
                        host: "*"
                      # The agent assigns the cursor partitions itself and joins no group today; this one is its own.
                      - resource:
                          type: group
                          name: %7$s
                          patternType: literal
                        operations: [Read]
                        host: "*"
                """.formatted(siteCode, user.substring("agent-".length()), topic(siteCode), user, producerByteRate,
                CURSORS, group(siteCode));
    }

    /**
     * Prints the Strimzi manifest of each office named on the command line, for {@code kubectl apply -f -}.
     * {@code --producer-byte-rate=N} changes the quota (default 1048576).
     */
    public static void main(String[] args) {
        long rate = PRODUCER_BYTE_RATE;
        List<String> sites = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("--producer-byte-rate=")) {
                rate = Long.parseLong(arg.substring("--producer-byte-rate=".length()));
            } else {
                sites.add(arg);
            }
        }
        if (sites.isEmpty()) {
            System.err.println("usage: OfficeAccess [--producer-byte-rate=N] SITE_CODE...   e.g. CM.CAINUOC.UBND");
            System.exit(2);
        }
        for (int i = 0; i < sites.size(); i++) {
            System.out.print((i == 0 ? "" : "---\n") + strimzi(sites.get(i), rate));
        }
    }

    private static AclBinding allow(ResourcePattern resource, String principal, AclOperation operation) {
        return new AclBinding(resource, new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }

    private static String check(String siteCode) {
        if (!SITE_CODE.matcher(siteCode).matches()) {
            throw new IllegalArgumentException("not a site code: " + siteCode
                    + " (2 to 64 of A-Z, 0-9, '.', '_', '-', starting with a letter or digit)");
        }
        return siteCode;
    }
}
