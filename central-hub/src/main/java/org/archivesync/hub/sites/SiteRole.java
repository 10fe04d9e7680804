package org.archivesync.hub.sites;

/** What kind of office a site is. */
public enum SiteRole {
    DISTRICT_OFFICE, COMMUNE, DEPARTMENT, HISTORICAL_ARCHIVE
}
