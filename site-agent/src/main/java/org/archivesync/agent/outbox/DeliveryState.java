package org.archivesync.agent.outbox;

/**
 * What the publisher last saw of the hub and the broker; kept in the store so the CLI can show it.
 *
 * @param hubCursorSequence the hub's cursor for this site, or null when never seen
 * @param hubCursorHash its hash (32 bytes), or null
 * @param hubQuarantined whether the hub had quarantined this site, or null
 * @param hubCursorSeenAt epoch milliseconds when it was seen, or null
 * @param brokerReachable whether the broker answered the last attempt, or null when never tried
 * @param brokerCheckedAt epoch milliseconds of that attempt, or null
 * @param lastError the last delivery error (English, no payload), or null
 */
public record DeliveryState(Long hubCursorSequence, byte[] hubCursorHash, Boolean hubQuarantined, Long hubCursorSeenAt,
                            Boolean brokerReachable, Long brokerCheckedAt, String lastError) {
}
