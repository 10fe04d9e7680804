package org.archivesync.hub.console;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.archivesync.hub.catalogue.RecordDate;

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

    /**
     * A file's date as its list wrote it: "12/06/2003", "06/2003" or "2003", never an invented day; {@code missing}
     * for null.
     */
    public String recordDate(LocalDate date, String precision, String missing) {
        RecordDate d = RecordDate.of(date, precision);
        return d == null ? missing : d.text();
    }

    /** A file's dates, start – end, each as {@link #recordDate}. */
    public String recordDates(LocalDate start, String startPrecision, LocalDate end, String endPrecision,
                              String missing) {
        return recordDate(start, startPrecision, missing) + " – " + recordDate(end, endPrecision, missing);
    }
}
