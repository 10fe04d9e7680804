package org.archivesync.hub.console;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.archivesync.hub.ingest.SiteLink;
import org.archivesync.hub.ingest.SiteLinks;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** What the console can say of each site's link, for the Sites and Alerts pages. */
@Component
class SiteStates {

    /** A site as the pages show it: its link and its state. */
    record SiteRow(SiteLink link, String state) {

        /** The last time the hub heard from the site; null if never. */
        public Instant lastHeard() {
            return SiteStates.lastHeard(link);
        }
    }

    private final SiteLinks links;
    private final ConsoleProperties properties;
    private final Clock clock;

    SiteStates(SiteLinks links, ConsoleProperties properties, ObjectProvider<Clock> clock) {
        this.links = links;
        this.properties = properties;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /** Every site with its state: QUARANTINED, ONLINE (heard within silent-after), SILENT, or NEVER (nothing yet). */
    List<SiteRow> rows() {
        Instant silentBefore = clock.instant().minus(properties.silentAfter());
        return links.all().stream().map(l -> new SiteRow(l, state(l, silentBefore))).toList();
    }

    static String state(SiteLink link, Instant silentBefore) {
        if (link.quarantined()) {
            return "QUARANTINED";
        }
        Instant heard = lastHeard(link);
        if (heard == null) {
            return "NEVER";
        }
        return heard.isBefore(silentBefore) ? "SILENT" : "ONLINE";
    }

    /** The last time the hub heard from the site: a receipt, else (events older than receipt tracking) an apply. */
    static Instant lastHeard(SiteLink link) {
        return link.lastReceivedAt() != null ? link.lastReceivedAt() : link.lastAppliedAt();
    }
}
