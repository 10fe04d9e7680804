package org.archivesync.hub.catalogue;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import org.archivesync.avro.DatePrecision;

/**
 * A date as a mục lục states it: a day (12/06/2003), a month (06/2003) or a year (2003), never more than was written.
 * {@code date} is the first day of the period {@code precision} names (the contract's DatePrecision); the day or
 * month it carries beyond the precision is not a fact and is never shown.
 *
 * @param date the first day of the period, never null
 * @param precision DAY, MONTH or YEAR, never null
 */
public record RecordDate(LocalDate date, String precision) {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MM/yyyy");
    private static final DateTimeFormatter ISO_MONTH = DateTimeFormatter.ofPattern("yyyy-MM");

    /** Chronological, and for the same first day the wider period first: 2003, then 01/2003, then 01/01/2003. */
    public static final Comparator<RecordDate> CHRONOLOGY = Comparator.comparing(RecordDate::date)
            .thenComparingInt(d -> rank(d.precision()));

    public RecordDate {
        if (date == null || precision == null) {
            throw new IllegalArgumentException("a record date needs its date and its precision");
        }
        DatePrecision.valueOf(precision);
    }

    /** The date with its precision, or null when there is no date; a null precision is DAY. */
    public static RecordDate of(LocalDate date, String precision) {
        return date == null ? null : new RecordDate(date, precision == null ? DatePrecision.DAY.name() : precision);
    }

    /** The date of an ISO text to its precision ("2003", "2003-06", "2003-06-12"), or null for null. */
    public static RecordDate ofIso(String iso) {
        if (iso == null) {
            return null;
        }
        return switch (iso.length()) {
            case 4 -> new RecordDate(LocalDate.of(Integer.parseInt(iso), 1, 1), "YEAR");
            case 7 -> new RecordDate(LocalDate.parse(iso + "-01"), "MONTH");
            default -> new RecordDate(LocalDate.parse(iso), "DAY");
        };
    }

    /** The first day of the period the precision names: what the catalogue stores for {@code date}. */
    public static LocalDate firstDay(LocalDate date, DatePrecision precision) {
        if (date == null || precision == null) {
            return date;
        }
        return switch (precision) {
            case YEAR -> date.withDayOfYear(1);
            case MONTH -> date.withDayOfMonth(1);
            case DAY -> date;
        };
    }

    /** As a Vietnamese office writes it: "12/06/2003", "06/2003" or "2003". */
    public String text() {
        return switch (precision) {
            case "YEAR" -> Integer.toString(date.getYear());
            case "MONTH" -> MONTH.format(date);
            default -> DAY.format(date);
        };
    }

    /** ISO 8601 to the precision stated: "2003-06-12", "2003-06" or "2003" (the REST representation). */
    public String iso() {
        return switch (precision) {
            case "YEAR" -> Integer.toString(date.getYear());
            case "MONTH" -> ISO_MONTH.format(date);
            default -> date.toString();
        };
    }

    /** The last day of the period: 2003-12-31 for "2003". */
    public LocalDate lastDay() {
        return switch (precision) {
            case "YEAR" -> date.withDayOfYear(1).plusYears(1).minusDays(1);
            case "MONTH" -> date.withDayOfMonth(1).plusMonths(1).minusDays(1);
            default -> date;
        };
    }

    /** SQL ordering of a precision column next to its date, as {@link #CHRONOLOGY}: YEAR 0, MONTH 1, DAY 2. */
    public static String sqlRank(String column) {
        return "CASE " + column + " WHEN 'YEAR' THEN 0 WHEN 'MONTH' THEN 1 ELSE 2 END";
    }

    private static int rank(String precision) {
        return switch (precision) {
            case "YEAR" -> 0;
            case "MONTH" -> 1;
            default -> 2;
        };
    }
}
