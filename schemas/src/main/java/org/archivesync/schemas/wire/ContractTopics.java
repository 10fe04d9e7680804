package org.archivesync.schemas.wire;

/**
 * The default names of the topics the hub publishes (docs/contracts.md, "Topics"), declared once for the settings
 * of both applications; a deployment may rename each by its setting. The offices' own topics are
 * {@link SiteEventTopics}.
 */
public final class ContractTopics {

    /** Each site's cursor as the hub has applied it (compacted, key siteCode); agents read it to repair. */
    public static final String SITE_CURSORS = "archive.site-cursors";
    /** The consolidated catalogue of files (compacted, key fondsCode/fileCode, tombstone on destruction). */
    public static final String CATALOGUE_FILES = "archive.catalogue.files";
    /** Each site's progress figures (compacted, key siteCode). */
    public static final String SITE_PROGRESS = "archive.site-progress";
    /** Alerts for people to act on. */
    public static final String ALERTS = "archive.alerts";

    private ContractTopics() {
    }
}
