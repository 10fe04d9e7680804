package org.archivesync.hub.catalogue;

import java.util.Objects;

/**
 * Who may change what (docs/contracts.md, "Ownership"): pure decisions over what {@link Holdings} read. A fonds is
 * held by the office that first registered it or first recorded anything in it, until an operator reassigns it; a
 * file by the holder of its fonds when it was first recorded, then by the receiver of a completed handover; a record
 * in transit by nobody. Each method returns the refusal, or null when the office may go ahead.
 */
final class OwnershipRules {

    static final String IN_TRANSIT = "IN_TRANSIT";

    private OwnershipRules() {
    }

    /**
     * A change to fonds {@code fonds} itself or to a record of it that is not a file (its registration, an extent, a
     * box).
     *
     * @param holder the fonds' holder, or null when nobody holds it yet (the office then claims it)
     */
    static Refusal fonds(String site, long sequence, String fonds, String holder, String record) {
        if (holder == null || holder.equals(site)) {
            return null;
        }
        String what = record.equals("fonds " + fonds) ? record : record + " belongs to fonds " + fonds + ", which";
        return new Refusal(site, sequence, Refusal.Reason.FONDS_HELD_ELSEWHERE, record, holder,
                what + " is held by " + holder);
    }

    /**
     * A change to a file: a new one needs its fonds; a known one needs the file itself, and is refused while in
     * transit unless {@code handover} is the handover it travels with (its sender recording that handover again).
     *
     * @param held the file as the catalogue has it, or null for a file it does not know
     * @param fondsHolder the holder of the file's fonds, or null when nobody holds it yet
     * @param handover the handover the event records, or null
     */
    static Refusal file(String site, long sequence, String fonds, String key, Holdings.FileHolding held,
                        String fondsHolder, String handover) {
        String record = "file " + key;
        if (held == null) {
            return fonds(site, sequence, fonds, fondsHolder, record);
        }
        if (IN_TRANSIT.equals(held.custodyState())) {
            if (handover != null && handover.equals(held.handoverId()) && site.equals(held.holderSiteCode())) {
                return null;
            }
            return new Refusal(site, sequence, Refusal.Reason.IN_TRANSIT, record, null,
                    record + " is in transit with handover " + held.handoverId() + " until its receiver confirms it");
        }
        if (!site.equals(held.holderSiteCode())) {
            return new Refusal(site, sequence, Refusal.Reason.NOT_HELD, record, held.holderSiteCode(),
                    record + " is held by " + held.holderSiteCode());
        }
        return null;
    }

    /** Re-recording or handing over one of the office's own boxes: refused once the box left with a handover. */
    static Refusal box(String site, long sequence, String box, Holdings.BoxHolding held, String handover) {
        if (held == null || "AT_SITE".equals(held.custodyState())) {
            return null;
        }
        String record = "box " + box;
        if (IN_TRANSIT.equals(held.custodyState())) {
            if (handover != null && handover.equals(held.handoverId())) {
                return null;
            }
            return new Refusal(site, sequence, Refusal.Reason.IN_TRANSIT, record, null,
                    record + " is in transit with handover " + held.handoverId() + " until its receiver confirms it");
        }
        return new Refusal(site, sequence, Refusal.Reason.NOT_HELD, record, null,
                record + " was handed over with handover " + held.handoverId());
    }

    /** The sender's side of a handover: refused when another office recorded that handover id. */
    static Refusal handoverSender(String site, long sequence, String handover, String sender) {
        if (sender == null || sender.equals(site)) {
            return null;
        }
        return new Refusal(site, sequence, Refusal.Reason.HANDOVER_OF_ANOTHER_SITE, "handover " + handover, sender,
                "handover " + handover + " was recorded by " + sender);
    }

    /**
     * The receiver's side: only the named receiver confirms a handover — the receiving site when the sender named
     * one, else an office of the receiving unit — never its sender, and only once.
     *
     * @param sender the sender, or null when the sender's side has not arrived yet
     * @param receivingSite the receiving site the sender named, or null
     * @param receivingUnit the receiving unit the sender named, or null
     * @param siteUnit the unit of the confirming office, or null when unknown
     * @param confirmedBy the office that confirmed it already, or null
     */
    static Refusal receiver(String site, long sequence, String handover, String sender, String receivingSite,
                            String receivingUnit, String siteUnit, String confirmedBy) {
        String record = "handover " + handover;
        if (confirmedBy != null && !confirmedBy.equals(site)) {
            return new Refusal(site, sequence, Refusal.Reason.NOT_RECEIVER, record, confirmedBy,
                    record + " was confirmed by " + confirmedBy);
        }
        if (sender == null) {
            return null;
        }
        if (sender.equals(site)) {
            return new Refusal(site, sequence, Refusal.Reason.NOT_RECEIVER, record, sender,
                    record + " cannot be confirmed by its own sender");
        }
        boolean named = receivingSite != null ? receivingSite.equals(site)
                : receivingUnit == null || Objects.equals(receivingUnit, siteUnit);
        if (named) {
            return null;
        }
        String receiver = receivingSite != null ? receivingSite : "an office of unit " + receivingUnit;
        return new Refusal(site, sequence, Refusal.Reason.NOT_RECEIVER, record, receivingSite,
                record + " names " + receiver + " as its receiver");
    }
}
