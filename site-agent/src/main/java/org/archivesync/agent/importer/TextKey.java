package org.archivesync.agent.importer;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Folds Vietnamese text into a comparison key: no diacritics (đ becomes d), lower case,
 * every run of spaces or punctuation collapsed to one space. "Số, ký hiệu hồ sơ" and
 * "SO KY HIEU HO SO" give the same key, which is how clerks' headers and values are matched.
 */
final class TextKey {

    private TextKey() {
    }

    static String of(String text) {
        if (text == null) {
            return "";
        }
        String stripped = stripDiacritics(text).toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(stripped.length());
        boolean pendingSpace = false;
        for (int i = 0; i < stripped.length(); i++) {
            char c = stripped.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                if (pendingSpace && out.length() > 0) {
                    out.append(' ');
                }
                pendingSpace = false;
                out.append(c);
            } else {
                pendingSpace = true;
            }
        }
        return out.toString();
    }

    /** Removes tone and vowel marks; keeps case, spacing and punctuation. */
    static String stripDiacritics(String text) {
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(decomposed.length());
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            if (Character.getType(c) == Character.NON_SPACING_MARK) {
                continue;
            }
            // đ has no decomposition: it is a letter of its own, not d plus a mark.
            out.append(c == 'đ' ? 'd' : c == 'Đ' ? 'D' : c);
        }
        return out.toString();
    }
}
