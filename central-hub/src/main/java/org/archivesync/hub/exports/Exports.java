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
 * layout offices use (title rows, then STT | Số ký hiệu hồ sơ | Tiêu đề hồ sơ | Thời gian bắt đầu | Thời gian kết thúc
 * | Số tờ | Thời hạn bảo quản | Chế độ sử dụng | Hộp số | Ghi chú), and the handover minutes (biên bản giao nhận)
 * and the destruction record as PDF with an embedded Vietnamese font. Labels come from the message bundles in the
 * caller's locale (Vietnamese by default). A state-secret file never shows a title: its row says it is secret.
 */
public final class Exports {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static final String FONDS = "SELECT fonds_code, name, creating_body FROM fonds WHERE fonds_code = :fonds";
    private static final String LINE_COLUMNS = """
            f.fonds_code, f.file_code, f.title, f.start_date, f.end_date, f.sheet_count, f.retention, f.retention_years,
            f.access_regime, f.secret_level, f.box_code, f.notes, f.custody_state
            """;
    // Natural order of codes: box, then the file code's digits as a number where it has some.
    private static final String ORDER = """
             ORDER BY f.box_code NULLS LAST, length(f.file_code), f.file_code""";
    private static final String FONDS_FILES = "SELECT " + LINE_COLUMNS
            + " FROM files f WHERE f.fonds_code = :fonds AND f.custody_state NOT IN ('WITHDRAWN', 'DESTROYED')" + ORDER;
    private static final String HANDOVER_FILES = "SELECT " + LINE_COLUMNS + """
             FROM files f
            WHERE f.custody_state <> 'WITHDRAWN' AND (
                (f.fonds_code || '/' || f.file_code) IN (SELECT item_key FROM handover_items
                                                         WHERE handover_id = :id AND item_kind = 'FILE' AND sent)
                OR (f.site_code = :sender AND f.box_code IN (SELECT item_key FROM handover_items
                                                             WHERE handover_id = :id AND item_kind = 'BOX' AND sent)))
            """ + ORDER;

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

    private record Line(String fondsCode, String fileCode, String title, LocalDate start, LocalDate end, Integer sheets,
                        String retention, Integer years, String access, String secretLevel, String box, String notes,
                        String custody) {
    }

