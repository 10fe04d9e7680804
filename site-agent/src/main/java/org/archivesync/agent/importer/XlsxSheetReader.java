package org.archivesync.agent.importer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.ParserConfigurationException;

import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Streams one sheet of an .xlsx through SAX: only the shared strings (as plain strings) and the
 * styles are held in memory, never the sheet, so a 100,000-row sheet reads in bounded memory. Formulas are
 * reported as formulas and never evaluated; their cached results are ignored.
 */
final class XlsxSheetReader {

    // Days between the 1900 and 1904 date systems: serials are handed on in the 1900 system.
    private static final int DAYS_1904_TO_1900 = 1462;

    private XlsxSheetReader() {
    }

    /**
     * Reads the sheet named {@code wantedSheet} (any case), or the first sheet when null.
     *
     * @return the name of the sheet read
     */
    static String read(Path file, String fileName, String wantedSheet, RowSink sink)
            throws IOException, OpenXML4JException, SAXException, ParserConfigurationException {
        OPCPackage pkg = OPCPackage.open(file.toFile(), PackageAccess.READ);
        try {
            XSSFReader reader = new XSSFReader(pkg);
            boolean date1904 = isDate1904(reader);
            StylesTable styles = reader.getStylesTable();
            SharedStringsReader strings = SharedStringsReader.read(pkg);
            XSSFReader.SheetIterator sheets = reader.getSheetIterator();
            List<String> names = new ArrayList<>();
            while (sheets.hasNext()) {
                try (InputStream sheet = sheets.next()) {
                    String name = sheets.getSheetName();
                    names.add(name);
                    if (wantedSheet == null || wantedSheet.strip().equalsIgnoreCase(name)) {
                        XMLReader parser = XMLHelper.newXMLReader();
                        parser.setContentHandler(new SheetHandler(strings, styles, date1904, sink));
                        parser.parse(new InputSource(sheet));
                        return name;
                    }
                }
            }
            throw ImportRefusedException.sheetNotFound(fileName, wantedSheet, names);
        } finally {
            // A package opened READ must be reverted, not closed: close() would try to save it.
            pkg.revert();
        }
    }

    private static boolean isDate1904(XSSFReader reader)
            throws IOException, OpenXML4JException, SAXException, ParserConfigurationException {
        boolean[] date1904 = {false};
        try (InputStream workbook = reader.getWorkbookData()) {
            XMLReader parser = XMLHelper.newXMLReader();
            parser.setContentHandler(new DefaultHandler() {
                @Override
                public void startElement(String uri, String localName, String qName, Attributes attributes) {
                    if ("workbookPr".equals(name(localName, qName))) {
                        String value = attributes.getValue("date1904");
                        date1904[0] = "1".equals(value) || "true".equalsIgnoreCase(value);
                    }
                }
            });
            parser.parse(new InputSource(workbook));
        }
        return date1904[0];
    }

    private static String name(String localName, String qName) {
        if (localName != null && !localName.isEmpty()) {
            return localName;
        }
        int colon = qName.indexOf(':');
        return colon < 0 ? qName : qName.substring(colon + 1);
    }

    /** What a cell style says: whether numbers in it are dates, and its font. */
    private record StyleInfo(boolean date, String font) {
    }

    private static final class SheetHandler extends DefaultHandler {

        private final SharedStringsReader strings;
        private final StylesTable styles;
        private final boolean date1904;
        private final RowSink sink;
        private final Map<Integer, StyleInfo> styleCache = new HashMap<>();

        private long rowNumber;
        private List<RawCell> cells;
        private int nextColumn;

        private int column;
        private String type;
        private int styleIndex;
        private String formula;
        private String value;
        private final StringBuilder text = new StringBuilder();
        private final StringBuilder inlineText = new StringBuilder();
        private boolean capturing;
        private boolean inInlineString;
        private boolean inPhonetic;

