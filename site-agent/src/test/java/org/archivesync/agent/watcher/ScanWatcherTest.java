package org.archivesync.agent.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.archivesync.agent.cli.AgentCli;
import org.archivesync.agent.objectstore.ObjectStore;
import org.archivesync.agent.outbox.Outbox;
import org.archivesync.agent.outbox.OutboxEntry;
import org.archivesync.agent.recording.DigitizeFile;
import org.archivesync.agent.recording.PackBox;
import org.archivesync.agent.recording.RecordFile;
import org.archivesync.agent.recording.Recorder;
import org.archivesync.agent.recording.RegisterFonds;
import org.archivesync.agent.recording.WithdrawFile;
import org.archivesync.agent.store.AgentStore;
import org.archivesync.agent.testing.OutboxChecks;
import org.archivesync.agent.testing.StoreDump;
import org.archivesync.agent.testing.TestPaths;
import org.archivesync.agent.testing.TestSite;
import org.archivesync.avro.AccessRegime;
import org.archivesync.avro.DigitalObject;
import org.archivesync.avro.FileDigitized;
import org.archivesync.avro.RetentionKind;
import org.archivesync.avro.SecretLevel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The scan-folder watcher on a real folder, a real SQLite store and a local object store: real PDFs, TIFFs and JPEGs,
 * hashes checked against an independent {@link java.security.MessageDigest}, the events decoded from the outbox.
 */
class ScanWatcherTest {

    static final String FONDS = "PHONG.CN";
    static final Duration WAIT = Duration.ofSeconds(30);

    Path root;
    Path scans;
    Path objectsDir;
    AgentStore store;
    Outbox outbox;
    TestSite site;
    Recorder recorder;
    ScanWatcher watcher;
    ListAppender<ILoggingEvent> logs;

    @BeforeEach
    void office() {
        root = TestPaths.directory("scans");
        scans = root.resolve("scans");
        objectsDir = root.resolve("objects");
        store = AgentStore.open(root.resolve("agent.sqlite"));
        outbox = new Outbox(store);
        site = TestSite.create("CM.CAINUOC.UBND");
        recorder = new Recorder(store, site.identity(), Clock.systemUTC(), "may.quet");
        recorder.registerFonds(new RegisterFonds(FONDS, "Phông UBND huyện Cái Nước", "UBND huyện Cái Nước", null, null,
                null, false));
        recorder.packBox(new PackBox("H-01", FONDS, null, new BigDecimal("0.10")));
        recorder.recordFile(open("HS-01"));
        recorder.recordFile(open("HS-02"));
        recorder.recordFile(open("HS-CU"));
        recorder.withdrawFile(new WithdrawFile(FONDS, "HS-CU", "Ghi nhầm"));
        recorder.recordFile(RecordFile.secretStub(FONDS, "HS-MAT", "H-01", 40, RetentionKind.PERMANENT, null,
                SecretLevel.TOP_SECRET));
        // Every line the watcher logs, INFO included, collected here instead of the console.
        logs = new ListAppender<>();
        logs.start();
        Logger logger = (Logger) LoggerFactory.getLogger(ScanWatcher.class);
        logger.addAppender(logs);
        logger.setLevel(Level.INFO);
        logger.setAdditive(false);
    }

    @AfterEach
    void stop() {
        if (watcher != null) {
            watcher.close();
        }
        Logger logger = (Logger) LoggerFactory.getLogger(ScanWatcher.class);
        logger.detachAppender(logs);
        logger.setLevel(null);
        logger.setAdditive(true);
        store.close();
    }

    static RecordFile open(String code) {
        return new RecordFile(FONDS, code, "H-01", "Hồ sơ " + code, null, null, 10, null, RetentionKind.PERMANENT, null,
                AccessRegime.OPEN, null, "vi", List.of(), null, null);
    }

    ScanWatcher startWatcher() {
        watcher = new ScanWatcher(new ScanSettings(scans.toString(), ScanLayout.DEFAULT, null, Duration.ofMillis(300),
                Duration.ofMillis(700), Duration.ofMillis(50)), recorder, store, ObjectStore.local(objectsDir),
                Clock.systemUTC());
        watcher.start();
        return watcher;
    }

