package org.archivesync.hub.bundles;

import org.archivesync.schemas.bundle.BundleFormatException;

/**
 * A file offered as a USB bundle was refused before any of its events reached the verifier: it is not a bundle, or it
 * does not match its manifest, or the manifest is not signed by the site's enrolled key. Nothing was imported. A
 * transport error (a damaged USB stick) ends here, not in a quarantine of the site.
 */
public class BundleRejectedException extends RuntimeException {

    /** Why; each has its message {@code bundles.problem.<kebab-case name>.detail}. */
    public enum Reason {
        NOT_A_BUNDLE, UNKNOWN_FORMAT, CONTENT_MISMATCH, RANGE_MISMATCH, UNKNOWN_KEY, KEY_OF_ANOTHER_SITE,
        BAD_MANIFEST_SIGNATURE;

        String messageKey() {
            return "bundles.problem." + name().toLowerCase().replace('_', '-');
        }
    }

    private final Reason reason;

    BundleRejectedException(Reason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    BundleRejectedException(Reason reason, String detail, Throwable cause) {
        super(detail, cause);
        this.reason = reason;
    }

    /** The file itself is not a readable bundle ({@code schemas}' reader said why). */
    static BundleRejectedException of(BundleFormatException e) {
        Reason reason = switch (e.problem()) {
            case NOT_A_BUNDLE -> Reason.NOT_A_BUNDLE;
            case UNKNOWN_FORMAT -> Reason.UNKNOWN_FORMAT;
            case RANGE_MISMATCH -> Reason.RANGE_MISMATCH;
        };
        return new BundleRejectedException(reason, e.getMessage(), e);
    }

    public Reason reason() {
        return reason;
    }
}
