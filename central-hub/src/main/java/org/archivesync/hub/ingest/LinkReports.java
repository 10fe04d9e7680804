package org.archivesync.hub.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.archivesync.hub.alerts.AlertKind;

/**
 * What a batch says about the offices' links: every enrolled site that sent anything over Kafka in it (applied,
 * parked or redelivered alike: receipt is news that the link works) was heard from, with the backlog its newest record
 * reported and how far its clock is off. What {@link SiteLinks} reads. Runs in the batch's transaction.
 */
final class LinkReports {

    private final IngestStore store;
    private final SetAsideRecords setAside;
    private final Duration clockSkewAlert;

    /** @param clockSkewAlert an office clock off by more raises {@link AlertKind#CLOCK_SKEW} (rate-limited) */
    LinkReports(IngestStore store, SetAsideRecords setAside, Duration clockSkewAlert) {
        this.store = store;
        this.setAside = setAside;
        this.clockSkewAlert = clockSkewAlert;
    }

    /** Records the batch's news of the links of the {@code known} sites, in one statement. */
    void heard(List<SiteRecords> groups, Predicate<String> known, Instant now) {
        List<IngestStore.LinkUpdate> updates = updates(groups, known, now);
        for (IngestStore.LinkUpdate u : updates) {
            Long skew = u.clockSkewMillis();
            if (skew != null && Math.abs(skew) > clockSkewAlert.toMillis()) {
                String how = (skew > 0 ? "ahead by " : "behind by ") + Duration.ofMillis(Math.abs(skew)).toMinutes()
                        + " min";
                setAside.alertLimited(AlertKind.CLOCK_SKEW, u.siteCode(), 1, n -> "the office's clock is " + how
                        + " (its as-sent-at against the broker's time): the dates it records (occurredAt) are off by as"
                        + " much; set the PC's time", now);
            }
        }
        store.updateLinks(updates, now);
    }

    /**
     * One update per known site with a record that came over the link, from its newest such record: the backlog it
     * reported, when (its {@code as-sent-at}, else {@code now}; null without a backlog), and its clock's skew.
     */
    static List<IngestStore.LinkUpdate> updates(List<SiteRecords> groups, Predicate<String> known, Instant now) {
        List<IngestStore.LinkUpdate> updates = new ArrayList<>();
        for (SiteRecords g : groups) {
            InboundRecord newest = g.newestOverLink();
            if (newest == null || !known.test(g.siteCode())) {
                continue;
            }
            InboundRecord.LinkHeaders link = newest.link();
            Instant reportedAt = link.backlog() == null ? null : link.sentAt() != null ? link.sentAt() : now;
            updates.add(new IngestStore.LinkUpdate(g.siteCode(), link.backlog(), reportedAt, link.clockSkewMillis()));
        }
        return updates;
    }
}
