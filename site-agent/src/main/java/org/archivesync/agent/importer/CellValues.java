package org.archivesync.agent.importer;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.poi.ss.usermodel.DateUtil;
import org.archivesync.avro.AccessRegime;
import org.archivesync.avro.DatePrecision;
import org.archivesync.avro.RetentionKind;
import org.archivesync.avro.SecretLevel;

/** Reads cell values the way offices write them. Every parser returns null for "not understood". */
final class CellValues {

    /**
     * A date as written: the first day of the period its precision names (2003 is 2003-01-01 with YEAR, 06/2003 is
     * 2003-06-01 with MONTH). No day is ever invented.
     */
    record When(LocalDate date, DatePrecision precision) {
    }

    /**
     * A cell's period: one date (start and end the same) or a range written in one cell ("2008-2009").
     *
     * @param range whether the cell held two dates
     */
    record DateSpan(When start, When end, boolean range) {

        static DateSpan of(When when) {
            return new DateSpan(when, when, false);
        }
    }

    record Retention(RetentionKind kind, Integer years) {
    }

    record Access(AccessRegime regime, SecretLevel level) {
    }

    /** A count, or the reason it is not one. */
    record Count(Integer value, ProblemReason problem) {
    }

    private static final int FIRST_YEAR = 1800;
    private static final int LAST_YEAR = 2100;
    // Serial numbers below this are days in 1900-1908: in a date column they are junk, not dates.
    private static final int FIRST_SERIAL = 3_000;
    private static final int LAST_SERIAL = 2_958_465;

    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern ISO = Pattern.compile("(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:[t ].*)?");
    private static final Pattern DAY = Pattern.compile("(\\d{1,2})\\s*[/.-]\\s*(\\d{1,2})\\s*[/.-]\\s*(\\d{4})");
    private static final Pattern MONTH = Pattern.compile("(?:thang\\s*|t\\s*)?(\\d{1,2})\\s*[/.-]\\s*(\\d{4})");
    private static final Pattern YEAR = Pattern.compile("(?:nam\\s*)?(\\d{4})");
    private static final Pattern WORDS_DAY = Pattern.compile("ngay\\s*(\\d{1,2})\\s*thang\\s*(\\d{1,2})\\s*nam\\s*(\\d{4})");
    private static final Pattern WORDS_MONTH = Pattern.compile("thang\\s*(\\d{1,2})\\s*nam\\s*(\\d{4})");
    private static final Pattern SERIAL = Pattern.compile("\\d{4,7}(?:\\.\\d+)?");
    private static final Pattern RANGE_SEPARATOR = Pattern.compile("\\s*(?:-|–|—|~|\\bden\\b)\\s*");
    private static final Pattern COUNT = Pattern.compile("([+-]?\\d+)(?:[.,]0+)?\\s*(?:to|trang|t)?\\.?");
    private static final Pattern YEARS = Pattern.compile("(\\d{1,3})\\s*(?:nam)?\\.?");

    private static final Map<String, Access> ACCESS = Map.ofEntries(
            Map.entry("", new Access(AccessRegime.OPEN, null)),
            Map.entry("thuong", new Access(AccessRegime.OPEN, null)),
            Map.entry("binh thuong", new Access(AccessRegime.OPEN, null)),
            Map.entry("cong khai", new Access(AccessRegime.OPEN, null)),
            Map.entry("mo", new Access(AccessRegime.OPEN, null)),
            Map.entry("rong rai", new Access(AccessRegime.OPEN, null)),
            Map.entry("su dung rong rai", new Access(AccessRegime.OPEN, null)),
            Map.entry("han che", new Access(AccessRegime.RESTRICTED, null)),
            Map.entry("han che su dung", new Access(AccessRegime.RESTRICTED, null)),
            Map.entry("su dung han che", new Access(AccessRegime.RESTRICTED, null)),
            Map.entry("mat", new Access(AccessRegime.STATE_SECRET, SecretLevel.CONFIDENTIAL)),
            Map.entry("toi mat", new Access(AccessRegime.STATE_SECRET, SecretLevel.SECRET)),
            Map.entry("tuyet mat", new Access(AccessRegime.STATE_SECRET, SecretLevel.TOP_SECRET)));

