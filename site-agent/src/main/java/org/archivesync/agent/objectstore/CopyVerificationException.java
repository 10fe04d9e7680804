package org.archivesync.agent.objectstore;

import java.io.IOException;

/**
 * The copy in the object store does not have the source's SHA-256 (a failing disk, a truncated upload). Nothing was
 * kept; copying again may help, so callers retry later rather than report the scan as bad.
 */
public final class CopyVerificationException extends IOException {

    public CopyVerificationException(String key, String store) {
        super("copy of " + key + " in " + store + " does not match the source's SHA-256");
    }
}
