package org.archivesync.agent.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.archivesync.agent.objectstore.ObjectStore;
import org.archivesync.agent.objectstore.StoredObject;
import org.archivesync.agent.recording.FileKey;
import org.archivesync.agent.recording.PackBox;
import org.archivesync.agent.recording.Recorder;
import org.archivesync.agent.recording.RegisterFonds;
import org.archivesync.agent.store.AgentStore;
import org.archivesync.agent.testing.TestPaths;
import org.archivesync.agent.testing.TestSite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One file's settled scans through the pipeline, on a real SQLite store, a real recorder and a local object store
 * (seen through a tap that notes each put and can play a clerk still writing the scan): one outcome per scan, and the
 * object key decided before the store is called.
 */
class ScanPipelineTest {

    static final String FONDS = ScanWatcherTest.FONDS;
    static final FileKey HS01 = new FileKey(FONDS, "HS-01");

    Path root;
    Path objectsDir;
    AgentStore store;
    Recorder recorder;
    Tap objects;
    ScanPipeline pipeline;

    @BeforeEach
    void office() {
        root = TestPaths.directory("pipeline");
        objectsDir = root.resolve("objects");
        store = AgentStore.open(root.resolve("agent.sqlite"));
        recorder = new Recorder(store, TestSite.create("CM.CAINUOC.UBND").identity(), Clock.systemUTC(), "may.quet");
        recorder.registerFonds(new RegisterFonds(FONDS, "Phông UBND huyện Cái Nước", "UBND huyện Cái Nước", null, null,
                null, false));
        recorder.packBox(new PackBox("H-01", FONDS, null, new BigDecimal("0.10")));
        recorder.recordFile(ScanWatcherTest.open("HS-01"));
        objects = new Tap(ObjectStore.local(objectsDir));
        pipeline = new ScanPipeline(recorder, objects, new ScanLedger(store), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void theKeyIsDecidedBeforeTheStoreIsCalledAndADuplicateIsNeverCopied() throws IOException {
        Scan a = scan(TestScans.pdf(root.resolve("in/HS-01/a.pdf"), 3, "a"));
        Path copyOfA = Files.copy(a.file(), root.resolve("in/HS-01/a-again.pdf"));
        Scan again = scan(copyOfA);

        List<ScanOutcome> outcomes = pipeline.process(HS01, List.of(a, again));

        String key = FONDS + "/HS-01/" + TestScans.sha256(a.file()) + ".pdf";
        assertThat(objects.puts).containsExactly(key);
        assertThat(outcomes).hasSize(2);
        assertThat(outcomes.get(0)).isEqualTo(new ScanOutcome.Issue(again, HS01, ScanIssue.Kind.DUPLICATE, key));
        assertThat(outcomes.get(1)).isInstanceOfSatisfying(ScanOutcome.Digitized.class, d -> {
            assertThat(d.scan()).isEqualTo(a);
            assertThat(d.object().key()).isEqualTo(key);
            assertThat(HexFormat.of().formatHex(d.object().sha256())).isEqualTo(TestScans.sha256(a.file()));
            assertThat(d.inspection().pages()).isEqualTo(3);
        });
        assertThat(TestScans.sha256(objectsDir.resolve(key))).isEqualTo(TestScans.sha256(a.file()));

        // Processed again (the ledger lost, say): recognised by its key, nothing copied, nothing recorded.
        objects.puts.clear();
        assertThat(pipeline.process(HS01, List.of(a)))
                .containsExactly(new ScanOutcome.AlreadyDigitized(a, HS01, key));
        assertThat(objects.puts).isEmpty();
    }

    @Test
    void scansOfAnUnknownFileAreNotOpenedAndBadScansAreIssues() throws IOException {
        Scan unknown = scan(TestScans.pdf(root.resolve("in/HS-404/a.pdf"), 1, "x"));
        assertThat(pipeline.process(new FileKey(FONDS, "HS-404"), List.of(unknown))).containsExactly(
                new ScanOutcome.Issue(unknown, new FileKey(FONDS, "HS-404"), ScanIssue.Kind.UNKNOWN_FILE, null));

        Path emptyFile = Files.createDirectories(root.resolve("in/HS-01")).resolve("trong.pdf");
        Files.createFile(emptyFile);
        Scan empty = scan(emptyFile);
        Scan notAScan = scan(Files.writeString(root.resolve("in/HS-01/ghi-chu.pdf"), "không phải bản quét"));
        assertThat(pipeline.process(HS01, List.of(empty, notAScan))).containsExactly(
                new ScanOutcome.Issue(empty, HS01, ScanIssue.Kind.EMPTY, null),
                new ScanOutcome.Issue(notAScan, HS01, ScanIssue.Kind.UNREADABLE, "not-a-scan"));
        assertThat(objects.puts).isEmpty();
    }

    @Test
    void aScanChangedWhileCopiedIsDroppedFromTheStoreAndWaitsToSettle() throws IOException {
        Scan a = scan(TestScans.pdf(root.resolve("in/HS-01/a.pdf"), 2, "a"));
        objects.afterPut = () -> Files.writeString(a.file(), "the scanner is still writing", java.nio.file.StandardOpenOption.APPEND);

        List<ScanOutcome> outcomes = pipeline.process(HS01, List.of(a));

        assertThat(outcomes).singleElement().isInstanceOfSatisfying(ScanOutcome.Changed.class,
                c -> assertThat(c.size()).isEqualTo(a.size() + "the scanner is still writing".length()));
        assertThat(objectsDir.resolve(objects.puts.get(0))).doesNotExist();
    }

    @Test
    void aStoreThatFailsIsTriedAgainLater() throws IOException {
        Scan a = scan(TestScans.pdf(root.resolve("in/HS-01/a.pdf"), 2, "a"));
        objects.failing = true;

        assertThat(pipeline.process(HS01, List.of(a))).singleElement()
                .isInstanceOfSatisfying(ScanOutcome.RetryLater.class, r -> assertThat(r.error()).hasMessage("disk full"));
    }

    static Scan scan(Path file) throws IOException {
        return new Scan(file, file.getParent().getFileName() + "/" + file.getFileName(), Files.size(file),
                Files.getLastModifiedTime(file).toMillis());
    }

    /** The real local store, with each put's key noted, and an optional step after it or a failure instead of it. */
    static final class Tap implements ObjectStore {

        interface Step {
            void run() throws IOException;
        }

        final ObjectStore store;
        final List<String> puts = new ArrayList<>();
        Step afterPut;
        boolean failing;

        Tap(ObjectStore store) {
            this.store = store;
        }

        @Override
        public StoredObject put(Path source, String mediaType, String key, byte[] sha256) throws IOException {
            puts.add(key);
            if (failing) {
                throw new IOException("disk full");
            }
            StoredObject stored = store.put(source, mediaType, key, sha256);
            if (afterPut != null) {
                afterPut.run();
            }
            return stored;
        }

        @Override
        public void clearIncomplete() throws IOException {
            store.clearIncomplete();
        }

        @Override
        public void delete(String key) throws IOException {
            store.delete(key);
        }

        @Override
        public String describe() {
            return store.describe();
        }
    }
}
