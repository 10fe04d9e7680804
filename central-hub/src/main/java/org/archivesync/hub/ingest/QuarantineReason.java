package org.archivesync.hub.ingest;

import org.archivesync.hub.alerts.AlertKind;
import org.archivesync.schemas.integrity.ChainFailure;

/**
 * Why ingest stops a site's stream. The name is what the {@code quarantine} table's {@code kind} column holds (and what
 * the console and {@link SiteLink#quarantineKind} show); each reason raises the alert kind it names.
 */
enum QuarantineReason {
    /** The site's own key signed a history that differs from the verified one. */
    FORK,
    /** The site's own key signed an event whose chain does not link to the verified history. */
    BROKEN_CHAIN,
    /** A state-secret file's event carried more than its stub. */
    SECRET_CONTENT,
    /** The catalogue refused to store the site's events (a constraint the rules did not foresee). */
    APPLY_FAILED,
    /** Records keyed by a site that is not enrolled (the quarantine row only keeps the alert from repeating). */
    UNKNOWN_SITE;

    /** The alert raised with this quarantine. */
    AlertKind alertKind() {
        return switch (this) {
            case FORK -> AlertKind.FORK;
            case BROKEN_CHAIN -> AlertKind.BROKEN_CHAIN;
            case SECRET_CONTENT -> AlertKind.SECRET_CONTENT;
            case APPLY_FAILED -> AlertKind.APPLY_FAILED;
            case UNKNOWN_SITE -> AlertKind.UNKNOWN_SITE;
        };
    }

    /**
     * The reason for a verifier's failure that quarantines.
     *
     * @throws IllegalArgumentException for {@link ChainFailure.Kind#GAP}, which quarantines nothing
     */
    static QuarantineReason of(ChainFailure.Kind kind) {
        return switch (kind) {
            case FORK -> FORK;
            case BROKEN_CHAIN -> BROKEN_CHAIN;
            case GAP -> throw new IllegalArgumentException("a gap does not quarantine");
        };
    }
}
