package org.archivesync.hub.progress;

import java.time.LocalDate;

/**
 * A milestone's date for one former district (its unit code) or one office (its site code).
 */
public record DueDate(Scope scope, String code, LocalDate dueOn) {

    /** What {@code code} names. */
    public enum Scope { DISTRICT, SITE }
}
