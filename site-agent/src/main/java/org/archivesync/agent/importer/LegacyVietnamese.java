package org.archivesync.agent.importer;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Detects, per cell, text typed with the pre-Unicode Vietnamese fonts and converts it to
 * Unicode NFC.
 *
 * <p>Offices typed for years with TCVN3 (ABC keyboards, {@code .VnTime} fonts) or VNI-Windows
 * ({@code VNI-Times}) fonts. Those fonts draw Vietnamese letters at the positions of Western
 * letters, so Excel stores, say, "Cộng hoà" typed in TCVN3 as the Windows-1252 characters
 * "Céng hoµ". To undo that we map the characters back to the bytes the keyboard sent, through
 * the Windows code page Excel used (1252 on most office PCs, 1258 on a Vietnamese system
 * locale), and decode those bytes with the legacy table.
 *
 * <p>Both tables accept many strings, so the decision is by evidence: the original text, the
 * TCVN3 reading and the VNI reading are each scored by how many of their words are well-formed
 * Vietnamese syllables ({@link VietnameseSyllables}); a legacy reading is used only when it
 * scores strictly better than the text as it stands. A cell's font name (".VnTime", "VNI-Times")
 * is a hint that settles ties. Text that is ASCII, or holds any character the legacy path
 * cannot produce (ư, ơ, đ, ạ...), is ordinary Unicode and is only NFC-normalised.
 *
 * <p>Tables: TCVN 5712:1993 VN3 (the 67 lower-case letters, 7 capitals and no toned capitals;
 * toned capitals came from a separate "H" font such as {@code .VnTimeH} that draws the
 * lower-case codes as capitals) and VNI-Windows (base letter followed by one mark byte).
 * Both were written from public character tables and checked against glibc's TCVN5712-1
 * converter; see IMPORT.md.
 */
final class LegacyVietnamese {

    enum Encoding { UNICODE, TCVN3, VNI }

    /** What a cell's font says about its encoding. */
    enum FontHint {
        NONE, TCVN3, TCVN3_CAPITALS, VNI;

        static FontHint of(String fontName) {
            if (fontName == null) {
                return NONE;
            }
            String name = fontName.trim().toLowerCase(Locale.ROOT);
            if (name.startsWith(".vn")) {
                // .VnTimeH, .VnArialH: the capitals companion of each TCVN3 font.
                return name.endsWith("h") ? TCVN3_CAPITALS : TCVN3;
            }
            if (name.startsWith("vni-") || name.startsWith("vni ")) {
                return VNI;
            }
            return NONE;
        }
    }

    record Repaired(String text, Encoding encoding) {
        boolean converted() {
            return encoding != Encoding.UNICODE;
        }
    }

    // TCVN3 (VN3) byte -> letter. Bytes 0xA0-0xFF not listed are unassigned in VN3.
    private static final String TCVN3_TABLE = """
            A1 Ă  A2 Â  A3 Ê  A4 Ô  A5 Ơ  A6 Ư  A7 Đ
            A8 ă  A9 â  AA ê  AB ô  AC ơ  AD ư  AE đ
            B5 à  B6 ả  B7 ã  B8 á  B9 ạ
            BB ằ  BC ẳ  BD ẵ  BE ắ  C6 ặ
            C7 ầ  C8 ẩ  C9 ẫ  CA ấ  CB ậ
            CC è  CE ẻ  CF ẽ  D0 é  D1 ẹ
            D2 ề  D3 ể  D4 ễ  D5 ế  D6 ệ
            D7 ì  D8 ỉ  DC ĩ  DD í  DE ị
            DF ò  E1 ỏ  E2 õ  E3 ó  E4 ọ
            E5 ồ  E6 ổ  E7 ỗ  E8 ố  E9 ộ
            EA ờ  EB ở  EC ỡ  ED ớ  EE ợ
            EF ù  F1 ủ  F2 ũ  F3 ú  F4 ụ
            F5 ừ  F6 ử  F7 ữ  F8 ứ  F9 ự
            FA ỳ  FB ỷ  FC ỹ  FD ý  FE ỵ
            """;

    private static final char NO_MARK = 0;
    private static final char GRAVE = '\u0300';
    private static final char ACUTE = '\u0301';
    private static final char CIRCUMFLEX = '\u0302';
    private static final char TILDE = '\u0303';
    private static final char BREVE = '\u0306';
    private static final char HOOK = '\u0309';
    private static final char DOT = '\u0323';

