package org.archivesync.agent.importer;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.poi.ss.util.CellReference;

/**
 * Finds the header row among the top rows of a sheet. File lists open with title rows (the
 * body's name, "MỤC LỤC HỒ SƠ", the fonds), often merged across the sheet; the header is the row
 * whose cells name the most known fields, and it must name one of the file's numbers (mã hồ sơ,
 * số và ký hiệu hồ sơ or hồ sơ số). A header may span two
 * rows, a merged "Thời gian" over "Bắt đầu" and "Kết thúc": the second row is taken in when
 * reading each of its cells under its parent names more fields.
 */
final class HeaderDetector {

    private HeaderDetector() {
    }

    static HeaderLayout detect(List<RawRow> topRows, HeaderAliases aliases, int scanRows, String fileName) {
        RawRow best = null;
        Candidate bestCandidate = null;
        for (RawRow row : topRows) {
            if (row.number() > scanRows) {
                continue;
            }
            Candidate candidate = map(headerTexts(row), new TreeMap<>(), aliases);
            if (candidate.hasFileCode() && (bestCandidate == null || candidate.score() > bestCandidate.score())) {
                best = row;
                bestCandidate = candidate;
            }
        }
        if (best == null) {
            throw ImportRefusedException.noHeader(fileName, scanRows);
        }
        long below = best.number() + 1;
        for (RawRow row : topRows) {
            if (row.number() == below) {
                Candidate twoRows = map(headerTexts(best), headerTexts(row), aliases);
                if (twoRows.hasFileCode() && twoRows.score() > bestCandidate.score()) {
                    return twoRows.layout(best.number(), row.number(), List.of(keys(best), keys(row)));
                }
            }
        }
        return bestCandidate.layout(best.number(), best.number(), List.of(keys(best)));
    }

    /** The header row's cells as comparison keys, by column: what a repeated header is compared with. */
    private static Map<Integer, String> keys(RawRow row) {
        Map<Integer, String> keys = new HashMap<>();
        headerTexts(row).forEach((column, text) -> keys.put(column, TextKey.of(text)));
        return Map.copyOf(keys);
    }

    /**
     * The "(1) (2) (3) ..." row that Vietnamese forms put under the header to number the columns.
     */
    static boolean isColumnNumbering(RawRow row) {
        int expected = 1;
        for (RawCell cell : row.cells()) {
            if (cell.isBlank()) {
                continue;
            }
            String text = cell.text().replace("(", "").replace(")", "").strip();
            if (!text.equals(Integer.toString(expected))) {
                return false;
            }
            expected++;
        }
        return expected > 3;
    }

    static TreeMap<Integer, String> headerTexts(RawRow row) {
        TreeMap<Integer, String> texts = new TreeMap<>();
        for (RawCell cell : row.cells()) {
            if (cell.kind() == RawCell.Kind.TEXT && !cell.isBlank()) {
                String text = LegacyVietnamese.repair(cell.text(), cell.font()).text();
                texts.put(cell.column(), text.replace('\u00A0', ' ').strip().replaceAll("\\s+", " "));
            }
        }
        return texts;
    }

    /** Maps a header row, with the row below read under it when {@code below} is not empty. */
    private static Candidate map(TreeMap<Integer, String> header, TreeMap<Integer, String> below,
                                 HeaderAliases aliases) {
        Set<Integer> columnIndexes = new TreeSet<>(header.keySet());
        columnIndexes.addAll(below.keySet());
        List<ReportColumn> columns = new ArrayList<>();
        List<ReportColumn> unknown = new ArrayList<>();
        Set<FileField> seen = EnumSet.noneOf(FileField.class);
        for (int index : columnIndexes) {
            String text = header.get(index);
            String sub = below.get(index);
            if (sub != null) {
                // A blank cell over a sub-header lies under a merged parent to its left.
                var parent = header.floorEntry(index);
                text = parent != null ? parent.getValue() + " / " + sub : sub;
            }
            String letter = CellReference.convertNumToColString(index);
            FileField field = aliases.match(text).orElse(null);
            if (field == null && sub != null) {
                field = aliases.match(sub).orElse(null);
            }
            if (field == null || !seen.add(field)) {
                // Unknown, or a second column for a field already taken: reported, not imported.
                unknown.add(new ReportColumn(letter, text, null));
            } else {
                columns.add(new ReportColumn(letter, text, field));
            }
        }
        return new Candidate(columns, unknown, seen);
    }

    private record Candidate(List<ReportColumn> columns, List<ReportColumn> unknown, Set<FileField> fields) {

        boolean hasFileCode() {
            return fields.contains(FileField.FILE_CODE) || fields.contains(FileField.REFERENCE)
                    || fields.contains(FileField.FILE_NUMBER);
        }

        int score() {
            return fields.size();
        }

        HeaderLayout layout(long headerRow, long lastHeaderRow, List<Map<Integer, String>> rowKeys) {
            return new HeaderLayout(headerRow, lastHeaderRow, columns, unknown, rowKeys);
        }
    }
}