        SheetHandler(SharedStringsReader strings, StylesTable styles, boolean date1904, RowSink sink) {
            this.strings = strings;
            this.styles = styles;
            this.date1904 = date1904;
            this.sink = sink;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) {
            switch (name(localName, qName)) {
                case "row" -> {
                    String r = attributes.getValue("r");
                    rowNumber = r != null ? Long.parseLong(r) : rowNumber + 1;
                    cells = new ArrayList<>();
                    nextColumn = 0;
                }
                case "c" -> {
                    String ref = attributes.getValue("r");
                    column = ref != null ? new CellReference(ref).getCol() : nextColumn;
                    nextColumn = column + 1;
                    type = attributes.getValue("t");
                    String s = attributes.getValue("s");
                    styleIndex = s != null ? Integer.parseInt(s) : 0;
                    formula = null;
                    value = null;
                    inlineText.setLength(0);
                }
                case "f", "v" -> {
                    text.setLength(0);
                    capturing = true;
                }
                case "is" -> inInlineString = true;
                case "rPh" -> inPhonetic = true;
                case "t" -> {
                    if (inInlineString && !inPhonetic) {
                        text.setLength(0);
                        capturing = true;
                    }
                }
                default -> {
                    // sheet properties, merged cells, etc.: nothing to read
                }
            }
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (capturing) {
                text.append(ch, start, length);
            }
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            switch (name(localName, qName)) {
                case "f" -> {
                    formula = text.toString();
                    capturing = false;
                }
                case "v" -> {
                    value = text.toString();
                    capturing = false;
                }
                case "t" -> {
                    if (capturing) {
                        inlineText.append(text);
                        capturing = false;
                    }
                }
                case "rPh" -> inPhonetic = false;
                case "is" -> inInlineString = false;
                case "c" -> {
                    RawCell cell = cell();
                    if (cell != null) {
                        cells.add(cell);
                    }
                }
                case "row" -> {
                    sink.row(new RawRow(rowNumber, List.copyOf(cells)));
                    cells = null;
                }
                default -> {
                    // nothing to do
                }
            }
        }

        private RawCell cell() {
            StyleInfo style = style(styleIndex);
            if ("inlineStr".equals(type)) {
                return textCell(inlineText.toString(), style);
            }
            if (value == null || value.isEmpty()) {
                // A styled empty cell is nothing; an empty formula result is still a formula.
                return formula != null ? new RawCell(column, RawCell.Kind.TEXT, "", 0, formula, style.font()) : null;
            }
            if (type == null || type.equals("n")) {
                double number = Double.parseDouble(value);
                if (style.date() && DateUtil.isValidExcelDate(number)) {
                    double serial = date1904 ? number + DAYS_1904_TO_1900 : number;
                    return new RawCell(column, RawCell.Kind.DATE, CellValues.numberText(serial), serial, formula,
                            style.font());
                }
                return new RawCell(column, RawCell.Kind.NUMBER, CellValues.numberText(number), number, formula,
                        style.font());
            }
            return switch (type) {
                case "s" -> {
                    int index = Integer.parseInt(value);
                    String runFont = strings.font(index);
                    yield new RawCell(column, RawCell.Kind.TEXT, strings.text(index), 0, formula,
                            runFont != null ? runFont : style.font());
                }
                case "b" -> new RawCell(column, RawCell.Kind.BOOLEAN, "1".equals(value) ? "TRUE" : "FALSE", 0,
                        formula, style.font());
                case "e" -> new RawCell(column, RawCell.Kind.ERROR, value, 0, formula, style.font());
                // "str" is a formula's cached text, "d" an ISO date: both read as text.
                default -> textCell(value, style);
            };
        }

        private RawCell textCell(String content, StyleInfo style) {
            return new RawCell(column, RawCell.Kind.TEXT, content, 0, formula, style.font());
        }

        private StyleInfo style(int index) {
            return styleCache.computeIfAbsent(index, i -> {
                if (styles == null || i >= styles.getNumCellStyles()) {
                    return new StyleInfo(false, null);
                }
                XSSFCellStyle style = styles.getStyleAt(i);
                String format = style.getDataFormatString();
                boolean date = format != null && DateUtil.isADateFormat(style.getDataFormat(), format);
                return new StyleInfo(date, style.getFont() != null ? style.getFont().getFontName() : null);
            });
        }
    }
}
