package org.archivesync.agent.cli;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.archivesync.avro.DatePrecision;
import picocli.CommandLine;

/**
 * A date as a mục lục writes it, with how much of it is stated: {@code 2003} (a year), {@code 06/2003} (a month), or a
 * day as {@code 2003-06-12} or {@code 12/06/2003}. A year or a month is held as the first day of its period.
 */
record ListedDate(LocalDate date, DatePrecision precision) {

    private static final Pattern YEAR = Pattern.compile("(\\d{4})");
    private static final Pattern MONTH = Pattern.compile("(\\d{1,2})[/.-](\\d{4})");
    private static final Pattern DAY = Pattern.compile("(\\d{1,2})[/.](\\d{1,2})[/.](\\d{4})");

    static ListedDate parse(String text) {
        String v = text.strip();
        try {
            Matcher m = YEAR.matcher(v);
            if (m.matches()) {
                return new ListedDate(LocalDate.of(Integer.parseInt(m.group(1)), 1, 1), DatePrecision.YEAR);
            }
            m = MONTH.matcher(v);
            if (m.matches()) {
                return new ListedDate(LocalDate.of(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(1)), 1),
                        DatePrecision.MONTH);
            }
            m = DAY.matcher(v);
            if (m.matches()) {
                return new ListedDate(LocalDate.of(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(1))), DatePrecision.DAY);
            }
            return new ListedDate(LocalDate.parse(v), DatePrecision.DAY);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    static final class Converter implements CommandLine.ITypeConverter<ListedDate> {
        @Override
        public ListedDate convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("yyyy, mm/yyyy, yyyy-mm-dd or dd/mm/yyyy expected: " + value);
            }
        }
    }
}