    // VNI-Windows mark bytes (lower-case forms; the capital form is the byte minus 0x20).
    // Each entry: byte, vowel mark, tone.
    private static final char[][] VNI_MARKS = {
            {0xF9, NO_MARK, ACUTE}, {0xF8, NO_MARK, GRAVE}, {0xFB, NO_MARK, HOOK},
            {0xF5, NO_MARK, TILDE}, {0xEF, NO_MARK, DOT},
            {0xE2, CIRCUMFLEX, NO_MARK}, {0xE1, CIRCUMFLEX, ACUTE}, {0xE0, CIRCUMFLEX, GRAVE},
            {0xE5, CIRCUMFLEX, HOOK}, {0xE3, CIRCUMFLEX, TILDE}, {0xE4, CIRCUMFLEX, DOT},
            {0xEA, BREVE, NO_MARK}, {0xE9, BREVE, ACUTE}, {0xE8, BREVE, GRAVE},
            {0xFA, BREVE, HOOK}, {0xFC, BREVE, TILDE}, {0xEB, BREVE, DOT},
    };

    // VNI-Windows bytes that are letters on their own (lower case; capital = byte minus 0x20).
    private static final String VNI_STANDALONE = """
            ED í  EC ì  E6 ỉ  F3 ĩ  F2 ị  EE ỵ  F4 ơ  F6 ư  F1 đ
            """;

    private static final char[] TCVN3 = new char[256];
    private static final char[] VNI_LETTER = new char[256];
    private static final char[] VNI_MARK = new char[256];
    private static final char[] VNI_TONE = new char[256];
    private static final boolean[] VNI_IS_MARK = new boolean[256];
    private static final Map<Character, Integer> TCVN3_INVERSE = new HashMap<>();

    private static final List<Map<Character, Integer>> CODE_PAGES = List.of(
            codePage(Charset.forName("windows-1252")), codePage(Charset.forName("windows-1258")));

    static {
        for (String[] entry : entries(TCVN3_TABLE)) {
            int b = Integer.parseInt(entry[0], 16);
            TCVN3[b] = entry[1].charAt(0);
            TCVN3_INVERSE.put(entry[1].charAt(0), b);
        }
        for (String[] entry : entries(VNI_STANDALONE)) {
            int b = Integer.parseInt(entry[0], 16);
            VNI_LETTER[b] = entry[1].charAt(0);
            VNI_LETTER[b - 0x20] = entry[1].toUpperCase(Locale.ROOT).charAt(0);
        }
        for (char[] mark : VNI_MARKS) {
            for (int b : new int[] {mark[0], mark[0] - 0x20}) {
                VNI_IS_MARK[b] = true;
                VNI_MARK[b] = mark[1];
                VNI_TONE[b] = mark[2];
            }
        }
    }

    private LegacyVietnamese() {
    }

    /**
     * Returns the cell's text in Unicode NFC, converted from TCVN3 or VNI when the evidence
     * says it was typed in one of them.
     *
     * @param text     the text as read from the cell; may be null
     * @param fontName the cell's font, or null when unknown (CSV)
     */
    static Repaired repair(String text, String fontName) {
        if (text == null || isAscii(text)) {
            return new Repaired(text, Encoding.UNICODE);
        }
        String unicode = Normalizer.normalize(text, Normalizer.Form.NFC);
        FontHint hint = FontHint.of(fontName);
        Repaired best = new Repaired(unicode, Encoding.UNICODE);
        Integer originalScore = null;
        int bestScore = 0;
        boolean bestHinted = false;
        for (Map<Character, Integer> codePage : CODE_PAGES) {
            int[] bytes = toBytes(text, codePage);
            if (bytes == null) {
                continue;
            }
            String[] readings = {decodeTcvn3(bytes, hint == FontHint.TCVN3_CAPITALS), decodeVni(bytes)};
            Encoding[] encodings = {Encoding.TCVN3, Encoding.VNI};
            for (int i = 0; i < readings.length; i++) {
                if (readings[i] == null) {
                    continue;
                }
                if (originalScore == null) {
                    // Scored only now: most Unicode text has a letter no legacy reading can produce.
                    originalScore = score(unicode);
                    bestScore = originalScore;
                }
                String reading = Normalizer.normalize(readings[i], Normalizer.Form.NFC);
                int score = score(reading);
                boolean hinted = encodings[i] == Encoding.TCVN3
                        ? hint == FontHint.TCVN3 || hint == FontHint.TCVN3_CAPITALS
                        : hint == FontHint.VNI;
                // A font that names the encoding settles a tie with the text as it stands;
                // without it a legacy reading must be strictly better.
                boolean better = score > bestScore
                        || (score == bestScore && hinted && !bestHinted && score >= originalScore);
                if (better) {
                    best = new Repaired(reading, encodings[i]);
                    bestScore = score;
                    bestHinted = hinted;
                }
            }
        }
        return best;
    }

