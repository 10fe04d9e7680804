package org.archivesync.hub.console;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.archivesync.hub.catalogue.RecordDate;

/** Dates and times as a Vietnamese office writes them (dd/MM/yyyy, 24-hour clock, Việt Nam time), for the pages. */
public final class Formats {

    /** The kinds of record the catalogue's refusals name, each with a {@code record.kind.*} key. */
    public static final List<String> RECORD_KINDS = List.of("file", "box", "fonds", "extent of fonds", "handover");

    /** What a page shows for a range with neither end known. */
    public static final String NO_DATES = "—";

    private static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm").withZone(VIETNAM);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy");
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

    /**
     * A file's dates, start – end, each as {@link #recordDate}; {@link #NO_DATES} when neither is known, never
     * "null – null" or a lone dash between nothing.
     */
    public String recordDates(LocalDate start, String startPrecision, LocalDate end, String endPrecision,
                              String missing) {
        return range(RecordDate.of(start, startPrecision), RecordDate.of(end, endPrecision), missing);
    }

    /** Start – end as {@link #recordDates}, from dates already read with their precision; either may be null. */
    public String range(RecordDate start, RecordDate end, String missing) {
        if (start == null && end == null) {
            return NO_DATES;
        }
        return (start == null ? missing : start.text()) + " – " + (end == null ? missing : end.text());
    }

    /**
     * The bundle key naming the kind of record a refusal names ("file F/HS-1", "box F/B1", "fonds F", "extent of
     * fonds F", "handover id": the catalogue's {@code OwnershipRules}), e.g. {@code record.kind.extent-of-fonds}; the
     * key takes the record's code as its argument. Null for a text of another shape, which the page then shows as
     * written.
     */
    public String recordKindKey(String record) {
        if (record == null) {
            return null;
        }
        int space = record.lastIndexOf(' ');
        if (space <= 0) {
            return null;
        }
        String kind = record.substring(0, space);
        return RECORD_KINDS.contains(kind) ? "record.kind." + kind.replace(' ', '-') : null;
    }

    /** The code a record text ends with ("F/HS-1" of "file F/HS-1"). */
    public String recordCode(String record) {
        return record == null ? "" : record.substring(record.lastIndexOf(' ') + 1);
    }

    /** The day as dd/MM/yyyy; empty for null. */
    public String day(LocalDate day) {
        return day == null ? "" : DAY.format(day);
    }

    /**
     * Languages by their name in the reader's language ("Tiếng Việt", "English") from the ISO 639-1 codes a file
     * states ("vi", "vi,fr"); a code Java does not know is shown as written. Empty for null.
     */
    public String languages(String codes, Locale reader) {
        if (codes == null || codes.isBlank()) {
            return "";
        }
        List<String> names = new ArrayList<>();
        for (String code : codes.split("[,;\\s]+")) {
            if (code.isBlank()) {
                continue;
            }
            String name = Locale.forLanguageTag(code.strip()).getDisplayLanguage(reader);
            names.add(name.isBlank() || name.equalsIgnoreCase(code.strip()) ? code.strip()
                    : name.substring(0, 1).toUpperCase(reader) + name.substring(1));
        }
        return String.join(", ", names);
    }
}
