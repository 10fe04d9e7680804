package org.archivesync.hub.asof;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a day's copy knows of the event log, and so which newer events could change it. Only an office whose stream
 * had not passed the end of the day when the copy was built can still add to it (its later events follow its stored
 * ones); an office that sent anything from a later day never can. So a read looks only at the new events of offices
 * that were quiet after the day (an offline office's backlog), and at the first of them: if it occurred after the day,
 * the office is cut too and none of its events will matter again; if it occurred on or before the day, the copy is
 * stale. A redaction of the log (a file became a state secret) since the copy was read makes it stale as well: the
 * copy must not keep text the log let go of.
 *
 * @param day the day (never null)
 * @param cutoff the first instant after it (never null)
 * @param seen per office, the highest sequence of the log looked at (offices without events are absent)
 * @param cut the offices whose stream passed the end of the day
 * @param redactedThrough the newest {@code redacted_at} of the log when the copy read it (null when none)
 * @param events how many events the copy took
 */
record CopyState(LocalDate day, Instant cutoff, Map<String, Long> seen, Set<String> cut, Instant redactedThrough,
                 long events) {

    /** A new event of an office: its sequence and when it occurred (null for a withheld event). */
    record Next(long sequence, Instant occurredAt) {
    }

    /** What the next events of one office mean for the copy: {@code stale}, or the state that now knows them. */
    record Look(boolean stale, CopyState state) {
    }

    CopyState {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(cutoff, "cutoff");
        seen = Map.copyOf(seen);
        cut = Set.copyOf(cut);
    }

    /** Whether a redaction of the log happened since the copy read it. */
    boolean redactedSince(Instant newestRedaction) {
        return newestRedaction != null && (redactedThrough == null || newestRedaction.isAfter(redactedThrough));
    }

    /**
     * The offices whose new events must be looked at: not cut, and with a cursor beyond what the copy saw.
     *
     * @param cursors per office, the sequence of its last stored event
     */
    List<String> toLookAt(Map<String, Long> cursors) {
        return cursors.entrySet().stream()
                .filter(c -> !cut.contains(c.getKey()) && c.getValue() > seen.getOrDefault(c.getKey(), 0L))
                .map(Map.Entry::getKey).sorted().toList();
    }

    /**
     * Looks at the next events of {@code site} after {@code seen}, in sequence order: stale at the first one taken by
     * the day, cut at the first one after it; withheld events are passed over.
     */
    Look look(String site, List<Next> next) {
        long last = seen.getOrDefault(site, 0L);
        for (Next n : next) {
            last = Math.max(last, n.sequence());
            if (n.occurredAt() == null) {
                continue;
            }
            if (n.occurredAt().isBefore(cutoff)) {
                return new Look(true, this);
            }
            return new Look(false, with(site, last, true));
        }
        return new Look(false, with(site, last, false));
    }

    private CopyState with(String site, long lastSeen, boolean cutNow) {
        Map<String, Long> s = new HashMap<>(seen);
        s.put(site, lastSeen);
        Set<String> c = cut;
        if (cutNow) {
            c = new HashSet<>(cut);
            c.add(site);
        }
        return new CopyState(day, cutoff, s, c, redactedThrough, events);
    }
}
