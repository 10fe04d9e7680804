package org.archivesync.agent.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.archivesync.agent.outbox.Outbox;
import org.archivesync.agent.outbox.OutboxEntry;
import org.archivesync.avro.SiteEvent;
import org.archivesync.schemas.integrity.ChainEvent;
import org.archivesync.schemas.integrity.ChainHash;
import org.archivesync.schemas.integrity.ChainPosition;
import org.archivesync.schemas.integrity.ChainVerdict;
import org.archivesync.schemas.integrity.SchemaFingerprint;
import org.archivesync.schemas.integrity.SiteKeys;
import org.archivesync.schemas.wire.AvroCodec;

/** Reads the outbox the way the hub will: decode each body, recompute the chain, verify the signatures. */
public final class OutboxChecks {

    /** The fingerprint of the schema the agent writes with, which the hub resolves from the registry id. */
    private static final byte[] WRITER = SchemaFingerprint.of(SiteEvent.getClassSchema());

    private OutboxChecks() {
    }

    public static SiteEvent decode(OutboxEntry row) {
        return AvroCodec.decode(row.body(), SiteEvent.getClassSchema());
    }

    public static ChainEvent chainEvent(OutboxEntry row) {
        SiteEvent e = decode(row);
        return new ChainEvent(e.getSiteCode(), e.getSequence(), e.getPreviousHash().bytes(), WRITER, row.body(),
                row.signature(), row.keyId());
    }

    public static List<OutboxEntry> all(Outbox outbox) {
        return outbox.range(1, Long.MAX_VALUE);
    }

    /**
     * Checks every row: stored hash = SHA-256(previous || writer schema fingerprint || body), envelope sequence and
     * previousHash match, each signature verifies over its hash, the last row is signed, and ChainVerifier accepts the
     * whole outbox.
     */
    public static ChainVerdict verifyWholeOutbox(Outbox outbox, TestSite site) {
        List<OutboxEntry> rows = all(outbox);
        assertThat(rows).isNotEmpty();
        byte[] previous = ChainHash.genesis();
        List<ChainEvent> events = new ArrayList<>();
        long expected = 1;
        for (OutboxEntry row : rows) {
            assertThat(row.sequence()).isEqualTo(expected++);
            SiteEvent e = decode(row);
            assertThat(e.getSequence()).isEqualTo(row.sequence());
            assertThat(e.getSiteCode()).isEqualTo(site.siteCode());
            assertThat(e.getEventId()).isEqualTo(row.eventId());
            assertThat(e.getPreviousHash().bytes()).isEqualTo(previous);
            assertThat(row.hash()).isEqualTo(ChainHash.next(previous, WRITER, row.body()));
            if (row.signed()) {
                assertThat(row.keyId()).isEqualTo(site.keyId());
                assertThat(SiteKeys.verify(site.keys().getPublic(), row.hash(), row.signature())).isTrue();
            } else {
                assertThat(row.keyId()).isNull();
            }
            previous = row.hash();
            events.add(chainEvent(row));
        }
        assertThat(rows.get(rows.size() - 1).signed()).as("last event of the outbox is signed").isTrue();
        ChainVerdict verdict = site.verifier().verify(site.siteCode(), ChainPosition.start(), s -> null, events);
        assertThat(verdict.failure()).isNull();
        assertThat(verdict.verifiedThrough()).isEqualTo(rows.size());
        assertThat(verdict.pending()).isEmpty();
        return verdict;
    }
}
