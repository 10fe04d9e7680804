package org.archivesync.hub.exports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.text.Normalizer;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.archivesync.hub.api.NotFoundException;
import org.archivesync.hub.catalogue.RecordDate;
import org.archivesync.hub.custody.Custody;
import org.archivesync.hub.destruction.DestructionRegister;
import org.archivesync.hub.lineage.Lineage;
import org.archivesync.hub.lineage.Unit;
import org.archivesync.hub.sites.Site;
import org.archivesync.hub.sites.SiteDirectory;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The documents offices print and sign: the file list (mục lục hồ sơ) of a fonds or of a handover as .xlsx in the
 * layout of a mục lục, and the handover minutes (biên bản giao nhận) and the destruction record as PDF with an embedded
 * Vietnamese font, their tables in the same layout. A mục lục has a title block (tên phông, phông số / mã phông, mục
 * lục số), one section per mục lục number, the columns Hộp số | Hồ sơ số | Số và ký hiệu hồ sơ | Tiêu đề hồ sơ |
 * Thời gian | Số tờ | Thời hạn lưu trữ | Chế độ sử dụng | Ghi chú, rows in the order of the list (list number, then the
 * file number as written: its numeric part first, so 2 &lt; 10 &lt; 10a; never renumbered), the classification
 * headings (series) as rows of their own where the series changes, and the closing line "Mục lục này gồm N hồ sơ,
 * đánh số từ A đến B". Dates show as much as the list stated ("2003", "06/2003", "12/06/2003"); legacy retention values
 * ("Lâu dài", "Tạm thời") as written. Labels come from the message bundles in the caller's locale (Vietnamese by
 * default). A state-secret file never shows a title: its row says it is secret.
 */
public final class Exports {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    /** Hộp số | Hồ sơ số | Số và ký hiệu | Tiêu đề | Thời gian | Số tờ | Thời hạn lưu trữ | Chế độ sử dụng | Ghi chú. */
    private static final List<String> COLUMNS = List.of("box", "file-number", "reference", "title", "dates", "sheets",
            "retention", "access", "notes");
    private static final int SHEETS_COLUMN = 5;

    private static final String FONDS = "SELECT fonds_code, name, creating_body FROM fonds WHERE fonds_code = :fonds";
    private static final String LINE_COLUMNS = """
            f.fonds_code, f.file_code, f.file_number, f.reference, f.list_number, f.series, f.title, f.start_date,
            f.start_precision, f.end_date, f.end_precision, f.sheet_count, f.retention, f.retention_years,
            f.access_regime, f.secret_level, f.box_code, f.notes, f.custody_state, fo.name AS fonds_name
            """;
    // The mục lục order: fonds, list number, file number as written (numeric part first), then files without a number.
    private static final String ORDER = """
             ORDER BY f.fonds_code, substring(f.list_number FROM '^[0-9]{1,9}')::integer NULLS LAST, f.list_number NULLS LAST,
                substring(f.file_number FROM '^[0-9]{1,9}')::integer NULLS LAST, f.file_number NULLS LAST,
                f.box_code NULLS LAST, length(f.file_code), f.file_code""";
    private static final String FROM = " FROM files f LEFT JOIN fonds fo ON fo.fonds_code = f.fonds_code";
    private static final String FONDS_FILES = "SELECT " + LINE_COLUMNS + FROM
            + " WHERE f.fonds_code = :fonds AND f.custody_state NOT IN ('WITHDRAWN', 'DESTROYED')" + ORDER;
    // Boxes sent are named by box code, or by fonds and box code ("fonds/box") since boxes are numbered per fonds.
    private static final String HANDOVER_FILES = "SELECT " + LINE_COLUMNS + FROM + """
             WHERE f.custody_state <> 'WITHDRAWN' AND (
                (f.fonds_code || '/' || f.file_code) IN (SELECT item_key FROM handover_items
                                                         WHERE handover_id = :id AND item_kind = 'FILE' AND sent)
                OR (f.site_code = :sender AND (f.fonds_code, f.box_code) IN (
                        SELECT fonds_code, item_key FROM handover_items
                        WHERE handover_id = :id AND item_kind = 'BOX' AND sent)))
            """ + ORDER;
    private static final String FILES_BY_KEY = "SELECT " + LINE_COLUMNS + FROM
            + " WHERE (f.fonds_code || '/' || f.file_code) IN (:keys)" + ORDER;

