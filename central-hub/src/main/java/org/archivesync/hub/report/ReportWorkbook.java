package org.archivesync.hub.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.ss.usermodel.PrintSetup;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The report as one xlsx sheet laid out like the PDF: issuing body and number in the left columns and Quốc hiệu,
 * tiêu ngữ and date in the right ones, title, period, the four tables (figures kept as numbers), then "Nơi nhận" left
 * and the signature right. Printed landscape, fitted to the page width.
 */
final class ReportWorkbook {

    private static final int COLUMNS = 12;
    /** Columns 0..LEFT-1 hold the left blocks (issuer, recipients), LEFT..COLUMNS-1 the right ones. */
    private static final int LEFT = 5;

    private ReportWorkbook() {
    }

    private record Styles(CellStyle centred, CellStyle centredBold, CellStyle underlined, CellStyle title,
                          CellStyle bold, CellStyle plain, CellStyle header, CellStyle text, CellStyle metres,
                          CellStyle count) {
    }

    static byte[] write(ReportLayout layout) {
        ReportData d = layout.data();
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = wb.createSheet(layout.text("sheet"));
            Styles s = styles(wb);
            List<String> issuer = layout.issuer();
            List<String> motto = layout.motto();
            int r = 0;
            pair(sheet, r++, issuer.get(0), s.centred(), motto.get(0), s.centredBold());
            pair(sheet, r++, issuer.get(1), s.centredBold(), motto.get(1), s.underlined());
            pair(sheet, r++, issuer.get(2), s.centred(), motto.get(2), s.centred());
            r++;
            merged(sheet, r++, layout.text("title"), s.title());
            merged(sheet, r++, layout.text("subject"), s.centredBold());
            merged(sheet, r++, layout.text("period"), s.centred());
            merged(sheet, r++, layout.text("as-of"), s.centred());
            r++;
            merged(sheet, r++, layout.text("intro"), s.plain());
            merged(sheet, r++, layout.text("unit-note"), s.plain());

            r++;
            merged(sheet, r++, layout.text("section.districts"), s.bold());
            r = table(sheet, r, s, layout.figureHeader(true), layout.figureRows(d.districts(), true));
            r++;
            merged(sheet, r++, layout.text("section.communes"), s.bold());
            r = table(sheet, r, s, layout.figureHeader(false), layout.figureRows(d.communes(), false));
            if (d.communes().stream().anyMatch(l -> l.kind() == ReportData.Kind.SHARED)) {
                merged(sheet, r++, layout.text("communes.note"), s.plain());
            }
            r++;
            merged(sheet, r++, layout.text("section.milestones"), s.bold());
            r = table(sheet, r, s, layout.milestoneHeader(), layout.milestoneRows(), layout);
            r++;
            merged(sheet, r++, layout.text("section.at-risk"), s.bold());
            r = table(sheet, r, s, layout.atRiskHeader(), layout.atRiskRows(), layout);
            if (layout.truncated() != null) {
                merged(sheet, r++, layout.truncated(), s.plain());
            }

            r++;
            List<String> recipients = layout.recipients();
            List<String> signer = List.of(layout.text("signer.title"), layout.text("signer.hint"), "", "", "",
                    layout.text("signer.name"));
            int lines = Math.max(recipients.size() + 1, signer.size());
            for (int i = 0; i < lines; i++) {
                String left = i == 0 ? layout.text("recipients.heading") : i <= recipients.size() ? recipients.get(i - 1) : "";
                String right = i < signer.size() ? signer.get(i) : "";
                boolean strongRight = i == 0 || i == signer.size() - 1;
                pair(sheet, r++, left, i == 0 ? s.bold() : s.plain(), right, strongRight ? s.centredBold() : s.centred());
            }

            int[] widths = {6, 34, 14, 14, 14, 14, 14, 16, 16, 10, 10, 12};
            for (int c = 0; c < widths.length; c++) {
                sheet.setColumnWidth(c, widths[c] * 256);
            }
            sheet.getPrintSetup().setLandscape(true);
            sheet.getPrintSetup().setPaperSize(PrintSetup.A4_PAPERSIZE);
            sheet.setFitToPage(true);
            sheet.getPrintSetup().setFitWidth((short) 1);
            sheet.getPrintSetup().setFitHeight((short) 0);
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int table(Sheet sheet, int r, Styles s, List<String> header, List<List<Object>> rows,
                             ReportLayout layout) {
        if (rows.isEmpty()) {
            merged(sheet, r++, layout.text("none"), s.plain());
            return r;
        }
        return table(sheet, r, s, header, rows);
    }

    private static int table(Sheet sheet, int r, Styles s, List<String> header, List<List<Object>> rows) {
        Row head = sheet.createRow(r++);
        for (int c = 0; c < header.size(); c++) {
            head.createCell(c).setCellValue(header.get(c));
            head.getCell(c).setCellStyle(s.header());
        }
        for (List<Object> values : rows) {
            Row row = sheet.createRow(r++);
            for (int c = 0; c < values.size(); c++) {
                Object v = values.get(c);
                var cell = row.createCell(c);
                if (v instanceof BigDecimal m) {
                    cell.setCellValue(m.doubleValue());
                    cell.setCellStyle(s.metres());
                } else if (v instanceof Long n) {
                    cell.setCellValue(n);
                    cell.setCellStyle(s.count());
                } else {
                    cell.setCellValue(v == null ? "" : v.toString());
                    cell.setCellStyle(s.text());
                }
            }
        }
        return r;
    }

    /** A left block cell over columns 0..LEFT-1 and a right block cell over LEFT..COLUMNS-1. */
    private static void pair(Sheet sheet, int r, String left, CellStyle leftStyle, String right, CellStyle rightStyle) {
        Row row = sheet.createRow(r);
        row.createCell(0).setCellValue(left);
        row.getCell(0).setCellStyle(leftStyle);
        row.createCell(LEFT).setCellValue(right);
        row.getCell(LEFT).setCellStyle(rightStyle);
        sheet.addMergedRegion(new CellRangeAddress(r, r, 0, LEFT - 1));
        sheet.addMergedRegion(new CellRangeAddress(r, r, LEFT, COLUMNS - 1));
    }

    private static void merged(Sheet sheet, int r, String value, CellStyle style) {
        Row row = sheet.createRow(r);
        row.createCell(0).setCellValue(value);
        row.getCell(0).setCellStyle(style);
        sheet.addMergedRegion(new CellRangeAddress(r, r, 0, COLUMNS - 1));
    }

    private static Styles styles(XSSFWorkbook wb) {
        Font boldFont = wb.createFont();
        boldFont.setBold(true);
        Font underlinedFont = wb.createFont();
        underlinedFont.setBold(true);
        underlinedFont.setUnderline(Font.U_SINGLE);
        Font titleFont = wb.createFont();
        titleFont.setBold(true);
        titleFont.setFontHeightInPoints((short) 14);
        CellStyle centred = wb.createCellStyle();
        centred.setAlignment(HorizontalAlignment.CENTER);
        CellStyle centredBold = wb.createCellStyle();
        centredBold.setAlignment(HorizontalAlignment.CENTER);
        centredBold.setFont(boldFont);
        CellStyle underlined = wb.createCellStyle();
        underlined.setAlignment(HorizontalAlignment.CENTER);
        underlined.setFont(underlinedFont);
        CellStyle title = wb.createCellStyle();
        title.setAlignment(HorizontalAlignment.CENTER);
        title.setFont(titleFont);
        CellStyle bold = wb.createCellStyle();
        bold.setFont(boldFont);
        CellStyle plain = wb.createCellStyle();
        CellStyle header = bordered(wb);
        header.setFont(boldFont);
        header.setAlignment(HorizontalAlignment.CENTER);
        header.setVerticalAlignment(VerticalAlignment.CENTER);
        header.setWrapText(true);
        CellStyle text = bordered(wb);
        text.setWrapText(true);
        text.setVerticalAlignment(VerticalAlignment.TOP);
        CellStyle metres = bordered(wb);
        metres.setDataFormat(wb.createDataFormat().getFormat("#,##0.00"));
        CellStyle count = bordered(wb);
        count.setDataFormat(wb.createDataFormat().getFormat("#,##0"));
        return new Styles(centred, centredBold, underlined, title, bold, plain, header, text, metres, count);
    }

    private static CellStyle bordered(XSSFWorkbook wb) {
        CellStyle s = wb.createCellStyle();
        s.setBorderTop(BorderStyle.THIN);
        s.setBorderBottom(BorderStyle.THIN);
        s.setBorderLeft(BorderStyle.THIN);
        s.setBorderRight(BorderStyle.THIN);
        return s;
    }
}
