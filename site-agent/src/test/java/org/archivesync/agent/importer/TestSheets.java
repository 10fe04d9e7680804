package org.archivesync.agent.importer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFFont;
import org.apache.poi.xssf.usermodel.XSSFRichTextString;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/** Builds the workbooks the tests read, with POI, into target/importer-tests (also used by the import wiring tests). */
public final class TestSheets {

    /** A cell holding a formula. */
    public record Formula(String expression) {
    }

    /** Text in a given font, as a clerk typing with a TCVN3 or VNI font left it. */
    public record InFont(String text, String font) {
    }

    /** Text whose font is set on the text run rather than on the cell. */
    public record RunInFont(String text, String font) {
    }

    private TestSheets() {
    }

    public static Path dir(String name) {
        Path dir = Path.of("target", "importer-tests", name);
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Xlsx xlsx() {
        return new Xlsx();
    }

    public static final class Xlsx {

        private final XSSFWorkbook workbook = new XSSFWorkbook();
        private XSSFSheet sheet = workbook.createSheet("Mục lục");
        private final CellStyle dateStyle;
        private final Map<String, CellStyle> fontStyles = new HashMap<>();

        private Xlsx() {
            dateStyle = workbook.createCellStyle();
            dateStyle.setDataFormat(workbook.getCreationHelper().createDataFormat().getFormat("dd/mm/yyyy"));
        }

        public Xlsx sheet(String name) {
            sheet = workbook.createSheet(name);
            return this;
        }

        /** Cells of one row from column A; null leaves a cell empty. */
        public Xlsx row(int excelRow, Object... values) {
            Row row = sheet.createRow(excelRow - 1);
            for (int i = 0; i < values.length; i++) {
                Object value = values[i];
                if (value == null) {
                    continue;
                }
                Cell cell = row.createCell(i);
                if (value instanceof String text) {
                    cell.setCellValue(text);
                } else if (value instanceof Number number) {
                    cell.setCellValue(number.doubleValue());
                } else if (value instanceof LocalDate date) {
                    cell.setCellValue(date);
                    cell.setCellStyle(dateStyle);
                } else if (value instanceof Formula formula) {
                    cell.setCellFormula(formula.expression());
                } else if (value instanceof InFont inFont) {
                    cell.setCellValue(inFont.text());
                    cell.setCellStyle(fontStyles.computeIfAbsent(inFont.font(), this::fontStyle));
                } else if (value instanceof RunInFont run) {
                    XSSFFont font = workbook.createFont();
                    font.setFontName(run.font());
                    XSSFRichTextString rich = new XSSFRichTextString(run.text());
                    rich.applyFont(font);
                    cell.setCellValue(rich);
                } else {
                    throw new IllegalArgumentException("unsupported cell value " + value);
                }
            }
            return this;
        }

        public Xlsx merge(String range) {
            sheet.addMergedRegion(CellRangeAddress.valueOf(range));
            return this;
        }

        public Path write(Path file) {
            try (OutputStream out = Files.newOutputStream(file)) {
                workbook.write(out);
                workbook.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return file;
        }

        private CellStyle fontStyle(String fontName) {
            XSSFFont font = workbook.createFont();
            font.setFontName(fontName);
            CellStyle style = workbook.createCellStyle();
            style.setFont(font);
            return style;
        }
    }
}
