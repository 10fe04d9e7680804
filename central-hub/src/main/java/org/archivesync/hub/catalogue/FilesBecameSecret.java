package org.archivesync.hub.catalogue;

import java.util.Set;

/**
 * These files ({@code fondsCode/fileCode}) became state secrets in the transaction that publishes this: the catalogue
 * let go of their text, and so must everything built from it (listeners run in the same transaction). Never null,
 * never empty.
 */
public record FilesBecameSecret(Set<String> fileKeys) {
}
