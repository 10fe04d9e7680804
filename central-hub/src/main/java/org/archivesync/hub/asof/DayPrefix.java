package org.archivesync.hub.asof;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which events of the log a day's copy takes, met in the order they were first applied: of each office (đơn vị), its
 * events up to, not including, its first event that occurred at or after the end of the day in Việt Nam. An office's
 * events are one ordered stream, so its state at any moment is a prefix of it: an event that occurred on the day but
 * after an event of a later day (the office's clock was put back) is left out with the rest of the stream, never
 * applied out of order. A withheld event (state-secret content, stored by hash only) is never taken and cuts nothing.
 *
 * <p>Fed one event at a time by one thread; {@link #state} is what the copy remembers to know later whether newer
 * events concern it.
 */
final class DayPrefix {

    /** Days are Vietnamese days (docs/contracts.md, "Campaign and progress"). */
    static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

    private final LocalDate day;
    private final Instant cutoff;
    private final Map<String, Long> seen = new HashMap<>();
    private final Set<String> cut = new HashSet<>();

    DayPrefix(LocalDate day) {
        this.day = day;
        this.cutoff = cutoff(day);
    }

    /** The first instant after {@code day}: midnight at its end in Việt Nam. */
    static Instant cutoff(LocalDate day) {
        return day.plusDays(1).atStartOfDay(VIETNAM).toInstant();
    }

    /**
     * Whether the copy takes this event of {@code site}.
     *
     * @param occurredAt when it occurred at the office, or null for a withheld event
     */
    boolean takes(String site, long sequence, Instant occurredAt) {
        seen.merge(site, sequence, Math::max);
        if (occurredAt == null || cut.contains(site)) {
            return false;
        }
        if (!occurredAt.isBefore(cutoff)) {
            cut.add(site);
            return false;
        }
        return true;
    }

    /** Whether {@code site}'s stream has passed the end of the day: none of its later events is taken. */
    boolean cut(String site) {
        return cut.contains(site);
    }

    /**
     * What the copy built from these events knows of the log.
     *
     * @param redactedThrough the newest redaction of the log when it was read (null when none)
     * @param events how many events the copy took
     */
    CopyState state(Instant redactedThrough, long events) {
        return new CopyState(day, cutoff, Map.copyOf(seen), Set.copyOf(cut), redactedThrough, events);
    }
}
