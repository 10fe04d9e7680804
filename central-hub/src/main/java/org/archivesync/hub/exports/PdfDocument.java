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
 * two signature blocks, and two blocks of lines side by side (the heading of an administrative document: issuing
 * body left, Quốc hiệu right; the closing: "Nơi nhận" left, the signature right). Text is set in DejaVu Sans, embedded
 * (subset), which has every Vietnamese glyph; PDFBox's standard 14 fonts cannot encode them. Public so the other
 * documents of the hub (the campaign report) print the same way; not thread-safe, one per document.
 */
public final class PdfDocument implements AutoCloseable {

    private static final float MARGIN = 50;

    private final PDDocument doc = new PDDocument();
    private final PDRectangle pageSize;
    private final float textWidth;
    private final PDType0Font regular;
    private final PDType0Font bold;
    private PDPageContentStream out;
    private float y;

    /** A portrait A4 document. */
    public PdfDocument() {
        this(false);
    }

    /**
     * An A4 document, landscape when {@code landscape} (Nghị định 30/2020/NĐ-CP lets a document with tables be set
     * across the width of the page).
     */
    public PdfDocument(boolean landscape) {
        pageSize = landscape ? new PDRectangle(PDRectangle.A4.getHeight(), PDRectangle.A4.getWidth()) : PDRectangle.A4;
        textWidth = pageSize.getWidth() - 2 * MARGIN;
        regular = font("fonts/DejaVuSans.ttf");
        bold = font("fonts/DejaVuSans-Bold.ttf");
        newPage();
    }

    /** One line of a {@link #sideBySide} block; wrapped to its column when too long. */
    public record Line(String text, boolean strong, float size, boolean underlined) {

        /** A plain line of 10.5 points. */
        public static Line plain(String text) {
            return new Line(text, false, 10.5f, false);
        }

        /** A bold line of 10.5 points. */
        public static Line strong(String text) {
            return new Line(text, true, 10.5f, false);
        }
    }

    /**
     * Two blocks of lines side by side, top-aligned, kept together on one page: the left one takes {@code leftShare}
     * of the width. Each block's lines are centred in its column or, when not {@code centred}, flush left.
     */
    public void sideBySide(float leftShare, List<Line> left, boolean leftCentred, List<Line> right,
                           boolean rightCentred) {
        float leftWidth = textWidth * leftShare;
        float rightWidth = textWidth - leftWidth;
        List<Placed> l = place(left, leftWidth);
        List<Placed> r = place(right, rightWidth);
        float height = Math.max(height(l), height(r));
        if (y - height < MARGIN) {
            newPage();
        }
        float top = y;
        float leftEnd = column(l, MARGIN, leftWidth, leftCentred, top);
        float rightEnd = column(r, MARGIN + leftWidth, rightWidth, rightCentred, top);
        y = Math.min(leftEnd, rightEnd);
    }

    private record Placed(String text, PDType0Font font, float size, boolean underlined) {
    }

    private List<Placed> place(List<Line> lines, float width) {
        List<Placed> placed = new ArrayList<>();
        for (Line line : lines) {
            PDType0Font f = line.strong() ? bold : regular;
            for (String part : wrap(line.text(), f, line.size(), width - 4)) {
                placed.add(new Placed(part, f, line.size(), line.underlined()));
            }
        }
        return placed;
    }

    private static float height(List<Placed> lines) {
        float h = 0;
        for (Placed p : lines) {
            h += p.size() * 1.4f;
        }
        return h;
    }

    private float column(List<Placed> lines, float x, float width, boolean centred, float top) {
        float at = top;
        for (Placed p : lines) {
            at -= p.size() * 1.4f;
            float w = width(p.text(), p.font(), p.size());
            float left = centred ? x + (width - w) / 2 : x;
            float saved = y;
            y = at;
            write(p.font(), p.size(), left, p.text());
            y = saved;
            if (p.underlined() && !p.text().isBlank()) {
                try {
                    out.moveTo(left, at - 2);
                    out.lineTo(left + w, at - 2);
                    out.stroke();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return at;
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

    /** Text centred across the page, wrapped. */
    public void centred(String text, boolean strong, float size) {
        PDType0Font f = strong ? bold : regular;
        for (String line : wrap(text, f, size, textWidth)) {
            space(size * 1.4f);
            write(f, size, MARGIN + (textWidth - width(line, f, size)) / 2, line);
        }
    }

    /** A paragraph flush left, wrapped. */
    public void paragraph(String text) {
        paragraph(text, false);
    }

    /** A paragraph flush left, wrapped; in bold when {@code strong} (a section heading). */
    public void paragraph(String text, boolean strong) {
        PDType0Font f = strong ? bold : regular;
        for (String line : wrap(text, f, 10.5f, textWidth)) {
            space(15);
            write(f, 10.5f, MARGIN, line);
        }
    }

    /** Empty space, on the next page when this one has no room. */
    public void gap(float points) {
        space(points);
    }

    /**
     * A table: the header row in bold, repeated at the top of each page the table continues on, every cell wrapped to
     * its column; rows never split across pages. A row of one cell is a heading across the whole table, in bold.
     */
    public void table(float[] widths, List<String> header, List<List<String>> rows) {
        float total = 0;
        for (float w : widths) {
            total += w;
        }
        float[] cols = new float[widths.length];
        for (int i = 0; i < widths.length; i++) {
            cols[i] = widths[i] / total * textWidth;
        }
        row(cols, header, bold, null);
        for (List<String> r : rows) {
            if (r.size() == 1) {
                // a heading row across the table (a classification group)
                row(new float[] {textWidth}, r, bold, () -> row(cols, header, bold, null));
            } else {
                row(cols, r, regular, () -> row(cols, header, bold, null));
            }
        }
    }

    /** One row; on a new page when this one has no room, where {@code onNewPage} first repeats the header. */
    private void row(float[] cols, List<String> cells, PDType0Font f, Runnable onNewPage) {
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
            if (onNewPage != null) {
                onNewPage.run();
            }
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
    public void signatures(String left, String right, String hint) {
        space(40);
        float half = textWidth / 2;
        write(bold, 10, MARGIN + (half - width(left, bold, 10)) / 2, left);
        write(bold, 10, MARGIN + half + (half - width(right, bold, 10)) / 2, right);
        space(14);
        write(regular, 9, MARGIN + (half - width(hint, regular, 9)) / 2, hint);
        write(regular, 9, MARGIN + half + (half - width(hint, regular, 9)) / 2, hint);
    }

    /** The document as PDF bytes; call once, then close. */
    public byte[] bytes() {
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
            PDPage page = new PDPage(pageSize);
            doc.addPage(page);
            out = new PDPageContentStream(doc, page);
            out.setLineWidth(0.5f);
            y = pageSize.getHeight() - MARGIN;
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