    /**
     * The file list of a fonds (files not withdrawn or destroyed).
     *
     * @throws NotFoundException when there is no such fonds
     */
    public byte[] fondsFileList(String fondsCode, Locale locale) {
        String[] fonds = jdbc.sql(FONDS).param("fonds", fondsCode)
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}).optional()
                .orElseThrow(() -> new NotFoundException("fonds", fondsCode));
        List<Line> lines = jdbc.sql(FONDS_FILES).param("fonds", fondsCode).query(Exports::line).list();
        List<String> titles = List.of(text("exports.file-list.title", locale),
                text("exports.file-list.fonds", locale, fonds[1], fonds[0]),
                text("exports.file-list.creating-body", locale, fonds[2]));
        return workbook(titles, lines, locale);
    }

    /**
     * The file list attached to a handover's minutes: the files the sender listed and the files in the boxes it listed.
     *
     * @throws NotFoundException when no side of the handover has been recorded
     */
    public byte[] handoverFileList(UUID handoverId, Locale locale) {
        Custody.HandoverDetail h = custody.handover(handoverId);
        List<Line> lines = handoverLines(h);
        List<String> titles = List.of(text("exports.file-list.title", locale),
                text("exports.file-list.handover", locale, nz(h.handover().minutesNumber()), date(h.handover().handedOverOn())),
                text("exports.minutes.sender", locale, siteName(h.handover().senderSiteCode())));
        return workbook(titles, lines, locale);
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
            pdf.paragraph(text("exports.minutes.date", locale, date(h.handedOverOn())));
            pdf.paragraph(text("exports.minutes.sender", locale, siteName(h.senderSiteCode())));
            pdf.paragraph(text("exports.minutes.receiver", locale, receiver(h, locale)));
            pdf.paragraph(text("exports.minutes.content", locale, metres(h.metres()), d.sentBoxes().size(), lines.size()));
            if (!d.sentBoxes().isEmpty()) {
                pdf.paragraph(text("exports.minutes.boxes", locale, String.join(", ", d.sentBoxes())));
            }
            if (h.receiverSiteCode() == null) {
                pdf.paragraph(text("exports.minutes.not-received", locale));
            } else {
                pdf.paragraph(text("exports.minutes.received", locale, date(h.receivedOn()), metres(h.receivedMetres())));
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
            table(pdf, lines, locale);
            pdf.signatures(text("exports.minutes.sign-sender", locale), text("exports.minutes.sign-receiver", locale),
                    text("exports.minutes.sign-hint", locale));
            return pdf.bytes();
        }
    }

    /** The record of a destruction (biên bản hủy tài liệu) as PDF, with the files it destroyed. */
    public byte[] destructionRecord(UUID destructionId, Locale locale) {
        DestructionRegister.DestructionDetail d = destructions.destruction(destructionId);
        DestructionRegister.Destruction x = d.destruction();
        List<Line> lines = d.files().stream().map(f -> new Line(f.fondsCode(), f.fileCode(), f.title(), f.startDate(),
                f.endDate(), f.sheetCount(), f.retention(), f.retentionYears(), f.accessRegime(), f.secretLevel(),
                f.boxCode(), null, "DESTROYED")).toList();
        try (PdfDocument pdf = new PdfDocument()) {
            motto(pdf, locale);
            pdf.centred(text("exports.destruction.title", locale), true, 13);
            pdf.centred(text("exports.destruction.number", locale, x.minutesNumber()), false, 10.5f);
            pdf.gap(8);
            pdf.paragraph(text("exports.destruction.site", locale, siteName(x.siteCode())));
            pdf.paragraph(text("exports.destruction.decision", locale, x.decisionRef()));
            pdf.paragraph(text("exports.destruction.date", locale, date(x.destroyedOn())));
            pdf.paragraph(text("exports.destruction.approvers", locale, x.firstApprover(), x.secondApprover()));
            if ("REFUSED".equals(x.status())) {
                pdf.paragraph(text("exports.destruction.refused", locale, x.refusal()));
            } else {
                pdf.paragraph(text("exports.destruction.content", locale, lines.size(), metres(x.metres())));
                pdf.gap(8);
                table(pdf, lines, locale);
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

    private byte[] workbook(List<String> titles, List<Line> lines, Locale locale) {
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
            CellStyle header = bordered(wb);
            header.setFont(boldFont);
            header.setAlignment(HorizontalAlignment.CENTER);
            header.setWrapText(true);
            CellStyle cell = bordered(wb);
            cell.setWrapText(true);
            cell.setVerticalAlignment(VerticalAlignment.TOP);
            List<String> columns = columns(locale);
            int r = 0;
            for (int i = 0; i < titles.size(); i++) {
                Row row = sheet.createRow(r);
                row.createCell(0).setCellValue(titles.get(i));
                row.getCell(0).setCellStyle(i == 0 ? title : subtitle);
                sheet.addMergedRegion(new CellRangeAddress(r, r, 0, columns.size() - 1));
                r++;
            }
            r++;
            Row head = sheet.createRow(r++);
            for (int c = 0; c < columns.size(); c++) {
                head.createCell(c).setCellValue(columns.get(c));
                head.getCell(c).setCellStyle(header);
            }
            int no = 1;
            for (Line l : lines) {
                Row row = sheet.createRow(r++);
                List<String> values = values(l, locale);
                row.createCell(0).setCellValue(no++);
                for (int c = 1; c < values.size(); c++) {
                    if (c == 5 && l.sheets() != null) {
                        row.createCell(c).setCellValue(l.sheets());
                    } else {
                        row.createCell(c).setCellValue(values.get(c));
                    }
                }
                for (int c = 0; c < columns.size(); c++) {
                    row.getCell(c).setCellStyle(cell);
                }
            }
            int[] widths = {6, 16, 60, 14, 14, 8, 14, 16, 9, 30};
            for (int c = 0; c < widths.length; c++) {
                sheet.setColumnWidth(c, widths[c] * 256);
            }
            sheet.createFreezePane(0, titles.size() + 2);
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        List<String> c = new ArrayList<>();
        for (String k : List.of("no", "code", "title", "start", "end", "sheets", "retention", "access", "box", "notes")) {
            c.add(text("exports.column." + k, locale));
        }
        return c;
    }

    /** The ten cells of a line; a state-secret file's title cell stays empty and its note says why. */
    private List<String> values(Line l, Locale locale) {
        boolean secret = "STATE_SECRET".equals(l.access());
        String retention = "PERMANENT".equals(l.retention()) ? text("exports.retention.permanent", locale)
                : l.years() == null ? "" : text("exports.retention.years", locale, l.years());
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
        return List.of("", l.fileCode(), secret || l.title() == null ? "" : l.title(), date(l.start()), date(l.end()),
                l.sheets() == null ? "" : l.sheets().toString(), retention, access, nz(l.box()), String.join("; ", notes));
    }

    private void table(PdfDocument pdf, List<Line> lines, Locale locale) {
        List<List<String>> rows = new ArrayList<>();
        int no = 1;
        for (Line l : lines) {
            List<String> v = new ArrayList<>(values(l, locale));
            v.set(0, Integer.toString(no++));
            rows.add(v);
        }
        pdf.table(new float[] {4, 8, 20, 10, 10, 4.5f, 7, 7, 5, 11}, columns(locale), rows);
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
        return new Line(rs.getString("fonds_code"), rs.getString("file_code"), rs.getString("title"),
                rs.getObject("start_date", LocalDate.class), rs.getObject("end_date", LocalDate.class),
                (Integer) rs.getObject("sheet_count"), rs.getString("retention"), (Integer) rs.getObject("retention_years"),
                rs.getString("access_regime"), rs.getString("secret_level"), rs.getString("box_code"), rs.getString("notes"),
                rs.getString("custody_state"));
    }

    private static String date(LocalDate d) {
        return d == null ? "" : DATE.format(d);
    }

    private static String metres(BigDecimal m) {
        return m == null ? "" : m.stripTrailingZeros().toPlainString().replace('.', ',');
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
