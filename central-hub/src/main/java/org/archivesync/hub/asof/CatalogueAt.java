package org.archivesync.hub.asof;

import java.time.LocalDate;
import java.util.function.Supplier;

/**
 * The catalogue as it stood at the end of a past day (Asia/Ho_Chi_Minh): the projections rebuilt from each office's
 * events up to its first event that occurred after that day (an office's events are one ordered stream, so its state
 * is a prefix of it), replayed in the order they were first applied. Reference data (sites, units, lineage,
 * campaigns) is read as it is now.
 *
 * <p>{@link #read} runs {@code work} in one read-only transaction in which the projection tables ({@code files},
 * {@code boxes}, {@code extents}, {@code handovers}, ...) resolve to that day's copy, so the same SQL that reads the
 * catalogue now reads it as of that day. Building a day's copy costs one replay of the log; it is kept and built again
 * only when events that occurred on or before that day arrived since.
 */
public interface CatalogueAt {

    /**
     * Runs {@code work} against the catalogue at the end of {@code day}; against the live catalogue when {@code day}
     * is today or later.
     *
     * @return what {@code work} returns
     */
    <T> T read(LocalDate day, Supplier<T> work);
}
