package org.archivesync.agent.importer;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Tells whether a word is a well-formed Vietnamese syllable: an onset, a rhyme from the
 * language's inventory and at most one tone, following the spelling rules (c/k, g/gh, ng/ngh)
 * and the rule that a syllable closed by p, t, c or ch carries only the sắc or nặng tone.
 *
 * <p>This is how {@link LegacyVietnamese} decides whether a decoding produced Vietnamese or
 * garbage: text read in the wrong encoding breaks these rules almost every time (letters such
 * as ñ, ö or µ, two tones in a word, impossible vowel clusters), while the right decoding
 * keeps them.
 */
final class VietnameseSyllables {

    // Longest first, so "ngh" is tried before "ng" and "n".
    private static final List<String> ONSETS = List.of(
            "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
            "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "");

    // Rhymes without tone, grouped by nucleus.
    private static final Set<String> RHYMES = Set.of(
            "a", "ai", "ao", "au", "ay", "am", "an", "ang", "anh", "ap", "at", "ac", "ach",
            "ăm", "ăn", "ăng", "ăp", "ăt", "ăc",
            "âm", "ân", "âng", "âp", "ât", "âc", "âu", "ây",
            "e", "eo", "em", "en", "eng", "ep", "et", "ec",
            "ê", "êu", "êm", "ên", "ênh", "êp", "êt", "êch",
            "i", "ia", "iu", "im", "in", "inh", "ip", "it", "ich",
            "iêu", "iêm", "iên", "iêng", "iêp", "iêt", "iêc",
            "yêu", "yêm", "yên", "yêt",
            "o", "oi", "om", "on", "ong", "op", "ot", "oc", "oong", "ooc",
            "ô", "ôi", "ôm", "ôn", "ông", "ôp", "ôt", "ôc",
            "ơ", "ơi", "ơm", "ơn", "ơp", "ơt",
            "u", "ui", "ua", "um", "un", "ung", "up", "ut", "uc",
            "uôi", "uôm", "uôn", "uông", "uôt", "uôc",
            "ư", "ưa", "ưi", "ưu", "ưm", "ưn", "ưng", "ưt", "ưc",
            "ươi", "ươu", "ươm", "ươn", "ương", "ươp", "ươt", "ươc",
            "y",
            "oa", "oai", "oay", "oao", "oan", "oang", "oanh", "oam", "oap", "oat", "oac", "oach",
            "oăn", "oăng", "oăm", "oăt", "oăc",
            "oe", "oeo", "oen", "oet", "oem",
            "uân", "uâng", "uât", "uây",
            "uê", "uênh", "uêch",
            "uy", "uya", "uyu", "uyn", "uynh", "uyt", "uych", "uyên", "uyêt", "uyp",
            "uơ");

    private static final char GRAVE = '\u0300';
    private static final char ACUTE = '\u0301';
    private static final char TILDE = '\u0303';
    private static final char HOOK = '\u0309';
    private static final char DOT = '\u0323';

    private VietnameseSyllables() {
    }

    /** True for a well-formed syllable in lower case, upper case or capitalised form. */
    static boolean isSyllable(String word) {
        if (word.isEmpty() || !caseIsConsistent(word)) {
            return false;
        }
        String decomposed = Normalizer.normalize(word.toLowerCase(Locale.ROOT), Normalizer.Form.NFD);
        StringBuilder base = new StringBuilder(decomposed.length());
        char tone = 0;
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            if (c == GRAVE || c == ACUTE || c == TILDE || c == HOOK || c == DOT) {
                if (tone != 0) {
                    return false;
                }
                tone = c;
            } else {
                base.append(c);
            }
        }
        String letters = Normalizer.normalize(base, Normalizer.Form.NFC);
        for (int i = 0; i < letters.length(); i++) {
            if (!isVietnameseLetter(letters.charAt(i))) {
                return false;
            }
        }
        for (String onset : ONSETS) {
            if (letters.startsWith(onset) && rhymeFits(onset, letters.substring(onset.length()), tone)) {
                return true;
            }
        }
        return false;
    }

    private static boolean rhymeFits(String onset, String rhyme, char tone) {
        if (rhyme.isEmpty()) {
            // "gì": the i of gi doubles as the vowel.
            return onset.equals("gi");
        }
        if (!RHYMES.contains(rhyme)) {
            return false;
        }
        char first = rhyme.charAt(0);
        boolean frontVowel = first == 'i' || first == 'e' || first == 'ê' || first == 'y';
        switch (onset) {
            case "k":
                if (!frontVowel) {
                    return false;
                }
                break;
            case "c":
                if (frontVowel) {
                    return false;
                }
                break;
            case "gh", "ngh":
                if (first != 'i' && first != 'e' && first != 'ê') {
                    return false;
                }
                break;
            default:
                break;
        }
        boolean stopFinal = rhyme.endsWith("p") || rhyme.endsWith("t") || rhyme.endsWith("c") || rhyme.endsWith("ch");
        return !stopFinal || tone == ACUTE || tone == DOT;
    }

    private static boolean isVietnameseLetter(char c) {
        return (c >= 'a' && c <= 'z' && c != 'f' && c != 'j' && c != 'w' && c != 'z')
                || c == 'â' || c == 'ă' || c == 'ê' || c == 'ô' || c == 'ơ' || c == 'ư' || c == 'đ';
    }

    /** All lower, all upper, or one capital followed by lower case. */
    private static boolean caseIsConsistent(String word) {
        boolean anyUpperAfterFirst = false;
        boolean anyLowerAfterFirst = false;
        for (int i = 1; i < word.length(); i++) {
            char c = word.charAt(i);
            if (Character.isUpperCase(c)) {
                anyUpperAfterFirst = true;
            } else if (Character.isLowerCase(c)) {
                anyLowerAfterFirst = true;
            }
        }
        if (!anyUpperAfterFirst) {
            return true;
        }
        return !anyLowerAfterFirst && !Character.isLowerCase(word.charAt(0));
    }
}
