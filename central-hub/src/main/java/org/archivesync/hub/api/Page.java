package org.archivesync.hub.api;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list answered by the REST API.
 *
 * @param items the rows of this page (never null)
 * @param page the page number, from 0
 * @param size the page size asked for
 * @param totalElements rows in all pages; when {@code totalCapped}, at least this many
 * @param totalPages pages in all, from {@code totalElements}
 * @param totalCapped true when counting stopped at {@link Paging#COUNT_CAP} (a very broad search)
 */
public record Page<T>(List<T> items, int page, int size, long totalElements, int totalPages, boolean totalCapped) {

    /** A page of {@code items} out of {@code total} rows. */
    public static <T> Page<T> of(List<T> items, int page, int size, long total) {
        boolean capped = total > Paging.COUNT_CAP;
        long shown = Math.min(total, Paging.COUNT_CAP);
        return new Page<>(items, page, size, shown, (int) ((shown + size - 1) / size), capped);
    }

    /** The same page with its rows mapped. */
    public <R> Page<R> map(Function<T, R> f) {
        return new Page<>(items.stream().map(f).toList(), page, size, totalElements, totalPages, totalCapped);
    }
}
