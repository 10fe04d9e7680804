package org.archivesync.agent.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.archivesync.agent.recording.FileKey;
import org.archivesync.agent.testing.TestPaths;
import org.junit.jupiter.api.Test;

/** When a scan is handed out: once its size and time have settled for stable-for, on a real folder and a set clock. */
class ScanQueueTest {

    static final Duration STABLE_FOR = Duration.ofSeconds(5);
    static final FileKey FILE = new FileKey("PHONG.CN", "HS-01");

    final Path dir = TestPaths.directory("scan-queue");
    final SetClock clock = new SetClock(Instant.parse("2025-06-10T02:00:00Z"));
    final ScanQueue queue = new ScanQueue(new ScanLayout(ScanLayout.DEFAULT, null), STABLE_FOR, clock);

    @Test
    void aScanIsHandedOutOnlyOnceItHasNotChangedForStableFor() throws IOException {
        Path file = scan("PHONG.CN/HS-01/a.pdf", "trang 1");
        offer(file, "PHONG.CN/HS-01/a.pdf", false);

        clock.advance(Duration.ofSeconds(4));
        assertThat(queue.settled().byFile()).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(queue.settled().byFile().get(FILE)).singleElement()
                .isEqualTo(new Scan(file, "PHONG.CN/HS-01/a.pdf", Files.size(file), modified(file)));
    }

    @Test
    void aScanStillBeingWrittenWaitsAgainFromItsLastChange() throws IOException {
        Path file = scan("PHONG.CN/HS-01/a.pdf", "trang 1");
        offer(file, "PHONG.CN/HS-01/a.pdf", false);
        clock.advance(Duration.ofSeconds(4));
        Files.writeString(file, "trang 1, trang 2");
        Files.setLastModifiedTime(file, FileTime.from(clock.instant()));

        assertThat(queue.settled().byFile()).isEmpty();
        clock.advance(Duration.ofSeconds(4));
        assertThat(queue.settled().byFile()).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(queue.settled().byFile().get(FILE)).singleElement().extracting(Scan::size)
                .isEqualTo((long) "trang 1, trang 2".getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    }

    @Test
    void aRetryWaitsForItsTimeAndAChangeSeenByThePipelineStartsTheWaitOver() throws IOException {
        Path file = scan("PHONG.CN/HS-01/a.pdf", "trang 1");
        offer(file, "PHONG.CN/HS-01/a.pdf", true);
        assertThat(queue.settled().byFile()).containsKey(FILE);

        queue.retryAt("PHONG.CN/HS-01/a.pdf", clock.instant().plus(Duration.ofMinutes(1)));
        assertThat(queue.settled().byFile()).isEmpty();
        clock.advance(Duration.ofMinutes(1));
        assertThat(queue.settled().byFile()).containsKey(FILE);

        Files.writeString(file, "trang 1, trang 2");
        queue.changed("PHONG.CN/HS-01/a.pdf", Files.size(file), modified(file));
        assertThat(queue.settled().byFile()).isEmpty();
        clock.advance(STABLE_FOR);
        assertThat(queue.settled().byFile()).containsKey(FILE);
    }

    @Test
    void scansOutsideTheLayoutAreSetApartAndScansGoneAreDropped() throws IOException {
        Path loose = scan("le.pdf", "le");
        Path gone = scan("PHONG.CN/HS-01/b.pdf", "b");
        offer(loose, "le.pdf", true);
        offer(gone, "PHONG.CN/HS-01/b.pdf", true);
        Files.delete(gone);

        ScanQueue.Settled settled = queue.settled();
        assertThat(settled.outsideLayout()).extracting(Scan::path).containsExactly("le.pdf");
        assertThat(settled.byFile()).isEmpty();
        assertThat(queue.contains("PHONG.CN/HS-01/b.pdf")).isFalse();

        queue.remove("le.pdf");
        assertThat(queue.settled().outsideLayout()).isEmpty();
    }

    @Test
    void theSameVersionOfferedAgainIsNotQueuedTwice() throws IOException {
        Path file = scan("PHONG.CN/HS-01/a.pdf", "trang 1");
        assertThat(queue.offer(file, "PHONG.CN/HS-01/a.pdf", Files.size(file), modified(file), false)).isTrue();
        assertThat(queue.offer(file, "PHONG.CN/HS-01/a.pdf", Files.size(file), modified(file), false)).isFalse();
    }

    private void offer(Path file, String path, boolean settledAlready) throws IOException {
        queue.offer(file, path, Files.size(file), modified(file), settledAlready);
    }

    private Path scan(String path, String text) throws IOException {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    private static long modified(Path file) throws IOException {
        return Files.getLastModifiedTime(file).toMillis();
    }

    /** A clock a test moves by hand. */
    static final class SetClock extends Clock {
        private Instant now;

        SetClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
