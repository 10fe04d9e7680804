package org.archivesync.schemas.wire;

/** Confluent's default TopicNameStrategy: the subject of a topic's values is {@code <topic>-value}, of its keys {@code <topic>-key}. */
public final class SubjectNames {

    private SubjectNames() {
    }

    /** The subject for a topic's keys or values. */
    public static String topicName(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }
}
