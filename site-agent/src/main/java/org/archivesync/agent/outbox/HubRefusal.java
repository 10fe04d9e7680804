package org.archivesync.agent.outbox;

/**
 * An event of this office the hub refused because the office does not hold what it touches, as the hub's cursor
 * reported it (docs/contracts.md, "Ownership"). The event stays in the chain; the hub kept it as refused.
 *
 * @param sequence the refused event's sequence
 * @param reason {@code FONDS_HELD_ELSEWHERE}, {@code NOT_HELD}, {@code IN_TRANSIT}, {@code NOT_RECEIVER} or
 *               {@code HANDOVER_OF_ANOTHER_SITE} (never null)
 * @param record what it tried to change, e.g. {@code file CM.CAINUOC.UBND.F01/HS.0001} (never null)
 * @param holderSiteCode the office holding it, or null when none may change it now (in transit)
 * @param detail the hub's English sentence (never null)
 * @param seenAt epoch milliseconds when the agent saw it
 */
public record HubRefusal(long sequence, String reason, String record, String holderSiteCode, String detail,
                         long seenAt) {
}
