package org.archivesync.hub.ingest;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.archivesync.avro.RefusedEvent;
import org.archivesync.avro.Sha256;
import org.archivesync.avro.SiteCursor;
import org.archivesync.hub.catalogue.Refusal;
import org.archivesync.hub.outbound.Outbox;
import org.archivesync.hub.sites.SigningKey;
import org.archivesync.schemas.integrity.ChainVerifier;

/**
 * One transaction's work across its sites: its time, the keys its verifier found, and what is written for all its
 * sites at once (cursors and outbox rows: one statement each, not one per site). Not thread-safe; one per transaction.
 */
final class IngestBatch {

    /** At most this many of a site's newest refusals go out with its cursor (the console keeps them all). */
    static final int REFUSALS_PUBLISHED = 20;

    /** The transaction's time, truncated to what PostgreSQL keeps. */
    final Instant now;
    /** Sites with more parked events to drain after this transaction. */
    final Set<String> drain;
    /** The signing keys looked up so far, by key id (empty: unknown); cleared when a site's keys change. */
    final Map<String, Optional<SigningKey>> keys = new HashMap<>();
    final ChainVerifier verifier;
    private final List<IngestStore.CursorUpdate> cursorUpdates = new ArrayList<>();
    private final List<SiteCursor> cursorsOut = new ArrayList<>();
    private final List<Outbox.Range> rangesOut = new ArrayList<>();
    /** Per site, the events the catalogue refused in this transaction, newest first: they go out with the cursor. */
    private final Map<String, List<RefusedEvent>> refusals = new HashMap<>();

    /**
     * @param drain where sites to drain after the transaction are collected (never null)
     * @param keyLookup finds a signing key by key id (empty when unknown)
     */
    IngestBatch(Instant now, Set<String> drain, Function<String, Optional<SigningKey>> keyLookup) {
        // PostgreSQL keeps microseconds. The event log (binary COPY) and the projections (JDBC, which rounds) must
        // store the same instant, so that a rebuild replaying the log at received_at writes the same updated_at.
        this.now = now.truncatedTo(ChronoUnit.MICROS);
        this.drain = drain;
        this.verifier = new ChainVerifier(id -> keys.computeIfAbsent(id, keyLookup).map(SigningKey::key).orElse(null));
    }

    /** Notes the events the catalogue refused, to go out with their sites' cursors. */
    void refused(List<Refusal> refused) {
        for (Refusal r : refused) {
            refusals.computeIfAbsent(r.siteCode(), s -> new ArrayList<>()).add(0, RefusedEvent.newBuilder()
                    .setSequence(r.sequence()).setReason(r.reason().name()).setRecord(r.record())
                    .setHolderSiteCode(r.holderSiteCode()).setDetail(r.detail()).build());
        }
    }

    /**
     * Notes where a site's cursor ends, to be written with the others'; a cursor that changed goes out on
     * {@code archive.site-cursors} with the site's newest refusals, and the files its applied events name through its
     * range on {@code archive.catalogue.files}.
     */
    void siteDone(SiteOutcome outcome, SiteOutcome.Waiting waiting) {
        String site = outcome.site();
        cursorUpdates.add(new IngestStore.CursorUpdate(site, outcome.position(), outcome.quarantined(), waiting.since(),
                waiting.alerted()));
        if (outcome.cursorChanged()) {
            List<RefusedEvent> newest = refusals.getOrDefault(site, List.of());
            cursorsOut.add(SiteCursor.newBuilder().setSiteCode(site).setLastSequence(outcome.position().sequence())
                    .setLastHash(new Sha256(outcome.position().hash())).setQuarantined(outcome.quarantined())
                    .setUpdatedAt(now).setRefusals(newest.size() <= REFUSALS_PUBLISHED ? newest
                            : List.copyOf(newest.subList(0, REFUSALS_PUBLISHED))).build());
        }
        if (outcome.subjects() != null) {
            rangesOut.add(outcome.subjects());
        }
    }

    /** The cursor messages noted so far. */
    List<SiteCursor> cursorsOut() {
        return List.copyOf(cursorsOut);
    }

    /** Writes the sites' new cursors and their outbox rows noted so far, and forgets them. */
    void writeSites(IngestStore store, Outbox outbox) {
        store.updateCursors(cursorUpdates, now);
        outbox.siteCursorsChanged(cursorsOut);
        outbox.catalogueRangesChanged(rangesOut, now);
        cursorUpdates.clear();
        cursorsOut.clear();
        rangesOut.clear();
    }
}
