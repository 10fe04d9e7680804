package org.archivesync.schemas.wire;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a site's events travel: each office writes its own topic, {@code <prefix>.<siteCode>} (by default
 * {@code archive.site-events.CM.CAINUOC.UBND}), so the broker's ACLs can give an office's credential its own topic and
 * nothing else, and the hub attributes every record to the site its topic names, never to the record's key.
 *
 * <p>All offices' topics share one value subject, {@code <prefix>-value} ({@link #valueSubject}): one schema, one
 * compatibility rule. Readers find writer schemas by the id in the wire prefix, so no per-topic subject is needed.
 *
 * <p>Arguments are never null; results are never null.
 */
public final class SiteEventTopics {

    /** The prefix of the production topics. */
    public static final String DEFAULT_PREFIX = "archive.site-events";

    /**
     * The configuration of an office's topic, wherever it is declared (the hub's {@code SiteTopics}, the deploy
     * module's {@code OfficeAccess} and its Strimzi manifests, compose's {@code kafka-setup.sh}): one ordered stream
     * kept forever, and the broker's own time on each record ({@code LogAppendTime}), so an office PC whose clock runs
     * ahead is never refused by the broker (Kafka refuses a create time more than
     * {@code log.message.timestamp.after.max.ms}, one hour by default, ahead of its own) — the office's time travels
     * in the event ({@code occurredAt}) and the {@code as-sent-at} header.
     */
    public static final Map<String, String> TOPIC_CONFIGS = Map.of("cleanup.policy", "delete", "retention.ms", "-1",
            "retention.bytes", "-1", "message.timestamp.type", "LogAppendTime");

    /** Kafka's limit on a topic name ({@code org.apache.kafka.common.internals.Topic}). */
    static final int MAX_TOPIC_LENGTH = 249;
    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]+");

    private SiteEventTopics() {
    }

    /**
     * The topic of one site's events.
     *
     * @throws IllegalArgumentException when the site code cannot be part of a topic name (empty, characters other
     *                                  than letters, digits, '.', '_', '-', or too long)
     */
    public static String topic(String prefix, String siteCode) {
        if (!canBeTopic(prefix, siteCode)) {
            throw new IllegalArgumentException("site code cannot name a Kafka topic: " + siteCode);
        }
        return prefix + "." + siteCode;
    }

    /** Whether {@code <prefix>.<siteCode>} is a legal Kafka topic name. */
    public static boolean canBeTopic(String prefix, String siteCode) {
        String topic = prefix + "." + siteCode;
        return !siteCode.isEmpty() && LEGAL.matcher(topic).matches() && topic.length() <= MAX_TOPIC_LENGTH;
    }

    /** The site a topic belongs to: what follows {@code <prefix>.}; empty for any other topic. */
    public static Optional<String> siteOf(String prefix, String topic) {
        String start = prefix + ".";
        if (!topic.startsWith(start) || topic.length() == start.length()) {
            return Optional.empty();
        }
        return Optional.of(topic.substring(start.length()));
    }

    /** The pattern the hub subscribes with: every topic {@code <prefix>.<something>}. */
    public static Pattern pattern(String prefix) {
        return Pattern.compile(Pattern.quote(prefix + ".") + ".+");
    }

    /** The value subject shared by every site's topic: {@code <prefix>-value}. */
    public static String valueSubject(String prefix) {
        return SubjectNames.topicName(prefix, false);
    }

    /**
     * What Kafka compares to find colliding topic names: '.' and '_' become the same in metric names, so the broker
     * refuses a topic that differs from an existing one only there. Two site codes with the same key cannot both have
     * a topic.
     */
    public static String collisionKey(String siteCode) {
        return siteCode.replace('.', '_');
    }
}
