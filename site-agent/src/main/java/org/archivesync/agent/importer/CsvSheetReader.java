package org.archivesync.agent.importer;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams a CSV file as rows. The encoding is detected: a byte-order mark wins (UTF-8, or the
 * UTF-16 of Excel's "Unicode text"); otherwise a file that is valid UTF-8 throughout is UTF-8;
 * otherwise it is Windows-1258, the Vietnamese Windows code page (which writes tones as separate
 * combining marks; cells are NFC-normalised later, together with the legacy-font check). The
 * delimiter (comma, semicolon or tab) is the one most frequent outside quotes at the top.
 */
final class CsvSheetReader {

    /** The detected encoding, its name for the report, and the byte-order mark to skip. */
    record Encoding(Charset charset, String label, int bomBytes) {
    }

    private static final Charset WINDOWS_1258 = Charset.forName("windows-1258");
    private static final int DELIMITER_SAMPLE_CHARS = 64 * 1024;

    private CsvSheetReader() {
    }

    static Encoding detect(Path file) throws IOException {
        byte[] head = new byte[3];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(head, 0, 3);
        }
        if (read >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
            return new Encoding(StandardCharsets.UTF_8, "UTF-8 BOM", 3);
        }
        if (read >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE) {
            return new Encoding(StandardCharsets.UTF_16LE, "UTF-16", 2);
        }
        if (read >= 2 && (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF) {
            return new Encoding(StandardCharsets.UTF_16BE, "UTF-16", 2);
        }
        return isValidUtf8(file) ? new Encoding(StandardCharsets.UTF_8, "UTF-8", 0)
                : new Encoding(WINDOWS_1258, "windows-1258", 0);
    }

    private static boolean isValidUtf8(Path file) throws IOException {
        CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        char[] buffer = new char[8192];
        try (Reader reader = new InputStreamReader(Files.newInputStream(file), strict)) {
            while (reader.read(buffer) >= 0) {
                // reading is the check
            }
            return true;
        } catch (CharacterCodingException notUtf8) {
            return false;
        }
    }

    static void read(Path file, Encoding encoding, RowSink sink) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            in.skipNBytes(encoding.bomBytes());
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, encoding.charset()), 65536);
            reader.mark(DELIMITER_SAMPLE_CHARS);
            char[] sample = new char[DELIMITER_SAMPLE_CHARS];
            int sampled = reader.read(sample, 0, sample.length);
            reader.reset();
            char delimiter = delimiter(sample, Math.max(sampled, 0));
            parse(reader, delimiter, sink);
        }
    }

    private static char delimiter(char[] sample, int length) {
        char[] candidates = {',', ';', '\t'};
        int[] counts = new int[candidates.length];
        boolean quoted = false;
        for (int i = 0; i < length; i++) {
            char c = sample[i];
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted) {
                for (int k = 0; k < candidates.length; k++) {
                    if (c == candidates[k]) {
                        counts[k]++;
                    }
                }
            }
        }
        int best = 0;
        for (int k = 1; k < candidates.length; k++) {
            if (counts[k] > counts[best]) {
                best = k;
            }
        }
        return candidates[best];
    }

    /** RFC 4180: quoted fields may hold delimiters, doubled quotes and line breaks. */
    private static void parse(Reader reader, char delimiter, RowSink sink) throws IOException {
        List<RawCell> cells = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        long record = 1;
        int column = 0;
        boolean quoted = false;
        boolean fieldStarted = false;
        int c;
        while ((c = reader.read()) >= 0) {
            if (quoted) {
                if (c == '"') {
                    reader.mark(1);
                    int next = reader.read();
                    if (next == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        if (next >= 0) {
                            reader.reset();
                        }
                    }
                } else {
                    field.append((char) c);
                }
            } else if (c == '"' && !fieldStarted) {
                quoted = true;
                fieldStarted = true;
            } else if (c == delimiter) {
                addCell(cells, column++, field);
                fieldStarted = false;
            } else if (c == '\r' || c == '\n') {
                if (c == '\r') {
                    reader.mark(1);
                    if (reader.read() != '\n') {
                        reader.reset();
                    }
                }
                addCell(cells, column, field);
                sink.row(new RawRow(record++, List.copyOf(cells)));
                cells.clear();
                column = 0;
                fieldStarted = false;
            } else {
                field.append((char) c);
                fieldStarted = true;
            }
        }
        if (fieldStarted || column > 0 || field.length() > 0) {
            addCell(cells, column, field);
            sink.row(new RawRow(record, List.copyOf(cells)));
        }
    }

    private static void addCell(List<RawCell> cells, int column, StringBuilder field) {
        if (field.length() > 0) {
            cells.add(RawCell.text(column, field.toString()));
        }
        field.setLength(0);
    }
}
