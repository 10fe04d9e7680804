package org.archivesync.hub.ingest;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.archivesync.schemas.integrity.ChainVerifier;
import org.archivesync.schemas.integrity.SetAsideReason;

/**
 * Marks parked events of a site that a signature of its own key covers: each parked signed event whose signature
 * verifies, and, spaced out, events it chains back to through previousHash links (see {@link #vouch}). A transaction
 * that verifies only a slice of a long unsigned run (an import is unsigned until its last event) can then apply the
 * slice, though the signature is far beyond it. One pass reads the site's parked events top down without their bodies and holds only
 * the hashes it still looks for, so its memory does not grow with the run. Signed parked events whose signature does
 * not verify with the site's key are returned to be set aside. Runs in the caller's transaction.
 */
final class ParkedVouching {

    private static final int VOUCH_BATCH = 10_000;

    private final IngestStore store;

    ParkedVouching(IngestStore store) {
        this.store = store;
    }

    /** What a pass found: signed parked events to set aside (with their ids), and how many events it vouched for. */
    record Result(List<SetAsideRecords.Row> setAside, List<Long> setAsideIds, int vouched) {
        static final Result NONE = new Result(List.of(), List.of(), 0);
    }

    /**
     * Vouches for what the site's parked signed events cover, when any of them was not followed back yet. Not every
     * covered event is marked: the signed ones, and one in every {@code window / 10} sequences of a covered chain (the
     * verifier counts the events a marked one chains to as covered too), so a window of {@code window} events always
     * reaches a mark, and a pass over a million-event run updates a thousand rows, not a million.
     *
     * @param cursor the site's applied sequence
     * @param window how many parked events a transaction loads
     */
    Result vouch(String site, long cursor, ChainVerifier verifier, int window) {
        long spacing = Math.max(1, window / 10);
        long[] unvouched = store.unvouchedSigned(site);
        if (unvouched == null) {
            return Result.NONE;
        }
        // Per sequence, the hashes a covered event one above chains to.
        Map<Long, Set<ByteBuffer>> wanted = new HashMap<>();
        Ids ids = new Ids();
        List<SetAsideRecords.Row> bad = new ArrayList<>();
        List<Long> badIds = new ArrayList<>();
        try (Stream<IngestStore.Link> links = store.chainLinks(site, unvouched[1])) {
            for (Iterator<IngestStore.Link> it = links.iterator(); it.hasNext(); ) {
                IngestStore.Link link = it.next();
                wanted.remove(link.sequence() + 1);
                if (wanted.isEmpty() && link.sequence() < unvouched[0]) {
                    // Below every new signature and nothing more to follow: what lies further down was done before.
                    break;
                }
                follow(site, cursor, link, verifier, spacing, wanted, ids, bad, badIds);
            }
        }
        // After the read: the connection serves one statement at a time.
        long[] all = ids.toArray();
        for (int from = 0; from < all.length; from += VOUCH_BATCH) {
            store.vouch(Arrays.copyOfRange(all, from, Math.min(all.length, from + VOUCH_BATCH)));
        }
        return new Result(bad, badIds, all.length);
    }

    /** Decides one parked event: covered by a signature (then its predecessor is wanted), to set aside, or neither. */
    private static void follow(String site, long cursor, IngestStore.Link link, ChainVerifier verifier, long spacing,
                               Map<Long, Set<ByteBuffer>> wanted, Ids ids, List<SetAsideRecords.Row> bad,
                               List<Long> badIds) {
        boolean covered = link.vouched();
        if (!covered && link.signature() != null) {
            Optional<SetAsideReason> fault = verifier.signatureFault(site, link.sequence(), cursor, link.hash(),
                    link.signature(), link.keyId());
            if (fault.isPresent()) {
                bad.add(new SetAsideRecords.Row(site, link.hash(), link.sequence(), fault.get(),
                        "signature of parked sequence " + link.sequence() + " does not verify with the site's key",
                        "parked"));
                badIds.add(link.id());
                return;
            }
            covered = true;
        }
        if (!covered) {
            Set<ByteBuffer> w = wanted.get(link.sequence());
            covered = w != null && w.contains(ByteBuffer.wrap(link.hash()));
        }
        // An event vouched for before: what it chains to was followed then (or, arrived later, is reached by a window
        // from the vouched event just above it).
        if (covered && !link.vouched()) {
            if (link.signature() != null || link.sequence() % spacing == 0) {
                ids.add(link.id());
            }
            wanted.computeIfAbsent(link.sequence() - 1, k -> new HashSet<>()).add(ByteBuffer.wrap(link.previousHash()));
        }
    }

    /** A growable array of ids: a million boxed Longs would weigh several times as much. */
    private static final class Ids {
        private long[] ids = new long[1024];
        private int size;

        void add(long id) {
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size * 2);
            }
            ids[size++] = id;
        }

        long[] toArray() {
            return Arrays.copyOf(ids, size);
        }
    }
}
