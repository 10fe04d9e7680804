package org.archivesync.hub.exports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * A printable A4 document written top to bottom: centred headings, wrapped paragraphs, a table with wrapped cells,
 * two signature blocks. Text is set in DejaVu Sans, embedded (subset), which has every Vietnamese glyph; PDFBox's
 * standard 14 fonts cannot encode them.
 */
final class PdfDocument implements AutoCloseable {

    private static final float MARGIN = 50;
    private static final float WIDTH = PDRectangle.A4.getWidth() - 2 * MARGIN;

    private final PDDocument doc = new PDDocument();
    private final PDType0Font regular;
    private final PDType0Font bold;
    private PDPageContentStream out;
    private float y;

    PdfDocument() {
        regular = font("fonts/DejaVuSans.ttf");
        bold = font("fonts/DejaVuSans-Bold.ttf");
        newPage();
    }

    private PDType0Font font(String path) {
        try (InputStream in = PdfDocument.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("font missing from the classpath: " + path);
            }
            return PDType0Font.load(doc, in, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void centred(String text, boolean strong, float size) {
        PDType0Font f = strong ? bold : regular;
        for (String line : wrap(text, f, size, WIDTH)) {
            space(size * 1.4f);
            write(f, size, MARGIN + (WIDTH - width(line, f, size)) / 2, line);
        }
    }

    void paragraph(String text) {
        for (String line : wrap(text, regular, 10.5f, WIDTH)) {
            space(15);
            write(regular, 10.5f, MARGIN, line);
        }
    }

    void gap(float points) {
        space(points);
    }

    /**
     * A table: the header row in bold, every cell wrapped to its column; rows never split across pages. A row of one
     * cell is a heading across the whole table, in bold.
     */
    void table(float[] widths, List<String> header, List<List<String>> rows) {
        float total = 0;
        for (float w : widths) {
            total += w;
        }
        float[] cols = new float[widths.length];
        for (int i = 0; i < widths.length; i++) {
            cols[i] = widths[i] / total * WIDTH;
        }
        row(cols, header, bold);
        for (List<String> r : rows) {
            if (r.size() == 1) {
                row(new float[] {WIDTH}, r, bold); // a heading row across the table (a classification group)
            } else {
                row(cols, r, regular);
            }
        }
    }

    private void row(float[] cols, List<String> cells, PDType0Font f) {
        float size = 8.5f;
        List<List<String>> wrapped = new ArrayList<>();
        int lines = 1;
        for (int i = 0; i < cols.length; i++) {
            List<String> w = wrap(cells.get(i) == null ? "" : cells.get(i), f, size, cols[i] - 4);
            wrapped.add(w);
            lines = Math.max(lines, w.size());
        }
        float height = lines * 11 + 4;
        if (y - height < MARGIN) {
            newPage();
        }
        try {
            float x = MARGIN;
            for (int i = 0; i < cols.length; i++) {
                out.addRect(x, y - height, cols[i], height);
                float ty = y - 11;
                for (String line : wrapped.get(i)) {
                    out.beginText();
                    out.setFont(f, size);
                    out.newLineAtOffset(x + 2, ty);
                    out.showText(line);
                    out.endText();
                    ty -= 11;
                }
                x += cols[i];
            }
            out.stroke();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        y -= height;
    }

    /** Two signature blocks side by side. */
    void signatures(String left, String right, String hint) {
        space(40);
        float half = WIDTH / 2;
        write(bold, 10, MARGIN + (half - width(left, bold, 10)) / 2, left);
        write(bold, 10, MARGIN + half + (half - width(right, bold, 10)) / 2, right);
        space(14);
        write(regular, 9, MARGIN + (half - width(hint, regular, 9)) / 2, hint);
        write(regular, 9, MARGIN + half + (half - width(hint, regular, 9)) / 2, hint);
    }

    byte[] bytes() {
        try {
            out.close();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            doc.save(bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            doc.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void space(float points) {
        if (y - points < MARGIN) {
            newPage();
        }
        y -= points;
    }

    private void write(PDType0Font f, float size, float x, String text) {
        try {
            out.beginText();
            out.setFont(f, size);
            out.newLineAtOffset(x, y);
            out.showText(text);
            out.endText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void newPage() {
        try {
            if (out != null) {
                out.close();
            }
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            out = new PDPageContentStream(doc, page);
            out.setLineWidth(0.5f);
            y = PDRectangle.A4.getHeight() - MARGIN;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static float width(String text, PDType0Font f, float size) {
        try {
            return f.getStringWidth(text) / 1000 * size;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> wrap(String text, PDType0Font f, float size, float max) {
        List<String> lines = new ArrayList<>();
        for (String para : text.replace("\r", "").split("\n", -1)) {
            StringBuilder line = new StringBuilder();
            for (String word : para.split(" ")) {
                String candidate = line.length() == 0 ? word : line + " " + word;
                if (width(candidate, f, size) <= max || line.length() == 0) {
                    line.setLength(0);
                    line.append(candidate);
                } else {
                    lines.add(line.toString());
                    line.setLength(0);
                    line.append(word);
                }
            }
            lines.add(line.toString());
        }
        return lines;
    }
}
