package org.archivesync.hub.ingest;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.archivesync.avro.FileAppraised;
import org.archivesync.avro.FileDigitized;
import org.archivesync.avro.FileRecorded;
import org.archivesync.avro.FileRef;
import org.archivesync.avro.FileWithdrawn;
import org.archivesync.hub.catalogue.Catalogue;
import org.archivesync.schemas.integrity.ChainEvent;
import org.archivesync.schemas.integrity.ChainPosition;

/**
 * What one site's part of a transaction becomes, as {@link SitePlanner} decided it before anything is written or
 * applied. Immutable: the catalogue's answer is added by {@link SiteOutcome}, not written into the plan. No component is
 * null unless said.
 *
 * @param site the site
 * @param cursor the site's cursor as the transaction locked it
 * @param releasing whether the site is being released (its quarantine then holds nothing back)
 * @param parked the site's parked events loaded by this transaction, in sequence order
 * @param parkedLeft whether parked events exist that were not loaded: they stay parked whatever the transaction does
 * @param steps the verified events to apply and the withheld parked events the chain passes, in sequence order
 * @param toPark events to park
 * @param failures evidence signed with the site's own key that quarantines it
 * @param setAside records kept out of the site's stream, without stopping it
 * @param unpark ids of loaded parked rows that leave without being applied (set aside)
 * @param position the cursor after the steps
 * @param waitingFor why events still wait, for the gap alert; null when none wait or the site is quarantined
 * @param highestSeen the highest sequence the batch brought, at least the cursor's
 * @param redelivered how many events at or below the cursor were skipped
 */
record SitePlan(String site, IngestStore.Cursor cursor, boolean releasing, List<IngestStore.Parked> parked,
                boolean parkedLeft, List<Step> steps, List<IngestStore.ParkRow> toPark, List<Failure> failures,
                List<SetAsideRecords.Row> setAside, Set<Long> unpark, ChainPosition position, String waitingFor,
                long highestSeen, int redelivered) {

    /** The {@code withheld} mark of a state-secret event stored or parked by its hash only. */
    static final String SECRET_CONTENT = "SECRET_CONTENT";

    /** Whether the site was quarantined before this transaction and stays so (it is not being released). */
    boolean wasQuarantined() {
        return cursor.quarantined() && !releasing;
    }

    /** What a site's events become, in sequence order. */
    sealed interface Step permits Apply, PassWithheld {
        long sequence();

        byte[] hash();

        /** The event log row the step becomes when the catalogue does not stop the site before it. */
        IngestStore.EventRow row();
    }

    /** A verified event to apply, with the event log row it becomes (built once, written before it is applied). */
    record Apply(EventDecoder.Decoded decoded, byte[] hash, IngestStore.EventRow row) implements Step {

        static Apply of(String site, EventDecoder.Decoded decoded, byte[] hash) {
            Object payload = decoded.event().getPayload();
            // The record's schema name is the class's simple name, without Class.getSimpleName()'s reflection.
            return new Apply(decoded, hash, new IngestStore.EventRow(site, decoded.event().getSequence(), hash,
                    ((SpecificRecord) payload).getSchema().getName(), subject(payload), decoded.schemaId(), decoded.body(),
                    decoded.chain().signature(), decoded.chain().keyId(), null));
        }

        @Override
        public long sequence() {
            return row.sequence();
        }

        /** The row stored instead when the catalogue stops the site at this event: its hash, never its content. */
        IngestStore.EventRow withheldRow() {
            return new IngestStore.EventRow(row.siteCode(), row.sequence(), hash,
                    decoded.event().getPayload().getClass().getSimpleName(), null, null, null,
                    decoded.chain().signature(), decoded.chain().keyId(), SECRET_CONTENT);
        }
    }

    /** A parked withheld event (state-secret content) the chain now passes over by its hash. */
    record PassWithheld(String site, IngestStore.Parked parked) implements Step {
        @Override
        public long sequence() {
            return parked.sequence();
        }

        @Override
        public byte[] hash() {
            return parked.hash();
        }

        @Override
        public IngestStore.EventRow row() {
            return new IngestStore.EventRow(site, parked.sequence(), parked.hash(), "FileRecorded", null, null, null,
                    parked.signature(), parked.keyId(), parked.withheld());
        }
    }

    /**
     * Why a site is quarantined and by which event.
     *
     * @param sequence the event's sequence; null when none is named
     * @param eventHash the offending event's hash (a release that discards it drops that parked row); may be null
     * @param eventSignature its signature; may be null
     * @param detail an English sentence without event content
     * @param origin where the offending record came from ({@code topic-partition@offset}, a bundle, or "batch")
     */
    record Failure(QuarantineReason reason, Long sequence, byte[] eventHash, byte[] eventSignature, String detail,
                   String origin) {
    }

    /**
     * An event to park, and the failure it proves when it is a state-secret file's event carrying more than its stub:
     * such an event is parked by its hash only.
     *
     * @param failure null unless the event carries secret content
     */
    record Parking(IngestStore.ParkRow row, Failure failure) {

        static Parking of(String site, EventDecoder.Decoded d) {
            ChainEvent e = d.chain();
            Optional<String> secret = Catalogue.secretContent(d.event());
            if (secret.isPresent()) {
                return new Parking(new IngestStore.ParkRow(site, e.sequence(), e.hash(), e.previousHash(), null, null,
                        e.signature(), e.keyId(), SECRET_CONTENT, d.origin()),
                        new Failure(QuarantineReason.SECRET_CONTENT, e.sequence(), e.hash(), e.signature(), secret.get(),
                                d.origin()));
            }
            return new Parking(new IngestStore.ParkRow(site, e.sequence(), e.hash(), e.previousHash(), d.schemaId(),
                    d.body(), e.signature(), e.keyId(), null, d.origin()), null);
        }
    }

    /** The one file an event is about, {@code fondsCode/fileCode}; null for events about none or several. */
    static String subject(Object payload) {
        if (payload instanceof FileRecorded f) {
            return f.getFondsCode() + "/" + f.getFileCode();
        }
        FileRef file = payload instanceof FileAppraised a ? a.getFile()
                : payload instanceof FileDigitized d ? d.getFile()
                : payload instanceof FileWithdrawn w ? w.getFile() : null;
        return file == null ? null : file.getFondsCode() + "/" + file.getFileCode();
    }
}
