package org.archivesync.hub.sites;

import org.archivesync.schemas.integrity.SiteKey;

/**
 * A key as ingest needs it: what it may sign, and whether its first applied signature retires the site's other keys
 * ({@link SiteDirectory#keyFirstUsed}).
 *
 * @param key the key with the sequences it may sign (never null)
 * @param retiresOthers true for a key announced by a rotation while another key of its site is not retired yet
 */
public record SigningKey(SiteKey key, boolean retiresOthers) {
}
