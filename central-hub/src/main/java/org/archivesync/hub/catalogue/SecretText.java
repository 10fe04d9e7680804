package org.archivesync.hub.catalogue;

import java.util.List;
import java.util.Set;

/**
 * What of state-secret files' free text the catalogue let go of in one {@link Catalogue#apply}, for the owners of the
 * event log and the outbound topics to let go of it too (docs/contracts.md, "State secrets after the fact").
 *
 * @param reclassifiedFiles keys {@code fondsCode/fileCode} of files that became state secrets: every earlier event
 *                          about them (their descriptions, appraisals and withdrawals) must lose its text, and their
 *                          earlier published values must be superseded (never null)
 * @param events further events whose free text concerns a state-secret file: an appraisal's basis, a withdrawal's
 *               reason, a receipt's discrepancies (never null; may repeat an event)
 */
public record SecretText(Set<String> reclassifiedFiles, List<StoredEvent> events) {

    /** One event of the log. */
    public record StoredEvent(String siteCode, long sequence) {
    }

    /** Nothing to let go of. */
    public static final SecretText NONE = new SecretText(Set.of(), List.of());

    /**
     * What every redacted free-text field reads as when the field cannot be left empty (a withdrawal's reason) or its
     * presence means something (a receipt with discrepancies is received with discrepancies).
     */
    public static final String WITHHELD = "[state secret: withheld]";

    public boolean isEmpty() {
        return reclassifiedFiles.isEmpty() && events.isEmpty();
    }
}
