package org.archivesync.hub.sites;

/** A site's agent enrolled its signing key: it is about to publish. */
public record SiteKeyEnrolled(String siteCode, String keyId) {}