    /**
     * A code or number cell (a reference such as "07.ĐT", a box "HĐ01"): converted only when its font names a legacy
     * encoding. Syllable scores say nothing about codes, and a code's Unicode "Đ" (Windows-1258 byte D0) reads as the
     * syllable "é" in TCVN3, so without a font the text is only NFC-normalised.
     */
    static Repaired repairCode(String text, String fontName) {
        if (text == null || FontHint.of(fontName) == FontHint.NONE) {
            return new Repaired(text == null ? null : Normalizer.normalize(text, Normalizer.Form.NFC), Encoding.UNICODE);
        }
        return repair(text, fontName);
    }

    /** Encodes Unicode text as TCVN3 seen through Windows-1252, the way Excel stores it. */
    static String encodeTcvn3(String unicode) {
        String nfc = Normalizer.normalize(unicode, Normalizer.Form.NFC);
        StringBuilder out = new StringBuilder(nfc.length());
        for (int i = 0; i < nfc.length(); i++) {
            char c = nfc.charAt(i);
            if (c < 0x80) {
                out.append(c);
                continue;
            }
            Integer b = TCVN3_INVERSE.get(c);
            if (b == null) {
                // VN3 has no toned capitals: typists used the lower-case code under an "H" font.
                b = TCVN3_INVERSE.get(Character.toLowerCase(c));
            }
            if (b == null) {
                throw new IllegalArgumentException("not encodable in TCVN3: " + c);
            }
            out.append((char) (int) b);
        }
        return out.toString();
    }

