package org.archivesync.agent.recording;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.Normalizer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.archivesync.avro.DatePrecision;

/** Field checks shared by the commands; each failure is a refusal naming the field. Text comes out NFC-normalised. */
final class Fields {

    static final int MAX_CODE = 64;
    static final int MAX_NAME = 500;
    static final int MAX_TEXT = 4000;
    /** Avro decimal(12, 2): at most ten digits before the point. */
    private static final BigDecimal MAX_METRES = new BigDecimal("9999999999.99");

    private Fields() {
    }

    static RecordingRefusedException refuse(Refusal reason, String field, Object... args) {
        return new RecordingRefusedException(reason, field, 0, args);
    }

    static <T> T required(T value, String field) {
        if (value == null) {
            throw refuse(Refusal.REQUIRED, field);
        }
        return value;
    }

    static String code(String value, String field) {
        String v = optionalCode(value, field);
        if (v == null) {
            throw refuse(Refusal.REQUIRED, field);
        }
        return v;
    }

    static String optionalCode(String value, String field) {
        return optionalText(value, field, MAX_CODE);
    }

    static String text(String value, String field, int max) {
        String v = optionalText(value, field, max);
        if (v == null) {
            throw refuse(Refusal.REQUIRED, field);
        }
        return v;
    }

    static String optionalText(String value, String field, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = Normalizer.normalize(value.strip(), Normalizer.Form.NFC);
        if (v.length() > max) {
            throw refuse(Refusal.TOO_LONG, field, max);
        }
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            if (Character.isISOControl(ch) && ch != '\n' && ch != '\t') {
                throw refuse(Refusal.CONTROL_CHARACTERS, field);
            }
        }
        return v;
    }

    /** Keywords: blanks dropped, each one line, no repeats. */
    static List<String> keywords(List<String> values, String field) {
        if (values == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < values.size(); i++) {
            String k = optionalText(values.get(i), field + "[" + i + "]", MAX_NAME);
            if (k != null) {
                k = k.replaceAll("\\s+", " ");
                if (seen.add(k)) {
                    out.add(k);
                }
            }
        }
        return List.copyOf(out);
    }

    static List<String> codes(List<String> values, String field) {
        if (values == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            String c = code(values.get(i), field + "[" + i + "]");
            if (out.contains(c)) {
                throw refuse(Refusal.DUPLICATE_IN_LIST, field + "[" + i + "]", c);
            }
            out.add(c);
        }
        return List.copyOf(out);
    }

    static List<BoxKey> boxes(List<BoxKey> values, String field) {
        if (values == null) {
            return List.of();
        }
        List<BoxKey> out = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            BoxKey k = required(values.get(i), field + "[" + i + "]");
            BoxKey n = new BoxKey(code(k.fondsCode(), field + "[" + i + "].fondsCode"),
                    code(k.boxCode(), field + "[" + i + "].boxCode"));
            if (out.contains(n)) {
                throw refuse(Refusal.DUPLICATE_IN_LIST, field + "[" + i + "]", n.fondsCode() + "/" + n.boxCode());
            }
            out.add(n);
        }
        return List.copyOf(out);
    }

    static List<FileKey> files(List<FileKey> values, String field) {
        if (values == null) {
            return List.of();
        }
        List<FileKey> out = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            FileKey k = required(values.get(i), field + "[" + i + "]");
            FileKey n = new FileKey(code(k.fondsCode(), field + "[" + i + "].fondsCode"),
                    code(k.fileCode(), field + "[" + i + "].fileCode"));
            if (out.contains(n)) {
                throw refuse(Refusal.DUPLICATE_IN_LIST, field + "[" + i + "]", n.fondsCode() + "/" + n.fileCode());
            }
            out.add(n);
        }
        return List.copyOf(out);
    }

    /** Linear metres or m²: not negative, at most two decimals, scaled to exactly two. */
    static BigDecimal metres(BigDecimal value, String field) {
        BigDecimal v = required(value, field);
        return optionalMetres(v, field);
    }

    static BigDecimal optionalMetres(BigDecimal value, String field) {
        if (value == null) {
            return null;
        }
        if (value.signum() < 0) {
            throw refuse(Refusal.NEGATIVE, field);
        }
        BigDecimal scaled;
        try {
            scaled = value.setScale(2, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw refuse(Refusal.TOO_PRECISE, field);
        }
        if (scaled.compareTo(MAX_METRES) > 0) {
            throw refuse(Refusal.TOO_PRECISE, field);
        }
        return scaled;
    }

    static BigDecimal positiveMetres(BigDecimal value, String field) {
        BigDecimal v = metres(value, field);
        if (v.signum() == 0) {
            throw refuse(Refusal.NOT_POSITIVE, field);
        }
        return v;
    }

    static Integer nonNegative(Integer value, String field) {
        if (value != null && value < 0) {
            throw refuse(Refusal.NEGATIVE, field);
        }
        return value;
    }

    /** A date that has happened; {@code latest} already allows for the office's time zone. */
    static LocalDate pastDate(LocalDate value, String field, LocalDate latest) {
        LocalDate v = required(value, field);
        return optionalPastDate(v, field, latest);
    }

    static LocalDate optionalPastDate(LocalDate value, String field, LocalDate latest) {
        if (value != null && value.isAfter(latest)) {
            throw refuse(Refusal.IN_FUTURE, field);
        }
        return value;
    }

    static void ordered(LocalDate start, LocalDate end, String endField) {
        ordered(start, DatePrecision.DAY, end, DatePrecision.DAY, endField);
    }

    /**
     * Start before end, compared by periods: the end period must not finish before the start period begins, so
     * "2003" to "06/2003" and "15/06/2003" to "2003" are both in order.
     */
    static void ordered(LocalDate start, DatePrecision startPrecision, LocalDate end, DatePrecision endPrecision,
                        String endField) {
        if (start != null && end != null && lastDay(end, endPrecision).isBefore(start)) {
            throw refuse(Refusal.DATE_ORDER, endField);
        }
    }

    /**
     * How much of a date the list states; DAY when not given, and DAY when there is no date (a precision alone says
     * nothing). A month or a year is held as the first day of that period, so 2003-06-15 cannot be a MONTH.
     */
    static DatePrecision precision(LocalDate date, DatePrecision precision, String dateField) {
        if (date == null || precision == null) {
            return DatePrecision.DAY;
        }
        boolean first = switch (precision) {
            case DAY -> true;
            case MONTH -> date.getDayOfMonth() == 1;
            case YEAR -> date.getDayOfYear() == 1;
        };
        if (!first) {
            throw refuse(Refusal.DATE_PRECISION, dateField, precision.name());
        }
        return precision;
    }

    /** The last day of the period a date with this precision names. */
    static LocalDate lastDay(LocalDate date, DatePrecision precision) {
        return switch (precision) {
            case DAY -> date;
            case MONTH -> date.plusMonths(1).minusDays(1);
            case YEAR -> date.plusYears(1).minusDays(1);
        };
    }

    /** A part that may not exceed its whole (packed metres of the sorted ones); unchecked when either is not given. */
    static void atMost(BigDecimal part, BigDecimal whole, String partField, String wholeField) {
        if (part != null && whole != null && part.compareTo(whole) > 0) {
            throw refuse(Refusal.EXTENT_EXCEEDS, partField, wholeField);
        }
    }

    /** ISO 639-1: two lower-case letters; a file in several languages lists them with commas ("vi,fr"). */
    static String language(String value, String field) {
        String v = optionalText(value, field, 16);
        if (v != null && !v.matches("[a-z]{2}(,[a-z]{2})*")) {
            throw refuse(Refusal.LANGUAGE, field);
        }
        return v;
    }

    /** Approver names compare without case, spacing or Unicode composition differences. */
    static String person(String value) {
        return Normalizer.normalize(value, Normalizer.Form.NFC).strip().replaceAll("\\s+", " ").toLowerCase(java.util.Locale.ROOT);
    }
}