    private final JdbcClient jdbc;
    private final MessageSource messages;
    private final Custody custody;
    private final DestructionRegister destructions;
    private final Lineage lineage;
    private final SiteDirectory sites;

    Exports(JdbcClient jdbc, MessageSource messages, Custody custody, DestructionRegister destructions, Lineage lineage,
            SiteDirectory sites) {
        this.jdbc = jdbc;
        this.messages = messages;
        this.custody = custody;
        this.destructions = destructions;
        this.lineage = lineage;
        this.sites = sites;
    }

    private record Line(String fondsCode, String fileCode, String fileNumber, String reference, String listNumber,
                        String series, String title, LocalDate start, String startPrecision, LocalDate end,
                        String endPrecision, Integer sheets, String retention, Integer years, String access,
                        String secretLevel, String box, String notes, String custody, String fondsName) {
    }

    /** One mục lục: the files of one fonds under one list number (null when the list gave none), in list order. */
    private record Section(String fondsCode, String fondsName, String listNumber, List<Line> lines) {
    }

    /**
     * The file list of a fonds (files not withdrawn or destroyed), one section per mục lục number.
     *
     * @throws NotFoundException when there is no such fonds
     */
    public byte[] fondsFileList(String fondsCode, Locale locale) {
        String[] fonds = jdbc.sql(FONDS).param("fonds", fondsCode)
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}).optional()
                .orElseThrow(() -> new NotFoundException("fonds", fondsCode));
        List<Line> lines = jdbc.sql(FONDS_FILES).param("fonds", fondsCode).query(Exports::line).list();
        List<String> titles = List.of(text("exports.file-list.title", locale),
                text("exports.file-list.fonds-name", locale, fonds[1]),
                text("exports.file-list.fonds-code", locale, fonds[0]),
                text("exports.file-list.creating-body", locale, fonds[2]));
        return workbook(titles, sections(lines), false, locale);
    }

    /**
     * The file list attached to a handover's minutes: the files the sender listed and the files in the boxes it listed,
     * one section per fonds and mục lục number.
     *
     * @throws NotFoundException when no side of the handover has been recorded
     */
    public byte[] handoverFileList(UUID handoverId, Locale locale) {
        Custody.HandoverDetail h = custody.handover(handoverId);
        List<Line> lines = handoverLines(h);
        List<String> titles = List.of(text("exports.file-list.title", locale),
                text("exports.file-list.handover", locale, nz(h.handover().minutesNumber()), day(h.handover().handedOverOn())),
                text("exports.minutes.sender", locale, siteName(h.handover().senderSiteCode())));
        return workbook(titles, sections(lines), true, locale);
    }

    /** The handover minutes (biên bản giao nhận) as PDF, with the receiver's side and differences when recorded. */
    public byte[] handoverMinutes(UUID handoverId, Locale locale) {
        Custody.HandoverDetail d = custody.handover(handoverId);
        Custody.Handover h = d.handover();
        List<Line> lines = handoverLines(d);
        try (PdfDocument pdf = new PdfDocument()) {
            motto(pdf, locale);
            pdf.centred(text("exports.minutes.title", locale), true, 14);
            pdf.centred(text("exports.minutes.number", locale, nz(h.minutesNumber())), false, 10.5f);
            pdf.gap(8);
            pdf.paragraph(text("exports.minutes.date", locale, day(h.handedOverOn())));
            pdf.paragraph(text("exports.minutes.sender", locale, siteName(h.senderSiteCode())));
            pdf.paragraph(text("exports.minutes.receiver", locale, receiver(h, locale)));
            pdf.paragraph(text("exports.minutes.content", locale, metres(h.metres()), d.sentBoxes().size(), lines.size()));
            if (!d.sentBoxes().isEmpty()) {
                pdf.paragraph(text("exports.minutes.boxes", locale, String.join(", ", d.sentBoxes())));
            }
            if (h.receiverSiteCode() == null) {
                pdf.paragraph(text("exports.minutes.not-received", locale));
            } else {
                pdf.paragraph(text("exports.minutes.received", locale, day(h.receivedOn()), metres(h.receivedMetres())));
                Custody.Differences x = d.differences();
                listed(pdf, "exports.minutes.missing-boxes", x.missingBoxes(), locale);
                listed(pdf, "exports.minutes.extra-boxes", x.extraBoxes(), locale);
                listed(pdf, "exports.minutes.missing-files", x.missingFiles(), locale);
                listed(pdf, "exports.minutes.extra-files", x.extraFiles(), locale);
                if (x.metresDifference() != null && x.metresDifference().signum() != 0) {
                    pdf.paragraph(text("exports.minutes.metres-difference", locale, metres(x.metresDifference())));
                }
                if (org.archivesync.hub.catalogue.SecretText.WITHHELD.equals(x.receiverNote())) {
                    pdf.paragraph(text("exports.minutes.note-withheld", locale));
                } else if (x.receiverNote() != null) {
                    pdf.paragraph(text("exports.minutes.note", locale, x.receiverNote()));
                }
            }
            pdf.gap(8);
            table(pdf, sections(lines), locale);
            pdf.signatures(text("exports.minutes.sign-sender", locale), text("exports.minutes.sign-receiver", locale),
                    text("exports.minutes.sign-hint", locale));
            return pdf.bytes();
        }
    }

    /** The record of a destruction (biên bản hủy tài liệu) as PDF, with the files it destroyed. */
    public byte[] destructionRecord(UUID destructionId, Locale locale) {
        DestructionRegister.DestructionDetail d = destructions.destruction(destructionId);
        DestructionRegister.Destruction x = d.destruction();
        List<String> keys = d.files().stream().map(f -> f.fondsCode() + "/" + f.fileCode()).toList();
        List<Line> lines = keys.isEmpty() ? List.of()
                : jdbc.sql(FILES_BY_KEY).param("keys", keys).query(Exports::line).list().stream()
                        .map(l -> new Line(l.fondsCode(), l.fileCode(), l.fileNumber(), l.reference(), l.listNumber(),
                                l.series(), l.title(), l.start(), l.startPrecision(), l.end(), l.endPrecision(), l.sheets(),
                                l.retention(), l.years(), l.access(), l.secretLevel(), l.box(), null, "DESTROYED",
                                l.fondsName())).toList();
        try (PdfDocument pdf = new PdfDocument()) {
            motto(pdf, locale);
            pdf.centred(text("exports.destruction.title", locale), true, 13);
            pdf.centred(text("exports.destruction.number", locale, x.minutesNumber()), false, 10.5f);
            pdf.gap(8);
            pdf.paragraph(text("exports.destruction.site", locale, siteName(x.siteCode())));
            pdf.paragraph(text("exports.destruction.decision", locale, x.decisionRef()));
            pdf.paragraph(text("exports.destruction.date", locale, day(x.destroyedOn())));
            pdf.paragraph(text("exports.destruction.approvers", locale, x.firstApprover(), x.secondApprover()));
            if ("REFUSED".equals(x.status())) {
                pdf.paragraph(text("exports.destruction.refused", locale, x.refusal()));
            } else {
                pdf.paragraph(text("exports.destruction.content", locale, lines.size(), metres(x.metres())));
                pdf.gap(8);
                table(pdf, sections(lines), locale);
            }
            pdf.signatures(text("exports.destruction.sign-first", locale), text("exports.destruction.sign-second", locale),
                    text("exports.minutes.sign-hint", locale));
            return pdf.bytes();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    private List<Line> handoverLines(Custody.HandoverDetail h) {
        return jdbc.sql(HANDOVER_FILES).param("id", h.handover().handoverId())
                .param("sender", h.handover().senderSiteCode()).query(Exports::line).list();
    }

    private List<Section> sections(List<Line> lines) {
        List<Section> sections = new ArrayList<>();
        Section current = null;
        for (Line l : lines) {
            if (current == null || !current.fondsCode().equals(l.fondsCode())
                    || !Objects.equals(current.listNumber(), l.listNumber())) {
                current = new Section(l.fondsCode(), l.fondsName(), l.listNumber(), new ArrayList<>());
                sections.add(current);
            }
            current.lines().add(l);
        }
        return sections;
    }

    /** The heading of a section: its mục lục number, and its fonds when a document spans several. */
    private String sectionHeading(Section s, boolean withFonds, Locale locale) {
        String list = s.listNumber() == null ? text("exports.file-list.no-list-number", locale)
                : text("exports.file-list.list-number", locale, s.listNumber());
        return withFonds ? text("exports.file-list.section-fonds", locale, nz(s.fondsName()), s.fondsCode(), list) : list;
    }

    /** "Mục lục này gồm N hồ sơ, đánh số từ A đến B", the numbers as the list wrote them. */
    private String closing(Section s, Locale locale) {
        List<String> numbers = s.lines().stream().map(Line::fileNumber).filter(Objects::nonNull).toList();
        return numbers.isEmpty() ? text("exports.file-list.closing-unnumbered", locale, s.lines().size())
                : text("exports.file-list.closing", locale, s.lines().size(), numbers.get(0), numbers.get(numbers.size() - 1));
    }

    /** The rows of a section: a one-cell heading row where the series changes, then the file's nine cells. */
    private List<List<String>> rows(Section s, Locale locale) {
        List<List<String>> rows = new ArrayList<>();
        String series = null;
        for (Line l : s.lines()) {
            if (l.series() != null && !l.series().equals(series)) {
                rows.add(List.of(l.series()));
            }
            series = l.series();
            rows.add(values(l, locale));
        }
        return rows;
    }

    private byte[] workbook(List<String> titles, List<Section> sections, boolean withFonds, Locale locale) {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = wb.createSheet(text("exports.file-list.sheet", locale));
            Font boldFont = wb.createFont();
            boldFont.setBold(true);
            Font titleFont = wb.createFont();
            titleFont.setBold(true);
            titleFont.setFontHeightInPoints((short) 14);
            CellStyle title = wb.createCellStyle();
            title.setFont(titleFont);
            title.setAlignment(HorizontalAlignment.CENTER);
            CellStyle subtitle = wb.createCellStyle();
            subtitle.setAlignment(HorizontalAlignment.CENTER);
            CellStyle strong = wb.createCellStyle();
            strong.setFont(boldFont);
            CellStyle header = bordered(wb);
            header.setFont(boldFont);
            header.setAlignment(HorizontalAlignment.CENTER);
            header.setVerticalAlignment(VerticalAlignment.CENTER);
            header.setWrapText(true);
            CellStyle heading = bordered(wb);
            heading.setFont(boldFont);
            CellStyle cell = bordered(wb);
            cell.setWrapText(true);
            cell.setVerticalAlignment(VerticalAlignment.TOP);
            List<String> columns = columns(locale);
            int last = columns.size() - 1;
            int r = 0;
            for (int i = 0; i < titles.size(); i++) {
                merged(sheet, r++, titles.get(i), i == 0 ? title : subtitle, last);
            }
            for (Section s : sections) {
                r++;
                merged(sheet, r++, sectionHeading(s, withFonds, locale), strong, last);
                Row head = sheet.createRow(r++);
                for (int c = 0; c < columns.size(); c++) {
                    head.createCell(c).setCellValue(columns.get(c));
                    head.getCell(c).setCellStyle(header);
                }
                for (List<String> values : rows(s, locale)) {
                    if (values.size() == 1) {
                        Row row = merged(sheet, r++, values.get(0), heading, last);
                        for (int c = 1; c <= last; c++) {
                            row.createCell(c).setCellStyle(heading);
                        }
                        continue;
                    }
                    Row row = sheet.createRow(r++);
                    for (int c = 0; c < values.size(); c++) {
                        String v = values.get(c);
                        if (c == SHEETS_COLUMN && !v.isEmpty()) {
                            row.createCell(c).setCellValue(Integer.parseInt(v));
                        } else {
                            row.createCell(c).setCellValue(v);
                        }
                        row.getCell(c).setCellStyle(cell);
                    }
                }
                merged(sheet, r++, closing(s, locale), subtitle, last).getCell(0).setCellStyle(strong);
            }
            int[] widths = {8, 8, 16, 60, 20, 7, 12, 15, 28};
            for (int c = 0; c < widths.length; c++) {
                sheet.setColumnWidth(c, widths[c] * 256);
            }
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Row merged(Sheet sheet, int r, String value, CellStyle style, int lastColumn) {
        Row row = sheet.createRow(r);
        row.createCell(0).setCellValue(value);
        row.getCell(0).setCellStyle(style);
        sheet.addMergedRegion(new CellRangeAddress(r, r, 0, lastColumn));
        return row;
    }

    private static CellStyle bordered(XSSFWorkbook wb) {
        CellStyle s = wb.createCellStyle();
        s.setBorderTop(BorderStyle.THIN);
        s.setBorderBottom(BorderStyle.THIN);
        s.setBorderLeft(BorderStyle.THIN);
        s.setBorderRight(BorderStyle.THIN);
        return s;
    }

    private List<String> columns(Locale locale) {
        return COLUMNS.stream().map(k -> text("exports.column." + k, locale)).toList();
    }

    /** The nine cells of a line; a state-secret file's title cell stays empty and its note says why. */
    private List<String> values(Line l, Locale locale) {
        boolean secret = "STATE_SECRET".equals(l.access());
        String retention = switch (l.retention()) {
            case "PERMANENT" -> text("exports.retention.permanent", locale);
            case "FIXED_TERM" -> l.years() == null ? "" : text("exports.retention.years", locale, l.years());
            default -> text("exports.retention." + l.retention(), locale); // a legacy value, as the list wrote it
        };
        String access = secret ? text("exports.access." + l.secretLevel(), locale) : text("exports.access." + l.access(), locale);
        List<String> notes = new ArrayList<>();
        if (secret) {
            notes.add(text("exports.secret-note", locale));
        } else if (l.notes() != null) {
            notes.add(l.notes());
        }
        if ("DESTROYED".equals(l.custody()) && !secret) {
            notes.add(text("exports.destroyed-note", locale));
        }
        // Files recorded before the three numbers were kept have only their code: it stands in for the reference.
        String reference = l.reference() != null ? l.reference() : l.fileNumber() == null ? l.fileCode() : "";
        return List.of(nz(l.box()), nz(l.fileNumber()), reference, secret || l.title() == null ? "" : l.title(),
                period(l), l.sheets() == null ? "" : l.sheets().toString(), retention, access, String.join("; ", notes));
    }

    /** "2003", "06/2003–12/2005", "12/06/2003": each end with its precision, once when both read the same. */
    private static String period(Line l) {
        String start = date(l.start(), l.startPrecision());
        String end = date(l.end(), l.endPrecision());
        if (start.isEmpty() || end.isEmpty() || start.equals(end)) {
            return start.isEmpty() ? end : start;
        }
        return start + "–" + end;
    }

    private void table(PdfDocument pdf, List<Section> sections, Locale locale) {
        for (Section s : sections) {
            pdf.paragraph(sectionHeading(s, true, locale));
            pdf.table(new float[] {5, 5, 10, 24, 11, 4.5f, 7, 7, 11}, columns(locale), rows(s, locale));
            pdf.paragraph(closing(s, locale));
            pdf.gap(6);
        }
    }

    private void motto(PdfDocument pdf, Locale locale) {
        pdf.centred(text("exports.motto.country", locale), true, 11);
        pdf.centred(text("exports.motto.words", locale), true, 11);
        pdf.gap(10);
    }

    private void listed(PdfDocument pdf, String key, List<String> items, Locale locale) {
        if (!items.isEmpty()) {
            pdf.paragraph(text(key, locale, String.join(", ", items)));
        }
    }

    private String receiver(Custody.Handover h, Locale locale) {
        String kind = h.receiverKind() == null ? "" : text("exports.minutes.receiver-kind." + h.receiverKind(), locale);
        String unit = null;
        if (h.receivingUnitCode() != null) {
            List<Unit> units = lineage.resolve(h.receivingUnitCode(), h.handedOverOn());
            unit = units.size() == 1 ? typed(units.get(0)) + " (" + h.receivingUnitCode() + ")" : h.receivingUnitCode();
        }
        String site = h.receiverSiteCode() != null ? siteName(h.receiverSiteCode())
                : h.receivingSiteCode() != null ? siteName(h.receivingSiteCode()) : null;
        List<String> parts = new ArrayList<>();
        for (String p : new String[] {site, unit, kind}) {
            if (p != null && !p.isEmpty()) {
                parts.add(p);
            }
        }
        return String.join(", ", parts);
    }

    private static String typed(Unit u) {
        String word = switch (u.unitType()) {
            case "xa" -> "xã ";
            case "phuong" -> "phường ";
            case "thi_tran" -> "thị trấn ";
            case "huyen" -> "huyện ";
            case "thi_xa" -> "thị xã ";
            case "thanh_pho" -> "thành phố ";
            case "tinh" -> "tỉnh ";
            default -> "";
        };
        return word + u.name();
    }

    private String siteName(String siteCode) {
        if (siteCode == null) {
            return "";
        }
        return sites.site(siteCode).map(Site::name).map(n -> n + " (" + siteCode + ")").orElse(siteCode);
    }

    private String text(String key, Locale locale, Object... args) {
        return Normalizer.normalize(messages.getMessage(key, args, locale), Normalizer.Form.NFC);
    }

    private static Line line(ResultSet rs, int n) throws SQLException {
        return new Line(rs.getString("fonds_code"), rs.getString("file_code"), rs.getString("file_number"),
                rs.getString("reference"), rs.getString("list_number"), rs.getString("series"), rs.getString("title"),
                rs.getObject("start_date", LocalDate.class), rs.getString("start_precision"),
                rs.getObject("end_date", LocalDate.class), rs.getString("end_precision"),
                (Integer) rs.getObject("sheet_count"), rs.getString("retention"), (Integer) rs.getObject("retention_years"),
                rs.getString("access_regime"), rs.getString("secret_level"), rs.getString("box_code"), rs.getString("notes"),
                rs.getString("custody_state"), rs.getString("fonds_name"));
    }

    private static String day(LocalDate d) {
        return d == null ? "" : DAY.format(d);
    }

    /** A date as precise as the list stated it: YEAR "2003", MONTH "06/2003", DAY "12/06/2003". */
    static String date(LocalDate d, String precision) {
        RecordDate date = RecordDate.of(d, precision);
        return date == null ? "" : date.text();
    }

    private static String metres(BigDecimal m) {
        return m == null ? "" : m.stripTrailingZeros().toPlainString().replace('.', ',');
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
