package org.archivesync.agent.recording;

import static org.archivesync.agent.recording.Fields.refuse;

import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.archivesync.avro.BoxRef;
import org.archivesync.avro.FileRef;

/**
 * What the rules of every aggregate share inside one recording transaction, and the checks more than one of them
 * makes. Rules validate a command fully before they write, so a refusal leaves the transaction as it was.
 *
 * @param state the transaction's state tables (never null)
 * @param siteCode this office; null only on a dry-run import before enrollment
 * @param latestDate the latest date an act may carry (today on the acts clock, plus a day of slack; never null)
 * @param now the PC's clock, for the rows that keep a time (key rotations; never null)
 */
record RuleContext(StateTables state, String siteCode, LocalDate latestDate, Instant now) {

    void requireFonds(String fondsCode, String field) throws SQLException {
        if (!state.fondsExists(fondsCode)) {
            throw refuse(Refusal.FONDS_UNKNOWN, field, fondsCode);
        }
    }

    void requireLocation(String locationCode, String field) throws SQLException {
        if (locationCode != null && !state.locationExists(locationCode)) {
            throw refuse(Refusal.LOCATION_UNKNOWN, field, locationCode);
        }
    }

    /** The file's row, refused when it is unknown or no longer {@link FileStatus#ACTIVE}. */
    FileTables.FileRow activeFile(String fondsCode, String fileCode, String field) throws SQLException {
        FileTables.FileRow file = state.files().file(fondsCode, fileCode)
                .orElseThrow(() -> refuse(Refusal.FILE_UNKNOWN, field, fondsCode + "/" + fileCode));
        if (file.status() != FileStatus.ACTIVE) {
            throw refuse(Refusal.FILE_NOT_ACTIVE, field, fondsCode + "/" + fileCode, file.status().name());
        }
        return file;
    }

    /** Refuses a box this office no longer holds. */
    static void requireAtSite(StateTables.BoxRow box, String field) {
        if (box.custody() != BoxCustody.AT_SITE) {
            throw refuse(Refusal.BOX_HANDED_OVER, field, name(box.key()));
        }
    }

    /** A box as messages name it: {@code FONDS/BOX}. */
    static String name(BoxKey key) {
        return key.fondsCode() + "/" + key.boxCode();
    }

    /** A refusal about a free-text field a state secret may not carry (Law 29/2018/QH14, Art. 5). */
    static void refuseIfPresent(boolean present, String field) {
        if (present) {
            throw refuse(Refusal.SECRET_DESCRIPTIVE_FIELD, field);
        }
    }

    static FileRef ref(String fondsCode, String fileCode) {
        return FileRef.newBuilder().setFondsCode(fondsCode).setFileCode(fileCode).build();
    }

    static List<FileRef> refs(List<FileKey> files) {
        List<FileRef> out = new ArrayList<>(files.size());
        for (FileKey f : files) {
            out.add(ref(f.fondsCode(), f.fileCode()));
        }
        return out;
    }

    static List<BoxRef> boxRefs(List<BoxKey> boxes) {
        List<BoxRef> out = new ArrayList<>(boxes.size());
        for (BoxKey b : boxes) {
            out.add(BoxRef.newBuilder().setFondsCode(b.fondsCode()).setBoxCode(b.boxCode()).build());
        }
        return out;
    }
}
