package org.archivesync.hub.sites;

/** An operator created a site; its agent is not enrolled yet. */
public record SiteCreated(String siteCode) {}
