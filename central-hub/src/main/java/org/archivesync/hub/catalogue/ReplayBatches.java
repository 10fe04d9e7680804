package org.archivesync.hub.catalogue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Feeds stored events to {@link Catalogue#replay} as a rebuild must: in the order they were first applied, one apply
 * call per instant they were first applied at (the events one batch applied share it), never spanning an operator's
 * reassignment ({@link Catalogue#reassignmentBoundaries}), and at most {@link #CHUNK} events per call (bounds memory,
 * changes nothing: apply is sequential). Used by the catalogue rebuild and by the copies of the catalogue as of a day.
 */
public final class ReplayBatches {

    /** At most this many events per apply call. */
    public static final int CHUNK = 20_000;

    private final Catalogue catalogue;
    private final Iterator<Long> boundaries;
    private long boundary;
    private final List<AcceptedEvent> chunk = new ArrayList<>();
    private Instant chunkAt;
    private long chunkFirst;
    private long replayed;

    /** @param catalogue the catalogue to replay into, its projections cleared */
    public ReplayBatches(Catalogue catalogue) {
        this.catalogue = catalogue;
        this.boundaries = catalogue.reassignmentBoundaries().iterator();
        this.boundary = nextBoundary();
    }

    /** Adds the next stored event, in apply order; replays the batch before it when the event starts another. */
    public void add(AcceptedEvent event, long appliedOrder, Instant receivedAt) {
        boolean crosses = appliedOrder > boundary;
        while (appliedOrder > boundary) {
            boundary = nextBoundary();
        }
        if (chunkAt != null && (crosses || !chunkAt.equals(receivedAt) || chunk.size() >= CHUNK)) {
            flush();
        }
        if (chunk.isEmpty()) {
            chunkFirst = appliedOrder;
        }
        chunkAt = receivedAt;
        chunk.add(event);
    }

    /** Events applied so far (those still waiting in the last batch not counted). */
    public long replayed() {
        return replayed;
    }

    /** Replays the last batch and the reassignments made after the last event; returns the events applied in all. */
    public long finish() {
        flush();
        catalogue.finishReplay();
        return replayed;
    }

    private void flush() {
        if (!chunk.isEmpty()) {
            replayed += catalogue.replay(chunk, chunkAt, chunkFirst);
            chunk.clear();
        }
    }

    private long nextBoundary() {
        return boundaries.hasNext() ? boundaries.next() : Long.MAX_VALUE;
    }
}
