package org.archivesync.agent.importer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
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

    /** A mục lục as offices print them; see {@link MucLuc}. */
    public static MucLuc mucLuc() {
        return new MucLuc();
    }

    /**
     * A mục lục hồ sơ as an office keeps it, streamed with POI so it can have 100,000 rows: merged title rows (the body,
     * "MỤC LỤC HỒ SƠ", "Tên phông: …", "Phông số: … Mục lục số: …"), the header on row 6 with the column-number row
     * under it, the header and column numbers repeated after every printed page, classification headings, the file
     * rows, and closing rows ("Tổng cộng", "Mục lục này gồm … hồ sơ, đánh số từ 1 đến …", signatures). Cells take the
     * same values as {@link Xlsx#row}: text, numbers, dates, {@link InFont} (TCVN3 or VNI text under its font).
     */
    public static final class MucLuc {

        /** The usual columns, in the usual order (DOMAIN.md). */
        public static final List<String> COLUMNS = List.of("Hộp số", "Hồ sơ số", "Số, ký hiệu hồ sơ", "Tiêu đề hồ sơ",
                "Thời gian bắt đầu", "Thời gian kết thúc", "Số tờ", "Thời hạn bảo quản", "Chế độ sử dụng", "Ghi chú");

        private record Heading(String text) {
        }

        private record Bulk(int count, IntFunction<Object[]> row) {
        }

        private List<String> header = COLUMNS;
        private final List<String> titleLines = new ArrayList<>(List.of("ỦY BAN NHÂN DÂN HUYỆN TRẦN VĂN THỜI",
                "MỤC LỤC HỒ SƠ", "Tên phông: Ủy ban nhân dân huyện Trần Văn Thời",
                "Phông số: CM.TVT.UBND        Mục lục số: 2"));
        private int headerRow = 6;
        private int pageRows;
        private final List<Object> body = new ArrayList<>();
        private final List<Object[]> closing = new ArrayList<>();
        private final List<Integer> fileRows = new ArrayList<>();
        private int headersWritten;

        private MucLuc() {
        }

        /** Other column headers, left to right. */
        public MucLuc header(String... headers) {
            header = List.of(headers);
            return this;
        }

        /** Replaces the title lines above the header (one merged row each, from row 1). */
        public MucLuc titleLines(String... lines) {
            titleLines.clear();
            titleLines.addAll(List.of(lines));
            return this;
        }

        /** The row of the header (6 unless said); the title lines must fit above it. */
        public MucLuc headerRow(int row) {
            headerRow = row;
            return this;
        }

        /** Repeats the header and the column-number row after every {@code rows} body rows, as a printed page does. */
        public MucLuc pageRows(int rows) {
            pageRows = rows;
            return this;
        }

        /** A classification heading row ("I. TỔNG HỢP"), merged across the sheet. */
        public MucLuc heading(String text) {
            body.add(new Heading(text));
            return this;
        }

        /** One file row, cells in the header's order; null leaves a cell empty. */
        public MucLuc file(Object... cells) {
            body.add(cells);
            return this;
        }

        /** {@code count} file rows made on the fly (the index from 0), so a large sheet is never held in memory. */
        public MucLuc files(int count, IntFunction<Object[]> row) {
            body.add(new Bulk(count, row));
            return this;
        }

        /** A row after the files: "Tổng cộng", "Mục lục này gồm … hồ sơ", signatures. */
        public MucLuc closing(Object... cells) {
            closing.add(cells);
            return this;
        }

        /** The Excel row of the n-th file row (from 0), known once written. */
        public int rowOfFile(int n) {
            return fileRows.get(n);
        }

        /** How many times the header was written: once at the top and once per page after. */
        public int headersWritten() {
            return headersWritten;
        }

        public Path write(Path file) {
            fileRows.clear();
            headersWritten = 0;
            try (SXSSFWorkbook workbook = new SXSSFWorkbook(200); OutputStream out = Files.newOutputStream(file)) {
                Sheet sheet = workbook.createSheet("Mục lục");
                Styles styles = new Styles(workbook);
                int last = header.size() - 1;
                int row = 1;
                for (String line : titleLines) {
                    cells(sheet, styles, row, line);
                    sheet.addMergedRegion(new CellRangeAddress(row - 1, row - 1, 0, last));
                    row++;
                }
                row = Math.max(row, headerRow);
                row = header(sheet, styles, row);
                int onPage = 0;
                for (Object entry : body) {
                    if (entry instanceof Bulk bulk) {
                        for (int i = 0; i < bulk.count(); i++) {
                            if (pageRows > 0 && onPage == pageRows) {
                                row = header(sheet, styles, row);
                                onPage = 0;
                            }
                            fileRows.add(row);
                            cells(sheet, styles, row++, bulk.row().apply(i));
                            onPage++;
                        }
                        continue;
                    }
                    if (pageRows > 0 && onPage == pageRows) {
                        row = header(sheet, styles, row);
                        onPage = 0;
                    }
                    if (entry instanceof Heading heading) {
                        cells(sheet, styles, row, heading.text());
                        sheet.addMergedRegion(new CellRangeAddress(row - 1, row - 1, 0, last));
                    } else {
                        fileRows.add(row);
                        cells(sheet, styles, row, (Object[]) entry);
                    }
                    row++;
                    onPage++;
                }
                for (Object[] cells : closing) {
                    cells(sheet, styles, row++, cells);
                }
                workbook.write(out);
                workbook.dispose();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return file;
        }

        private int header(Sheet sheet, Styles styles, int row) {
            cells(sheet, styles, row, header.toArray());
            Object[] numbers = new Object[header.size()];
            for (int i = 0; i < numbers.length; i++) {
                numbers[i] = Integer.toString(i + 1);
            }
            cells(sheet, styles, row + 1, numbers);
            headersWritten++;
            return row + 2;
        }

        private static void cells(Sheet sheet, Styles styles, int excelRow, Object... values) {
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
                    cell.setCellStyle(styles.date);
                } else if (value instanceof InFont inFont) {
                    cell.setCellValue(inFont.text());
                    cell.setCellStyle(styles.font(inFont.font()));
                } else {
                    throw new IllegalArgumentException("unsupported cell value " + value);
                }
            }
        }

        private static final class Styles {
            private final Workbook workbook;
            private final CellStyle date;
            private final Map<String, CellStyle> fonts = new HashMap<>();

            Styles(Workbook workbook) {
                this.workbook = workbook;
                date = workbook.createCellStyle();
                date.setDataFormat(workbook.getCreationHelper().createDataFormat().getFormat("dd/mm/yyyy"));
            }

            CellStyle font(String name) {
                return fonts.computeIfAbsent(name, n -> {
                    Font font = workbook.createFont();
                    font.setFontName(n);
                    CellStyle style = workbook.createCellStyle();
                    style.setFont(font);
                    return style;
                });
            }
        }
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
