package org.archivesync.hub.catalogue;

/**
 * A verified event the catalogue refused because its office does not hold the record it touches: kept in the event
 * log, never applied, alerted; the office is not quarantined for it (docs/contracts.md, "Ownership").
 *
 * @param siteCode the office that sent the event (never null)
 * @param sequence the event's sequence in that office's stream
 * @param reason why (never null)
 * @param record what it tried to change: {@code fonds F}, {@code file F/C}, {@code box B} or {@code handover ID}
 *               (never null)
 * @param holderSiteCode the office that holds the record, or null when no office may change it now (in transit)
 * @param detail an English sentence for logs and alerts; names codes only, never a title
 */
public record Refusal(String siteCode, long sequence, Reason reason, String record, String holderSiteCode,
                     String detail) {

    /** Why an office may not change a record. */
    public enum Reason {
        /** The fonds (or the new file's fonds) is held by another office. */
        FONDS_HELD_ELSEWHERE,
        /** The file or box is held by another office (handed over, or never this office's). */
        NOT_HELD,
        /** The record is in transit: neither side of the handover may change it until receipt. */
        IN_TRANSIT,
        /** The office is not the receiver the handover names, or another office confirmed it already. */
        NOT_RECEIVER,
        /** The handover id was recorded by another office. */
        HANDOVER_OF_ANOTHER_SITE
    }
}
