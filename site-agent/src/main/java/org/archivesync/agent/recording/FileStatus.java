package org.archivesync.agent.recording;

/**
 * Where a file stands at this office. Stored as its name in {@code files.status} (the SQLite CHECK lists the same
 * four values); only an {@link #ACTIVE} file changes.
 */
enum FileStatus {
    ACTIVE,
    /** Recorded by mistake; recording it again makes it active. */
    WITHDRAWN,
    HANDED_OVER,
    DESTROYED
}
