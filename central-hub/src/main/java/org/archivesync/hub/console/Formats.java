package org.archivesync.hub.console;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Dates and times as a Vietnamese office writes them (dd/MM/yyyy, 24-hour clock, Việt Nam time), for the pages. */
public final class Formats {

    private static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm").withZone(VIETNAM);
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm:ss").withZone(VIETNAM);

    /** The instant in Việt Nam time to the minute; empty for null. */
    public String time(Instant at) {
        return at == null ? "" : TIME.format(at);
    }

    /** The instant in Việt Nam time to the second; empty for null. */
    public String seconds(Instant at) {
        return at == null ? "" : SECONDS.format(at);
    }
}
