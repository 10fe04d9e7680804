package org.archivesync.agent.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.archivesync.agent.testing.TestPaths;
import org.junit.jupiter.api.Test;

class ScanInspectorTest {

    final Path dir = TestPaths.directory("inspector");

    @Test
    void countsPagesAndReadsTheResolution() throws Exception {
        assertThat(ScanInspector.inspect(TestScans.pdf(dir.resolve("a.pdf"), 7, "x")))
                .isEqualTo(new ScanInspector.Inspection("application/pdf", 7, null));
        assertThat(ScanInspector.inspect(TestScans.tiff(dir.resolve("b.tif"), 4, 300)))
                .isEqualTo(new ScanInspector.Inspection("image/tiff", 4, 300));
        assertThat(ScanInspector.inspect(TestScans.jpeg(dir.resolve("c.jpg"), 200)))
                .isEqualTo(new ScanInspector.Inspection("image/jpeg", 1, 200));
    }

    @Test
    void theContentDecidesNotTheName() throws Exception {
        Path tiffNamedPdf = Files.move(TestScans.tiff(dir.resolve("d.tif"), 2, 150), dir.resolve("d.pdf"));
        assertThat(ScanInspector.inspect(tiffNamedPdf).mediaType()).isEqualTo("image/tiff");

        Path text = Files.writeString(dir.resolve("e.pdf"), "không phải PDF", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ScanInspector.inspect(text)).isInstanceOfSatisfying(
                ScanInspector.UnreadableScanException.class, e -> assertThat(e.reason()).isEqualTo("not-a-scan"));

        byte[] pdf = Files.readAllBytes(TestScans.pdf(dir.resolve("f.pdf"), 3, "y"));
        Path truncated = Files.write(dir.resolve("g.pdf"), java.util.Arrays.copyOf(pdf, 40));
        assertThatThrownBy(() -> ScanInspector.inspect(truncated)).isInstanceOfSatisfying(
                ScanInspector.UnreadableScanException.class, e -> assertThat(e.reason()).isEqualTo("damaged"));

        byte[] tiff = Files.readAllBytes(dir.resolve("d.pdf"));
        Path brokenTiff = Files.write(dir.resolve("h.tif"), java.util.Arrays.copyOf(tiff, 12));
        assertThatThrownBy(() -> ScanInspector.inspect(brokenTiff)).isInstanceOfSatisfying(
                ScanInspector.UnreadableScanException.class, e -> assertThat(e.reason()).isEqualTo("damaged"));
    }
}
