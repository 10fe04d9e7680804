package org.archivesync.hub.api;

/**
 * The limits every paged endpoint applies to {@code page} and {@code size} (validated on the parameters, answered
 * with a 400 problem otherwise).
 */
public final class Paging {

    /** The largest page size. */
    public static final int MAX_SIZE = 500;
    /** The default page size. */
    public static final String DEFAULT_SIZE = "50";
    /** The largest page number: deep paging is what filters are for. */
    public static final int MAX_PAGE = 10_000;
    /** Counting stops here: a broad search says "more than 10,000" rather than scanning everything. */
    public static final long COUNT_CAP = 10_000;

    private Paging() {
    }

    /** The row offset of a page. */
    public static long offset(int page, int size) {
        return (long) page * size;
    }
}
