package org.archivesync.hub.sites;

import java.time.Instant;

/**
 * An office running one agent.
 *
 * @param siteCode e.g. {@code CM.CAINUOC.UBND} (never null)
 * @param name the office's name (never null)
 * @param unitCode the administrative unit it belongs to; null when not given
 * @param role what kind of office it is (never null)
 * @param createdAt when an operator created it (never null)
 */
public record Site(String siteCode, String name, String unitCode, SiteRole role, Instant createdAt) {
}
