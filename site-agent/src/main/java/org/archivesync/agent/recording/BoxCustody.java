package org.archivesync.agent.recording;

/**
 * Who holds a box. Stored as its name in {@code boxes.custody} (the SQLite CHECK lists the same two values); a box
 * handed over no longer changes here.
 */
enum BoxCustody {
    AT_SITE,
    HANDED_OVER
}
