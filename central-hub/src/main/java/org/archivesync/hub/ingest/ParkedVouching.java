package org.archivesync.hub.ingest;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.archivesync.schemas.integrity.ChainVerifier;
import org.archivesync.schemas.integrity.SetAsideReason;

/**
 * Marks the parked events of a site that a signature of its own key covers: each parked signed event whose signature
 * verifies, and every parked event it chains back to through previousHash links. A transaction that verifies only a
 * slice of a long unsigned run (an import is unsigned until its last event) can then apply the slice, though the
 * signature is far beyond it. One pass reads the site's parked events top down without their bodies and holds only
 * the hashes it still looks for, so its memory does not grow with the run. Signed parked events whose signature does
 * not verify with the site's key are returned to be set aside. Runs in the caller's transaction.
 */
final class ParkedVouching {

    private static final int VOUCH_BATCH = 50_000;

    private final IngestStore store;

    ParkedVouching(IngestStore store) {
        this.store = store;
    }

    /** What a pass found: signed parked events to set aside (with their ids), and how many events it vouched for. */
    record Result(List<SetAsideRecords.Row> setAside, List<Long> setAsideIds, int vouched) {
        static final Result NONE = new Result(List.of(), List.of(), 0);
    }

    /** Vouches for what the site's parked signed events cover, when any of them was not followed back yet. */
    Result vouch(String site, ChainVerifier verifier) {
        Long top = store.highestUnvouchedSigned(site);
        if (top == null) {
            return Result.NONE;
        }
        // Per sequence, the hashes a covered event one above chains to.
        Map<Long, Set<ByteBuffer>> wanted = new HashMap<>();
        Ids ids = new Ids();
        List<SetAsideRecords.Row> bad = new ArrayList<>();
        List<Long> badIds = new ArrayList<>();
        store.chainLinks(site, top, link -> {
            wanted.remove(link.sequence() + 1);
            boolean covered = link.vouched();
            if (!covered && link.signature() != null) {
                Optional<SetAsideReason> fault = verifier.signatureFault(site, link.sequence(), link.hash(),
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
            if (covered) {
                if (!link.vouched()) {
                    ids.add(link.id());
                }
                wanted.computeIfAbsent(link.sequence() - 1, k -> new HashSet<>()).add(ByteBuffer.wrap(link.previousHash()));
            }
        });
        // After the read: the connection serves one statement at a time.
        long[] all = ids.toArray();
        for (int from = 0; from < all.length; from += VOUCH_BATCH) {
            store.vouch(Arrays.copyOfRange(all, from, Math.min(all.length, from + VOUCH_BATCH)));
        }
        return new Result(bad, badIds, all.length);
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
