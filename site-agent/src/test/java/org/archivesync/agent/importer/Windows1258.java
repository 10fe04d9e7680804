package org.archivesync.agent.importer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.text.Normalizer;

/**
 * Writes text the way a Windows-1258 program does: letters with a vowel mark (â, ă, ê, ô, ơ, ư)
 * are precomposed, tones are separate combining bytes. Java's encoder cannot do this on its own
 * because it sees "ồ" as one character with no byte.
 */
final class Windows1258 {

    private static final Charset CP1258 = Charset.forName("windows-1258");

    private Windows1258() {
    }

    static byte[] encode(String text) {
        String nfd = Normalizer.normalize(text, Normalizer.Form.NFD);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < nfd.length()) {
            StringBuilder base = new StringBuilder().append(nfd.charAt(i++));
            StringBuilder tones = new StringBuilder();
            while (i < nfd.length() && Character.getType(nfd.charAt(i)) == Character.NON_SPACING_MARK) {
                char mark = nfd.charAt(i++);
                (("\u0302\u0306\u031B".indexOf(mark) >= 0) ? base : tones).append(mark);
            }
            write(out, Normalizer.normalize(base, Normalizer.Form.NFC));
            for (int t = 0; t < tones.length(); t++) {
                write(out, String.valueOf(tones.charAt(t)));
            }
        }
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String unit) {
        byte[] bytes = unit.getBytes(CP1258);
        if (bytes.length != 1 || (bytes[0] == '?' && !unit.equals("?"))) {
            throw new IllegalArgumentException("not in windows-1258: " + unit);
        }
        out.write(bytes[0]);
    }
}
