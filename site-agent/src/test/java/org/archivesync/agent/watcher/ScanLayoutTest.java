package org.archivesync.agent.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.text.Normalizer;
import java.util.Optional;
import org.archivesync.agent.recording.FileKey;
import org.junit.jupiter.api.Test;

class ScanLayoutTest {

    @Test
    void theDefaultIsOneFolderPerFondsAndOnePerFile() {
        ScanLayout layout = new ScanLayout(ScanLayout.DEFAULT, null);

        assertThat(layout.fileOf("PHONG.CN/HS-01/trang-1.pdf")).contains(new FileKey("PHONG.CN", "HS-01"));
        assertThat(layout.fileOf("PHONG.CN/HS-01/tap-2/trang-1.tif")).contains(new FileKey("PHONG.CN", "HS-01"));
        assertThat(layout.fileOf("PHONG.CN/trang-1.pdf")).isEmpty();
        assertThat(layout.fileOf("trang-1.pdf")).isEmpty();
        String nfd = Normalizer.normalize("PHÔNG/HỒ-SƠ-1/a.pdf", Normalizer.Form.NFD);
        assertThat(layout.fileOf(nfd)).contains(new FileKey("PHÔNG", "HỒ-SƠ-1"));
    }

    @Test
    void aNamingRuleCanTakeTheFileFromTheNameUnderOneFonds() {
        ScanLayout layout = new ScanLayout("(?<file>HS-\\d+)_\\d+\\.(?i:pdf|tiff?|jpe?g)", "PHONG.CN");

        assertThat(layout.fileOf("HS-12_001.pdf")).contains(new FileKey("PHONG.CN", "HS-12"));
        assertThat(layout.fileOf("HS-12.pdf")).isEqualTo(Optional.empty());
    }

    @Test
    void aRuleWithoutFileOrFondsIsRefusedAtStart() {
        assertThatThrownBy(() -> new ScanLayout("(?<fonds>[^/]+)/.+", null)).hasMessageContaining("(?<file>");
        assertThatThrownBy(() -> new ScanLayout("(?<file>[^/]+)/.+", " ")).hasMessageContaining("default-fonds");
        assertThatThrownBy(() -> new ScanLayout("(?<file>[", "F")).hasMessageContaining("does not compile");
    }
}