    private static final Map<String, String> LANGUAGES = Map.ofEntries(
            Map.entry("vi", "vi"), Map.entry("viet", "vi"), Map.entry("tieng viet", "vi"), Map.entry("viet nam", "vi"),
            Map.entry("en", "en"), Map.entry("anh", "en"), Map.entry("tieng anh", "en"),
            Map.entry("fr", "fr"), Map.entry("phap", "fr"), Map.entry("tieng phap", "fr"),
            Map.entry("ru", "ru"), Map.entry("nga", "ru"), Map.entry("tieng nga", "ru"),
            Map.entry("zh", "zh"), Map.entry("trung", "zh"), Map.entry("tieng trung", "zh"), Map.entry("hoa", "zh"),
            Map.entry("tieng hoa", "zh"),
            Map.entry("km", "km"), Map.entry("khmer", "km"), Map.entry("tieng khmer", "km"),
            Map.entry("de", "de"), Map.entry("duc", "de"), Map.entry("tieng duc", "de"),
            Map.entry("ja", "ja"), Map.entry("nhat", "ja"), Map.entry("tieng nhat", "ja"),
            Map.entry("lo", "lo"), Map.entry("lao", "lo"), Map.entry("tieng lao", "lo"));

    private CellValues() {
    }

    /**
     * dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy (DAY); mm/yyyy, "T6/2003", "tháng 6/2003", "tháng 3 năm 2003" (MONTH);
     * "năm 2003", 2003 (YEAR); "ngày 5 tháng 3 năm 2003", ISO dates, Excel serial numbers (DAY); and ranges of any two
     * of these ("2001-2004", "2008 - 2009", "03/2008-05/2009", "12/3/2008 - 4/5/2009", "từ 2001 đến 2004").
     */
    static DateSpan parseDate(String text) {
        String key = SPACES.matcher(TextKey.stripDiacritics(text).toLowerCase(Locale.ROOT).strip()).replaceAll(" ");
        if (key.startsWith("tu ")) {
            key = key.substring(3);
        }
        DateSpan single = parseSingleDate(key);
        if (single != null) {
            return single;
        }
        Matcher separator = RANGE_SEPARATOR.matcher(key);
        while (separator.find()) {
            DateSpan from = parseSingleDate(key.substring(0, separator.start()).strip());
            DateSpan to = parseSingleDate(key.substring(separator.end()).strip());
            if (from != null && to != null) {
                return new DateSpan(from.start(), to.end(), true);
            }
        }
        return null;
    }

    /** A date cell or a number in a date column: an Excel serial, or a bare year such as 2003. */
    static DateSpan dateFromNumber(double number, boolean date1904) {
        if (number == Math.rint(number) && number >= FIRST_YEAR && number <= LAST_YEAR) {
            return year((int) number);
        }
        if (number < FIRST_SERIAL || number > LAST_SERIAL) {
            return null;
        }
        LocalDate day = DateUtil.getLocalDateTime(number, date1904).toLocalDate();
        return DateSpan.of(new When(day, DatePrecision.DAY));
    }

    private static DateSpan parseSingleDate(String key) {
        try {
            Matcher m;
            if ((m = ISO.matcher(key)).matches()) {
                return day(m.group(1), m.group(2), m.group(3));
            }
            if ((m = DAY.matcher(key)).matches()) {
                return day(m.group(3), m.group(2), m.group(1));
            }
            if ((m = WORDS_DAY.matcher(key)).matches()) {
                return day(m.group(3), m.group(2), m.group(1));
            }
            if ((m = MONTH.matcher(key)).matches() || (m = WORDS_MONTH.matcher(key)).matches()) {
                YearMonth month = YearMonth.of(checkedYear(m.group(2)), Integer.parseInt(m.group(1)));
                return DateSpan.of(new When(month.atDay(1), DatePrecision.MONTH));
            }
            if ((m = YEAR.matcher(key)).matches()) {
                int year = Integer.parseInt(m.group(1));
                return year >= FIRST_YEAR && year <= LAST_YEAR ? year(year) : dateFromSerialText(key);
            }
            if (SERIAL.matcher(key).matches()) {
                return dateFromSerialText(key);
            }
        } catch (DateTimeException | NumberFormatException notADate) {
            return null;
        }
        return null;
    }

    private static DateSpan dateFromSerialText(String key) {
        // A CSV exported from a date column left in "General" format holds the serial number.
        return SERIAL.matcher(key).matches() ? dateFromNumber(Double.parseDouble(key), false) : null;
    }

    private static DateSpan day(String year, String month, String day) {
        LocalDate date = LocalDate.of(checkedYear(year), Integer.parseInt(month), Integer.parseInt(day));
        return DateSpan.of(new When(date, DatePrecision.DAY));
    }

    private static DateSpan year(int year) {
        return DateSpan.of(new When(LocalDate.of(year, 1, 1), DatePrecision.YEAR));
    }

