package org.archivesync.hub.alerts;

/**
 * An alert was stored, in the transaction that publishes this; listeners run in it, before it commits (the outbound
 * package queues it for {@code archive.alerts} there). Never null.
 */
public record AlertRaised(Alert alert) {
}