    void restartWatcher() {
        watcher.close();
        startWatcher();
    }

    /** Waits until the watcher has completed {@code n} more rounds (each one looks at every waiting scan). */
    void rounds(int n) {
        long target = watcher.rounds() + n;
        await().atMost(WAIT).until(() -> watcher.rounds() >= target);
    }

    List<FileDigitized> digitized() {
        return OutboxChecks.all(outbox).stream().map(OutboxChecks::decode)
                .filter(e -> e.getPayload() instanceof FileDigitized).map(e -> (FileDigitized) e.getPayload()).toList();
    }

    Map<String, ScanIssue.Kind> issues() {
        return ScanWatcher.issues(store).stream()
                .collect(java.util.stream.Collectors.toMap(ScanIssue::path, ScanIssue::kind));
    }

    List<Path> storedObjects() throws IOException {
        if (!Files.exists(objectsDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(objectsDir)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    long logLines(String text) {
        return logs.list.stream().filter(e -> e.getFormattedMessage().contains(text)).count();
    }

    static void assertObject(DigitalObject o, Path scan, String extension, String mediaType, int pages, Integer dpi,
                             Path objectsDir) throws IOException {
        String sha = TestScans.sha256(scan);
        assertThat(HexFormat.of().formatHex(o.getSha256().bytes())).isEqualTo(sha);
        assertThat(o.getObjectKey()).isEqualTo(FONDS + "/" + scan.getParent().getFileName() + "/" + sha + extension);
        assertThat(o.getSizeBytes()).isEqualTo(Files.size(scan));
        assertThat(o.getMediaType()).isEqualTo(mediaType);
        assertThat(o.getPageCount()).isEqualTo(pages);
        assertThat(o.getResolutionDpi()).isEqualTo(dpi);
        Path copy = objectsDir.resolve(o.getObjectKey());
        assertThat(copy).exists();
        assertThat(TestScans.sha256(copy)).isEqualTo(sha);
    }

    @Test
    void digitizesPdfsTiffsAndJpegsWithOneEventPerFile() throws Exception {
        Path a = TestScans.pdf(scans.resolve(FONDS).resolve("HS-01").resolve("trang-1-3.pdf"), 3, "a");
        Path b = TestScans.tiff(scans.resolve(FONDS).resolve("HS-01").resolve("ban-ve.tif"), 4, 300);
        Path c = TestScans.pdf(scans.resolve(FONDS).resolve("HS-02").resolve("quyet-dinh.PDF"), 5, "c");
        long before = outbox.status().lastRecordedSequence();

        startWatcher();
        await().atMost(WAIT).until(() -> digitized().size() == 2);

        List<FileDigitized> events = digitized();
        FileDigitized first = events.stream().filter(e -> e.getFile().getFileCode().equals("HS-01")).findFirst().orElseThrow();
        FileDigitized second = events.stream().filter(e -> e.getFile().getFileCode().equals("HS-02")).findFirst().orElseThrow();
        assertThat(first.getObjects()).hasSize(2);
        DigitalObject pdf = first.getObjects().stream().filter(o -> o.getMediaType().equals("application/pdf")).findFirst().orElseThrow();
        DigitalObject tiff = first.getObjects().stream().filter(o -> o.getMediaType().equals("image/tiff")).findFirst().orElseThrow();
        assertObject(pdf, a, ".pdf", "application/pdf", 3, null, objectsDir);
        assertObject(tiff, b, ".tif", "image/tiff", 4, 300, objectsDir);
        assertObject(second.getObjects().get(0), c, ".pdf", "application/pdf", 5, null, objectsDir);
        List<OutboxEntry> rows = outbox.range(before + 1, Long.MAX_VALUE);
        assertThat(rows).hasSize(2).allMatch(OutboxEntry::signed);
        assertThat(OutboxChecks.decode(rows.get(0)).getRecordedBy()).isEqualTo("may.quet");
        OutboxChecks.verifyWholeOutbox(outbox, site);
        assertThat(storedObjects()).hasSize(3);
        assertThat(a).exists();
        assertThat(issues()).isEmpty();

        // A JPEG arriving later, while the watcher runs, is its own event.
        Path d = TestScans.jpeg(scans.resolve(FONDS).resolve("HS-02").resolve("anh.jpg"), 200);
        await().atMost(WAIT).until(() -> digitized().size() == 3);
        assertObject(digitized().get(2).getObjects().get(0), d, ".jpg", "image/jpeg", 1, 200, objectsDir);
        rounds(20);
        assertThat(digitized()).hasSize(3);
    }

    @Test
    void aScanOfAStateSecretFileIsNeitherReadNorCopiedNorPublishedAndTheClerkIsTold() throws Exception {
        Path secret = TestScans.pdf(scans.resolve(FONDS).resolve("HS-MAT").resolve("phuong-an.pdf"), 4, "mat");
        byte[] bytes = Files.readAllBytes(secret);
        FileTime modified = Files.getLastModifiedTime(secret);
        Map<String, List<String>> before = StoreDump.of(store);

        startWatcher();
        await().atMost(WAIT).until(() -> issues().containsKey(FONDS + "/HS-MAT/phuong-an.pdf"));
        rounds(10);

        assertThat(issues()).containsExactly(Map.entry(FONDS + "/HS-MAT/phuong-an.pdf", ScanIssue.Kind.SECRET_REFUSED));
        assertThat(Files.readAllBytes(secret)).isEqualTo(bytes);
        assertThat(Files.getLastModifiedTime(secret)).isEqualTo(modified);
        assertThat(storedObjects()).isEmpty();
        Map<String, List<String>> after = StoreDump.of(store);
        assertThat(after.get("outbox")).isEqualTo(before.get("outbox"));
        assertThat(after.get("digital_objects")).isEqualTo(before.get("digital_objects")).isEmpty();
        assertThat(after.get("scans")).singleElement().asString().contains("state=SECRET_REFUSED", "sha256=null");
        assertThat(logs.list).filteredOn(e -> e.getLevel() == Level.ERROR)
                .singleElement().extracting(ILoggingEvent::getFormattedMessage).asString()
                .contains("state secret", "offline computer", "fileCode=HS-MAT");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AgentCli.main(new String[] {"--db", store.file().toString(), "status"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Bản quét cần xử lý: 1",
                "CẢNH BÁO: bản quét PHONG.CN/HS-MAT/phuong-an.pdf thuộc hồ sơ mật PHONG.CN/HS-MAT",
                "máy tính không kết nối mạng");

        // Taken to the offline computer: the alert goes away.
        Files.move(secret, root.resolve("usb-phuong-an.pdf"));
        await().atMost(WAIT).until(() -> issues().isEmpty());
        assertThat(digitized()).isEmpty();
    }

    @Test
    void problemScansAreReportedOnceAndNeverStopTheWatcher() throws Exception {
        Path files = scans.resolve(FONDS);
        Path empty = Files.createDirectories(files.resolve("HS-01")).resolve("trong.pdf");
        Files.createFile(empty);
        TestScans.pdf(files.resolve("HS-404").resolve("la.pdf"), 2, "la");
        TestScans.pdf(files.resolve("HS-CU").resolve("cu.pdf"), 2, "cu");
        Files.writeString(files.resolve("HS-01").resolve("ghi-chu.pdf"), "không phải bản quét");
        TestScans.pdf(scans.resolve("le.pdf"), 1, "le");
        Files.writeString(files.resolve("HS-01").resolve("ghi-chu.txt"), "bỏ qua");
        Path good = TestScans.pdf(files.resolve("HS-01").resolve("tot.pdf"), 2, "tot");

        startWatcher();
        await().atMost(WAIT).until(() -> issues().size() == 5 && digitized().size() == 1);

        // The same bytes again under another file: a duplicate, reported, not recorded.
        Files.copy(good, Files.createDirectories(files.resolve("HS-02")).resolve("ban-sao.pdf"));
        await().atMost(WAIT).until(() -> issues().size() == 6);
        rounds(30);

        assertThat(issues()).containsExactlyInAnyOrderEntriesOf(Map.of(
                FONDS + "/HS-01/trong.pdf", ScanIssue.Kind.EMPTY,
                FONDS + "/HS-404/la.pdf", ScanIssue.Kind.UNKNOWN_FILE,
                FONDS + "/HS-CU/cu.pdf", ScanIssue.Kind.FILE_NOT_ACTIVE,
                FONDS + "/HS-01/ghi-chu.pdf", ScanIssue.Kind.UNREADABLE,
                "le.pdf", ScanIssue.Kind.NOT_IN_LAYOUT,
                FONDS + "/HS-02/ban-sao.pdf", ScanIssue.Kind.DUPLICATE));
        ScanIssue duplicate = ScanWatcher.issues(store).stream().filter(i -> i.kind() == ScanIssue.Kind.DUPLICATE)
                .findFirst().orElseThrow();
        assertThat(duplicate.detail()).isEqualTo(FONDS + "/HS-01/" + TestScans.sha256(good) + ".pdf");
        assertThat(digitized()).hasSize(1);
        for (String path : issues().keySet()) {
            assertThat(logLines("scan=" + path)).as("reported once: " + path).isEqualTo(1);
        }

        // Recording the unknown file lets its scan through at the next rescan.
        recorder.recordFile(open("HS-404"));
        await().atMost(WAIT).until(() -> digitized().size() == 2);
        assertThat(digitized().get(1).getFile().getFileCode()).isEqualTo("HS-404");
        assertThat(issues()).doesNotContainKey(FONDS + "/HS-404/la.pdf").hasSize(5);
    }

    @Test
    void aScanHalfProcessedBeforeARestartIsProcessedAgainAndRecordedOnce() throws Exception {
        Path scan = TestScans.pdf(scans.resolve(FONDS).resolve("HS-01").resolve("dang-do.pdf"), 6, "restart");
        // The agent died while copying: the ledger says PROCESSING and a partial copy lies in the store.
        new ScanLedger(store).save(new ScanLedger.Row(FONDS + "/HS-01/dang-do.pdf", FONDS, "HS-01", Files.size(scan),
                Files.getLastModifiedTime(scan).toMillis(), ScanLedger.PROCESSING, null, null, null, null), Instant.now());
        Path partial = Files.createDirectories(objectsDir.resolve(".incoming")).resolve("dead.part");
        Files.write(partial, new byte[] {1, 2, 3});

        startWatcher();
        await().atMost(WAIT).until(() -> digitized().size() == 1);
        rounds(10);
        restartWatcher();
        rounds(30);

        assertThat(digitized()).singleElement().satisfies(e -> {
            assertThat(e.getObjects()).singleElement().satisfies(o -> assertThat(o.getPageCount()).isEqualTo(6));
        });
        assertThat(partial).doesNotExist();
        assertThat(issues()).isEmpty();
        assertThat(storedObjects()).hasSize(1);
        assertThat(logLines("scan digitized")).isEqualTo(1);
    }

    @Test
    void aScanRecordedJustBeforeTheAgentDiedIsNotRecordedTwice() throws Exception {
        Path scan = TestScans.pdf(scans.resolve(FONDS).resolve("HS-02").resolve("da-ghi.pdf"), 2, "recorded");
        String sha = TestScans.sha256(scan);
        String key = FONDS + "/HS-02/" + sha + ".pdf";
        // The dead run had copied the scan and recorded its event, but not yet marked the ledger.
        Files.createDirectories(objectsDir.resolve(key).getParent());
        Files.copy(scan, objectsDir.resolve(key));
        recorder.digitizeFile(new DigitizeFile(FONDS, "HS-02", List.of(new DigitizeFile.ScanObject(key, sha,
                Files.size(scan), "application/pdf", 2, null))));
        new ScanLedger(store).save(new ScanLedger.Row(FONDS + "/HS-02/da-ghi.pdf", FONDS, "HS-02", Files.size(scan),
                Files.getLastModifiedTime(scan).toMillis(), ScanLedger.PROCESSING, null, null, null, null), Instant.now());
        long last = outbox.status().lastRecordedSequence();

        startWatcher();
        await().atMost(WAIT).until(() -> ScanWatcher.issues(store).isEmpty()
                && StoreDump.of(store).get("scans").toString().contains("state=DIGITIZED"));
        rounds(10);

        assertThat(outbox.status().lastRecordedSequence()).isEqualTo(last);
        assertThat(digitized()).hasSize(1);
        assertThat(logLines("already digitized before a restart")).isEqualTo(1);
    }
}
