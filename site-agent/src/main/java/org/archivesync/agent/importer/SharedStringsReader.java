package org.archivesync.agent.importer;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.ParserConfigurationException;

import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackagePart;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.usermodel.XSSFRelation;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The workbook's shared-strings table as plain strings, read with SAX. POI's read-only table
 * wraps every lookup in an XMLBeans rich-text object, which dominated the import's profile; we
 * need only the text, and the font of a string's first formatted run (".VnTime" set on the run
 * rather than on the cell is a legacy-encoding hint too).
 */
final class SharedStringsReader {

    private final List<String> texts;
    private final List<String> fonts;

    private SharedStringsReader(List<String> texts, List<String> fonts) {
        this.texts = texts;
        this.fonts = fonts;
    }

    static SharedStringsReader read(OPCPackage pkg) throws IOException, SAXException, ParserConfigurationException {
        List<PackagePart> parts = pkg.getPartsByContentType(XSSFRelation.SHARED_STRINGS.getContentType());
        Handler handler = new Handler();
        if (!parts.isEmpty()) {
            try (InputStream in = parts.get(0).getInputStream()) {
                XMLReader parser = XMLHelper.newXMLReader();
                parser.setContentHandler(handler);
                parser.parse(new InputSource(in));
            }
        }
        return new SharedStringsReader(handler.texts, handler.fonts);
    }

    String text(int index) {
        return texts.get(index);
    }

    /** The font of the string's first formatted run, or null. */
    String font(int index) {
        return fonts.get(index);
    }

    private static final class Handler extends DefaultHandler {

        private final List<String> texts = new ArrayList<>();
        private final List<String> fonts = new ArrayList<>();
        private final StringBuilder text = new StringBuilder();
        private String font;
        private boolean inText;
        private boolean inPhonetic;
        private boolean inRunProperties;

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) {
            switch (localName(localName, qName)) {
                case "sst" -> {
                    String count = attributes.getValue("uniqueCount");
                    if (count != null) {
                        int expected = Integer.parseInt(count);
                        ((ArrayList<String>) texts).ensureCapacity(expected);
                        ((ArrayList<String>) fonts).ensureCapacity(expected);
                    }
                }
                case "si" -> {
                    text.setLength(0);
                    font = null;
                }
                case "rPh" -> inPhonetic = true;
                case "rPr" -> inRunProperties = true;
                case "rFont" -> {
                    if (inRunProperties && font == null) {
                        font = attributes.getValue("val");
                    }
                }
                case "t" -> inText = !inPhonetic;
                default -> {
                    // formatting we do not need
                }
            }
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (inText) {
                text.append(ch, start, length);
            }
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            switch (localName(localName, qName)) {
                case "si" -> {
                    texts.add(text.toString());
                    fonts.add(font);
                }
                case "rPh" -> inPhonetic = false;
                case "rPr" -> inRunProperties = false;
                case "t" -> inText = false;
                default -> {
                    // nothing to do
                }
            }
        }

        private static String localName(String localName, String qName) {
            if (localName != null && !localName.isEmpty()) {
                return localName;
            }
            int colon = qName.indexOf(':');
            return colon < 0 ? qName : qName.substring(colon + 1);
        }
    }
}