    /** Encodes Unicode text as VNI-Windows seen through Windows-1252, the way Excel stores it. */
    static String encodeVni(String unicode) {
        String nfc = Normalizer.normalize(unicode, Normalizer.Form.NFC);
        StringBuilder out = new StringBuilder(nfc.length() + 8);
        for (int i = 0; i < nfc.length(); i++) {
            char c = nfc.charAt(i);
            if (c < 0x80) {
                out.append(c);
                continue;
            }
            if (c == 'đ' || c == 'Đ') {
                out.append(c == 'đ' ? (char) 0xF1 : (char) 0xD1);
                continue;
            }
            String parts = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD);
            char base = parts.charAt(0);
            boolean upper = Character.isUpperCase(base);
            char lowerBase = Character.toLowerCase(base);
            char mark = NO_MARK;
            char tone = NO_MARK;
            for (int j = 1; j < parts.length(); j++) {
                char m = parts.charAt(j);
                if (m == CIRCUMFLEX || m == BREVE || m == '\u031B') {
                    mark = m;
                } else {
                    tone = m;
                }
            }
            int shift = upper ? 0x20 : 0;
            if (mark == '\u031B') {
                out.append((char) ((lowerBase == 'o' ? 0xF4 : 0xF6) - shift));
                if (tone != NO_MARK) {
                    out.append((char) (vniMarkByte(NO_MARK, tone) - shift));
                }
            } else if (lowerBase == 'i' || (lowerBase == 'y' && tone == DOT)) {
                out.append((char) (vniStandaloneByte(lowerBase, tone) - shift));
            } else {
                out.append(base).append((char) (vniMarkByte(mark, tone) - shift));
            }
        }
        return out.toString();
    }

    private static int vniMarkByte(char mark, char tone) {
        for (char[] entry : VNI_MARKS) {
            if (entry[1] == mark && entry[2] == tone) {
                return entry[0];
            }
        }
        throw new IllegalArgumentException("no VNI mark byte");
    }

    private static int vniStandaloneByte(char base, char tone) {
        String letter = Normalizer.normalize(base + String.valueOf(tone), Normalizer.Form.NFC);
        for (int b = 0xE0; b <= 0xFF; b++) {
            if (VNI_LETTER[b] == letter.charAt(0)) {
                return b;
            }
        }
        throw new IllegalArgumentException("no VNI byte for " + letter);
    }

    /** Null when a byte above 0x7F has no meaning in TCVN3 (then the text is not TCVN3). */
    private static String decodeTcvn3(int[] bytes, boolean capitals) {
        char[] out = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i];
            if (b < 0x80 || b == 0xA0) {
                out[i] = (char) b;
            } else if (TCVN3[b] != 0) {
                out[i] = TCVN3[b];
            } else {
                return null;
            }
        }
        if (capitals) {
            return new String(out).toUpperCase(Locale.ROOT);
        }
        raiseCapitalWords(bytes, out);
        return new String(out);
    }

    /**
     * A word typed in capitals under .VnTime has upper-case ASCII letters but lower-case
     * Vietnamese letters ("NH©N" for NHÂN), because VN3 has no toned capitals. When the
     * typed letters after the first are capitals and none are lower case, the word was meant
     * in capitals.
     */
    private static void raiseCapitalWords(int[] bytes, char[] out) {
        int start = 0;
        while (start < bytes.length) {
            while (start < bytes.length && isSeparator(bytes[start])) {
                start++;
            }
            int end = start;
            boolean capitalAfterFirst = false;
            boolean asciiLower = false;
            while (end < bytes.length && !isSeparator(bytes[end])) {
                int b = bytes[end];
                if (b >= 'A' && b <= 'Z' && end > start) {
                    capitalAfterFirst = true;
                } else if (b >= 'a' && b <= 'z') {
                    asciiLower = true;
                }
                end++;
            }
            if (capitalAfterFirst && !asciiLower) {
                for (int i = start; i < end; i++) {
                    out[i] = Character.toUpperCase(out[i]);
                }
            }
            start = end;
        }
    }

    /** Null when a byte above 0x7F is neither a VNI letter nor a mark after a letter that takes it. */
    private static String decodeVni(int[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length);
        int i = 0;
        while (i < bytes.length) {
            int b = bytes[i];
            if (b < 0x80 || b == 0xA0) {
                int next = i + 1 < bytes.length ? bytes[i + 1] : -1;
                if (next >= 0 && VNI_IS_MARK[next] && takesVniMark((char) b, VNI_MARK[next])) {
                    out.append(compose((char) b, VNI_MARK[next], VNI_TONE[next]));
                    i += 2;
                } else {
                    out.append((char) b);
                    i++;
                }
            } else if (VNI_LETTER[b] != 0) {
                char letter = VNI_LETTER[b];
                int next = i + 1 < bytes.length ? bytes[i + 1] : -1;
                boolean hornVowel = "ơưƠƯ".indexOf(letter) >= 0;
                if (hornVowel && next >= 0 && VNI_IS_MARK[next] && VNI_MARK[next] == NO_MARK) {
                    out.append(compose(letter, NO_MARK, VNI_TONE[next]));
                    i += 2;
                } else {
                    out.append(letter);
                    i++;
                }
            } else {
                return null;
            }
        }
        return out.toString();
    }

    private static boolean takesVniMark(char base, char mark) {
        char lower = Character.toLowerCase(base);
        if (mark == NO_MARK) {
            return "aeouy".indexOf(lower) >= 0;
        }
        if (mark == CIRCUMFLEX) {
            return "aeo".indexOf(lower) >= 0;
        }
        return lower == 'a';
    }

    private static String compose(char base, char mark, char tone) {
        StringBuilder s = new StringBuilder(3).append(base);
        if (mark != NO_MARK) {
            s.append(mark);
        }
        if (tone != NO_MARK) {
            s.append(tone);
        }
        return Normalizer.normalize(s, Normalizer.Form.NFC);
    }

    /**
     * Well-formed syllables minus malformed words, counting only words with a non-ASCII
     * character: ASCII words read the same in every encoding and prove nothing.
     */
    static int score(String text) {
        int score = 0;
        int start = 0;
        int length = text.length();
        while (start < length) {
            while (start < length && isSeparator(text.charAt(start))) {
                start++;
            }
            int end = start;
            boolean nonAscii = false;
            while (end < length && !isSeparator(text.charAt(end))) {
                nonAscii |= text.charAt(end) >= 0x80;
                end++;
            }
            if (nonAscii) {
                score += VietnameseSyllables.isSyllable(text.substring(start, end)) ? 1 : -1;
            }
            start = end;
        }
        return score;
    }

    private static boolean isSeparator(int c) {
        return c < 0x80 ? !Character.isLetter(c) : c == 0xA0 || Character.isWhitespace(c);
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** The bytes that would show as this text in the code page, or null if it cannot. */
    private static int[] toBytes(String text, Map<Character, Integer> codePage) {
        int[] bytes = new int[text.length()];
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes[i] = c;
            } else {
                Integer b = codePage.get(c);
                if (b == null) {
                    return null;
                }
                bytes[i] = b;
            }
        }
        return bytes;
    }

    private static Map<Character, Integer> codePage(Charset charset) {
        Map<Character, Integer> inverse = new HashMap<>();
        for (int b = 0x80; b <= 0xFF; b++) {
            String decoded = charset.decode(ByteBuffer.wrap(new byte[] {(byte) b})).toString();
            if (decoded.length() == 1 && decoded.charAt(0) != '\uFFFD') {
                inverse.put(decoded.charAt(0), b);
            }
        }
        return Map.copyOf(inverse);
    }

    private static List<String[]> entries(String table) {
        return java.util.Arrays.stream(table.trim().split("\\s+(?=[0-9A-F]{2}\\s)"))
                .map(entry -> entry.trim().split("\\s+"))
                .toList();
    }
}
