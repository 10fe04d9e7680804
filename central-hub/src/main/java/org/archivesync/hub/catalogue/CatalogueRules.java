package org.archivesync.hub.catalogue;

import java.math.BigDecimal;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import org.archivesync.avro.AccessRegime;
import org.archivesync.avro.BoxRef;
import org.archivesync.avro.DatePrecision;
import org.archivesync.avro.DestructionRecorded;
import org.archivesync.avro.FileRecorded;
import org.archivesync.avro.RetentionKind;

/**
 * The catalogue's rules on event content, checked before any write so that no CHECK constraint of the schema ever
 * fails a batch: a failed constraint would roll back every site's events, and a retry would fail the same way.
 */
final class CatalogueRules {

    /** numeric(12, 2): ten digits before the point. */
    private static final int METRE_INTEGER_DIGITS = 10;

    private CatalogueRules() {
    }

    /**
     * Why a FileRecorded of a state-secret file carries more than the stub, or null when it does not. Looks at the
     * event alone (Law 29/2018/QH14, Art. 5: title, keywords, notes and condition of a secret file are never accepted).
     */
    static String secretContent(FileRecorded f) {
        if (f.getAccessRegime() != AccessRegime.STATE_SECRET) {
            return null;
        }
        StringBuilder fields = new StringBuilder();
        if (present(f.getTitle())) {
            fields.append(" title");
        }
        if (f.getKeywords() != null && f.getKeywords().stream().anyMatch(CatalogueRules::present)) {
            fields.append(" keywords");
        }
        if (present(f.getNotes())) {
            fields.append(" notes");
        }
        if (present(f.getPhysicalCondition())) {
            fields.append(" physicalCondition");
        }
        return fields.isEmpty() ? null
                : "state-secret file " + f.getFondsCode() + "/" + f.getFileCode() + " carries" + fields
                        + " beyond its stub";
    }

    /** Why a FileRecorded cannot be stored (other than secret content), or null. */
    static String invalidFile(FileRecorded f) {
        if (f.getRetention() == RetentionKind.FIXED_TERM
                && (f.getRetentionYears() == null || f.getRetentionYears() <= 0)) {
            return "fixed-term retention needs a positive number of years";
        }
        if (f.getAccessRegime() == AccessRegime.STATE_SECRET && f.getSecretLevel() == null) {
            return "a state-secret file needs its secret level";
        }
        if (negative(f.getSheetCount()) || negative(f.getPageCount())) {
            return "sheet and page counts cannot be negative";
        }
        if (blank(f.getFondsCode()) || blank(f.getFileCode())) {
            return "a file needs a fonds code and a file code";
        }
        return null;
    }

    /** True when every box names its fonds and its number (a box is identified by both). */
    static boolean boxRefs(List<BoxRef> boxes) {
        return boxes.stream().allMatch(b -> text(b.getFondsCode()) != null && text(b.getBoxCode()) != null);
    }

    /** A date's precision as stored: DAY when the event left it out. */
    static DatePrecision precision(DatePrecision p) {
        return p == null ? DatePrecision.DAY : p;
    }

    /** Why a destruction cannot be applied on its face (before looking at its files), or null. */
    static String invalidDestruction(DestructionRecorded d) {
        if (blank(d.getFirstApprover()) || blank(d.getSecondApprover())
                || fold(d.getFirstApprover()).equals(fold(d.getSecondApprover()))) {
            return "a destruction needs two distinct approvers";
        }
        if (d.getFiles().isEmpty()) {
            return "a destruction names no file";
        }
        if (!metres(d.getMetres())) {
            return "destroyed metres out of range";
        }
        return null;
    }

    /** True for a value numeric(12, 2) holds and that is not negative. */
    static boolean metres(BigDecimal m) {
        return m != null && m.signum() >= 0 && m.precision() - m.scale() <= METRE_INTEGER_DIGITS;
    }

    /** As {@link #metres} for an optional value. */
    static boolean optionalMetres(BigDecimal m) {
        return m == null || metres(m);
    }

    /**
     * Why bulk figures of an extent do not hold together, or null when they do: packed metres within the sorted
     * metres, sealed within packed (sealed needs packed), and likewise for the box counts.
     */
    static String bulkWork(BigDecimal sorted, BigDecimal packed, BigDecimal sealed, Integer packedBoxes,
                           Integer sealedBoxes) {
        if (packed != null && packed.compareTo(sorted) > 0) {
            return "packed metres exceed sorted metres";
        }
        if (sealed != null && (packed == null || sealed.compareTo(packed) > 0)) {
            return "sealed metres exceed packed metres";
        }
        if (sealedBoxes != null && (packedBoxes == null || sealedBoxes > packedBoxes)) {
            return "sealed boxes exceed packed boxes";
        }
        return null;
    }

    static boolean negative(Integer n) {
        return n != null && n < 0;
    }

    /**
     * Text as stored: NFC (Vietnamese may arrive decomposed), without NUL characters (PostgreSQL text cannot hold
     * them; a legacy-encoding conversion leaves them behind), stripped, null when blank.
     */
    static String text(String s) {
        if (s == null) {
            return null;
        }
        if (s.indexOf('\u0000') >= 0) {
            s = s.replace("\u0000", "");
        }
        String nfc = plainlyNfc(s) || Normalizer.isNormalized(s, Normalizer.Form.NFC) ? s
                : Normalizer.normalize(s, Normalizer.Form.NFC);
        String stripped = nfc.strip();
        return stripped.isEmpty() ? null : stripped;
    }

    /** Keywords as stored: each as {@link #text}, blanks dropped. */
    static List<String> keywords(List<String> keywords) {
        if (keywords == null) {
            return List.of();
        }
        return keywords.stream().map(CatalogueRules::text).filter(k -> k != null).toList();
    }

    /**
     * True when {@code s} is NFC by a look at its characters alone, the usual case: all below U+0300 (Latin, no
     * combining marks) or precomposed Vietnamese letters (U+1EA0..U+1EF9). None of those changes under NFC or combines
     * with what precedes it. Saves the normalizer's check on every title of an import; false means "ask it".
     */
    private static boolean plainlyNfc(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '\u0300' && (c < '\u1EA0' || c > '\u1EF9')) {
                return false;
            }
        }
        return true;
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String fold(String s) {
        return Normalizer.normalize(s.strip(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
    }
}