    /**
     * Whether {@code end} lies before {@code start}, compared at the coarser of the two precisions written: 03/2004
     * to 2004 is not reversed (both are 2004 to the year), 2005 to 06/2004 is.
     */
    static boolean endsBeforeStart(When start, When end) {
        DatePrecision coarser = start.precision().ordinal() > end.precision().ordinal() ? start.precision()
                : end.precision();
        return truncate(end.date(), coarser).isBefore(truncate(start.date(), coarser));
    }

    private static LocalDate truncate(LocalDate date, DatePrecision precision) {
        return switch (precision) {
            case YEAR -> date.withDayOfYear(1);
            case MONTH -> date.withDayOfMonth(1);
            default -> date;
        };
    }

    private static int checkedYear(String text) {
        int year = Integer.parseInt(text);
        if (year < FIRST_YEAR || year > LAST_YEAR) {
            throw new DateTimeException("year out of range");
        }
        return year;
    }

    /**
     * "Vĩnh viễn", "VV", "vinh vien" are permanent; "10 năm", "10", "70" are that many years; the pre-2011 values
     * "Lâu dài" and "Tạm thời" are kept as the legacy kinds, never turned into years.
     */
    static Retention parseRetention(String text) {
        String key = TextKey.of(text);
        if (key.equals("vinh vien") || key.equals("vv") || key.equals("vinh vien vv")) {
            return new Retention(RetentionKind.PERMANENT, null);
        }
        if (key.equals("lau dai") || key.equals("ld")) {
            return new Retention(RetentionKind.LEGACY_LONG_TERM, null);
        }
        if (key.equals("tam thoi") || key.equals("tt")) {
            return new Retention(RetentionKind.LEGACY_TEMPORARY, null);
        }
        Matcher m = YEARS.matcher(TextKey.stripDiacritics(text).toLowerCase(Locale.ROOT).strip());
        if (m.matches()) {
            int years = Integer.parseInt(m.group(1));
            return years > 0 ? new Retention(RetentionKind.FIXED_TERM, years) : null;
        }
        return null;
    }

    static Retention retentionFromNumber(double number) {
        return number == Math.rint(number) && number > 0 && number < 1000
                ? new Retention(RetentionKind.FIXED_TERM, (int) number) : null;
    }

    /** Blank, "Thường", "Công khai", "Sử dụng rộng rãi"; "Hạn chế"; "Mật", "Tối mật", "Tuyệt mật". */
    static Access parseAccess(String text) {
        return ACCESS.get(TextKey.of(text));
    }

    /** "12", "12 tờ", "12 trang", 12. */
    static Count parseCount(String text) {
        Matcher m = COUNT.matcher(TextKey.stripDiacritics(text).toLowerCase(Locale.ROOT).strip());
        if (!m.matches()) {
            return new Count(null, ProblemReason.UNPARSEABLE_NUMBER);
        }
        return count(new BigDecimal(m.group(1)));
    }

    static Count countFromNumber(double number) {
        if (number != Math.rint(number)) {
            return new Count(null, ProblemReason.UNPARSEABLE_NUMBER);
        }
        return count(BigDecimal.valueOf(number));
    }

    private static Count count(BigDecimal value) {
        if (value.signum() < 0) {
            return new Count(null, ProblemReason.NEGATIVE_COUNT);
        }
        if (value.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
            return new Count(null, ProblemReason.UNPARSEABLE_NUMBER);
        }
        return new Count(value.intValueExact(), null);
    }

    /** ISO 639-1 codes, comma-separated when the cell names several ("Việt, Anh" is "vi,en"). */
    static String parseLanguage(String text) {
        Set<String> codes = new LinkedHashSet<>();
        for (String part : TextKey.stripDiacritics(text).toLowerCase(Locale.ROOT).split("[,;/+&]|\\s-\\s|\\bva\\b")) {
            String key = TextKey.of(part);
            if (key.isEmpty()) {
                continue;
            }
            String code = LANGUAGES.get(key);
            if (code == null) {
                return null;
            }
            codes.add(code);
        }
        return codes.isEmpty() ? null : String.join(",", codes);
    }

    /** Keywords separated by ";" or "," or line breaks. */
    static List<String> parseKeywords(String text) {
        List<String> keywords = new ArrayList<>();
        for (String part : text.split("[;,\\n]")) {
            String keyword = part.strip();
            if (!keyword.isEmpty()) {
                keywords.add(keyword);
            }
        }
        return keywords;
    }

    /** A number as a clerk wrote it: 12 rather than 12.0. */
    static String numberText(double number) {
        if (number == Math.rint(number) && Math.abs(number) < 1e15) {
            return Long.toString((long) number);
        }
        return BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
    }
}
