package org.archivesync.agent.importer;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells the rows of a mục lục that are not files: the title block above the header, classification headings
 * ("I. TỔNG HỢP", "1. Nông nghiệp") and the totals or closing line ("Tổng cộng", "Mục lục này gồm 1.234 hồ sơ").
 * Repeated headers and column-number rows are told by {@link HeaderLayout#repeatsHeader} and
 * {@link HeaderDetector#isColumnNumbering}.
 */
final class SheetFurniture {

    /** A closing line and the number of files it states, or null when it states none. */
    record Closing(int column, String text, Long statedCount) {
    }

    // "I. TỔNG HỢP", "II) QUY HOẠCH", "1. Nông nghiệp", "A. Văn bản": a numbering, a dot or bracket, a space, words.
    private static final Pattern NUMBERED_HEADING =
            Pattern.compile("(?:[IVXLC]{1,6}|\\d{1,3}(?:\\.\\d{1,3})*|[A-Z])\\s*[.)]\\s+\\p{L}.*");
    // A numbering alone in its cell: a Roman numeral (group 1), a number or a capital letter, maybe with a dot.
    private static final Pattern NUMBERING = Pattern.compile("(?:([IVXLC]{1,6})|\\d{1,3}|[A-Z])[.)]?");
    private static final Pattern STATED_COUNT = Pattern.compile("(\\d{1,3}(?:[.,\\s]\\d{3})+|\\d+)\\s*ho so");
    private static final Pattern TITLE_LINE = Pattern.compile(
            "\\b(ten phong|phong so|so phong|muc luc so|so muc luc)\\s*[:.]?\\s*");

    private SheetFurniture() {
    }

    /**
     * The heading text when the row is a classification heading, with nothing else in the row and only in columns at or
     * left of the title column: one text numbered like a heading ("I. TỔNG HỢP", "1. Nông nghiệp") or written in
     * capitals; or a numbering alone in its cell ("II" in the STT column) followed by the heading's text ("QUY HOẠCH"),
     * when the numbering is a Roman numeral or the text is in capitals. The second form reads as "II. QUY HOẠCH".
     */
    static String heading(RawRow row, HeaderLayout layout) {
        RawCell first = null;
        RawCell second = null;
        for (RawCell cell : row.cells()) {
            if (cell.isBlank()) {
                continue;
            }
            if (second != null || cell.isFormula()) {
                return null;
            }
            if (first == null) {
                first = cell;
            } else {
                second = cell;
            }
        }
        if (first == null) {
            return null;
        }
        int titleColumn = layout.column(FileField.TITLE);
        RawCell last = second != null ? second : first;
        if (titleColumn >= 0 && last.column() > titleColumn || last.kind() != RawCell.Kind.TEXT) {
            return null;
        }
        String text = nfc(last).replaceAll("\\s+", " ").strip();
        if (second == null) {
            return NUMBERED_HEADING.matcher(text).matches() || isCapitals(text) ? text : null;
        }
        String numbering = first.text().strip();
        Matcher m = NUMBERING.matcher(numbering);
        if (!m.matches() || !(m.group(1) != null || isCapitals(text))) {
            return null;
        }
        return numbering.replaceAll("[.)]$", "") + ". " + text;
    }

    private static boolean isCapitals(String text) {
        int letters = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isLetter(c)) {
                if (!Character.isUpperCase(c)) {
                    return false;
                }
                letters++;
            }
        }
        return letters >= 4 && text.indexOf(' ') > 0;
    }

    /**
     * The closing line when the row is one: its first text starts "Tổng cộng", "Cộng" (alone or before a number) or
     * "Mục lục này gồm", and the row gives no retention (a file would).
     */
    static Closing closing(RawRow row, HeaderLayout layout) {
        RawCell first = null;
        for (RawCell cell : row.cells()) {
            if (!cell.isBlank()) {
                first = cell;
                break;
            }
        }
        if (first == null || first.kind() != RawCell.Kind.TEXT) {
            return null;
        }
        String text = nfc(first).strip();
        String key = TextKey.of(text);
        boolean closing = key.startsWith("tong cong") || key.equals("cong") || key.matches("cong \\d.*")
                || key.startsWith("muc luc nay gom") || key.startsWith("tong so ho so");
        if (!closing) {
            return null;
        }
        int retention = layout.column(FileField.RETENTION);
        if (retention >= 0 && retention != first.column()) {
            RawCell cell = row.cell(retention);
            if (cell != null && !cell.isBlank()) {
                return null;
            }
        }
        Matcher m = STATED_COUNT.matcher(TextKey.stripDiacritics(text).toLowerCase(Locale.ROOT));
        Long stated = m.find() ? Long.valueOf(m.group(1).replaceAll("\\D", "")) : null;
        return new Closing(first.column(), text, stated);
    }

    /** Reads the title block from the rows above the header; lines it does not know are ignored. */
    static TitleBlock titleBlock(List<RawRow> rowsAbove) {
        String name = null;
        String number = null;
        String list = null;
        for (RawRow row : rowsAbove) {
            for (RawCell cell : row.cells()) {
                if (cell.kind() != RawCell.Kind.TEXT || cell.isBlank()) {
                    continue;
                }
                String text = nfc(cell).replace('\u00A0', ' ');
                String folded = TextKey.stripDiacritics(text).toLowerCase(Locale.ROOT);
                if (folded.length() != text.length()) {
                    continue;
                }
                Matcher m = TITLE_LINE.matcher(folded);
                int from = 0;
                while (m.find(from)) {
                    String label = m.group(1);
                    // The value runs to the next label on the same line, if any.
                    Matcher next = TITLE_LINE.matcher(folded);
                    int end = next.find(m.end()) ? next.start() : text.length();
                    String value = text.substring(m.end(), end).strip();
                    value = value.replaceAll("[,;.]$", "").strip();
                    if (!value.isEmpty()) {
                        switch (label) {
                            case "ten phong" -> name = name == null ? value : name;
                            case "phong so", "so phong" -> number = number == null ? value : number;
                            default -> list = list == null ? value : list;
                        }
                    }
                    from = end;
                    if (from >= folded.length()) {
                        break;
                    }
                }
            }
        }
        return name == null && number == null && list == null ? TitleBlock.NONE : new TitleBlock(name, number, list);
    }

    private static String nfc(RawCell cell) {
        return Normalizer.normalize(LegacyVietnamese.repair(cell.text(), cell.font()).text(), Normalizer.Form.NFC);
    }
}
