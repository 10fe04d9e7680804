package org.archivesync.agent.outbox;

/**
 * The outbox at a glance.
 *
 * @param lastRecordedSequence highest sequence recorded, 0 when none
 * @param lastPublishedSequence highest sequence the broker acknowledged, 0 when none
 * @param backlog rows waiting to be published
 * @param oldestUnpublishedAt epoch milliseconds when the oldest waiting row was recorded, or null when none wait
 */
public record OutboxStatus(long lastRecordedSequence, long lastPublishedSequence, long backlog, Long oldestUnpublishedAt) {
}
