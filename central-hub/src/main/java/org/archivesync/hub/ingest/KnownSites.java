package org.archivesync.hub.ingest;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.archivesync.hub.alerts.Alerts;
import org.archivesync.hub.sites.SiteDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which sites are enrolled, remembered once seen (a site is never unenrolled while the hub runs), and what becomes of
 * records keyed by a site that is not: dropped, with one alert until the site is enrolled. Thread-safe.
 */
final class KnownSites {

    private static final Logger log = LoggerFactory.getLogger(KnownSites.class);

    private final SiteDirectory sites;
    private final IngestStore store;
    private final Alerts alerts;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    KnownSites(SiteDirectory sites, IngestStore store, Alerts alerts) {
        this.sites = sites;
        this.store = store;
        this.alerts = alerts;
    }

    /** Whether the site is enrolled. */
    boolean known(String siteCode) {
        if (known.contains(siteCode)) {
            return true;
        }
        if (sites.site(siteCode).isPresent()) {
            known.add(siteCode);
            return true;
        }
        return false;
    }

    /**
     * Drops the records of a site that is not enrolled. The first time, an open quarantine row
     * ({@link QuarantineReason#UNKNOWN_SITE}) and an alert record it; until the site is enrolled its records are then
     * dropped quietly (the agent republishes from the cursor the hub publishes once it knows the site). In the
     * caller's transaction.
     */
    void drop(SiteRecords group, Instant now) {
        InboundRecord first = group.items().get(0).record();
        if (store.hasOpenQuarantine(group.siteCode(), QuarantineReason.UNKNOWN_SITE)) {
            log.debug("records of an unknown site dropped siteCode={} records={}", group.siteCode(), group.items().size());
            return;
        }
        log.warn("records of an unknown site dropped siteCode={} records={} origin={}", group.siteCode(),
                group.items().size(), first.origin());
        store.quarantine(group.siteCode(), QuarantineReason.UNKNOWN_SITE, null, null, null,
                group.items().size() + " records keyed by a site that is not enrolled", first.origin(), now);
        alerts.raise(QuarantineReason.UNKNOWN_SITE.alertKind(), group.siteCode(), null,
                group.items().size() + " records keyed by a site that is not enrolled were dropped", now);
    }
}
