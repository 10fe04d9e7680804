package org.archivesync.agent.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.archivesync.agent.recording.FileKey;
import org.archivesync.agent.recording.FileSummary;
import org.junit.jupiter.api.Test;

/** Where a scan's content goes, decided from its hash before anything is copied, by itself (no store, no folder). */
class ScanPlacementTest {

    static final FileKey FILE = new FileKey("PHONG.CN", "HS-01");
    static final byte[] SHA = HexFormat.of().parseHex("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
    static final String KEY = "PHONG.CN/HS-01/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08.pdf";

    @Test
    void newContentIsStoredUnderItsFileAndHash() {
        Set<String> pass = new HashSet<>();
        assertThat(ScanPlacement.decide(FILE, SHA, ".pdf", List.of(), pass)).isEqualTo(new ScanPlacement.Store(KEY));
        assertThat(pass).containsExactly(HexFormat.of().formatHex(SHA));
    }

    @Test
    void theSameObjectRecordedForThisFileIsSettledWithoutACopy() {
        assertThat(ScanPlacement.decide(FILE, SHA, ".pdf",
                List.of(new FileSummary.StoredObject("PHONG.CN", "HS-01", KEY)), new HashSet<>()))
                .isEqualTo(new ScanPlacement.AlreadyRecorded(KEY));
    }

    @Test
    void contentRecordedElsewhereIsADuplicateOfThatObject() {
        String other = "PHONG.CN/HS-02/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08.tif";
        Set<String> pass = new HashSet<>();
        assertThat(ScanPlacement.decide(FILE, SHA, ".pdf",
                List.of(new FileSummary.StoredObject("PHONG.CN", "HS-02", other)), pass))
                .isEqualTo(new ScanPlacement.Duplicate(other));
        assertThat(pass).isEmpty();
    }

    @Test
    void theSameContentTwiceInOnePassIsStoredOnce() {
        Set<String> pass = new HashSet<>();
        assertThat(ScanPlacement.decide(FILE, SHA, ".pdf", List.of(), pass)).isInstanceOf(ScanPlacement.Store.class);
        assertThat(ScanPlacement.decide(FILE, SHA, ".pdf", List.of(), pass)).isEqualTo(new ScanPlacement.Duplicate(KEY));
    }
}
